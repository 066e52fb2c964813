//! Lossless copies without metadata, for the images ruche publishes at their own size and in
//! their own format rather than as resized copies.
//!
//! In: the bytes of a GIF or an SVG. Out: the same image with nothing else in it, or why it
//! cannot be read.
//! - A GIF is decoded to its palette indices and encoded again with the same frames, palettes,
//!   positions, delays, disposals, transparency and loop count: the pixels are the same, and
//!   only the comment and application extensions (XMP, an editor's private data) are left
//!   behind — all but the NETSCAPE one that says how often to loop.
//! - An SVG is read as a stream of XML events (quick-xml) and copied byte for byte, less its
//!   comments, its `<metadata>` elements (RDF naming authors and licences) and the elements and
//!   attributes of Inkscape's and Sodipodi's namespaces (`sodipodi:docname`,
//!   `inkscape:export-filename`: file paths with a user's name). `<title>` and `<desc>`, which
//!   screen readers read, stay.
//! - A JPEG, PNG or WebP photo that is already upright (no EXIF orientation but 1) and in
//!   sRGB (no colour profile, or an sRGB one) loses its metadata without being re-encoded: its
//!   container (img-parts) is written again with only the segments or chunks that draw it, so
//!   a JPEG keeps its quality and an animated WebP its frames. Any other photo is re-encoded
//!   from its pixels by the caller.

use gif::{ColorOutput, DecodeOptions, Encoder, Frame};
use image::ImageFormat;
use img_parts::jpeg::{markers, Jpeg};
use img_parts::png::Png;
use img_parts::riff::RiffContent;
use img_parts::webp::{
    WebP, CHUNK_ALPH, CHUNK_ANIM, CHUNK_ANMF, CHUNK_VP8, CHUNK_VP8L, CHUNK_VP8X,
};
use img_parts::{Bytes, ImageEXIF, ImageICC};
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::NsReader;

/// The GIF `bytes` encoded again from its frames alone.
pub(crate) fn gif(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let damaged = |_| crate::t!("image-damaged");
    let mut options = DecodeOptions::new();
    options.set_color_output(ColorOutput::Indexed);
    let mut decoder = options.read_info(bytes).map_err(damaged)?;
    let (width, height) = (decoder.width(), decoder.height());
    let global = decoder.global_palette().map(<[u8]>::to_vec);
    let mut frames: Vec<Frame<'static>> = Vec::new();
    while let Some(frame) = decoder.read_next_frame().map_err(damaged)? {
        let mut frame = frame.clone();
        // The decoder hands the rows in display order: they are written that way.
        frame.interlaced = false;
        frames.push(frame);
    }
    if frames.is_empty() {
        return Err(crate::t!("image-damaged"));
    }
    let repeat = decoder.repeat();
    let mut out = Vec::with_capacity(bytes.len());
    let mut encoder = Encoder::new(&mut out, width, height, global.as_deref().unwrap_or(&[]))
        .map_err(|e| e.to_string())?;
    // A GIF without the NETSCAPE extension plays once: `Finite(0)`, for which the encoder
    // writes none.
    encoder.set_repeat(repeat).map_err(|e| e.to_string())?;
    for frame in &frames {
        encoder.write_frame(frame).map_err(|e| e.to_string())?;
    }
    encoder.into_inner().map_err(|e| e.to_string())?;
    Ok(out)
}

/// Why an SVG cannot be published: it is not well-formed XML.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Malformed {
    /// The XML parser's reason.
    pub(crate) reason: String,
    /// The byte of the file where it was found.
    pub(crate) offset: usize,
}

/// The namespaces of the editors' own data.
const EDITORS: [&str; 2] = [
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.inkscape.org/namespaces/inkscape",
];

