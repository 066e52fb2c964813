//! Upright pixels → the bytes of one published copy: resized, cropped or not, encoded.
//!
//! In: a decoded [`DynamicImage`] (8-bit RGB or RGBA, from [`super::pixels`]) and a target.
//! Out: AVIF, WebP, JPEG or PNG bytes carrying nothing but the pixels (no EXIF, XMP, IPTC, ICC).

use std::io::Cursor;

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::{DynamicImage, ImageEncoder, ImageFormat};

/// The AVIF encoder's speed, from 1 (slowest, smallest files) to 10. rav1e is built without its
/// assembly (which needs nasm), so each step down costs much more time than it saves bytes:
/// see docs/images.md for the measures behind this choice.
pub(crate) const AVIF_SPEED: u8 = 9;

/// A published copy's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Codec {
    /// Lossy AVIF (ravif, on rav1e).
    Avif,
    /// Lossy WebP (libwebp).
    Webp,
    /// JPEG, the fallback of JPEG sources.
    Jpeg,
    /// PNG, the fallback of PNG and GIF sources (lossless, keeps transparency).
    Png,
}

impl Codec {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Codec::Avif => "avif",
            Codec::Webp => "webp",
            Codec::Jpeg => "jpg",
            Codec::Png => "png",
        }
    }

    /// The MIME type, for `<source type=…>`.
    pub fn mime(self) -> &'static str {
        match self {
            Codec::Avif => "image/avif",
            Codec::Webp => "image/webp",
            Codec::Jpeg => "image/jpeg",
            Codec::Png => "image/png",
        }
    }

    /// The fallback copy's format for a source of `format`: the same kind of file.
    pub fn fallback_for(format: ImageFormat) -> Codec {
        match format {
            ImageFormat::Jpeg => Codec::Jpeg,
            ImageFormat::WebP => Codec::Webp,
            _ => Codec::Png,
        }
    }

    /// `avif`, `webp`, `jpg`/`jpeg`, `png` as written in a template.
    pub fn parse(name: &str) -> Option<Codec> {
        match name.to_ascii_lowercase().as_str() {
            "avif" => Some(Codec::Avif),
            "webp" => Some(Codec::Webp),
            "jpg" | "jpeg" => Some(Codec::Jpeg),
            "png" => Some(Codec::Png),
            _ => None,
        }
    }
}

/// Resizes `image` to exactly `width`×`height`. With `fill`, the source is first cropped around
/// its centre to the target's proportions; otherwise it is stretched to them (callers keep the
/// proportions themselves).
pub(crate) fn resize(image: &DynamicImage, width: u32, height: u32, fill: bool) -> DynamicImage {
    if image.width() == width && image.height() == height {
        return image.clone();
    }
    let (pixel_type, bytes): (PixelType, &[u8]) = match image {
        DynamicImage::ImageRgba8(buf) => (PixelType::U8x4, buf.as_raw()),
        DynamicImage::ImageRgb8(buf) => (PixelType::U8x3, buf.as_raw()),
        // Decoding always yields one of the two above; anything else is converted first.
        other => {
            return resize(
                &DynamicImage::ImageRgba8(other.to_rgba8()),
                width,
                height,
                fill,
            )
        }
    };
    let resized = ImageRef::new(image.width(), image.height(), bytes, pixel_type)
        .ok()
        .and_then(|src| {
            let mut dst = Image::new(width, height, pixel_type);
            let mut options =
                ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
            if fill {
                options = options.fit_into_destination(None);
            }
            Resizer::new().resize(&src, &mut dst, &options).ok()?;
            Some(dst.into_vec())
        });
    let fallback = || image.resize_exact(width, height, image::imageops::FilterType::Lanczos3);
    match (pixel_type, resized) {
        (PixelType::U8x4, Some(px)) => image::RgbaImage::from_raw(width, height, px)
            .map(DynamicImage::ImageRgba8)
            .unwrap_or_else(fallback),
        (_, Some(px)) => image::RgbImage::from_raw(width, height, px)
            .map(DynamicImage::ImageRgb8)
            .unwrap_or_else(fallback),
        (_, None) => fallback(),
    }
}

