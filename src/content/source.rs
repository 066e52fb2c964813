//! Reading and parsing content files, in parallel.
//!
//! In: the classified [`Entry`] list. Out: one [`Parsed`] per section and page (front matter
//! checked), plus every error and warning found — one bad file does not hide the others.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use ahash::AHashMap;
use rayon::prelude::*;

use super::frontmatter::{self, PageMeta, SectionMeta};
use super::matter::Matter;
use super::walk::{Entry, Kind};
use super::SourceFile;
use crate::config::Config;
use crate::error::Diagnostic;
use crate::progress::{Progress, Stage};
use crate::text::dates::When;

/// A content file, read and parsed.
#[derive(Clone)]
pub enum Parsed {
    /// A page (`bundle` when it is a bundle's `index.md`).
    Page(SourceFile, Arc<PageMeta>, bool),
    /// A section's `_index.md`.
    Section(SourceFile, SectionMeta),
}

/// What reading produced: the files that parsed, the errors and the warnings.
#[derive(Default)]
pub struct Loaded {
    /// Parsed files, in path order.
    pub parsed: Vec<Parsed>,
    /// Errors, one or more per bad file.
    pub errors: Vec<Diagnostic>,
    /// Warnings (unknown keys, vanished files).
    pub warnings: Vec<Diagnostic>,
}

/// A file's parse result, kept between two loads by the preview.
pub type CachedParse = (Kind, Option<Parsed>, Vec<Diagnostic>);

/// Reads and parses every section and page of `entries`, reusing what `cache` holds for a
/// path (the caller removes the entries of changed files) and storing what it reads; without
/// a cache (`ruche build`), nothing read is kept.
pub fn read_all(
    config: &Config,
    entries: &[Entry],
    mut cache: Option<&mut AHashMap<PathBuf, CachedParse>>,
    progress: &Progress,
) -> Loaded {
    let old = cache.as_deref();
    let is_content = |e: &&Entry| matches!(e.kind, Kind::Section | Kind::Page { .. });
    progress.start(Stage::Reading, entries.iter().filter(is_content).count());
    let results: Vec<(CachedParse, bool)> = entries
        .par_iter()
        .filter(is_content)
        .inspect(|_| progress.step())
        .map(|e| {
            match old
                .and_then(|old| old.get(&e.path))
                .filter(|c| c.0 == e.kind)
            {
                Some(cached) => (cached.clone(), false),
                None => {
                    let mut diags = Vec::new();
                    let parsed = read_one(config, e, &mut diags)
                        .map_err(|d| diags.push(d))
                        .ok()
                        .flatten();
                    ((e.kind.clone(), parsed, diags), true)
                }
            }
        })
        .collect();
    if let Some(cache) = cache.as_deref_mut() {
        let listed: ahash::AHashSet<&PathBuf> = entries.iter().map(|e| &e.path).collect();
        cache.retain(|path, _| listed.contains(path));
    }
    let mut loaded = Loaded {
        parsed: Vec::with_capacity(results.len()),
        ..Loaded::default()
    };
    for link in entries.iter().filter(|e| e.kind == Kind::Link) {
        loaded.warnings.push(
            Diagnostic::error(
                Path::new("content").join(&link.rel),
                crate::t!("content-symlink-skipped"),
            )
            .warning()
            .hint(crate::t!("content-symlink-skipped-hint")),
        );
    }
    loaded.warnings.extend(unpublished_warnings(entries));
    loaded.errors.extend(second_section_files(entries));
    let read = entries.iter().filter(is_content).zip(results);
    for (entry, ((kind, parsed, diags), fresh)) in read {
        for d in &diags {
            match d.severity {
                crate::error::Severity::Error => loaded.errors.push(d.clone()),
                crate::error::Severity::Warning => loaded.warnings.push(d.clone()),
            }
        }
        // A parse from the cache is already a copy: only a fresh one is copied into it.
        if let (Some(cache), true) = (cache.as_deref_mut(), fresh) {
            cache.insert(entry.path.clone(), (kind, parsed.clone(), diags));
        }
        loaded.parsed.extend(parsed);
    }
    loaded
}

/// A warning for each Markdown file inside a bundle's folder: it is neither a page nor copied.
fn unpublished_warnings(entries: &[Entry]) -> impl Iterator<Item = Diagnostic> + '_ {
    entries.iter().filter_map(|e| {
        let Kind::Unpublished { owner } = &e.kind else {
            return None;
        };
        let folder = owner.rsplit_once('/').map_or("", |(dir, _)| dir);
        Some(
            Diagnostic::error(
                Path::new("content").join(&e.rel),
                crate::t!("content-markdown-in-bundle", owner = owner),
            )
            .warning()
            .hint(crate::t!(
                "content-markdown-in-bundle-hint",
                folder = folder
            )),
        )
    })
}

/// An error for each section file after the first of its folder (`_index.md` and
/// `_index.markdown` side by side): one folder is one section, and which file holds its front
/// matter must not depend on their order. The later file is left out.
fn second_section_files(entries: &[Entry]) -> Vec<Diagnostic> {
    let mut seen: AHashMap<&str, &str> = AHashMap::new();
    let mut errors = Vec::new();
    for e in entries.iter().filter(|e| e.kind == Kind::Section) {
        let folder = e.rel.rsplit_once('/').map_or("", |(dir, _)| dir);
        if let Some(first) = seen.insert(folder, &e.rel) {
            seen.insert(folder, first);
            errors.push(
                Diagnostic::error(
                    Path::new("content").join(&e.rel),
                    crate::t!("content-two-section-files", first = first),
                )
                .hint(crate::t!("content-two-section-files-hint")),
            );
        }
    }
    errors
}

