//! The site search: a Pagefind index of every published article and page.
//!
//! In: a loaded [`Site`] (before its sources are dropped) and the build day. Out: the files of
//! a Pagefind index under `pagefind/` (Pagefind's own JavaScript, shipped in the same crate,
//! reads them in the browser), and a warning for each page that could not be indexed. Steps:
//! 1. [`records`] picks the published pages — not lists, term pages, drafts, pages dated
//!    after the build day, redirects or the 404, nor pages with `search: false` — and takes
//!    from ruche's model what a result shows: title, URL, date, section, tags, cover, text;
//! 2. [`index::build`] hands them to Pagefind as custom records (no HTML is parsed again),
//!    with stemming in the site's language, filters by section and tag and a date to sort by.
//!
//! `ruche build` writes the index beside the rendered site; the preview builds it in the
//! background after each build (`serve/site.rs`), so that a save reloads the page at once.

mod cache;
pub mod index;
mod text;

use std::path::PathBuf;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::config::Config;
use crate::content::{Page, Site};
use crate::text::dates::Lang;

pub use cache::Cache;
pub use index::{build, reused, Indexed};

/// The most text of one page the index holds, in bytes (some 40,000 words; a long article
/// has 10,000). Pagefind puts a page's whole text in the fragment a browser downloads for each
/// result shown, so a page of megabytes (a pasted export, a log) would weigh on every search
/// that finds it; the rest of its text is not searched, and a warning says so.
pub const MAX_TEXT: usize = 256 * 1024;

/// The folder of the index in the output.
pub const INDEX_DIR: &str = "pagefind";

/// The output path of the theme's search page (`recherche/` on a French site, `search/`
/// otherwise), or `None` when the site has no search.
pub fn page_path(config: &Config) -> Option<&'static str> {
    config.search.then_some(match config.lang {
        Lang::Fr => "recherche/",
        Lang::En => "search/",
    })
}

/// Whether `rel`, a file of the theme's or the site's `static/`, serves only the search: a
/// `search.*` file at the top of `static/` (the default theme's `search.js`; a theme's
/// `search.css`). A site with `search: false` publishes none of them.
pub fn is_search_asset(rel: &str) -> bool {
    !rel.contains('/') && rel.starts_with("search.")
}

/// What the index holds of one page.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The page's source, as messages name it (`content/actualites/x.md`).
    pub source: PathBuf,
    /// The page's address under the site's root (`/actualites/x/` for
    /// `https://x.org/journal/actualites/x/`): Pagefind's JavaScript puts the path of the
    /// folder above `pagefind/` (`/journal/`) before it, as it does for the pages it finds
    /// itself.
    pub url: String,
    /// Title.
    pub title: String,
    /// The text searched and quoted in excerpts: title, description and body, without markup.
    pub text: String,
    /// Publication day, `YYYY-MM-DD` (sorts as text), if the page has one.
    pub date: Option<String>,
    /// The day as the site shows it (`3 décembre 2026`).
    pub date_shown: Option<String>,
    /// Its section's title (a filter).
    pub section: String,
    /// Its tags as written (a filter).
    pub tags: Vec<String>,
    /// The cover's URL and description, for the result's thumbnail.
    pub cover: Option<(String, String)>,
    /// Whether the text was cut at [`MAX_TEXT`].
    pub truncated: bool,
}

/// Runs `work` and, on another thread beside it, indexes `records` when `search` is on. The
/// index is mostly one core's work and the render spreads over all of them: side by side, the
/// index costs a build little more than its share of one core. So `work` should hold what can
/// wait for the records (a build's photos, its pages): the index, the longest task, starts first.
/// When `work` fails, its error is returned at once, without waiting for the index (the thread
/// owns what it reads and finishes on its own).
pub fn alongside<T>(
    search: bool,
    language: &str,
    records: Vec<Record>,
    work: impl FnOnce() -> crate::Result<T>,
) -> crate::Result<(T, Option<Indexed>)> {
    let language = language.to_string();
    let index = search.then(|| std::thread::spawn(move || build(records, &language)));
    let done = work()?;
    let indexed = index.map(|handle| {
        handle.join().unwrap_or_else(|_| {
            Err(crate::error::Error::msg(crate::t!(
                "search-indexer-crashed"
            )))
        })
    });
    Ok((done, indexed.transpose()?))
}

