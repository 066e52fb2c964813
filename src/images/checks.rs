//! The images each page uses, gathered once, with what is wrong with them.
//!
//! In: a loaded [`Site`] whose bodies were rendered (each body image recorded with its alt text
//! and line). Out: every [`Use`] of a photo ruche publishes copies of, the warnings (an alt
//! text missing or saying nothing, a file over 20 MB, a format no browser shows) and the errors
//! (an image that cannot be read, naming the image and the page).

use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use super::{treatment, Images, Prepared, Treatment};
use crate::content::{Page, Site};
use crate::error::Diagnostic;
use crate::t;

/// Heavier than this, a photo is worth a warning: it was probably never meant for the web.
pub(crate) const HEAVY: u64 = 20 * 1024 * 1024;

/// One use of a photo by a page.
#[derive(Debug, Clone)]
pub(crate) struct Use {
    /// The photo's copies.
    pub prepared: Arc<Prepared>,
    /// The page, as shown in messages, and the line of the use.
    pub page: PathBuf,
    /// 1-based line in the page's file.
    pub line: usize,
    /// Whether it is the cover (which also gets a social card).
    pub cover: bool,
    /// The path as the page writes it.
    pub src: String,
}

/// What gathering found.
#[derive(Debug, Default)]
pub(crate) struct Gathered {
    /// Every use of a photo that could be prepared.
    pub uses: Vec<Use>,
    /// Each GIF or SVG a page shows (published as a lossless clean copy), as written, with the
    /// error the page gets, its words to come, if that copy cannot be made.
    pub whole: Vec<(PathBuf, String, Diagnostic)>,
    /// Warnings.
    pub warnings: Vec<Diagnostic>,
    /// Errors.
    pub errors: Vec<Diagnostic>,
}

/// An image a page names, with its alt text and line.
struct Named<'a> {
    src: &'a str,
    alt: &'a str,
    line: usize,
    column: usize,
    cover: bool,
}

/// Gathers every page's images in parallel.
pub(crate) fn gather(site: &Site, images: &Images) -> Gathered {
    let per_page: Vec<Gathered> = site
        .pages
        .par_iter()
        .filter(|p| {
            p.meta.cover.is_some()
                || !p.meta.gallery.is_empty()
                || !p.rendered.body_images.is_empty()
        })
        .map(|page| gather_page(site, images, page))
        .collect();
    let mut all = Gathered::default();
    for g in per_page {
        all.uses.extend(g.uses);
        all.whole.extend(g.whole);
        all.warnings.extend(g.warnings);
        all.errors.extend(g.errors);
    }
    all
}

fn named(page: &Page) -> Vec<Named<'_>> {
    let text = &page.file.text;
    let line_of = |src: &str| {
        text.lines()
            .position(|l| l.contains(src))
            .map_or(1, |i| i + 1)
    };
    let mut named: Vec<Named> = page
        .rendered
        .body_images
        .iter()
        .map(|i| Named {
            src: &i.src,
            alt: &i.alt,
            line: i.line,
            column: i.column,
            cover: false,
        })
        .collect();
    if let Some(c) = &page.meta.cover {
        named.push(Named {
            src: &c.src,
            alt: &c.alt,
            line: line_of(&c.src),
            column: 1,
            cover: true,
        });
    }
    for g in &page.meta.gallery {
        named.push(Named {
            src: &g.src,
            alt: &g.alt,
            line: line_of(&g.src),
            column: 1,
            cover: false,
        });
    }
    named
}

