//! What the Markdown pass takes and gives: the [`Context`] of one body, and the [`Rendered`]
//! result (HTML, summary, table of contents, links, images, outline) that every later stage
//! reads.

use std::collections::HashSet;
use std::path::Path;

use serde::Serialize;

use super::{Html, InternalLink, Links};

/// A heading of the table of contents.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The anchor.
    pub id: String,
    /// Plain text.
    pub title: String,
    /// Deeper headings under it.
    pub children: Vec<Heading>,
}

/// What rendering a Markdown body produced.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The HTML.
    pub html: Html,
    /// The HTML before `<!-- more -->`, else the first paragraph.
    pub summary: String,
    /// Table of contents.
    pub toc: Vec<Heading>,
    /// Every heading id (anchors other pages may link to).
    pub ids: HashSet<String>,
    /// Words of running text.
    pub word_count: usize,
    /// `#Tags` found in running text, as written.
    pub hashtags: Vec<String>,
    /// Internal links, to check their anchors once every page is rendered.
    pub links: Vec<InternalLink>,
    /// Images given by a relative path, to check that the files exist.
    pub images: Vec<LocalImage>,
    /// Links to other web sites (`http://`, `https://`), for `ruche check --external`.
    pub external: Vec<LocalImage>,
    /// Link targets that exist but could not be read: reported once, with their own error.
    pub waiting: Vec<String>,
    /// What the editorial lint reads: the headings' levels and lines, the links' texts.
    pub outline: Outline,
    /// Every image of the body that is not a URL (beside the page or `/x.jpg` of `static/`),
    /// with its alt text: the image stage checks the text and publishes the photos' copies.
    pub body_images: Vec<BodyImage>,
    /// Links to files beside the page or in `static/` (`photo.jpg`, `/docs/statuts.pdf`), as
    /// written: a photo a page shows is also published under its own name when a body links
    /// to it.
    pub file_links: Vec<String>,
    /// Every content file the body's links looked up, found or not (`actualites/x.md`): the
    /// rendering holds for as long as each of them has the URL it had, or is still missing.
    pub looked_up: Vec<String>,
    /// New each time a body is rendered: the preview re-renders the templates of a page whose
    /// body was rendered again.
    pub generation: u64,
}

/// The shape of a body, for the editorial lint (`ruche check`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    /// Each heading's level and line, in order.
    pub headings: Vec<(u8, usize)>,
    /// Each link's text (as read), line and column.
    pub link_texts: Vec<(String, usize, usize)>,
    /// Whether the body marks its summary's end with `<!-- more -->`.
    pub has_more: bool,
}

/// An image given by a path relative to the Markdown file, or an external link: a target and
/// where it is written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LocalImage {
    /// As written.
    pub src: String,
    /// Where in the source file.
    pub line: usize,
    /// Column.
    pub column: usize,
}

/// An image of the body with its alt text, as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BodyImage {
    /// The path as written (`salle.jpg`, `/img/x.jpg`).
    pub src: String,
    /// The alt text, as plain text.
    pub alt: String,
    /// Where in the source file.
    pub line: usize,
    /// Column.
    pub column: usize,
}

/// What shows a body's photos: the image stage ([`crate::images::Images`]) answers with a
/// `<picture>` of resized copies, or `None` to keep the plain `<img>`.
pub trait Pictures: Sync {
    /// The markup for `src` (as written in the body of the file `rel`, whose neighbours are
    /// published at `assets_url`) described by `alt`.
    fn picture(&self, rel: &str, assets_url: &str, src: &str, alt: &str) -> Option<String>;
}

/// How to render one body.
pub struct Context<'a> {
    /// The site's pages and their URLs.
    pub links: &'a Links,
    /// The file, as shown in messages.
    pub file: &'a Path,
    /// The file's path relative to `content/` (for `./x.md` links).
    pub rel: &'a str,
    /// The whole file text and where the body starts, for line numbers.
    pub source: &'a std::sync::Arc<str>,
    /// Byte offset of the body in `source`.
    pub body_start: usize,
    /// French spacing and quotes.
    pub french: bool,
    /// The absolute URL of the output folder where the file's neighbours are copied.
    pub assets_url: &'a str,
    /// The URL path prefix of tag pages (`/journal/tags/`), or none to leave `#Word` alone.
    pub hashtag_base: Option<&'a str>,
    /// What turns a photo into a `<picture>` of resized copies; none keeps every `<img>`.
    pub pictures: Option<&'a dyn Pictures>,
}

/// Nests a flat list of (level, id, title) headings into a tree.
pub(super) fn nest(flat: &[(u8, String, String)]) -> Vec<Heading> {
    let mut out: Vec<Heading> = Vec::new();
    for (level, id, title) in flat {
        let heading = Heading {
            level: *level,
            id: id.clone(),
            title: title.clone(),
            children: Vec::new(),
        };
        insert(&mut out, heading);
    }
    out
}

fn insert(list: &mut Vec<Heading>, heading: Heading) {
    match list.last_mut() {
        Some(last) if last.level < heading.level => insert(&mut last.children, heading),
        _ => list.push(heading),
    }
}
