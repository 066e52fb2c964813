//! Photos on real output: the copies published for covers, galleries and body images, read
//! back from `public/` (sizes, metadata, orientation), the HTML that shows them, the cache, and
//! the messages for broken images and empty alt texts.

use crate::support;

use std::io::Cursor;
use std::path::{Path, PathBuf};

use support::Site;

/// A generated photo: a horizontal gradient (red grows to the right, green downwards).
pub(crate) fn photo(width: u32, height: u32, format: image::ImageFormat) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        [(x * 255 / width) as u8, (y * 255 / height) as u8, 120].into()
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut out), format)
        .unwrap();
    out
}

fn jpeg(width: u32, height: u32) -> Vec<u8> {
    photo(width, height, image::ImageFormat::Jpeg)
}

/// The real photos of `../shared/photos`, or `None` (with a message) where they are absent.
pub(crate) fn shared_photos() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/photos");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: ../shared/photos is absent");
        None
    }
}

pub(crate) fn page(body: &str, front: &str) -> String {
    format!("---\ntitle: Recap\n{front}---\n{body}\n")
}

/// Every published image of `public/` with its bytes.
pub(crate) fn published_images(site: &Site) -> Vec<(String, Vec<u8>)> {
    site.snapshot()
        .into_iter()
        .filter(|(p, _)| [".jpg", ".png", ".webp"].iter().any(|e| p.ends_with(e)))
        .collect()
}

/// The values of `attr="…"` in `html`.
fn attrs<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    html.split(needle.as_str())
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .collect()
}

/// A URL of the site → its path under `public/`.
fn local(url: &str) -> String {
    url.strip_prefix("https://x.org/")
        .unwrap_or(url)
        .to_string()
}

pub(crate) fn decode(bytes: &[u8]) -> image::DynamicImage {
    image::load_from_memory(bytes).unwrap()
}

#[test]
fn copies_come_at_the_configured_widths_with_true_sizes_and_no_original() {
    let site = Site::new()
        .file(
            "content/actu/recap/index.md",
            page(
                "Texte.\n\n![La salle pleine](salle.jpg)\n\n![Un petit logo](petit.png)",
                "",
            ),
        )
        .file("content/actu/recap/salle.jpg", jpeg(2000, 1000))
        .file(
            "content/actu/recap/petit.png",
            photo(300, 200, image::ImageFormat::Png),
        );
    site.run(&["build"]).success();
    let html = site.public("actu/recap/index.html");
    assert!(
        !site.has("actu/recap/salle.jpg"),
        "the original is not published"
    );
    assert!(!site.has("actu/recap/petit.png"));
    for w in [480, 960, 1440, 1920] {
        for ext in ["webp", "jpg"] {
            let file = format!("actu/recap/salle-{w}w.{ext}");
            let img = decode(&std::fs::read(site.root().join("public").join(&file)).unwrap());
            assert_eq!((img.width(), img.height()), (w, w / 2), "{file}");
        }
    }
    // Never upscaled: the 300-pixel PNG has one copy, its own width, in WebP and PNG.
    assert!(site.has("actu/recap/petit-300w.png") && site.has("actu/recap/petit-300w.webp"));
    assert!(!site.has("actu/recap/petit-480w.png"));
    for (path, bytes) in published_images(&site) {
        let img = decode(&bytes);
        assert!(img.width() <= 2000, "{path} upscaled");
    }
    // Every srcset entry exists, and each <img>'s width/height are its file's real size.
    for srcset in attrs(&html, "srcset") {
        for entry in srcset.split(", ") {
            let (url, w) = entry.split_once(' ').unwrap();
            let file = local(url);
            assert!(
                site.has(&file),
                "srcset names {url}, which is not published"
            );
            let real = decode(&std::fs::read(site.root().join("public").join(&file)).unwrap());
            assert_eq!(format!("{}w", real.width()), w, "{url}");
        }
    }
    let prose = html.split("<div class=\"prose\">").nth(1).unwrap();
    let prose = prose.split("</div>").next().unwrap();
    let imgs: Vec<&str> = prose
        .split("<img ")
        .skip(1)
        .map(|s| s.split('>').next().unwrap())
        .collect();
    assert_eq!(imgs.len(), 2);
    for img in imgs {
        let tag = format!(" {img}");
        let src = local(attrs(&tag, "src")[0]);
        let real = decode(&std::fs::read(site.root().join("public").join(&src)).unwrap());
        assert_eq!(attrs(&tag, "width")[0], real.width().to_string(), "{tag}");
        assert_eq!(attrs(&tag, "height")[0], real.height().to_string(), "{tag}");
        assert!(tag.contains("loading=\"lazy\"") && tag.contains("decoding=\"async\""));
        assert!(tag.contains(" sizes=\""));
    }
    assert!(html.contains("<picture><source type=\"image/webp\" srcset=\"https://x.org/actu/recap/salle-480w.webp 480w"));
}

