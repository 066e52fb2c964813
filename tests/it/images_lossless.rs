//! Images published at their own size and in their own format, on real output: a GIF (shown by
//! a page or not) comes out with the same frames and nothing else — no comment, no XMP — read
//! back with the `gif` crate; an SVG without comments, `<metadata>` nor Inkscape's data, read
//! back with quick-xml; a damaged one of either is left out with a warning, and stops the
//! build when a page shows it.

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

/// EXIF as a phone writes it: the maker, a GPS latitude, and orientation 1 (upright).
fn phone_exif() -> Vec<u8> {
    use exif::{Field, In, Rational, Tag, Value};
    let field = |tag, value| Field {
        tag,
        ifd_num: In::PRIMARY,
        value,
    };
    let degrees = |num| Rational { num, denom: 1 };
    let fields = [
        field(Tag::Make, Value::Ascii(vec![b"NIKON".to_vec()])),
        field(Tag::Orientation, Value::Short(vec![1])),
        field(
            Tag::GPSLatitude,
            Value::Rational(vec![degrees(43), degrees(28), degrees(1)]),
        ),
    ];
    let mut writer = exif::experimental::Writer::new();
    for f in &fields {
        writer.push_field(f);
    }
    let mut out = std::io::Cursor::new(Vec::new());
    writer.write(&mut out, false).unwrap();
    out.into_inner()
}

/// XMP naming the photographer, as an editor writes it.
const PHOTO_XMP: &[u8] =
    b"<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><dc:creator>Anne Martin</dc:creator></x:xmpmeta>";

/// A JPEG with EXIF (GPS, orientation 1), XMP, a comment and an sRGB profile.
fn tagged_jpeg() -> Vec<u8> {
    use image::ImageEncoder;
    use img_parts::jpeg::{markers, Jpeg, JpegSegment};
    use img_parts::{Bytes, ImageEXIF};
    let pixels = image::RgbImage::from_fn(64, 48, |x, y| [(x * 4) as u8, (y * 5) as u8, 90].into());
    let mut out = Vec::new();
    let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 92);
    encoder
        .set_icc_profile(moxcms::ColorProfile::new_srgb().encode().unwrap())
        .unwrap();
    encoder
        .write_image(&pixels, 64, 48, image::ExtendedColorType::Rgb8)
        .unwrap();
    let mut jpeg = Jpeg::from_bytes(out.into()).unwrap();
    jpeg.set_exif(Some(phone_exif().into()));
    let mut xmp = b"http://ns.adobe.com/xap/1.0/\0".to_vec();
    xmp.extend_from_slice(PHOTO_XMP);
    let segments = jpeg.segments_mut();
    segments.insert(1, JpegSegment::new_with_contents(markers::APP1, xmp.into()));
    let comment = Bytes::from_static(b"Anne Martin, chez elle");
    segments.insert(1, JpegSegment::new_with_contents(markers::COM, comment));
    jpeg.encoder().bytes().to_vec()
}

/// A PNG with a text chunk naming the author, EXIF and an sRGB profile.
fn tagged_png() -> Vec<u8> {
    use img_parts::png::{Png, PngChunk};
    use img_parts::ImageICC;
    let pixels = image::RgbaImage::from_fn(40, 30, |x, y| {
        [(x * 6) as u8, (y * 8) as u8, 200, 128].into()
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgba8(pixels)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    let mut png = Png::from_bytes(out.into()).unwrap();
    png.set_icc_profile(Some(
        moxcms::ColorProfile::new_srgb().encode().unwrap().into(),
    ));
    let chunks = png.chunks_mut();
    chunks.insert(
        1,
        PngChunk::new(*b"tEXt", b"Author\0Anne Martin"[..].into()),
    );
    chunks.insert(1, PngChunk::new(*b"eXIf", phone_exif().into()));
    png.encoder().bytes().to_vec()
}

/// An animated lossless WebP of 3 frames, with EXIF and XMP chunks.
fn tagged_animation() -> Vec<u8> {
    use img_parts::riff::{RiffChunk, RiffContent};
    use img_parts::webp::WebP;
    use img_parts::ImageEXIF;
    let mut config = webp::WebPConfig::new().unwrap();
    config.lossless = 1;
    let frames: Vec<Vec<u8>> = (0..3u8)
        .map(|i| {
            image::RgbaImage::from_fn(16, 12, |x, y| {
                [(x * 16) as u8, (y * 20) as u8, i * 100, 255].into()
            })
            .into_raw()
        })
        .collect();
    let mut encoder = webp::AnimEncoder::new(16, 12, &config);
    for (i, frame) in frames.iter().enumerate() {
        encoder.add_frame(webp::AnimFrame::from_rgba(frame, 16, 12, i as i32 * 100));
    }
    let bytes = encoder.encode().to_vec();
    let mut webp = WebP::from_bytes(bytes.into()).unwrap();
    webp.set_exif(Some(phone_exif().into()));
    let xmp = RiffChunk::new(*b"XMP ", RiffContent::Data(PHOTO_XMP.into()));
    webp.chunks_mut().push(xmp);
    webp.encoder().bytes().to_vec()
}

/// Each frame of a WebP animation: its time and RGBA pixels.
fn animation_frames(bytes: &[u8]) -> Vec<(i32, Vec<u8>)> {
    let decoded = webp::AnimDecoder::new(bytes).decode().unwrap();
    (0..decoded.len())
        .map(|i| {
            let frame = decoded.get_frame(i).unwrap();
            (frame.get_time_ms(), frame.get_image().to_vec())
        })
        .collect()
}

/// What a file says that it should not: EXIF (read with kamadak-exif), or a trace of the XMP,
/// the comment, the text chunk or the colour profile.
fn leaks(bytes: &[u8]) -> Vec<&'static str> {
    let mut found = Vec::new();
    if exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(bytes))
        .is_ok()
    {
        found.push("EXIF");
    }
    for (needle, what) in [
        (&b"Anne Martin"[..], "a name"),
        (b"Exif\0\0", "an EXIF block"),
        (b"http://ns.adobe.com/xap", "XMP"),
        (b"ICC_PROFILE", "an ICC profile"),
        (b"iCCP", "an ICC profile"),
        (b"ICCP", "an ICC profile"),
        (b"NIKON", "the maker"),
    ] {
        if contains(bytes, needle) {
            found.push(what);
        }
    }
    found
}