/// Hands a new index's files to `sink`, kept in `cache` first and linked from there when it is
/// given and every page went in (a cache that cannot be written is only a slower next build);
/// returns how many files there were.
pub fn put_keeping(
    indexed: &mut Indexed,
    cache: Option<&Cache>,
    sink: &dyn crate::output::Sink,
) -> crate::Result<usize> {
    let files = std::mem::take(&mut indexed.files);
    let kept = cache
        .filter(|_| indexed.refused == 0)
        .and_then(|c| c.keep(&files).ok());
    match kept {
        Some(linked) => link(linked, sink),
        None => put(files, sink),
    }
}

/// Hands `sink` the index files kept in the cache (output path, file); returns how many.
pub fn link(files: Vec<(String, PathBuf)>, sink: &dyn crate::output::Sink) -> crate::Result<usize> {
    let count = files.len();
    for (path, file) in files {
        sink.put(&path, crate::output::OutFile::Copy(file))?;
    }
    Ok(count)
}

/// Hands the index's files to `sink`; returns how many there were.
pub fn put(files: Vec<(String, Vec<u8>)>, sink: &dyn crate::output::Sink) -> crate::Result<usize> {
    let count = files.len();
    for (path, bytes) in files {
        sink.put(&path, crate::output::OutFile::Bytes(bytes.into()))?;
    }
    Ok(count)
}

/// Whether a page belongs in the index: published (not a draft, not dated after `today`) and
/// not opted out with `search: false`.
pub fn is_searchable(page: &Page, today: NaiveDate) -> bool {
    let meta = &page.meta;
    let scheduled = meta.date.as_ref().is_some_and(|d| d.date() > today);
    !meta.draft && !scheduled && !meta.no_search
}

/// The records of every page the index holds, in the site's page order. Reads the Markdown
/// bodies, so it runs before [`Site::drop_sources`].
pub fn records(site: &Site, today: NaiveDate) -> Vec<Record> {
    if !site.config.search {
        return Vec::new();
    }
    site.pages
        .par_iter()
        .filter(|p| is_searchable(p, today))
        .map(|p| record(&site.config, &site.sections[p.section].title, p))
        .collect()
}

/// What indexing a build needs of it, taken on the preview's build thread (the pages to index
/// and their sections' titles, shared with the build where they can be) so that the records
/// are made, and the index built, in the background ([`Pending::records`]).
pub struct Pending {
    config: Config,
    pages: Vec<(Page, String)>,
}

impl Pending {
    /// The pages of `site` to index on `today`; `None` when the site has no search.
    pub fn of(site: &Site, today: NaiveDate) -> Option<Pending> {
        if !site.config.search {
            return None;
        }
        let pages = site
            .pages
            .par_iter()
            .filter(|p| is_searchable(p, today))
            .map(|p| (p.clone(), site.sections[p.section].title.clone()))
            .collect();
        Some(Pending {
            config: site.config.clone(),
            pages,
        })
    }

    /// The records, as [`records`] makes them.
    pub fn records(&self) -> Vec<Record> {
        self.pages
            .par_iter()
            .map(|(page, section)| record(&self.config, section, page))
            .collect()
    }

    /// The site's language code.
    pub fn language(&self) -> &str {
        &self.config.language
    }
}

fn record(config: &Config, section: &str, page: &Page) -> Record {
    let meta = &page.meta;
    let mut text = String::with_capacity(page.file.body().len());
    text::push_sentence(&meta.title, &mut text);
    if let Some(description) = &meta.description {
        text::push_sentence(description, &mut text);
    }
    text::push_plain(page.file.body(), &mut text);
    let truncated = text::truncate(&mut text, MAX_TEXT);
    let day = meta.date.as_ref().map(super::text::dates::When::date);
    Record {
        source: page.file.shown.clone(),
        url: format!("/{}", page.path),
        title: meta.title.clone(),
        text,
        date: day.map(|d| d.format("%Y-%m-%d").to_string()),
        date_shown: day.map(|d| {
            crate::text::dates::format_date(d, config.lang, crate::text::dates::DateStyle::Long)
        }),
        section: section.to_string(),
        tags: meta.taxonomies.get("tags").cloned().unwrap_or_default(),
        cover: meta.cover.as_ref().map(|c| {
            let src = crate::render::view::asset_url(config, page, &c.src);
            (src, c.alt.clone())
        }),
        truncated,
    }
}

#[cfg(test)]
mod tests;
