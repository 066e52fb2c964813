//! Images published at their own size and in their own format, on real output: a GIF (shown by
//! a page or not) comes out with the same frames and nothing else — no comment, no XMP — read
//! back with the `gif` crate; an SVG without comments, `<metadata>` nor Inkscape's data, read
//! back with quick-xml; a damaged one of either is left out with a warning.

use gif::streaming_decoder::{Decoded, OutputBuffer, StreamingDecoder};
use gif::{AnyExtension, ColorOutput, DecodeOptions, DisposalMethod, Encoder, Frame, Repeat};

use crate::images::page;
use crate::support::Site;

/// What a GIF's comment says: the kind of thing a phone or an editor leaves there.
const COMMENT: &[u8] = b"Pris chez Mme Martin, 12 rue des Lilas, Lyon";
/// What its XMP says.
const XMP: &[u8] =
    b"<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><dc:creator>Anne Martin</dc:creator></x:xmpmeta>";

/// A 2-frame animated GIF looping 3 times, with a comment and an XMP application extension:
/// a full first frame on the global palette, then a smaller one with its own palette and a
/// transparent colour.
fn animated() -> Vec<u8> {
    let global = [0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255];
    let mut out = Vec::new();
    let mut encoder = Encoder::new(&mut out, 8, 6, &global).unwrap();
    encoder.set_repeat(Repeat::Finite(3)).unwrap();
    encoder
        .write_raw_extension(AnyExtension(0xFE), &[COMMENT])
        .unwrap();
    encoder
        .write_raw_extension(AnyExtension(0xFF), &[b"XMP DataXMP", XMP])
        .unwrap();
    let first = Frame {
        width: 8,
        height: 6,
        delay: 10,
        dispose: DisposalMethod::Keep,
        buffer: (0..48u8).map(|i| i % 4).collect::<Vec<u8>>().into(),
        ..Frame::default()
    };
    encoder.write_frame(&first).unwrap();
    let second = Frame {
        left: 2,
        top: 1,
        width: 3,
        height: 2,
        delay: 25,
        dispose: DisposalMethod::Background,
        transparent: Some(0),
        palette: Some(vec![9, 9, 9, 200, 100, 50]),
        buffer: vec![0, 1, 1, 0, 1, 0].into(),
        ..Frame::default()
    };
    encoder.write_frame(&second).unwrap();
    drop(encoder);
    out
}

/// Every extension block of a GIF: (label, its sub-blocks joined), read with the gif crate's
/// streaming decoder.
fn extensions(bytes: &[u8]) -> Vec<(u8, Vec<u8>)> {
    let mut decoder = StreamingDecoder::new();
    let mut found = Vec::new();
    let mut current: Vec<u8> = Vec::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        let (used, decoded) = decoder.update(rest, &mut OutputBuffer::None).unwrap();
        rest = &rest[used..];
        if let Decoded::SubBlock { ext, is_last } = decoded {
            current.extend_from_slice(decoder.last_ext_sub_block());
            if is_last {
                found.push((ext.0, std::mem::take(&mut current)));
            }
        }
    }
    found
}

/// What a viewer needs of each frame: position, size, timing, disposal and its RGBA pixels;
/// and the loop count.
type Frames = (
    Vec<(u16, u16, u16, u16, u16, DisposalMethod, Vec<u8>)>,
    Repeat,
);

fn frames(bytes: &[u8]) -> Frames {
    let mut options = DecodeOptions::new();
    options.set_color_output(ColorOutput::RGBA);
    let mut decoder = options.read_info(bytes).unwrap();
    let mut frames = Vec::new();
    while let Some(f) = decoder.read_next_frame().unwrap() {
        frames.push((
            f.left,
            f.top,
            f.width,
            f.height,
            f.delay,
            f.dispose,
            f.buffer.to_vec(),
        ));
    }
    (frames, decoder.repeat())
}

