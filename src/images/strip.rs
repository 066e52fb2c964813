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

use gif::{ColorOutput, DecodeOptions, Encoder, Frame};
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
    fn a_gif_that_is_not_one_is_damaged() {
        let err = gif(b"GIF89a and then nothing").unwrap_err();
        assert_eq!(err, crate::t!("image-damaged"));
    }
}