#[test]
fn root_images_of_static_and_covers_get_copies_and_a_social_card() {
    let front = "cover:\n  src: /img/une.jpg\n  alt: Le conseil vote\n";
    let site = Site::new()
        .file(
            "content/actu/vote.md",
            page("![Le conseil vote](/img/une.jpg)", front),
        )
        .file("static/img/une.jpg", jpeg(2400, 1600));
    site.run(&["build"]).success();
    let html = site.public("actu/vote/index.html");
    assert!(
        !site.has("img/une.jpg"),
        "the original in static/ is not published"
    );
    assert!(site.has("img/une-1920w.webp"));
    let card = decode(site.public_bytes("img/une-og.jpg").as_slice());
    assert_eq!((card.width(), card.height()), (1200, 630));
    assert!(html.contains("<meta property=\"og:image\" content=\"https://x.org/img/une-og.jpg\">"));
    assert!(html.contains("<meta property=\"og:image:width\" content=\"1200\">"));
    assert!(html.contains("<meta property=\"og:image:height\" content=\"630\">"));
    assert!(html.contains("<meta property=\"og:image:alt\" content=\"Le conseil vote\">"));
    let cover = html
        .split("<figure class=\"cover\">")
        .nth(1)
        .unwrap()
        .split("</figure>")
        .next()
        .unwrap();
    assert!(
        cover.contains("loading=\"eager\" fetchpriority=\"high\""),
        "{cover}"
    );
}

#[test]
fn no_published_copy_carries_exif_or_gps() {
    let Some(photos) = shared_photos() else {
        return;
    };
    let mut site = Site::new();
    let mut body = String::new();
    for name in ["DSCN0010.jpg", "DSCN0012.jpg"] {
        site = site.file(
            &format!("content/gps/{name}"),
            std::fs::read(photos.join("gps").join(name)).unwrap(),
        );
        body.push_str(&format!("![Un paysage de Toscane]({name})\n\n"));
    }
    let source = std::fs::read(photos.join("gps/DSCN0010.jpg")).unwrap();
    let exif = exif::Reader::new()
        .read_from_container(&mut Cursor::new(&source))
        .unwrap();
    assert!(
        exif.get_field(exif::Tag::GPSLatitude, exif::In::PRIMARY)
            .is_some(),
        "the source has GPS"
    );
    let site = site.file(
        "content/gps/index.md",
        page(
            &body,
            "cover:\n  src: DSCN0010.jpg\n  alt: Un paysage de Toscane\n",
        ),
    );
    site.run(&["build"]).success();
    let images = published_images(&site);
    assert!(images.len() >= 5, "{images:?}");
    for (path, bytes) in images {
        let read = exif::Reader::new().read_from_container(&mut Cursor::new(&bytes));
        assert!(read.is_err(), "{path} has EXIF");
        for marker in [
            &b"Exif\0\0"[..],
            b"http://ns.adobe.com/xap",
            b"Photoshop 3.0",
            b"NIKON",
        ] {
            assert!(
                !bytes.windows(marker.len()).any(|w| w == marker),
                "{path} carries metadata"
            );
        }
    }
}

