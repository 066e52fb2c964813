//! An image file's bytes → upright sRGB pixels, with nothing else kept.
//!
//! In: the bytes of a JPEG, PNG, WebP or GIF (first frame). Out: a [`DynamicImage`] (8-bit RGB,
//! or RGBA when the source has transparency) turned by its EXIF orientation and converted from
//! its embedded colour profile to sRGB, or a sentence saying why it cannot be read. Published
//! copies are encoded from these pixels alone, which is what leaves every EXIF, XMP and IPTC
//! block (GPS position, camera serial, names) behind.

use std::io::Cursor;

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};

/// What the header says about an image, read without decoding its pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// Width once upright.
    pub width: u32,
    /// Height once upright.
    pub height: u32,
    /// The file's format.
    pub format: ImageFormat,
}

/// The formats ruche reads; anything else is refused with a sentence.
const READABLE: &[ImageFormat] = &[
    ImageFormat::Jpeg,
    ImageFormat::Png,
    ImageFormat::WebP,
    ImageFormat::Gif,
];

/// Why an image cannot be read, as a sentence ending without a period.
fn unreadable(bytes: &[u8]) -> String {
    if is_heic(bytes) {
        return crate::t!("image-is-heic");
    }
    match image::guess_format(bytes) {
        Ok(format) if !READABLE.contains(&format) => {
            crate::t!("image-format-unread", format = format!("{format:?}"))
        }
        Ok(_) => crate::t!("image-damaged"),
        Err(_) => crate::t!("image-not-an-image"),
    }
}

/// HEIF/HEIC files start with an `ftyp` box naming one of these brands.
pub(crate) fn is_heic(bytes: &[u8]) -> bool {
    let brands: [&[u8]; 7] = [
        b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1",
    ];
    bytes.len() >= 12 && &bytes[4..8] == b"ftyp" && brands.contains(&&bytes[8..12])
}

/// The EXIF orientation (1 to 8; 1 when there is none or the EXIF data is broken).
pub(crate) fn orientation(bytes: &[u8]) -> u8 {
    let Ok(exif) = exif::Reader::new().read_from_container(&mut Cursor::new(bytes)) else {
        return 1;
    };
    exif.get_field(exif::Tag::Orientation, exif::In::PRIMARY)
        .and_then(|f| f.value.get_uint(0))
        .filter(|o| (1..=8).contains(o))
        .map_or(1, |o| o as u8)
}

/// The upright size and format, from the header and the EXIF orientation.
pub(crate) fn header(bytes: &[u8]) -> Result<Header, String> {
    let reader = reader(bytes)?;
    let format = reader.format().ok_or_else(|| unreadable(bytes))?;
    let (w, h) = reader.into_dimensions().map_err(|_| unreadable(bytes))?;
    let (width, height) = if orientation(bytes) >= 5 {
        (h, w)
    } else {
        (w, h)
    };
    Ok(Header {
        width,
        height,
        format,
    })
}

fn reader(bytes: &[u8]) -> Result<ImageReader<Cursor<&[u8]>>, String> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| unreadable(bytes))?;
    match reader.format() {
        Some(f) if READABLE.contains(&f) => Ok(reader),
        _ => Err(unreadable(bytes)),
    }
}