fn contains(bytes: &[u8], needle: &[u8]) -> bool {
    bytes.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn gifs_are_published_with_the_same_frames_and_no_comment_or_xmp() {
    let source = animated();
    // The fixture carries what the copies must not.
    let labels: Vec<u8> = extensions(&source).iter().map(|(l, _)| *l).collect();
    assert!(
        labels.contains(&0xFE) && contains(&source, XMP),
        "{labels:?}"
    );
    let mut damaged = source.clone();
    damaged.truncate(40);
    let site = Site::new()
        .file(
            "content/fete/index.md",
            page(
                "Texte.\n\n![Un chat qui danse sur la table](chat.gif)\n",
                "",
            ),
        )
        .file("content/fete/chat.gif", &source)
        .file("content/fete/casse.gif", &damaged)
        .file("static/img/anim.GIF", &source);
    let run = site.run(&["build"]).success();
    run.stderr_contains(
        "l’image `content/fete/casse.gif` est laissée hors du site : elle est abîmée",
    );
    assert!(!site.has("fete/casse.gif"));
    // The page shows the GIF as it did, under its own name.
    let html = site.public("fete/index.html");
    assert!(
        html.contains("src=\"https://x.org/fete/chat.gif\""),
        "{html}"
    );
    let (want, repeat) = frames(&source);
    assert_eq!((want.len(), repeat), (2, Repeat::Finite(3)));
    for copy in ["fete/chat.gif", "img/anim.GIF"] {
        let bytes = site.public_bytes(copy);
        assert_ne!(bytes, source, "{copy} is published as it was");
        // Nothing but the frames' control blocks and the NETSCAPE loop.
        for (label, data) in extensions(&bytes) {
            match label {
                0xF9 => {}
                0xFF => assert!(data.starts_with(b"NETSCAPE2.0"), "{copy}: {data:?}"),
                _ => panic!("{copy} keeps an extension {label:#x}: {data:?}"),
            }
        }
        assert!(!contains(&bytes, COMMENT) && !contains(&bytes, b"Anne Martin"));
        let decoder = DecodeOptions::new().read_info(&bytes[..]).unwrap();
        assert_eq!(decoder.xmp_metadata(), None, "{copy}");
        // Lossless: the same frames, pixel for pixel, with the same timing and loop count.
        assert_eq!(frames(&bytes), (want.clone(), repeat), "{copy}");
    }
    // Made once: the next build takes the copies from the cache.
    let copies = (
        site.public_bytes("fete/chat.gif"),
        site.public_bytes("img/anim.GIF"),
    );
    let opts = ruche::BuildOptions::new(site.root());
    let again = ruche::build_to(&opts, &site.root().join("public")).unwrap();
    assert_eq!(again.images_encoded, 0);
    assert_eq!(
        (
            site.public_bytes("fete/chat.gif"),
            site.public_bytes("img/anim.GIF")
        ),
        copies
    );
}

#[test]
fn a_gif_that_loops_forever_still_does_and_one_that_plays_once_gets_no_loop() {
    let gif = |repeat: Option<Repeat>| {
        let mut out = Vec::new();
        let mut encoder = Encoder::new(&mut out, 2, 2, &[0, 0, 0, 255, 255, 255]).unwrap();
        if let Some(r) = repeat {
            encoder.set_repeat(r).unwrap();
        }
        for i in 0..2u8 {
            let frame = Frame {
                width: 2,
                height: 2,
                delay: 50,
                buffer: vec![i, 1 - i, 1 - i, i].into(),
                ..Frame::default()
            };
            encoder.write_frame(&frame).unwrap();
        }
        drop(encoder);
        out
    };
    let site = Site::new()
        .file("content/a/index.md", page("Texte.", ""))
        .file("content/a/toujours.gif", gif(Some(Repeat::Infinite)))
        .file("content/a/une-fois.gif", gif(None));
    site.run(&["build"]).success();
    assert_eq!(
        frames(&site.public_bytes("a/toujours.gif")).1,
        Repeat::Infinite
    );
    let once = site.public_bytes("a/une-fois.gif");
    assert_eq!(frames(&once).1, Repeat::Finite(0));
    assert!(!contains(&once, b"NETSCAPE2.0"));
}

/// An SVG as Inkscape saves it: a comment, RDF metadata naming its author, the file's path in
/// editor attributes, and the drawing with its title and description.
const DRAWING: &str = r##"<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape (http://www.inkscape.org/) by amartin -->
<svg
   width="40"
   height="20"
   viewBox="0 0 40 20"
   version="1.1"
   id="svg1"
   sodipodi:docname="ruche.svg"
   inkscape:version="1.3.2"
   inkscape:export-filename="/home/amartin/Bureau/ruche.png"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   xmlns="http://www.w3.org/2000/svg"
   xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
   xmlns:dc="http://purl.org/dc/elements/1.1/">
  <title id="t">La ruche de la coopérative</title>
  <desc>Une ruche jaune sur fond blanc</desc>
  <sodipodi:namedview id="namedview1" pagecolor="#ffffff" inkscape:zoom="4.2">
    <inkscape:page x="0" y="0" width="40" height="20" id="page1" />
  </sodipodi:namedview>
  <metadata id="metadata1">
    <rdf:RDF>
      <dc:creator>Anne Martin</dc:creator>
    </rdf:RDF>
  </metadata>
  <g inkscape:label="Calque 1" inkscape:groupmode="layer" id="layer1">
    <rect style="fill:#f2b134" width="40" height="20" x="0" y="0" id="rect1" sodipodi:nodetypes="cccc" />
    <!-- à refaire -->
    <text x="2" y="12">A &amp; B</text>
  </g>
</svg>
"##;

/// An SVG as a list of (element, attributes, text) events, read with quick-xml: what a browser
/// draws from it.
fn elements(svg: &[u8]) -> Vec<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(svg);
    let mut found = Vec::new();
    loop {
        match reader.read_event().unwrap() {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => {
                let mut line = e.name().as_ref().to_string();
                for attr in e.attributes() {
                    let attr = attr.unwrap();
                    line.push_str(&format!(" {}={}", attr.key.as_ref(), attr.value));
                }
                found.push(line);
            }
            Event::Text(t) if !t.as_ref().trim().is_empty() => {
                found.push(format!("text {}", t.as_ref()));
            }
            Event::Comment(c) => found.push(format!("comment {}", c.as_ref())),
            Event::End(e) => found.push(format!("/{}", e.name().as_ref())),
            _ => {}
        }
    }
    found
}