/// Mean absolute difference of two same-size images, per channel.
pub(crate) fn difference(a: &image::RgbImage, b: &image::RgbImage) -> f64 {
    let sum: u64 = a
        .as_raw()
        .iter()
        .zip(b.as_raw())
        .map(|(x, y)| u64::from(x.abs_diff(*y)))
        .sum();
    sum as f64 / a.as_raw().len() as f64
}

#[test]
fn all_eight_exif_orientations_come_out_upright() {
    let Some(photos) = shared_photos() else {
        return;
    };
    let mut site = Site::new();
    let mut body = String::new();
    for kind in ["landscape", "portrait"] {
        for n in 1..=8 {
            let name = format!("{kind}_{n}.jpg");
            site = site.file(
                &format!("content/o/{name}"),
                std::fs::read(photos.join("orientation").join(&name)).unwrap(),
            );
            body.push_str(&format!("![Une vue, sens {kind} {n}]({name})\n\n"));
        }
    }
    let site = site.file("content/o/index.md", page(&body, ""));
    site.run(&["build"]).success();
    for kind in ["landscape", "portrait"] {
        // The narrowest copy: 480 pixels wide for landscapes, the portraits' own 450.
        let width = if kind == "landscape" { 480 } else { 450 };
        let copy =
            |n: u32| decode(&site.public_bytes(&format!("o/{kind}_{n}-{width}w.jpg"))).to_rgb8();
        let upright = copy(1);
        assert_eq!(upright.width() > upright.height(), kind == "landscape");
        for n in 2..=8 {
            let turned = copy(n);
            assert_eq!(turned.dimensions(), upright.dimensions(), "{kind}_{n}");
            let diff = difference(&turned, &upright);
            assert!(
                diff < 12.0,
                "{kind}_{n} differs from {kind}_1 by {diff:.1}: not upright"
            );
        }
    }
}

#[test]
fn a_second_build_encodes_nothing_and_unused_entries_are_pruned() {
    let site = Site::new()
        .file(
            "content/a/index.md",
            page("![Le marché du samedi](marche.jpg)", ""),
        )
        .file("content/a/marche.jpg", jpeg(1000, 600))
        .file(
            "content/b/index.md",
            page("![La halle vide](halle.png)", ""),
        )
        .file(
            "content/b/halle.png",
            photo(500, 400, image::ImageFormat::Png),
        );
    let opts = ruche::BuildOptions::new(site.root());
    let public = site.root().join("public");
    let first = ruche::build_to(&opts, &public).unwrap();
    assert_eq!(
        first.images_encoded,
        3 * 2 + 2 * 2,
        "480, 960, 1000 and 480, 500; WebP and fallback"
    );
    let before = site.snapshot();
    let second = ruche::build_to(&opts, &public).unwrap();
    assert_eq!(second.images_encoded, 0);
    assert_eq!(site.snapshot(), before, "the same output from the cache");
    let cache = site.root().join(".ruche-cache/images");
    let entries = |dir: &Path| {
        std::fs::read_dir(dir)
            .unwrap()
            .filter(|e| e.as_ref().unwrap().path().is_dir())
            .count()
    };
    assert_eq!(entries(&cache), 2);
    std::fs::write(
        site.root().join("content/b/index.md"),
        page("Plus de photo.", ""),
    )
    .unwrap();
    // Were it left in its bundle, it would be published as a clean copy (images_privacy).
    std::fs::remove_file(site.root().join("content/b/halle.png")).unwrap();
    let third = ruche::build_to(&opts, &public).unwrap();
    assert_eq!(third.images_encoded, 0);
    assert_eq!(entries(&cache), 1, "the unused entry is pruned");
}