/// Whether a name resolved to an editor's namespace (or to its usual prefix, left undeclared).
fn editors(ns: &ResolveResult<'_>) -> bool {
    match ns {
        ResolveResult::Bound(Namespace(uri)) => EDITORS.contains(uri),
        ResolveResult::Unknown(prefix) => prefix == "sodipodi" || prefix == "inkscape",
        ResolveResult::Unbound => false,
    }
}

/// The SVG `bytes` without comments, `<metadata>`, nor Inkscape's and Sodipodi's elements and
/// attributes; everything else as it was, byte for byte.
pub(crate) fn svg(bytes: &[u8]) -> Result<Vec<u8>, Malformed> {
    let text = std::str::from_utf8(bytes).map_err(|e| Malformed {
        reason: e.to_string(),
        offset: e.valid_up_to(),
    })?;
    let mut reader = NsReader::from_str(text);
    reader.config_mut().check_comments = true;
    let mut out = Vec::with_capacity(bytes.len());
    // Open elements, and how deep inside a left-out one the reader is (0: outside).
    let (mut depth, mut skipping) = (0usize, 0usize);
    let mut root = false;
    loop {
        let before = reader.buffer_position() as usize;
        let malformed = |reader: &NsReader<&[u8]>, reason: String| Malformed {
            reason,
            offset: reader.error_position() as usize,
        };
        let (ns, event) = match reader.read_resolved_event() {
            Ok(read) => read,
            Err(e) => return Err(malformed(&reader, e.to_string())),
        };
        let left_out = match &event {
            Event::Start(e) | Event::Empty(e) => {
                root = true;
                skipping > 0 || e.local_name().as_ref() == "metadata" || editors(&ns)
            }
            _ => false,
        };
        let raw = &text.as_bytes()[before..reader.buffer_position() as usize];
        match event {
            Event::Eof => break,
            Event::Start(_) if left_out => {
                depth += 1;
                skipping += 1;
            }
            Event::Start(e) => {
                depth += 1;
                tag(&reader, &e, raw, &mut out).map_err(|reason| Malformed {
                    reason,
                    offset: before,
                })?;
            }
            Event::Empty(_) if left_out => {}
            Event::Empty(e) => tag(&reader, &e, raw, &mut out).map_err(|reason| Malformed {
                reason,
                offset: before,
            })?,
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if skipping > 0 {
                    skipping -= 1;
                } else {
                    out.extend_from_slice(raw);
                }
            }
            Event::Comment(_) => {}
            _ if skipping > 0 => {}
            _ => out.extend_from_slice(raw),
        }
    }
    if depth > 0 || !root {
        let reason = if root {
            crate::t!("image-svg-unclosed")
        } else {
            crate::t!("image-svg-empty")
        };
        return Err(Malformed {
            reason,
            offset: bytes.len(),
        });
    }
    Ok(out)
}

/// Writes the start tag `e` (read as `raw`) without the editors' attributes and namespace
/// declarations: as it was when it has none. `Err` is why an attribute cannot be read.
fn tag(
    reader: &NsReader<&[u8]>,
    e: &BytesStart<'_>,
    raw: &[u8],
    out: &mut Vec<u8>,
) -> Result<(), String> {
    let mut kept = Vec::new();
    let mut dropped = false;
    for attr in e.attributes().with_checks(true) {
        let attr = attr.map_err(|e| e.to_string())?;
        let key = attr.key.as_ref();
        let declares_editor = key.starts_with("xmlns:") && EDITORS.contains(&attr.value.as_ref());
        let (ns, _) = reader.resolver().resolve_attribute(attr.key);
        if declares_editor || editors(&ns) {
            dropped = true;
        } else {
            kept.push(attr);
        }
    }
    if !dropped {
        out.extend_from_slice(raw);
        return Ok(());
    }
    out.push(b'<');
    out.extend_from_slice(e.name().as_ref().as_bytes());
    for attr in kept {
        // The value as written (its entities unexpanded), in quotes it does not contain.
        let quote = if attr.value.contains('"') {
            b'\''
        } else {
            b'"'
        };
        out.push(b' ');
        out.extend_from_slice(attr.key.as_ref().as_bytes());
        out.extend_from_slice(&[b'=', quote]);
        out.extend_from_slice(attr.value.as_bytes());
        out.push(quote);
    }
    out.extend_from_slice(if raw.ends_with(b"/>") { b"/>" } else { b">" });
    Ok(())
}

