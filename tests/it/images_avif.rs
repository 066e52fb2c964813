//! AVIF copies (`images: {formats: [avif, webp]}`), read back from `public/`: the files at each
//! width, their declared size, the `<source>` order of `<picture>`, the cache, and
//! `resize_image(format="avif")`.
//!
//! No AVIF decoder builds from Rust alone (image's needs libdav1d), so a copy is read with a
//! small reader of the ISO boxes it is made of: its `ftyp` brand, the size its `ispe` box
//! declares (what browsers lay it out at), and the types of the items of its `meta` box, where
//! any EXIF or XMP would be.

use crate::images::{decode, page, photo};
use crate::support::Site;

/// The boxes of `bytes`: (type, content), without the header.
fn boxes(bytes: &[u8]) -> Vec<([u8; 4], &[u8])> {
    let mut out = Vec::new();
    let mut at = 0;
    while at + 8 <= bytes.len() {
        let size = u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
        let kind: [u8; 4] = bytes[at + 4..at + 8].try_into().unwrap();
        let (header, size) = match size {
            0 => (8, bytes.len() - at),
            1 => {
                let large = u64::from_be_bytes(bytes[at + 8..at + 16].try_into().unwrap());
                (16, large as usize)
            }
            n => (8, n),
        };
        assert!(
            size >= header && at + size <= bytes.len(),
            "a box runs past the file"
        );
        out.push((kind, &bytes[at + header..at + size]));
        at += size;
    }
    assert_eq!(at, bytes.len(), "bytes after the last box");
    out
}

/// The content of the one box of type `kind` in `bytes`.
fn child<'a>(bytes: &'a [u8], kind: &[u8; 4]) -> &'a [u8] {
    let found: Vec<&[u8]> = boxes(bytes)
        .into_iter()
        .filter(|(k, _)| k == kind)
        .map(|(_, b)| b)
        .collect();
    assert_eq!(found.len(), 1, "one {} box", String::from_utf8_lossy(kind));
    found[0]
}

fn be32(bytes: &[u8], at: usize) -> u32 {
    u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap())
}

/// What an AVIF file says of itself.
#[derive(Debug)]
struct Avif {
    /// The major brand of `ftyp`.
    brand: [u8; 4],
    /// Each `ispe` box's (width, height): the image's, and its alpha plane's if any.
    sizes: Vec<(u32, u32)>,
    /// The type of each item of the `meta` box (`av01` for pictures; `Exif` or `mime` would
    /// be metadata).
    items: Vec<[u8; 4]>,
}

fn read_avif(bytes: &[u8]) -> Avif {
    let top = boxes(bytes);
    assert_eq!(top[0].0, *b"ftyp", "an ISO file starts with ftyp");
    let brand: [u8; 4] = top[0].1[..4].try_into().unwrap();
    // `meta` is a full box: 4 bytes of version and flags before its children.
    let meta = &child(bytes, b"meta")[4..];
    let ipco = child(child(meta, b"iprp"), b"ipco");
    let sizes = boxes(ipco)
        .into_iter()
        .filter(|(k, _)| k == b"ispe")
        .map(|(_, b)| (be32(b, 4), be32(b, 8)))
        .collect();
    // `iinf`: version and flags, an entry count (16 bits in version 0), then `infe` boxes of
    // version 2 or 3: version and flags, item id (16 bits), protection index, item type.
    let iinf = child(meta, b"iinf");
    let entries = if iinf[0] == 0 { &iinf[6..] } else { &iinf[8..] };
    let items = boxes(entries)
        .into_iter()
        .map(|(k, b)| {
            assert_eq!(k, *b"infe");
            assert_eq!(b[0], 2, "infe version 2");
            b[8..12].try_into().unwrap()
        })
        .collect();
    Avif {
        brand,
        sizes,
        items,
    }
}

/// The values of `attr="…"` in `html`.
fn attrs<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    html.split(needle.as_str())
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .collect()
}