/// Decodes, converts to sRGB and turns upright.
pub(crate) fn decode(bytes: &[u8]) -> Result<DynamicImage, String> {
    let (image, icc) = match image::guess_format(bytes) {
        Ok(ImageFormat::Jpeg) => decode_jpeg(bytes)?,
        _ => decode_other(bytes)?,
    };
    let mut image = if image.color().has_alpha() {
        DynamicImage::ImageRgba8(image.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(image.into_rgb8())
    };
    if let Some(icc) = icc {
        to_srgb(&mut image, &icc);
    }
    if let Some(o) = Orientation::from_exif(orientation(bytes)) {
        image.apply_orientation(o);
    }
    Ok(image)
}

/// JPEG through zune-jpeg in strict mode: `image` runs it leniently, which publishes a damaged
/// or cut photo as grey blocks instead of saying so.
fn decode_jpeg(bytes: &[u8]) -> Result<(DynamicImage, Option<Vec<u8>>), String> {
    use zune_core::colorspace::ColorSpace;
    use zune_core::options::DecoderOptions;
    let options = DecoderOptions::default()
        .set_strict_mode(true)
        .jpeg_set_out_colorspace(ColorSpace::RGB)
        .set_max_width(1 << 16)
        .set_max_height(1 << 16);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(
        zune_core::bytestream::ZCursor::new(bytes),
        options,
    );
    let pixels = decoder.decode().map_err(|_| unreadable(bytes))?;
    let info = decoder.info().ok_or_else(|| unreadable(bytes))?;
    let rgb = image::RgbImage::from_raw(u32::from(info.width), u32::from(info.height), pixels)
        .ok_or_else(|| unreadable(bytes))?;
    Ok((DynamicImage::ImageRgb8(rgb), decoder.icc_profile()))
}

/// PNG, WebP and GIF (its first frame) through `image`.
fn decode_other(bytes: &[u8]) -> Result<(DynamicImage, Option<Vec<u8>>), String> {
    let mut decoder = reader(bytes)?
        .into_decoder()
        .map_err(|_| unreadable(bytes))?;
    let icc = decoder.icc_profile().ok().flatten();
    let image = DynamicImage::from_decoder(decoder).map_err(|_| unreadable(bytes))?;
    Ok((image, icc))
}

/// Converts the pixels from the embedded RGB profile (Adobe RGB, Display P3…) to sRGB, the
/// space browsers assume for an image without a profile. A profile moxcms cannot read, or a
/// grey or CMYK one, leaves the pixels as they are: the colours then shift as they would in a
/// browser that ignores profiles, which is the best that can be done without one.
fn to_srgb(image: &mut DynamicImage, icc: &[u8]) {
    use moxcms::{ColorProfile, DataColorSpace, Layout, TransformOptions};
    let Ok(profile) = ColorProfile::new_from_slice(icc) else {
        return;
    };
    if profile.color_space != DataColorSpace::Rgb {
        return;
    }
    let srgb = ColorProfile::new_srgb();
    let layout = if image.color().has_alpha() {
        Layout::Rgba
    } else {
        Layout::Rgb
    };
    let Ok(transform) =
        profile.create_transform_8bit(layout, &srgb, layout, TransformOptions::default())
    else {
        return;
    };
    let pixels: &mut [u8] = match image {
        DynamicImage::ImageRgb8(buf) => buf,
        DynamicImage::ImageRgba8(buf) => buf,
        _ => return,
    };
    let mut out = vec![0u8; pixels.len()];
    if transform.transform(pixels, &mut out).is_ok() {
        pixels.copy_from_slice(&out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heic_is_recognised_by_its_brand() {
        let mut bytes = vec![0, 0, 0, 24];
        bytes.extend_from_slice(b"ftypheic");
        bytes.extend_from_slice(&[0; 16]);
        assert!(is_heic(&bytes));
        assert!(unreadable(&bytes).contains("HEIC"));
        assert!(!is_heic(b"\xff\xd8\xff\xe0 not heic at all"));
    }

    #[test]
    fn text_is_not_an_image_and_says_so() {
        let err = decode(b"hello, this is text").unwrap_err();
        assert!(err.contains("not an image"), "{err}");
    }

    #[test]
    fn a_cut_jpeg_is_damaged() {
        let image =
            DynamicImage::ImageRgb8(image::RgbImage::from_pixel(64, 64, [200, 10, 10].into()));
        let mut bytes = Vec::new();
        image
            .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Jpeg)
            .unwrap();
        bytes.truncate(bytes.len() / 3);
        let err = decode(&bytes).unwrap_err();
        assert!(err.contains("damaged"), "{err}");
    }
}