#[test]
fn images_that_cannot_be_read_name_image_and_page_and_keep_the_last_public() {
    let good = Site::new().file("content/a/index.md", page("Texte.", ""));
    good.run(&["build"]).success();
    let before = good.snapshot();
    let mut truncated = jpeg(800, 600);
    truncated.truncate(truncated.len() / 2);
    let mut broken: Vec<(String, Vec<u8>)> = vec![
        ("coupee.jpg".into(), truncated),
        ("texte.jpg".into(), b"ceci n'est pas une image".to_vec()),
    ];
    if let Some(photos) = shared_photos() {
        broken.push((
            "corrupted.jpg".into(),
            std::fs::read(photos.join("corrupted.jpg")).unwrap(),
        ));
    }
    for (name, bytes) in broken {
        let site = good.rewrite(&format!("content/a/{name}"), &bytes).rewrite(
            "content/a/index.md",
            page(&format!("Texte.\n\n![Le bureau du conseil]({name})"), "").as_bytes(),
        );
        site.run(&["build"]).failure().stderr_contains(&format!(
            "content/a/index.md:6:1: l’image `{name}` ne peut pas être lue"
        ));
        assert_eq!(site.snapshot(), before, "{name}: public/ was touched");
        std::fs::remove_file(site.root().join(format!("content/a/{name}"))).unwrap();
    }
}

#[test]
fn odd_exif_data_is_no_error() {
    let Some(photos) = shared_photos() else {
        return;
    };
    let mut site = Site::new();
    let mut body = String::new();
    for entry in std::fs::read_dir(photos.join("invalid")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        site = site.file(&format!("content/x/{name}"), std::fs::read(&path).unwrap());
        body.push_str(&format!("![Une scène de rue]({name})\n\n"));
    }
    let site = site.file("content/x/index.md", page(&body, ""));
    site.run(&["build"]).success();
    assert!(published_images(&site).len() >= 14);
}

#[test]
fn heic_photos_are_an_error_saying_how_to_export_them() {
    let Some(photos) = shared_photos() else {
        return;
    };
    let site = Site::new()
        .file(
            "content/x/index.md",
            page("![Le repas partagé](repas.heic)", ""),
        )
        .file(
            "content/x/repas.heic",
            std::fs::read(photos.join("heic/iphone_13_pro_max.HEIC")).unwrap(),
        );
    site.run(&["build"])
        .failure()
        .stderr_contains(
            "content/x/index.md:4:1: l’image `repas.heic` ne peut pas être lue : c’est une photo HEIC",
        )
        .stderr_contains("Le plus compatible");
}

#[test]
fn alt_texts_that_say_nothing_are_warnings_with_file_and_line() {
    let body = "![photo](a.jpg)\n\n![](b.jpg)\n\n![IMG_2024.jpg](c.jpg)\n\n![Les délégués votent à main levée](d.jpg)\n\n![c](c.jpg)";
    let mut site = Site::new().file("content/x/index.md", page(body, ""));
    for name in ["a", "b", "c", "d"] {
        site = site.file(&format!("content/x/{name}.jpg"), jpeg(40, 30));
    }
    let run = site.run(&["build"]).success();
    let err = run.stderr();
    assert!(err.contains("content/x/index.md:4:1: le texte alternatif de l’image `a.jpg` (`photo`) ne dit pas ce qu’elle montre"), "{err}");
    assert!(
        err.contains("content/x/index.md:6:1: l’image `b.jpg` n’a pas de texte alternatif"),
        "{err}"
    );
    assert!(
        err.contains(
            "content/x/index.md:8:1: le texte alternatif de l’image `c.jpg` (`IMG_2024.jpg`)"
        ),
        "{err}"
    );
    assert!(
        err.contains("content/x/index.md:12:1: le texte alternatif de l’image `c.jpg` (`c`)"),
        "the file's name: {err}"
    );
    assert!(
        !err.contains("`d.jpg`"),
        "a real description is no warning: {err}"
    );
    site.run(&["check"])
        .success()
        .stderr_contains("index.md:4:1");
}

