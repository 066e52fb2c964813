//! What published photos reveal and how they look, on real output: photos no page shows are
//! published as clean copies under their own names (no EXIF, upright) or left out with a
//! warning, and photos carrying a wide-gamut colour profile come out converted to sRGB.

use std::io::Cursor;

use image::{GenericImageView, ImageEncoder};

use crate::images::{decode, difference, page, photo, published_images, shared_photos};
use crate::support::Site;

/// Whether `bytes` carry EXIF (read back with an EXIF reader) or a known metadata block.
fn metadata_in(bytes: &[u8]) -> Option<&'static str> {
    if exif::Reader::new()
        .read_from_container(&mut Cursor::new(bytes))
        .is_ok()
    {
        return Some("EXIF");
    }
    let markers: [(&[u8], &str); 4] = [
        (b"Exif\0\0", "an EXIF block"),
        (b"http://ns.adobe.com/xap", "XMP"),
        (b"Photoshop 3.0", "IPTC"),
        (b"NIKON", "the camera's maker note"),
    ];
    markers
        .iter()
        .find(|(m, _)| bytes.windows(m.len()).any(|w| w == *m))
        .map(|(_, what)| *what)
}

#[test]
fn photos_no_page_shows_or_a_link_leads_to_are_published_clean_and_upright() {
    let Some(photos) = shared_photos() else {
        return;
    };
    let read = |path: &str| std::fs::read(photos.join(path)).unwrap();
    assert!(metadata_in(&read("gps/DSCN0021.jpg")).is_some());
    let body = "Texte.\n\n![Un paysage de Toscane](DSCN0010.jpg)\n\n\
                [Voir l’autre photo en grand](DSCN0021.jpg)\n\n\
                ![La salle](salle.jpg) [La salle en grand](salle.jpg)\n";
    let site = Site::new()
        .file("content/sortie/index.md", page(body, ""))
        .file(
            "content/sortie/salle.jpg",
            photo(600, 400, image::ImageFormat::Jpeg),
        )
        .file("content/sortie/DSCN0010.jpg", read("gps/DSCN0010.jpg"))
        .file("content/sortie/DSCN0021.jpg", read("gps/DSCN0021.jpg"))
        .file("content/sortie/DSCN0025.jpg", read("gps/DSCN0025.jpg"))
        .file("content/DSCN0012.jpg", read("gps/DSCN0012.jpg"))
        .file(
            "static/img/portrait.jpg",
            read("orientation/portrait_6.jpg"),
        );
    site.run(&["build"]).success();

    let images = published_images(&site);
    let names: Vec<&str> = images.iter().map(|(p, _)| p.as_str()).collect();
    for loose in [
        "sortie/salle.jpg",
        "sortie/DSCN0021.jpg",
        "sortie/DSCN0025.jpg",
        "DSCN0012.jpg",
        "img/portrait.jpg",
    ] {
        assert!(
            names.contains(&loose),
            "{loose} is not published: {names:?}"
        );
    }
    // A photo the page shows is published as its copies only, as before, unless a link
    // leads to it (salle.jpg, above).
    assert!(!names.contains(&"sortie/DSCN0010.jpg"));
    assert!(names.contains(&"sortie/salle-600w.webp"));
    for (path, bytes) in &images {
        assert_eq!(metadata_in(bytes), None, "{path} carries metadata");
    }
    // The plain link still leads to the photo, at its full size.
    let html = site.public("sortie/index.html");
    assert!(html.contains("href=\"DSCN0021.jpg\""), "{html}");
    let source = decode(&read("gps/DSCN0021.jpg"));
    let copy = decode(&site.public_bytes("sortie/DSCN0021.jpg"));
    assert_eq!(copy.dimensions(), source.dimensions());
    // Upright: the copy of the photo stored turned looks like the one stored upright.
    let upright = decode(&read("orientation/portrait_1.jpg")).to_rgb8();
    let turned = decode(&site.public_bytes("img/portrait.jpg")).to_rgb8();
    assert_eq!(turned.dimensions(), upright.dimensions());
    let diff = difference(&turned, &upright);
    assert!(diff < 12.0, "the copy differs by {diff:.1}: not upright");
    // Made once: the next build takes the clean copies from the cache.
    let opts = ruche::BuildOptions::new(site.root());
    let again = ruche::build_to(&opts, &site.root().join("public")).unwrap();
    assert_eq!(again.images_encoded, 0);
    assert_eq!(published_images(&site), images);
}