/// The photo `bytes` in `format` without its metadata and not re-encoded, when that leaves it
/// looking the same: upright and in sRGB. `None`: it must be re-encoded from its pixels (it is
/// turned by its EXIF orientation, carries another colour profile, or its container holds what
/// ruche cannot tell apart from the image).
pub(crate) fn photo(bytes: &[u8], format: ImageFormat) -> Option<Vec<u8>> {
    if super::pixels::orientation(bytes) != 1 {
        return None;
    }
    let input = Bytes::copy_from_slice(bytes);
    match format {
        ImageFormat::Jpeg => jpeg(input),
        ImageFormat::Png => png(input),
        ImageFormat::WebP => webp(input),
        _ => None,
    }
}

/// A JPEG with only its JFIF and Adobe segments (the latter says how its colours are coded)
/// besides the image's own: no EXIF nor XMP (APP1), ICC (APP2), IPTC (APP13), comment, nor any
/// other application segment.
fn jpeg(input: Bytes) -> Option<Vec<u8>> {
    let mut jpeg = Jpeg::from_bytes(input).ok()?;
    if !is_srgb(jpeg.icc_profile().as_deref()) {
        return None;
    }
    // A multi-picture file (MPF: previews, depth maps) carries more images after the first,
    // with their own EXIF: re-encoded from the first.
    let app2 = |m: u8, c: &Bytes| m == markers::APP2 && c.starts_with(b"MPF\0");
    if jpeg
        .segments()
        .iter()
        .any(|s| app2(s.marker(), s.contents()))
    {
        return None;
    }
    jpeg.segments_mut().retain(|s| {
        let (m, c) = (s.marker(), s.contents());
        match m {
            markers::APP0 => c.starts_with(b"JFIF\0"),
            markers::APP14 => c.starts_with(b"Adobe"),
            markers::APP1..=markers::APP15 | markers::COM => false,
            _ => true,
        }
    });
    let entropy = jpeg
        .segments()
        .iter()
        .find(|s| s.has_entropy())
        .map(|s| s.len_with_entropy() - s.len())?;
    let out = jpeg.encoder().bytes();
    // img-parts keeps everything from the first scan on as it is: the image data, the tables
    // of a progressive JPEG's later scans, and whatever follows. It must end at the first
    // end-of-image marker (anything after it — a camera's trailer, an appended preview — would
    // be published too) and hold no application or comment segment (metadata written after
    // the first scan). Either way the file is re-encoded; a table that happens to hold such
    // bytes only costs a re-encode.
    let scans = &out[out.len().checked_sub(entropy)?..];
    let end = memchr::memmem::find(scans, &[0xFF, markers::EOI])?;
    let segment_after = memchr::memchr_iter(0xFF, scans).any(|i| {
        scans
            .get(i + 1)
            .is_some_and(|&m| (markers::APP0..=markers::APP15).contains(&m) || m == markers::COM)
    });
    (end + 2 == scans.len() && !segment_after).then(|| out.to_vec())
}

/// The PNG chunks that draw an image (besides the critical ones): transparency, colour
/// space, pixel size, background, and APNG's animation.
const PNG_KEPT: [&[u8; 4]; 13] = [
    b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"sBIT", b"bKGD", b"pHYs", b"acTL", b"fcTL", b"fdAT",
    b"cICP", b"mDCv", b"cLLi",
];