#[test]
fn a_gallery_is_a_grid_of_linked_thumbnails_with_captions_and_credits() {
    let front = "gallery:\n  - src: un.jpg\n    alt: Les délégués à la tribune\n    caption: L’ouverture\n    credit: Anne Martin\n  - src: deux.png\n    alt: La salle vue du balcon\n";
    let site = Site::new()
        .file("content/recap/index.md", page("Le compte rendu.", front))
        .file("content/recap/un.jpg", jpeg(1600, 1200))
        .file(
            "content/recap/deux.png",
            photo(800, 600, image::ImageFormat::Png),
        );
    site.run(&["build"]).success();
    let html = site.public("recap/index.html");
    let gallery = html
        .split("<section class=\"gallery\"")
        .nth(1)
        .expect("a gallery")
        .split("</section>")
        .next()
        .unwrap();
    assert!(gallery.contains(
        "aria-labelledby=\"galerie-titre\">\n  <h2 id=\"galerie-titre\">Galerie photos</h2>"
    ));
    let items: Vec<&str> = gallery.split("<li>").skip(1).collect();
    assert_eq!(items.len(), 2);
    assert!(
        items[0].contains("<a href=\"https://x.org/recap/un-1600w.jpg\"><picture>"),
        "{}",
        items[0]
    );
    assert!(items[0].contains("alt=\"Les délégués à la tribune\""));
    assert!(items[0].contains(
        "<figcaption>L’ouverture <span class=\"gallery__credit\">Photo : Anne Martin</span>"
    ));
    assert!(items[1].contains("<a href=\"https://x.org/recap/deux-800w.png\">"));
    assert!(!items[1].contains("<figcaption>"), "no caption, no credit");
    assert!(site.has("recap/un-1600w.jpg") && site.has("recap/deux-800w.png"));
    assert!(!gallery.contains("<script"));
}

#[test]
fn a_gallery_photo_without_alt_is_an_error_naming_the_file() {
    let site = Site::new()
        .file(
            "content/recap/index.md",
            page("Texte.", "gallery:\n  - src: un.jpg\n"),
        )
        .file("content/recap/un.jpg", jpeg(100, 80));
    site.run(&["build"])
        .failure()
        .stderr_contains("content/recap/index.md")
        .stderr_contains("alt");
}

#[test]
fn the_preview_never_waits_for_photos_and_rebuilds_once_they_are_made() {
    use ruche::output::OutFile;
    use ruche::serve::SiteBuilder;
    let site = Site::new()
        .file(
            "content/a/index.md",
            page("![Le marché du samedi](marche.jpg)", ""),
        )
        .file("content/a/marche.jpg", jpeg(1200, 800));
    let opts = ruche::BuildOptions::new(site.root());
    let mut builder = ruche::serve::site::PipelineBuilder::new(opts, "http://127.0.0.1:1111");
    let (tx, rx) = std::sync::mpsc::channel();
    builder.notify_with(tx);
    let first = builder.build_all().unwrap();
    let source = site.root().join("content/a/marche.jpg");
    // Served at once: the copies' names answer with the original while they are made.
    assert_eq!(
        first.files.get("a/marche-960w.webp"),
        Some(&OutFile::Copy(source.clone()))
    );
    assert!(
        String::from_utf8_lossy(&first.files["a/index.html"].read().unwrap())
            .contains("marche-960w.webp 960w")
    );
    let changed = rx
        .recv_timeout(std::time::Duration::from_secs(300))
        .expect("the copies are made");
    let second = builder.rebuild(&changed).unwrap();
    let Some(OutFile::Copy(copy)) = second.files.get("a/marche-960w.webp") else {
        panic!("no copy")
    };
    assert!(
        copy.starts_with(site.root().join(".ruche-cache/images")),
        "{}",
        copy.display()
    );
    let made = decode(&std::fs::read(copy).unwrap());
    assert_eq!((made.width(), made.height()), (960, 640));
    assert!(
        rx.try_recv().is_err(),
        "nothing left to make: no further rebuild"
    );
}