#[test]
fn upright_srgb_photos_no_page_shows_lose_their_metadata_without_being_re_encoded() {
    let (jpeg, png, animation) = (tagged_jpeg(), tagged_png(), tagged_animation());
    // The fixtures carry all of it.
    for source in [&jpeg, &png, &animation] {
        let found = leaks(source);
        assert!(
            found.contains(&"EXIF") && found.contains(&"a name"),
            "{found:?}"
        );
    }
    assert_eq!(animation_frames(&animation).len(), 3);
    let site = Site::new()
        .file(
            "content/sortie/index.md",
            page("Texte.\n\n[La salle en grand](salle.jpg)", ""),
        )
        .file("content/sortie/salle.jpg", &jpeg)
        .file("static/img/logo.png", &png)
        .file("static/img/ruche.webp", &animation);
    site.run(&["build"]).success();
    let published = |path: &str| site.public_bytes(path);
    for (copy, source) in [
        ("sortie/salle.jpg", &jpeg),
        ("img/logo.png", &png),
        ("img/ruche.webp", &animation),
    ] {
        let bytes = published(copy);
        assert_eq!(leaks(&bytes), Vec::<&str>::new(), "{copy}");
        // Not re-encoded: the same pixels, exactly (a JPEG encoded again at the site's
        // quality would not give them back).
        let (before, after) = (
            image::load_from_memory(source).unwrap().to_rgba8(),
            image::load_from_memory(&bytes).unwrap().to_rgba8(),
        );
        assert!(before == after, "{copy}: the pixels changed");
        assert!(bytes.len() < source.len(), "{copy}");
    }
    // Every frame of the animation, at the same times.
    let frames = animation_frames(&published("img/ruche.webp"));
    assert_eq!(frames, animation_frames(&animation));
    // The VP8X header no longer announces the chunks that were removed.
    let header = img_parts::webp::WebP::from_bytes(published("img/ruche.webp").into()).unwrap();
    let vp8x = header.chunk_by_id(img_parts::webp::CHUNK_VP8X).unwrap();
    let flags = vp8x.content().data().unwrap()[0];
    assert_eq!(flags & 0b0010_1100, 0, "flags {flags:#010b}");
    assert_ne!(flags & 0b0000_0010, 0, "the animation flag is kept");
    // Made once: the next build takes the copies from the cache.
    let copies: Vec<Vec<u8>> = ["sortie/salle.jpg", "img/logo.png", "img/ruche.webp"]
        .iter()
        .map(|p| published(p))
        .collect();
    let opts = ruche::BuildOptions::new(site.root());
    let again = ruche::build_to(&opts, &site.root().join("public")).unwrap();
    assert_eq!(again.images_encoded, 0);
    let after: Vec<Vec<u8>> = ["sortie/salle.jpg", "img/logo.png", "img/ruche.webp"]
        .iter()
        .map(|p| published(p))
        .collect();
    assert!(after == copies, "the second build changed the copies");
}

#[test]
fn a_damaged_gif_or_svg_a_page_shows_stops_the_build_naming_the_page_and_keeps_public() {
    let mut damaged = animated();
    damaged.truncate(40);
    let body = "Texte.\n\n![Un chat qui danse](chat.gif)\n\n![Le plan de la salle](plan.svg)\n";
    let site = Site::new()
        .file("content/fete/index.md", page(body, ""))
        .file("content/fete/chat.gif", animated())
        .file(
            "content/fete/plan.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        );
    site.run(&["build"]).success();
    let before = site.snapshot();
    site.rewrite("content/fete/chat.gif", &damaged);
    site.rewrite("content/fete/plan.svg", b"<svg><g></svg>");
    let mut run = site.run(&["build"]).failure();
    for (image, line) in [("chat.gif", 6), ("plan.svg", 8)] {
        run = run
            .stderr_contains(&format!("content/fete/index.md:{line}:"))
            .stderr_contains(&format!(
                "cette page montre `{image}`, qui ne peut pas être publiée"
            ));
    }
    // And why, in the words of each file's own message.
    run.stderr_contains("l’image `content/fete/chat.gif` est laissée hors du site")
        .stderr_contains("`content/fete/plan.svg` est laissée hors du site");
    assert_eq!(site.snapshot(), before, "a failed build changed public/");
}