#[test]
fn avif_copies_come_first_at_every_width_with_their_true_size_and_nothing_else() {
    // Written WebP first: AVIF, the smaller, still comes first in <picture>.
    let yaml = "title: Test\nbase_url: https://x.org\nimages:\n  widths: [160, 320]\n  formats: [webp, avif]\n";
    let site = Site::new()
        .file("site.yaml", yaml)
        .file(
            "content/a/index.md",
            page("Texte.\n\n![La salle pleine](salle.jpg)", ""),
        )
        .file(
            "content/a/salle.jpg",
            photo(400, 300, image::ImageFormat::Jpeg),
        );
    let opts = ruche::BuildOptions::new(site.root());
    let public = site.root().join("public");
    let first = ruche::build_to(&opts, &public).unwrap();
    assert_eq!(first.images_encoded, 2 * 3, "160 and 320; AVIF, WebP, JPEG");

    for (w, h) in [(160, 120), (320, 240)] {
        let name = format!("a/salle-{w}w.avif");
        let bytes = site.public_bytes(&name);
        let avif = read_avif(&bytes);
        assert_eq!(&avif.brand, b"avif", "{name}");
        assert_eq!(avif.sizes, vec![(w, h)], "{name}: one picture of that size");
        assert_eq!(
            avif.items,
            vec![*b"av01"],
            "{name}: the picture and nothing else"
        );
        for marker in [&b"Exif"[..], b"http://ns.adobe.com/xap", b"Photoshop 3.0"] {
            assert!(!bytes.windows(marker.len()).any(|m| m == marker), "{name}");
        }
        for ext in ["webp", "jpg"] {
            let img = decode(&site.public_bytes(&format!("a/salle-{w}w.{ext}")));
            assert_eq!((img.width(), img.height()), (w, h), "{ext}");
        }
    }
    assert!(
        !site.has("a/salle-400w.avif"),
        "never wider than the widths asked"
    );

    let html = site.public("a/index.html");
    let picture = html.split("<picture>").nth(1).unwrap();
    let picture = picture.split("</picture>").next().unwrap();
    assert!(
        picture.starts_with(
            "<source type=\"image/avif\" srcset=\"https://x.org/a/salle-160w.avif 160w, https://x.org/a/salle-320w.avif 320w\""
        ),
        "{picture}"
    );
    let avif_at = picture.find("image/avif").unwrap();
    let webp_at = picture.find("image/webp").unwrap();
    assert!(avif_at < webp_at && webp_at < picture.find("<img ").unwrap());
    // Each AVIF srcset entry is published and declares the width it is listed at.
    let srcset = attrs(picture, "srcset")[0];
    for entry in srcset.split(", ") {
        let (url, w) = entry.split_once(' ').unwrap();
        let file = url.strip_prefix("https://x.org/").unwrap();
        let avif = read_avif(&site.public_bytes(file));
        assert_eq!(format!("{}w", avif.sizes[0].0), w, "{url}");
    }
    let img = picture.split("<img ").nth(1).unwrap();
    let img = format!(" {img}");
    assert_eq!(attrs(&img, "src")[0], "https://x.org/a/salle-320w.jpg");
    assert_eq!(
        (attrs(&img, "width")[0], attrs(&img, "height")[0]),
        ("320", "240")
    );

    // The copies are cached like the others: a second build encodes nothing.
    let before = site.snapshot();
    let second = ruche::build_to(&opts, &public).unwrap();
    assert_eq!(second.images_encoded, 0);
    assert_eq!(site.snapshot(), before);
}

#[test]
fn templates_resize_images_to_avif_and_photos_stay_upright() {
    let template = "{% set a = resize_image(path=\"a/marche.jpg\", width=200, height=200, op=\"fill\", format=\"avif\") %}<p>{{ a.url }} {{ a.width }}x{{ a.height }}</p>";
    let site = Site::new()
        .file("templates/vignette.html", template)
        .file(
            "content/a/index.md",
            page("Texte.", "template: vignette.html\n"),
        )
        .file(
            "content/a/marche.jpg",
            photo(600, 400, image::ImageFormat::Jpeg),
        );
    // A photo stored sideways (EXIF orientation 6), when ../shared/photos is there: its AVIF
    // copies are upright, taller than wide.
    let sideways = crate::images::shared_photos()
        .map(|dir| std::fs::read(dir.join("orientation/portrait_6.jpg")).unwrap());
    let site = match &sideways {
        Some(bytes) => site
            .file(
                "site.yaml",
                "title: Test\nbase_url: https://x.org\nimages:\n  widths: [200]\n  formats: [avif]\n",
            )
            .file(
                "content/b/index.md",
                page("![Un portrait debout](portrait.jpg)", ""),
            )
            .file("content/b/portrait.jpg", bytes),
        None => site,
    };
    site.run(&["build"]).success();
    let html = site.public("a/index.html");
    let p = html
        .split("<p>")
        .nth(1)
        .unwrap()
        .split("</p>")
        .next()
        .unwrap();
    let (url, size) = p.split_once(' ').unwrap();
    assert_eq!(size, "200x200");
    assert!(url.ends_with("-200x200.avif"), "{url}");
    let file = url.strip_prefix("https://x.org/").unwrap();
    let avif = read_avif(&site.public_bytes(file));
    assert_eq!((&avif.brand, avif.sizes[0]), (b"avif", (200, 200)));

    if sideways.is_some() {
        let avif = read_avif(&site.public_bytes("b/portrait-200w.avif"));
        let (w, h) = avif.sizes[0];
        assert_eq!(w, 200);
        assert!(h > w, "upright: {w}x{h}");
        let jpeg = decode(&site.public_bytes("b/portrait-200w.jpg"));
        assert_eq!((jpeg.width(), jpeg.height()), (w, h));
    }
}
