//! A prepared image → the HTML that shows it: `<picture>` with one `<source>` per modern
//! format and an `<img>` carrying the fallback's `srcset`, `sizes`, `width`, `height` (so the
//! page does not jump while it loads), `alt`, and lazy loading unless it is the cover.

use super::{Codec, Images, Prepared};

/// Where an image is shown, which decides `sizes` and loading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    /// In the text of a page: the width of the column.
    Body,
    /// The cover at the top of a page: wide, loaded first.
    Cover,
    /// A cover in a list of pages.
    Card,
    /// A thumbnail of a gallery.
    Thumbnail,
}

impl Place {
    fn sizes(self) -> &'static str {
        match self {
            Place::Body => "(min-width: 46rem) 42rem, 100vw",
            Place::Cover => "(min-width: 64rem) 60rem, 100vw",
            Place::Card => "(min-width: 48rem) 24rem, 100vw",
            Place::Thumbnail => "(min-width: 48rem) 16rem, 50vw",
        }
    }
}

/// `url 480w, url 960w…` for one format.
pub(crate) fn srcset(images: &Images, prepared: &Prepared, codec: Codec) -> String {
    let mut out = String::new();
    for (i, (w, _)) in prepared.sizes.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&images.url(&prepared.out(*w, codec)));
        out.push(' ');
        out.push_str(&w.to_string());
        out.push('w');
    }
    out
}

/// The markup of `prepared` shown at `place` with `alt`.
pub(crate) fn picture(images: &Images, prepared: &Prepared, alt: &str, place: Place) -> String {
    let fallback = prepared.fallback();
    let (width, height) = prepared.largest();
    let sizes = place.sizes();
    let mut html = String::new();
    let several = prepared.codecs.len() > 1;
    if several {
        html.push_str("<picture>");
        for codec in &prepared.codecs[..prepared.codecs.len() - 1] {
            html.push_str(&format!(
                "<source type=\"{}\" srcset=\"{}\" sizes=\"{sizes}\">",
                codec.mime(),
                attr(&srcset(images, prepared, *codec)),
            ));
        }
    }
    let loading = if place == Place::Cover {
        "loading=\"eager\" fetchpriority=\"high\""
    } else {
        "loading=\"lazy\""
    };
    html.push_str(&format!(
        "<img src=\"{}\" srcset=\"{}\" sizes=\"{sizes}\" width=\"{width}\" height=\"{height}\" alt=\"{}\" {loading} decoding=\"async\">",
        attr(&images.url(&prepared.out(width, fallback))),
        attr(&srcset(images, prepared, fallback)),
        attr(alt),
    ));
    if several {
        html.push_str("</picture>");
    }
    html
}

/// `text` escaped for an attribute value.
pub(crate) fn attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}
