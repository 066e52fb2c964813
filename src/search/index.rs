//! Records → the files of a Pagefind index, through Pagefind's Rust API.
//!
//! In: [`Record`]s and the site's language. Out: every file of the index (the word and
//! fragment chunks, the filters, Pagefind's JavaScript, its WebAssembly and its UI) with its
//! output path under `pagefind/`, and a warning naming each page Pagefind could not index.
//! Pagefind's API is async (it runs on tokio); a runtime on the calling thread drives it, so
//! callers stay plain functions.

use std::collections::BTreeMap;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use super::{Record, INDEX_DIR};
use crate::error::{Diagnostic, Error, Result};
use crate::t;

/// An index made.
#[derive(Debug, Default)]
pub struct Indexed {
    /// Each file: output path (`pagefind/pagefind.js`) and bytes.
    pub files: Vec<(String, Vec<u8>)>,
    /// How many pages the index holds.
    pub pages: usize,
    /// The pages left out, each named.
    pub warnings: Vec<Diagnostic>,
    /// How many pages Pagefind itself refused (each with a warning): such an index is not
    /// kept in the cache, so that the next build tries them again.
    pub refused: usize,
}

/// What a record's text says before Pagefind sees it: a page with no word is left out, a page
/// cut at [`super::MAX_TEXT`] is kept; each with its warning.
enum Precheck {
    Skip(Diagnostic),
    Keep(Option<Diagnostic>),
}

fn precheck(record: &Record) -> Precheck {
    // Pagefind keeps only letters and digits of a word: a page with none would be dropped
    // from the index without a word.
    if !record.text.chars().any(char::is_alphanumeric) {
        return Precheck::Skip(
            Diagnostic::error(&record.source, t!("search-no-words"))
                .warning()
                .hint(t!("search-no-words-hint")),
        );
    }
    Precheck::Keep(record.truncated.then(|| {
        let kilobytes = super::MAX_TEXT / 1024;
        Diagnostic::error(&record.source, t!("search-too-long", kilobytes = kilobytes))
            .warning()
            .hint(t!("search-too-long-hint"))
    }))
}

/// The pages count and warnings of an index of `records` made before (the files are in
/// [`super::Cache`]).
pub fn reused(records: &[Record]) -> Indexed {
    let mut indexed = Indexed::default();
    for record in records {
        match precheck(record) {
            Precheck::Skip(w) => indexed.warnings.push(w),
            Precheck::Keep(w) => {
                indexed.pages += 1;
                indexed.warnings.extend(w);
            }
        }
    }
    indexed
}

/// Indexes `records` with stemming for `language` (a BCP 47 code such as `fr` or `fr-BE`).
/// A page Pagefind refuses, or that has no word to index, is a warning, never an error; only
/// a failure of Pagefind itself (no runtime, no index) fails.
pub fn build(records: Vec<Record>, language: &str) -> Result<Indexed> {
    without_huge_pages();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| Error::msg(t!("search-indexer-failed", reason = e.to_string())))?;
    runtime.block_on(build_async(records, language))
}

/// Asks Linux not to give this process transparent huge pages from now on. Pagefind allocates
/// and frees some 1.8 GB at 10,000 articles; with huge pages the kernel cleared a 2 MiB page
/// for many of mimalloc's fresh 64 KiB ones (`perf`: `clear_page_erms` under
/// `do_huge_pmd_anonymous_page`, 29 % of a build's samples), and the build took 10.8 s
/// instead of 8.0 s (docs/benchmarks.md). The flag is the process's: the pages rendered beside
/// the index do without huge pages too, inside that faster build; a build without search never
/// sets it (huge pages make it some 8 % faster).
fn without_huge_pages() {
    #[cfg(target_os = "linux")]
    {
        // A kernel without the flag (before 3.15) only keeps the huge pages: nothing to report.
        let _ = rustix::thread::disable_transparent_huge_pages(true);
    }
}

async fn build_async(records: Vec<Record>, language: &str) -> Result<Indexed> {
    let language = language.to_lowercase();
    // Every page is in the site's language, whatever Pagefind would guess.
    let options = PagefindServiceConfig::builder()
        .force_language(language.clone())
        .build();
    let mut index = PagefindIndex::new(Some(options)).map_err(failed)?;
    let mut indexed = Indexed::default();
    for record in records {
        match precheck(&record) {
            Precheck::Skip(w) => {
                indexed.warnings.push(w);
                continue;
            }
            Precheck::Keep(w) => indexed.warnings.extend(w),
        }
        let source = record.source.clone();
        let (meta, filters, sort) = fields(&record);
        let added = index
            .add_custom_record(
                record.url,
                record.text,
                language.clone(),
                Some(meta),
                Some(filters),
                Some(sort),
            )
            .await;
        match added {
            Ok(_) => indexed.pages += 1,
            Err(e) => {
                indexed.refused += 1;
                indexed.warnings.push(
                    Diagnostic::error(&source, t!("search-page-failed", reason = e.to_string()))
                        .warning()
                        .hint(t!("search-page-failed-hint")),
                );
            }
        }
    }
    let files = index.get_files().await.map_err(failed)?;
    indexed.files = files
        .into_iter()
        .map(|f| {
            let rel = f
                .filename
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            (format!("{INDEX_DIR}/{rel}"), f.contents)
        })
        .collect();
    indexed.files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(indexed)
}

fn failed(e: impl std::fmt::Display) -> Error {
    Error::msg(t!("search-index-failed", reason = e.to_string()))
}

type Fields = (
    BTreeMap<String, String>,
    BTreeMap<String, Vec<String>>,
    BTreeMap<String, String>,
);

/// A record's metadata (shown in a result), filters and sort keys, in Pagefind's names.
fn fields(record: &Record) -> Fields {
    let mut meta = BTreeMap::from([("title".to_string(), record.title.clone())]);
    let mut sort = BTreeMap::new();
    if let (Some(date), Some(shown)) = (&record.date, &record.date_shown) {
        meta.insert("date".into(), shown.clone());
        // The machine-readable day, for the result's `<time datetime>`.
        meta.insert("datetime".into(), date.clone());
        sort.insert("date".into(), date.clone());
    }
    if let Some((src, alt)) = &record.cover {
        meta.insert("image".into(), src.clone());
        meta.insert("image_alt".into(), alt.clone());
    }
    let mut filters = BTreeMap::from([("section".to_string(), vec![record.section.clone()])]);
    if !record.tags.is_empty() {
        filters.insert("tags".into(), record.tags.clone());
    }
    (meta, filters, sort)
}
