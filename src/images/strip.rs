//! Lossless copies without metadata, for the images ruche publishes at their own size and in
//! their own format rather than as resized copies.
//!
//! In: the bytes of a GIF. Out: the same image with nothing else in it, or a sentence saying
//! why it cannot be read. A GIF is decoded to its palette indices and encoded again with the
//! same frames, palettes, positions, delays, disposals, transparency and loop count: the
//! pixels are the same, and only the comment and application extensions (XMP, an editor's
//! private data) are left behind — all but the NETSCAPE one that says how often to loop.

use gif::{ColorOutput, DecodeOptions, Encoder, Frame};

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gif_that_is_not_one_is_damaged() {
        let err = gif(b"GIF89a and then nothing").unwrap_err();
        assert_eq!(err, crate::t!("image-damaged"));
    }
}