#[test]
fn templates_resize_images_with_fit_fill_and_scale() {
    let template = "{% set a = resize_image(path=\"a/marche.jpg\", width=300, height=300, op=\"fill\", format=\"webp\") %}\
{% set b = resize_image(path=\"/img/halle.png\", width=250) %}\
{% set c = resize_image(path=\"a/marche.jpg\", width=100, height=20, op=\"scale\") %}\
<p>{{ a.url }} {{ a.width }}x{{ a.height }}|{{ b.url }} {{ b.width }}x{{ b.height }}|{{ c.width }}x{{ c.height }}</p>";
    let site = Site::new()
        .file("templates/vignette.html", template)
        .file(
            "content/a/index.md",
            page("Texte.", "template: vignette.html\n"),
        )
        .file("content/a/marche.jpg", jpeg(1200, 800))
        .file(
            "static/img/halle.png",
            photo(500, 400, image::ImageFormat::Png),
        );
    site.run(&["build"]).success();
    let html = site.public("a/index.html");
    let parts: Vec<&str> = html
        .trim()
        .trim_start_matches("<p>")
        .trim_end_matches("</p>")
        .split('|')
        .collect();
    let (a_url, a_size) = parts[0].split_once(' ').unwrap();
    assert_eq!(a_size, "300x300");
    assert!(
        a_url.starts_with("https://x.org/processed_images/marche-")
            && a_url.ends_with("-300x300.webp"),
        "{a_url}"
    );
    let a = decode(&site.public_bytes(&local(a_url)));
    assert_eq!((a.width(), a.height()), (300, 300));
    let (b_url, b_size) = parts[1].split_once(' ').unwrap();
    assert_eq!(b_size, "250x200", "fit keeps the proportions");
    assert!(
        std::path::Path::new(b_url).extension() == Some("png".as_ref()),
        "auto keeps the source's kind: {b_url}"
    );
    assert!(site.has(&local(b_url)));
    assert_eq!(parts[2], "100x20", "scale takes the size as given");
    let run = Site::new()
        .file(
            "templates/vignette.html",
            "{% set r = resize_image(path=\"a/absente.jpg\", width=10) %}{{ r.url }}",
        )
        .file(
            "content/a/index.md",
            page("Texte.", "template: vignette.html\n"),
        )
        .run(&["build"]);
    run.failure()
        .stderr_contains("resize_image : `a/absente.jpg` n’est pas un fichier de content/");
}

#[test]
fn image_mistakes_are_told_in_the_site_language() {
    // (site.yaml, the warning for a photo without alt text, its hint, the error for a file
    // that is no image, its hint, a word of the other language that must not appear)
    let languages = [
        (
            "title: Test\nbase_url: https://x.org\n",
            "content/a/index.md:6:1: l’image `photo.jpg` n’a pas de texte alternatif",
            "conseil : décrivez l’image pour les personnes qui ne peuvent pas la voir",
            "content/b/index.md:6:1: l’image `texte.jpg` ne peut pas être lue : ce n’est pas une image que connaît ruche",
            "enregistrez-le à nouveau en JPEG",
            "the image",
        ),
        (
            "title: Test\nbase_url: https://x.org\nlanguage: en\n",
            "content/a/index.md:6:1: the image `photo.jpg` has no alt text",
            "hint: describe the picture for people who cannot see it",
            "content/b/index.md:6:1: the image `texte.jpg` cannot be read: it is not an image ruche knows",
            "save it again as JPEG or PNG",
            "l’image",
        ),
    ];
    for (yaml, no_alt, alt_hint, unreadable, unreadable_hint, foreign) in languages {
        let site = Site::new()
            .file("site.yaml", yaml)
            .file("content/a/index.md", page("Texte.\n\n![](photo.jpg)", ""))
            .file("content/a/photo.jpg", jpeg(40, 30));
        let warned = site
            .run(&["check"])
            .success()
            .stderr_contains(no_alt)
            .stderr_contains(alt_hint);
        let site = site
            .file(
                "content/b/index.md",
                page("Texte.\n\n![Le bureau](texte.jpg)", ""),
            )
            .file("content/b/texte.jpg", b"ceci n'est pas une image");
        let failed = site
            .run(&["check"])
            .failure()
            .stderr_contains(unreadable)
            .stderr_contains(unreadable_hint);
        for said in [warned.stderr(), failed.stderr()] {
            assert!(!said.contains(foreign), "{said}");
        }
    }
}
