//! The data every reader hands to the writer: a foreign site read once, in ruche's terms.
//!
//! In: nothing (plain types). Out: [`Source`] — the site's settings, its sections and its
//! pages ([`Doc`]), each page with its translated front matter ([`Front`]), its body still in
//! the source's syntax, the addresses it had and the files it brings along.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use super::report::Note;

/// What a foreign site holds, once read.
#[derive(Debug, Default)]
pub struct Source {
    /// Site title, when the source says it.
    pub title: Option<String>,
    /// Site address (with its path), when the source says it.
    pub base_url: Option<String>,
    /// Content language code (`fr`, `en-US`), when the source says it.
    pub language: Option<String>,
    /// Site description.
    pub description: Option<String>,
    /// Sections (folders under `content/`) with their titles.
    pub sections: Vec<SectionDoc>,
    /// The pages.
    pub docs: Vec<Doc>,
    /// Problems met while reading (a broken file, an item left out).
    pub notes: Vec<Note>,
    /// Folders where files referenced by a root path (`/images/x.png`) are looked for.
    pub static_dirs: Vec<PathBuf>,
}

/// A section to write as `content/<dir>/_index.md`.
#[derive(Debug, Clone)]
pub struct SectionDoc {
    /// Folder under `content/`, with `/`; empty for the home section.
    pub dir: String,
    /// Its title.
    pub title: String,
    /// Its description, if any.
    pub description: Option<String>,
    /// Its body text, in the source's syntax, if any.
    pub body: String,
    /// Which syntax that is.
    pub syntax: Syntax,
    /// Where it comes from, as shown in the report (`content/posts/_index.md`).
    pub origin: String,
    /// Folder of its source file, for images given by a relative path; `None` for a section
    /// the import made up.
    pub source_dir: Option<PathBuf>,
}

/// The syntax a body is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// Markdown with Liquid tags (Jekyll).
    Liquid,
    /// Markdown with Hugo shortcodes.
    Hugo,
    /// Markdown with Zola shortcodes and `@/` links.
    Zola,
    /// WordPress HTML with shortcodes and block comments.
    WordPress,
    /// Plain Markdown.
    Markdown,
}

/// One page of the foreign site.
#[derive(Debug, Clone)]
pub struct Doc {
    /// Where it comes from, as shown in the report (`_posts/x.md`, `export.xml: « Titre »`).
    pub origin: String,
    /// Line of the source file where the body starts (1 for a WordPress item).
    pub body_line: usize,
    /// Section folder under `content/` (`news`, `blog/2020`; empty for the home section).
    pub section: String,
    /// File or bundle-folder name without extension (`2013-05-06-x`).
    pub name: String,
    /// Front matter in ruche's keys.
    pub front: Front,
    /// Body in the source's syntax.
    pub body: String,
    /// Which syntax that is.
    pub syntax: Syntax,
    /// The addresses the page had, as paths from the site root (`/news/2013/05/06/x/`).
    pub old_urls: Vec<String>,
    /// Folder of the source file, for images given by a relative path.
    pub dir: Option<PathBuf>,
    /// A bundle's own files (besides its `index.md`), copied along.
    pub bundle_files: Vec<PathBuf>,
    /// Names under which other pages refer to this one (`2013-05-06-x`, `posts/x.md`).
    pub keys: Vec<String>,
    /// Files to copy into the page's bundle: (file on disk, name in the bundle).
    pub attachments: Vec<(PathBuf, String)>,
    /// How many tags were converted while reading (WordPress bodies).
    pub converted: usize,
}

/// A cover image.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cover {
    /// Image path, relative to the page's bundle, or a URL.
    pub src: String,
    /// What it shows.
    pub alt: String,
}

/// A photo of a page's gallery.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GalleryImage {
    /// Image path, relative to the page's bundle.
    pub src: String,
    /// What it shows.
    pub alt: String,
    /// Its caption.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
}

/// A page's front matter in ruche's keys, in the order they are written.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Front {
    /// Title.
    pub title: String,
    /// Publication date (`YYYY-MM-DD` or RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Last update.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    /// Summary.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Not published.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
    /// Last URL segment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// Old addresses.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Author names.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// Taxonomy terms by taxonomy name (`tags`, `categories`, …).
    #[serde(flatten)]
    pub taxonomies: BTreeMap<String, Vec<String>>,
    /// Cover image.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cover: Option<Cover>,
    /// Photos shown as a gallery.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub gallery: Vec<GalleryImage>,
    /// Order for `sort_by: weight`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<i64>,
    /// Every other key of the source, for the templates.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, serde_json::Value>,
}