#[test]
fn a_photo_no_page_shows_that_cannot_be_read_is_left_out_with_a_warning() {
    let mut cut = photo(800, 600, image::ImageFormat::Jpeg);
    cut.truncate(cut.len() / 2);
    let mut site = Site::new()
        .file("content/a/index.md", page("Texte.", ""))
        .file("content/a/coupee.jpg", cut);
    if let Some(photos) = shared_photos() {
        let heic = std::fs::read(photos.join("heic/iphone_13_pro_max.HEIC")).unwrap();
        site = site.file("static/repas.heic", heic);
    }
    let run = site.run(&["build"]).success();
    run.stderr_contains("content/a/coupee.jpg")
        .stderr_contains("l’image `content/a/coupee.jpg`, qu’aucune page ne montre, est laissée hors du site : elle est abîmée");
    assert!(!site.has("a/coupee.jpg"));
    if shared_photos().is_some() {
        let run = site.run(&["build"]).success();
        run.stderr_contains("l’image `static/repas.heic`, qu’aucune page ne montre")
            .stderr_contains("Le plus compatible");
        assert!(!site.has("repas.heic"));
    }
}

/// A `width`×`height` image of one colour, tagged with `profile`, as JPEG or PNG.
fn tagged(rgb: [u8; 3], profile: &moxcms::ColorProfile, format: image::ImageFormat) -> Vec<u8> {
    let (width, height) = (64, 48);
    let pixels = image::RgbImage::from_pixel(width, height, rgb.into());
    let icc = profile.encode().unwrap();
    let mut out = Vec::new();
    let kind = image::ExtendedColorType::Rgb8;
    if format == image::ImageFormat::Jpeg {
        let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 100);
        encoder.set_icc_profile(icc).unwrap();
        encoder.write_image(&pixels, width, height, kind).unwrap();
    } else {
        let mut encoder = image::codecs::png::PngEncoder::new(&mut out);
        encoder.set_icc_profile(icc).unwrap();
        encoder.write_image(&pixels, width, height, kind).unwrap();
    }
    out
}

/// A wide-gamut colour space, as the published primaries' matrix to linear sRGB (all three
/// have a D65 white) and its tone curve: the expected colours are worked out here,
/// independently of the code under test.
struct Space {
    name: &'static str,
    profile: moxcms::ColorProfile,
    to_srgb: [[f64; 3]; 3],
    /// `None`: the sRGB curve; `Some(g)`: a pure power.
    gamma: Option<f64>,
}

fn spaces() -> [Space; 2] {
    [
        Space {
            name: "display-p3",
            profile: moxcms::ColorProfile::new_display_p3(),
            to_srgb: [
                [1.224_940, -0.224_940, 0.0],
                [-0.042_057, 1.042_057, 0.0],
                [-0.019_638, -0.078_636, 1.098_274],
            ],
            gamma: None,
        },
        Space {
            name: "adobe-rgb",
            profile: moxcms::ColorProfile::new_adobe_rgb(),
            to_srgb: [
                [1.398_356, -0.398_356, 0.0],
                [0.0, 1.0, 0.0],
                [0.0, -0.042_929, 1.042_929],
            ],
            gamma: Some(563.0 / 256.0),
        },
    ]
}

/// `rgb` of `space` in sRGB, 0 to 255.
fn in_srgb(space: &Space, rgb: [u8; 3]) -> [f64; 3] {
    let linear = |v: u8| {
        let c = f64::from(v) / 255.0;
        match space.gamma {
            Some(g) => c.powf(g),
            None if c <= 0.04045 => c / 12.92,
            None => ((c + 0.055) / 1.055).powf(2.4),
        }
    };
    let encode = |c: f64| {
        let c = c.clamp(0.0, 1.0);
        let v = if c <= 0.003_130_8 {
            c * 12.92
        } else {
            1.055 * c.powf(1.0 / 2.4) - 0.055
        };
        v * 255.0
    };
    let [r, g, b] = rgb.map(linear);
    space
        .to_srgb
        .map(|row| encode(row[0] * r + row[1] * g + row[2] * b))
}