/// A PNG with only the chunks that draw it: no text (tEXt, zTXt, iTXt), EXIF (eXIf), time
/// (tIME), colour profile (iCCP) nor an editor's private chunk.
fn png(input: Bytes) -> Option<Vec<u8>> {
    let mut png = Png::from_bytes(input).ok()?;
    if !is_srgb(png.icc_profile().as_deref()) {
        return None;
    }
    png.chunks_mut().retain(|c| {
        let kind = c.kind();
        kind[0].is_ascii_uppercase() || PNG_KEPT.contains(&&kind)
    });
    Some(png.encoder().bytes().to_vec())
}

/// A WebP with only the chunks that draw it (all the frames of an animation): no EXIF, XMP
/// nor colour profile, and its VP8X header saying so.
fn webp(input: Bytes) -> Option<Vec<u8>> {
    const KEPT: [[u8; 4]; 6] = [
        CHUNK_VP8X, CHUNK_VP8, CHUNK_VP8L, CHUNK_ALPH, CHUNK_ANIM, CHUNK_ANMF,
    ];
    /// The VP8X flags of the chunks left out: ICC profile, EXIF, XMP.
    const METADATA_FLAGS: u8 = 0b0010_1100;
    let mut webp = WebP::from_bytes(input).ok()?;
    if !is_srgb(webp.icc_profile().as_deref()) {
        return None;
    }
    webp.chunks_mut().retain(|c| KEPT.contains(&c.id()));
    // img-parts updates the ICC and EXIF flags (and drops VP8X where no longer needed);
    // the XMP one is cleared here.
    webp.set_exif(None);
    webp.set_icc_profile(None);
    for chunk in webp.chunks_mut() {
        if chunk.id() != CHUNK_VP8X {
            continue;
        }
        if let RiffContent::Data(data) = chunk.content_mut() {
            let mut header = data.to_vec();
            if let Some(flags) = header.first_mut() {
                *flags &= !METADATA_FLAGS;
            }
            *data = Bytes::from(header);
        }
    }
    Some(webp.encoder().bytes().to_vec())
}