/// Reads one file; `Ok(None)` when it vanished since the folder was listed.
pub fn read_one(
    config: &Config,
    entry: &Entry,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Option<Parsed>, Diagnostic> {
    let shown = Path::new("content").join(&entry.rel);
    let text = match read_text(&entry.path, &shown)? {
        Some(text) => text,
        None => {
            warnings.push(
                Diagnostic::error(&shown, crate::t!("content-deleted-while-building")).warning(),
            );
            return Ok(None);
        }
    };
    let split = frontmatter::split(&shown, &text, &text)?;
    let (body_start, body_line) = (split.body_start, split.body_line);
    let yaml = Matter {
        text: split.text,
        format: split.format,
        file: &shown,
        source: &text,
        line_offset: 1,
    };
    let file = |meta_text: &Arc<str>| SourceFile {
        path: entry.path.clone(),
        shown: shown.clone(),
        rel: entry.rel.clone(),
        text: meta_text.clone(),
        body_start,
        body_line,
        generation: SourceFile::next_generation(),
    };
    Ok(Some(match entry.kind {
        Kind::Section => Parsed::Section(file(&text), frontmatter::parse_section(&yaml, warnings)?),
        Kind::Page { bundle } => {
            let meta = frontmatter::parse_page(&yaml, &config.taxonomies, warnings)?;
            Parsed::Page(
                file(&text),
                Arc::new(settle(config, meta, &entry.rel, bundle)),
                bundle,
            )
        }
        _ => return Ok(None),
    }))
}

/// What a page's front matter leaves implicit, decided once at parse time so that the parse
/// can be cached as is: the date from a `YYYY-MM-DD-` name, dates with an offset moved to the
/// site's `timezone` (a CMS's `2023-12-04T23:00:00Z` is 5 December in Paris), and the
/// body's typography in the title and description (curled quotes; French spacing on a
/// French site).
fn settle(config: &Config, mut meta: PageMeta, rel: &str, bundle: bool) -> PageMeta {
    if meta.date.is_none() {
        let (_, name) = super::tree::page_dir_and_name(rel, bundle);
        meta.date = crate::text::dates::parse_date_prefix(&name)
            .map(|(d, _)| crate::text::dates::When::Date(d));
        meta.date_from_name = meta.date.is_some();
    }
    if let Some(tz) = config.timezone {
        let shift = |when: &mut When| {
            if let When::Zoned(dt) = when {
                *dt = dt.with_timezone(&tz).fixed_offset();
            }
        };
        meta.date
            .iter_mut()
            .chain(meta.updated.iter_mut())
            .for_each(shift);
        if let Some(event) = meta.event.as_mut() {
            shift(&mut event.start);
            event.end.iter_mut().for_each(shift);
        }
    }
    let typeset = |text: &mut String| {
        *text = crate::text::typography::title(text, config.french_typography);
    };
    typeset(&mut meta.title);
    if let Some(d) = meta.description.as_mut() {
        typeset(d);
    }
    meta
}

/// The file's text; `None` if it no longer exists; an error if it is not UTF-8 text.
fn read_text(path: &PathBuf, shown: &Path) -> Result<Option<Arc<str>>, Diagnostic> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(Diagnostic::error(
                shown,
                crate::t!("content-unreadable", reason = crate::error::io_reason(&e)),
            )
            .hint(crate::t!("content-unreadable-hint")))
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Some(Arc::from(text))),
        Err(e) => {
            let bytes = e.as_bytes();
            let valid = &bytes[..e.utf8_error().valid_up_to()];
            // Notepad's "Unicode" is UTF-16: say so, since the first byte is all a person sees.
            let what = if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
                crate::t!("content-utf16")
            } else {
                crate::t!("content-not-utf8")
            };
            let valid = std::str::from_utf8(valid).unwrap_or_default();
            let line = valid.matches('\n').count() + 1;
            let column = valid.chars().rev().take_while(|c| *c != '\n').count() + 1;
            // The text as far as it can be read, so the line with the bad byte (shown as �)
            // appears under the message.
            let lossy: Arc<str> = Arc::from(String::from_utf8_lossy(bytes).into_owned());
            Err(Diagnostic::error(shown, what)
                .at(line, column)
                .with_source(lossy)
                .hint(crate::t!("content-not-utf8-hint")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> Result<Option<Arc<str>>, Diagnostic> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, bytes).unwrap();
        read_text(&path, Path::new("content/a.md"))
    }

    #[test]
    fn a_latin1_byte_is_pointed_at_in_characters_with_its_line_shown() {
        let mut bytes = "---\ntitle: A\n---\nÉté : caf".as_bytes().to_vec();
        bytes.extend_from_slice(b"\xe9 noir\n");
        let err = read(&bytes).unwrap_err();
        assert_eq!((err.line, err.column), (4, 10), "{err}");
        assert_eq!(err.source_line(), Some("Été : caf\u{fffd} noir"));
        assert!(err.message.contains("not UTF-8"));
    }

    #[test]
    fn utf16_is_named_and_a_vanished_file_is_none() {
        let err = read(&[0xFF, 0xFE, b'-', 0, b'-', 0]).unwrap_err();
        assert!(err.message.contains("UTF-16"), "{err}");
        let dir = tempfile::tempdir().unwrap();
        let gone = read_text(&dir.path().join("gone.md"), Path::new("content/gone.md"));
        assert!(matches!(gone, Ok(None)));
    }
}