fn gather_page(site: &Site, images: &Images, page: &Page) -> Gathered {
    let mut out = Gathered::default();
    let shown = &page.file.shown;
    let assets_url = crate::site::assets_url(&site.config, page);
    for n in named(page) {
        let at = |d: Diagnostic| d.at(n.line, n.column).with_source(page.file.text.clone());
        if says_nothing(n.alt, n.src) {
            let message = if n.alt.trim().is_empty() {
                t!("image-no-alt", image = n.src)
            } else {
                t!("image-alt-says-nothing", image = n.src, alt = n.alt)
            };
            let warning = Diagnostic::error(shown, message).hint(t!("image-alt-hint"));
            out.warnings.push(at(warning.warning()));
        }
        let name = n.src.split(['?', '#']).next().unwrap_or("");
        match treatment(name) {
            Treatment::AsIs => continue,
            Treatment::Strip => {
                if let Some(located) = images.locate(&page.file.rel, &assets_url, n.src) {
                    let error = Diagnostic::error(shown, "").hint(t!("image-unreadable-hint"));
                    out.whole.push((located.path, n.src.to_string(), at(error)));
                }
                continue;
            }
            Treatment::Unshowable => {
                let warning = Diagnostic::error(shown, t!("image-unshowable", image = n.src))
                    .hint(t!("image-unshowable-hint"));
                out.warnings.push(at(warning.warning()));
                continue;
            }
            Treatment::Process => {}
        }
        let Some(located) = images.locate(&page.file.rel, &assets_url, n.src) else {
            continue;
        };
        match images.prepare(&located) {
            Ok(prepared) => {
                if prepared.source.len > HEAVY {
                    let megabytes = prepared.source.len / (1024 * 1024);
                    let message = t!("image-heavy", image = n.src, megabytes = megabytes);
                    let warning = Diagnostic::error(shown, message).hint(t!("image-heavy-hint"));
                    out.warnings.push(at(warning.warning()));
                }
                out.uses.push(Use {
                    prepared,
                    page: shown.clone(),
                    line: n.line,
                    cover: n.cover,
                    src: n.src.to_string(),
                });
            }
            Err(reason) => out.errors.push(at(unreadable(shown, n.src, &reason))),
        }
    }
    out
}

/// The error for an image that cannot be read, with what to do.
pub(crate) fn unreadable(page: &std::path::Path, src: &str, reason: &str) -> Diagnostic {
    let hint = if reason == t!("image-is-heic") {
        t!("image-heic-hint")
    } else {
        t!("image-unreadable-hint")
    };
    Diagnostic::error(page, t!("image-unreadable", image = src, reason = reason)).hint(hint)
}

/// Whether an alt text tells nothing of the picture: empty, a generic word, the file's name or
/// a camera's numbering (`IMG_2024`, `DSC_0042.JPG`).
pub(crate) fn says_nothing(alt: &str, src: &str) -> bool {
    let alt = alt.trim().to_lowercase();
    const GENERIC: &[&str] = &[
        "photo",
        "image",
        "img",
        "picture",
        "pic",
        "alt",
        "untitled",
        "sans titre",
        "illustration",
        "visuel",
        "capture",
        "screenshot",
        "capture d'écran",
        "cover",
        "couverture",
        "logo",
        "photographie",
        "figure",
    ];
    if alt.is_empty() || GENERIC.contains(&alt.as_str()) {
        return true;
    }
    let file = src.rsplit('/').next().unwrap_or(src).to_lowercase();
    let stem = file.rsplit_once('.').map_or(file.as_str(), |(s, _)| s);
    let names_a_file = alt.rsplit_once('.').is_some_and(|(_, ext)| {
        [
            "jpg", "jpeg", "png", "webp", "gif", "heic", "svg", "tif", "tiff",
        ]
        .contains(&ext)
    });
    if names_a_file || alt == file || alt == stem {
        return true;
    }
    // Camera numbering: a few letters, a separator or none, then digits.
    let rest = alt.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    let letters = alt.len() - rest.len();
    let rest = rest.trim_start_matches(['_', '-', ' ']);
    letters <= 5
        && rest.chars().filter(char::is_ascii_digit).count() >= 3
        && rest
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '_' | '-' | ' '))
}

#[cfg(test)]
mod tests {
    use super::says_nothing;

    #[test]
    fn alt_texts_that_say_nothing() {
        for (alt, src) in [
            ("", "a.jpg"),
            ("photo", "a.jpg"),
            ("Image", "a.jpg"),
            ("IMG_2024.jpg", "b.jpg"),
            ("IMG_2024", "IMG_2024.jpg"),
            ("DSC_0042", "x.jpg"),
            ("salle", "salle.jpg"),
            ("salle.jpg", "salle.jpg"),
        ] {
            assert!(says_nothing(alt, src), "{alt:?} should be flagged");
        }
    }

    #[test]
    fn alt_texts_that_describe() {
        for alt in [
            "Les délégués votent à main levée",
            "La salle du conseil, 2024",
            "Photo de groupe des salariés devant l'entrepôt",
            "Assemblée 2025",
        ] {
            assert!(!says_nothing(alt, "IMG_2024.jpg"), "{alt:?} should pass");
        }
    }
}