/// Encodes `image` as `codec` at `quality` (1–100, ignored by PNG).
pub(crate) fn encode(image: &DynamicImage, codec: Codec, quality: u8) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    match codec {
        Codec::Avif => {
            // ravif writes the AV1 image and the boxes that describe it, and no metadata: it
            // would add EXIF only if asked (`set_exif_metadata`), which ruche never does.
            let encoder = image::codecs::avif::AvifEncoder::new_with_speed_quality(
                &mut out, AVIF_SPEED, quality,
            );
            let converted;
            let (pixels, color): (&[u8], _) = match image {
                DynamicImage::ImageRgba8(buf) => (buf, image::ExtendedColorType::Rgba8),
                DynamicImage::ImageRgb8(buf) => (buf, image::ExtendedColorType::Rgb8),
                other => {
                    converted = other.to_rgb8();
                    (&converted, image::ExtendedColorType::Rgb8)
                }
            };
            let result = encoder.write_image(pixels, image.width(), image.height(), color);
            result.map_err(|e| e.to_string())?;
        }
        Codec::Webp => {
            let (w, h) = (image.width(), image.height());
            let memory = match image {
                DynamicImage::ImageRgba8(buf) => {
                    webp::Encoder::from_rgba(buf, w, h).encode(f32::from(quality))
                }
                other => webp::Encoder::from_rgb(other.to_rgb8().as_raw(), w, h)
                    .encode(f32::from(quality)),
            };
            out.extend_from_slice(&memory);
        }
        Codec::Jpeg => {
            let rgb = image.to_rgb8();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
                .encode_image(&rgb)
                .map_err(|e| e.to_string())?;
        }
        Codec::Png => image
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .map_err(|e| e.to_string())?,
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gradient(w: u32, h: u32) -> DynamicImage {
        DynamicImage::ImageRgb8(image::RgbImage::from_fn(w, h, |x, y| {
            [(x * 255 / w) as u8, (y * 255 / h) as u8, 90].into()
        }))
    }

    #[test]
    fn resize_gives_the_size_asked_and_fill_crops_without_stretching() {
        let small = resize(&gradient(400, 200), 100, 50, false);
        assert_eq!((small.width(), small.height()), (100, 50));
        // A square taken from the middle of a 2:1 picture: its left edge is a quarter across.
        let square = resize(&gradient(400, 200), 50, 50, true).to_rgb8();
        let left = square.get_pixel(0, 25)[0];
        assert!((50..80).contains(&left), "left edge red {left}");
    }

    #[test]
    fn every_codec_decodes_back_to_the_same_size() {
        let image = gradient(64, 48);
        for codec in [Codec::Webp, Codec::Jpeg, Codec::Png] {
            let bytes = encode(&image, codec, 80).unwrap();
            let back = image::load_from_memory(&bytes).unwrap();
            assert_eq!((back.width(), back.height()), (64, 48), "{codec:?}");
        }
    }

    /// No AVIF decoder builds from Rust alone (image's needs libdav1d): the file is checked by
    /// its `ftyp` brand and the size its `ispe` box declares (tests/it/images_avif.rs walks the
    /// boxes properly).
    #[test]
    fn avif_is_an_avif_file_of_the_right_size() {
        for image in [
            gradient(64, 48),
            DynamicImage::ImageRgba8(gradient(64, 48).to_rgba8()),
        ] {
            let bytes = encode(&image, Codec::Avif, 80).unwrap();
            assert_eq!(&bytes[4..12], b"ftypavif");
            let ispe = bytes.windows(4).position(|w| w == b"ispe").unwrap();
            let word = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
            assert_eq!((word(ispe + 8), word(ispe + 12)), (64, 48));
        }
    }
}