#[test]
fn photos_with_a_wide_gamut_profile_are_published_in_srgb_colours() {
    let raw = [200, 100, 50];
    let mut site = Site::new();
    let mut body = String::from("Texte.\n\n");
    for space in spaces() {
        let name = space.name;
        let jpeg = tagged(raw, &space.profile, image::ImageFormat::Jpeg);
        let png = tagged(raw, &space.profile, image::ImageFormat::Png);
        site = site
            .file(&format!("content/a/{name}.jpg"), jpeg)
            .file(&format!("content/a/{name}-logo.png"), png);
        body.push_str(&format!("![Un mur orange au soleil]({name}.jpg)\n\n"));
    }
    site = site.file("content/a/index.md", page(&body, ""));
    site.run(&["build"]).success();
    for space in spaces() {
        let expected = in_srgb(&space, raw);
        // The conversion is worth testing: the raw values are far from the sRGB ones.
        let shift = (0..3).map(|i| (expected[i] - f64::from(raw[i])).abs());
        assert!(shift.fold(0.0, f64::max) > 12.0, "{expected:?}");
        let name = space.name;
        // A body photo's copies, and the clean copy of a file no page shows.
        for copy in [
            format!("a/{name}-64w.jpg"),
            format!("a/{name}-64w.webp"),
            format!("a/{name}-logo.png"),
        ] {
            let bytes = site.public_bytes(&copy);
            assert_eq!(metadata_in(&bytes), None, "{copy}");
            // No profile left either: browsers take the pixels as sRGB.
            for chunk in [&b"ICC_PROFILE"[..], b"iCCP", b"ICCP"] {
                assert!(!bytes.windows(chunk.len()).any(|w| w == chunk), "{copy}");
            }
            let pixel = decode(&bytes).to_rgb8().get_pixel(32, 24).0;
            for i in 0..3 {
                let off = (f64::from(pixel[i]) - expected[i]).abs();
                assert!(
                    off <= 4.0,
                    "{copy}: {pixel:?} is not the sRGB colour {expected:?} (raw {raw:?})"
                );
            }
        }
    }
}

/// A TIFF-structured file carrying a camera's EXIF data: its maker and a GPS latitude.
fn tiff_with_exif() -> Vec<u8> {
    use exif::{Field, In, Rational, Tag, Value};
    let make = Field {
        tag: Tag::Make,
        ifd_num: In::PRIMARY,
        value: Value::Ascii(vec![b"NIKON".to_vec()]),
    };
    let degrees = |num| Rational { num, denom: 1 };
    let latitude = Field {
        tag: Tag::GPSLatitude,
        ifd_num: In::PRIMARY,
        value: Value::Rational(vec![degrees(43), degrees(28), degrees(1)]),
    };
    let mut writer = exif::experimental::Writer::new();
    writer.push_field(&make);
    writer.push_field(&latitude);
    let mut out = Cursor::new(Vec::new());
    writer.write(&mut out, true).unwrap();
    out.into_inner()
}

#[test]
fn files_no_browser_shows_are_left_out_when_they_carry_exif() {
    let tagged = tiff_with_exif();
    assert_eq!(metadata_in(&tagged), Some("EXIF"));
    let mut bitmap = b"BM".to_vec();
    bitmap.resize(64, 0);
    let site = Site::new()
        .file(
            "content/a/index.md",
            page("Texte.\n\n![Le plan de la salle du conseil](plan.tif)", ""),
        )
        .file("content/a/plan.tif", &tagged)
        .file("content/a/scan.tif", &tagged)
        .file("static/carte.bmp", &bitmap);
    let mut run = site.run(&["build"]).success();
    for file in ["content/a/plan.tif", "content/a/scan.tif"] {
        run = run.stderr_contains(&format!(
            "l’image `{file}` est laissée hors du site : aucun navigateur ne peut l’afficher, et elle porte des données EXIF"
        ));
    }
    assert!(!site.has("a/plan.tif") && !site.has("a/scan.tif"));
    // Without EXIF data, it is published as it is, as before.
    assert_eq!(site.public_bytes("carte.bmp"), bitmap);
}