/// Whether a colour profile draws as sRGB (or there is none): its colours, converted to sRGB
/// with moxcms, are the same to within rounding.
fn is_srgb(icc: Option<&[u8]>) -> bool {
    use moxcms::{ColorProfile, DataColorSpace, Layout, TransformOptions};
    let Some(icc) = icc else {
        return true;
    };
    let Ok(profile) = ColorProfile::new_from_slice(icc) else {
        return false;
    };
    if profile.color_space != DataColorSpace::Rgb {
        return false;
    }
    let srgb = ColorProfile::new_srgb();
    let Ok(transform) =
        profile.create_transform_8bit(Layout::Rgb, &srgb, Layout::Rgb, TransformOptions::default())
    else {
        return false;
    };
    let grid: Vec<u8> = (0..4096u32)
        .flat_map(|i| [i >> 8, (i >> 4) & 15, i & 15].map(|v| (v * 17) as u8))
        .collect();
    let mut out = vec![0u8; grid.len()];
    transform.transform(&grid, &mut out).is_ok()
        && grid.iter().zip(&out).all(|(a, b)| a.abs_diff(*b) <= 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_svg_loses_its_metadata_and_editors_data_and_keeps_the_rest_byte_for_byte() {
        let source = r##"<?xml version="1.0" encoding="UTF-8"?>
<!-- Created with Inkscape by amartin -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" viewBox="0 0 10 10" sodipodi:docname="logo.svg" inkscape:export-filename='/home/amartin/logo "v2".png'>
  <title>Le logo</title>
  <metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">Anne Martin</dc:creator></rdf:RDF></metadata>
  <sodipodi:namedview pagecolor="#ffffff"><inkscape:grid type="xygrid"/></sodipodi:namedview>
  <g inkscape:label="Calque 1"   id="g1" style='font-family:"Marianne"'><rect width="2" height="1" fill="#f2b134"/></g>
  <text>A &amp; B <![CDATA[<x>]]></text>
</svg>
"##;
        let clean = String::from_utf8(svg(source.as_bytes()).unwrap()).unwrap();
        assert_eq!(
            clean,
            r##"<?xml version="1.0" encoding="UTF-8"?>

<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">
  <title>Le logo</title>
  
  
  <g id="g1" style='font-family:"Marianne"'><rect width="2" height="1" fill="#f2b134"/></g>
  <text>A &amp; B <![CDATA[<x>]]></text>
</svg>
"##
        );
    }

    #[test]
    fn an_svg_that_is_not_well_formed_xml_is_refused_with_where() {
        let err = svg(b"<svg>\n  <g>\n</svg>").unwrap_err();
        assert!(err.reason.contains("</g>"), "{err:?}");
        assert_eq!(svg(b"<svg><g></g>").unwrap_err().offset, 12);
        assert!(svg(b"just text").is_err());
        assert!(svg(b"<svg a=\"1\" a=\"2\"/>").is_err());
    }

    #[test]
    fn only_srgb_profiles_pass_as_srgb() {
        use moxcms::ColorProfile;
        assert!(is_srgb(None));
        assert!(is_srgb(Some(&ColorProfile::new_srgb().encode().unwrap())));
        assert!(!is_srgb(Some(
            &ColorProfile::new_display_p3().encode().unwrap()
        )));
        assert!(!is_srgb(Some(
            &ColorProfile::new_adobe_rgb().encode().unwrap()
        )));
        assert!(!is_srgb(Some(b"not a profile")));
    }

    /// A small baseline JPEG with an EXIF segment naming its maker.
    fn tagged_jpeg() -> Vec<u8> {
        let pixels =
            image::RgbImage::from_fn(32, 24, |x, y| [(x * 8) as u8, (y * 10) as u8, 60].into());
        let mut out = Vec::new();
        image::DynamicImage::ImageRgb8(pixels)
            .write_to(&mut std::io::Cursor::new(&mut out), ImageFormat::Jpeg)
            .unwrap();
        let mut jpeg = Jpeg::from_bytes(out.into()).unwrap();
        let exif = b"MM\0\x2a\0\0\0\x08\0\0\0\0\0\0NIKON";
        jpeg.set_exif(Some(Bytes::from_static(exif)));
        jpeg.encoder().bytes().to_vec()
    }

    #[test]
    fn a_jpeg_loses_its_segments_but_not_its_image_data() {
        let source = tagged_jpeg();
        let clean = photo(&source, ImageFormat::Jpeg).unwrap();
        assert!(!clean.windows(5).any(|w| w == b"NIKON"));
        // The image data itself is the same bytes, to the end.
        assert!(source.ends_with(&clean[clean.len() - 200..]));
    }

    #[test]
    fn a_jpeg_with_more_than_its_image_is_left_to_re_encoding() {
        let source = tagged_jpeg();
        let cut = source.len() - 2;
        // Data after the end of the image: a camera's trailer.
        let mut trailer = source.clone();
        trailer.extend_from_slice(b"SEFT Anne Martin");
        // An application segment after the scan.
        let mut late = source[..cut].to_vec();
        late.extend_from_slice(b"\xff\xe1\x00\x0bExif\x00\x00NI\xff\xd9");
        // A multi-picture file.
        let mut mpf = Jpeg::from_bytes(source.clone().into()).unwrap();
        let segment = img_parts::jpeg::JpegSegment::new_with_contents(
            markers::APP2,
            Bytes::from_static(b"MPF\0MM\0\x2a"),
        );
        mpf.segments_mut().insert(1, segment);
        let mpf = mpf.encoder().bytes().to_vec();
        for (what, bytes) in [("trailer", trailer), ("late segment", late), ("MPF", mpf)] {
            assert_eq!(photo(&bytes, ImageFormat::Jpeg), None, "{what}");
        }
    }

    #[test]
    fn a_gif_that_is_not_one_is_damaged() {
        let err = gif(b"GIF89a and then nothing").unwrap_err();
        assert_eq!(err, crate::t!("image-damaged"));
    }
}
