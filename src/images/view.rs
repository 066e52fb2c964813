//! What the templates see of a page's cover and gallery when they are photos ruche publishes:
//! the ready `<picture>` markup, the large copy to link to, the social card.
//!
//! In: the site (its [`super::Images`] stage) and a page. Out: serialisable views, or `None`
//! for an image ruche leaves as it is (a URL, an SVG, a GIF), which the theme shows plainly.

use serde::Serialize;

use super::html::{self, Place};
use super::{prepared_for, Prepared};
use crate::content::{Cover, Page, Site};

/// The social card of a cover: `og:image` and its size.
#[derive(Debug, Serialize)]
pub(crate) struct Card {
    /// Absolute URL of the 1200×630 copy.
    pub url: String,
    /// Its width.
    pub width: u32,
    /// Its height.
    pub height: u32,
}

/// A published cover.
#[derive(Debug, Serialize)]
pub(crate) struct CoverPhoto {
    /// The `<picture>` at the top of the page (loaded first).
    pub picture: String,
    /// The `<picture>` in a list of pages (loaded lazily).
    pub card_picture: String,
    /// The social card.
    pub og: Card,
    /// The largest copy's URL.
    pub large: String,
}

/// A photo of a page's gallery.
#[derive(Debug, Serialize)]
pub(crate) struct GalleryPhoto<'a> {
    /// The thumbnail markup (`<picture>`, or a plain `<img>` for an image left as it is).
    pub thumbnail: String,
    /// What the thumbnail links to: the largest copy.
    pub href: String,
    /// Alt text.
    pub alt: &'a str,
    /// Caption.
    pub caption: Option<&'a str>,
    /// Credit.
    pub credit: Option<&'a str>,
}

/// The largest fallback copy's URL.
fn large(site: &Site, p: &Prepared) -> String {
    let (w, _) = p.largest();
    site.images
        .as_deref()
        .map(|i| i.url(&p.out(w, p.fallback())))
        .unwrap_or_default()
}

/// The cover's copies, when ruche publishes them.
pub(crate) fn cover(site: &Site, page: &Page, cover: &Cover) -> Option<CoverPhoto> {
    let images = site.images.as_deref()?;
    let p = prepared_for(site, page, &cover.src)?;
    let (out, width, height) = p.card();
    Some(CoverPhoto {
        picture: html::picture(images, &p, &cover.alt, Place::Cover),
        card_picture: html::picture(images, &p, &cover.alt, Place::Card),
        og: Card {
            url: images.url(&out),
            width,
            height,
        },
        large: large(site, &p),
    })
}

/// The gallery's photos, in their order.
pub(crate) fn gallery<'a>(site: &Site, page: &'a Page) -> Vec<GalleryPhoto<'a>> {
    page.meta
        .gallery
        .iter()
        .map(|g| {
            let prepared = prepared_for(site, page, &g.src);
            let (thumbnail, href) = match (site.images.as_deref(), prepared) {
                (Some(images), Some(p)) => (
                    html::picture(images, &p, &g.alt, Place::Thumbnail),
                    large(site, &p),
                ),
                _ => {
                    let src = crate::render::view::asset_url(&site.config, page, &g.src);
                    let img = format!(
                        "<img src=\"{}\" alt=\"{}\" loading=\"lazy\" decoding=\"async\">",
                        html::attr(&src),
                        html::attr(&g.alt)
                    );
                    (img, src)
                }
            };
            GalleryPhoto {
                thumbnail,
                href,
                alt: &g.alt,
                caption: g.caption.as_deref(),
                credit: g.credit.as_deref(),
            }
        })
        .collect()
}