#[test]
fn svgs_are_published_without_comments_metadata_or_editor_data() {
    let broken = "<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <g>\n</svg>\n";
    let site = Site::new()
        .file(
            "content/visite/index.md",
            page("Texte.\n\n![La ruche de la coopérative](ruche.svg)\n", ""),
        )
        .file("content/visite/ruche.svg", DRAWING)
        .file("content/visite/casse.svg", broken)
        .file("static/img/ruche.SVG", DRAWING);
    let run = site.run(&["build"]).success();
    run.stderr_contains("content/visite/casse.svg:3:")
        .stderr_contains(
            "l’image SVG `content/visite/casse.svg` est laissée hors du site : ce n’est pas du XML bien formé",
        );
    assert!(!site.has("visite/casse.svg"));
    let html = site.public("visite/index.html");
    assert!(
        html.contains("src=\"https://x.org/visite/ruche.svg\""),
        "{html}"
    );
    // What a browser draws: every element, attribute and text of the drawing, less the
    // editors' and the comments.
    let drawn = [
        "svg width=40 height=20 viewBox=0 0 40 20 version=1.1 id=svg1 \
         xmlns=http://www.w3.org/2000/svg xmlns:rdf=http://www.w3.org/1999/02/22-rdf-syntax-ns# \
         xmlns:dc=http://purl.org/dc/elements/1.1/",
        "title id=t",
        "text La ruche de la coopérative",
        "/title",
        "desc",
        "text Une ruche jaune sur fond blanc",
        "/desc",
        "g id=layer1",
        "rect style=fill:#f2b134 width=40 height=20 x=0 y=0 id=rect1",
        "text x=2 y=12",
        "text A ",
        "text  B",
        "/text",
        "/g",
        "/svg",
    ];
    for copy in ["visite/ruche.svg", "img/ruche.SVG"] {
        let bytes = site.public_bytes(copy);
        let text = String::from_utf8(bytes.clone()).unwrap();
        for gone in [
            "amartin",
            "Anne Martin",
            "sodipodi",
            "inkscape",
            "<metadata",
            "<!--",
        ] {
            assert!(!text.contains(gone), "{copy} still has {gone}:\n{text}");
        }
        assert_eq!(elements(&bytes), drawn, "{copy}");
        // The rest is kept as it was written: the title and the drawing, byte for byte.
        for kept in [
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>",
            "<title id=\"t\">La ruche de la coopérative</title>",
            "<desc>Une ruche jaune sur fond blanc</desc>",
            "<text x=\"2\" y=\"12\">A &amp; B</text>",
        ] {
            assert!(text.contains(kept), "{copy} lost {kept}:\n{text}");
        }
    }
    // Made once: the next build takes the copies from the cache.
    let copies = (
        site.public_bytes("visite/ruche.svg"),
        site.public_bytes("img/ruche.SVG"),
    );
    let opts = ruche::BuildOptions::new(site.root());
    let again = ruche::build_to(&opts, &site.root().join("public")).unwrap();
    assert_eq!(again.images_encoded, 0);
    assert_eq!(
        (
            site.public_bytes("visite/ruche.svg"),
            site.public_bytes("img/ruche.SVG")
        ),
        copies
    );
}
