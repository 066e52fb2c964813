//! Finding the site's content files with walkdir.
//!
//! In: the `content/` folder. Out: every file classified as a section (`_index.md`), a page
//! (`x.md`, or a bundle's `index.md`), a bundle's own file, or a plain file to copy — with its
//! path relative to `content/` using `/`. Hidden files and editor leftovers are skipped;
//! symbolic links are listed as [`Kind::Link`] but never followed, since a link could point
//! outside the site (or at itself, in a loop): loading reports each one as a warning.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::error::{Diagnostic, Error, Result};
use crate::names::{self, is_ignored, is_markdown};

/// What a content file is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// `_index.md`: the section of its folder.
    Section,
    /// A page: `x.md` (or `.markdown`, `.mdown`, `.mkd`, in any case), or `index.md` of a
    /// bundle (`bundle` is then true).
    Page {
        /// The page is a bundle's `index.md`.
        bundle: bool,
    },
    /// A file inside a bundle folder, copied beside the page; `owner` is the bundle's `index.md`.
    Asset {
        /// Relative path of the bundle's `index.md`.
        owner: String,
    },
    /// A Markdown file inside a bundle's folder other than its `index.md`: not a page (the
    /// folder is its page's) and never copied, since no source file may be published; loading
    /// reports it as a warning.
    Unpublished {
        /// Relative path of the bundle's `index.md`.
        owner: String,
    },
    /// Any other file, copied as is.
    File,
    /// A symbolic link, not followed: skipped with a warning.
    Link,
}

/// One file under `content/`.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Absolute path.
    pub path: PathBuf,
    /// Path relative to `content/`, with `/`.
    pub rel: String,
    /// What it is.
    pub kind: Kind,
}

/// Lists and classifies every file under `content_dir`, sorted by path.
pub fn walk(content_dir: &Path) -> Result<Vec<Entry>> {
    if !content_dir.is_dir() {
        return Err(Diagnostic::error("content", crate::t!("content-no-folder"))
            .hint(crate::t!("content-no-folder-hint"))
            .into());
    }
    // The top level here, then its folders in parallel: walkdir reads one folder at a time.
    let mut top = Found::default();
    let mut folders = Vec::new();
    list(
        content_dir,
        WalkDir::new(content_dir).max_depth(1),
        &mut top,
        Some(&mut folders),
    )?;
    folders.sort();
    let below: Vec<Result<Found>> = folders
        .par_iter()
        .map(|dir| {
            let mut found = Found::default();
            list(content_dir, WalkDir::new(dir), &mut found, None)?;
            Ok(found)
        })
        .collect();
    let (mut files, mut links) = (top.files, top.links);
    // In the folders' order, so that of two unreadable folders the same one is named every time.
    for found in below {
        let found = found?;
        files.extend(found.files);
        links.extend(found.links);
    }
    let mut entries = classify(files);
    entries.extend(links);
    // The order of their paths, folder by folder (`a/b` before `a-b`): the relative names
    // with `/` made the smallest character (no file name holds a NUL) compare byte by byte
    // in that order. Comparing `Path`s parses both at every comparison.
    entries.sort_by_cached_key(|e| e.rel.replace('/', "\0"));
    Ok(entries)
}

/// Files (absolute and relative paths) and symbolic links found by [`list`].
#[derive(Default)]
struct Found {
    files: Vec<(PathBuf, String)>,
    links: Vec<Entry>,
}

/// Adds what `walker` finds under `content_dir` to `found`, skipping ignored names and the
/// walk's own root; with `folders`, the folders found are put there instead of entered.
fn list(
    content_dir: &Path,
    walker: WalkDir,
    found: &mut Found,
    mut folders: Option<&mut Vec<PathBuf>>,
) -> Result<()> {
    let walker = walker
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(content_dir).to_path_buf();
            let reason = e
                .io_error()
                .map_or_else(|| e.to_string(), crate::error::io_reason);
            Error::msg(crate::t!("io-could-not-read", path = path, reason = reason))
        })?;
        if entry.depth() == 0 {
            continue;
        }
        if entry.path_is_symlink() {
            let rel = relative(content_dir, entry.path());
            found.links.push(Entry {
                path: entry.into_path(),
                rel,
                kind: Kind::Link,
            });
        } else if entry.file_type().is_file() {
            let rel = relative(content_dir, entry.path());
            found.files.push((entry.into_path(), rel));
        } else if let Some(folders) = folders
            .as_deref_mut()
            .filter(|_| entry.file_type().is_dir())
        {
            folders.push(entry.into_path());
        }
    }
    Ok(())
}

fn relative(base: &Path, path: &Path) -> String {
    if std::path::MAIN_SEPARATOR == '/' {
        // walkdir's paths are `base` joined with the rest, already written with `/`: no need
        // to take them apart component by component.
        let (base, full) = (
            base.as_os_str().as_encoded_bytes(),
            path.as_os_str().as_encoded_bytes(),
        );
        if let Some(rest) = full.strip_prefix(base) {
            let rest = rest.strip_prefix(b"/").unwrap_or(rest);
            return String::from_utf8_lossy(rest).into_owned();
        }
    }
    let rel = path.strip_prefix(base).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn classify(files: Vec<(PathBuf, String)>) -> Vec<Entry> {
    // A folder holding an `index.md` is a bundle: everything below it belongs to that page.
    let bundles: std::collections::HashMap<String, String> = files
        .iter()
        .filter_map(|(_, rel)| {
            let dir = names::bundle_dir(rel)?;
            (!dir.is_empty()).then(|| (dir.to_string(), rel.clone()))
        })
        .collect();
    files
        .into_iter()
        .map(|(path, rel)| {
            let name = rel.rsplit('/').next().unwrap_or(&rel);
            // The deepest folder above the file that is a bundle (ancestors, not every bundle:
            // a site of 10,000 bundles would otherwise cost 10,000² comparisons).
            let owner = rel
                .match_indices('/')
                .filter_map(|(i, _)| Some((i, bundles.get(&rel[..=i])?)))
                .max_by_key(|(i, _)| *i)
                .map(|(_, index)| index);
            let kind = match owner {
                Some(index) if *index == rel => Kind::Page { bundle: true },
                Some(index) if is_markdown(name) => Kind::Unpublished {
                    owner: index.clone(),
                },
                Some(index) => Kind::Asset {
                    owner: index.clone(),
                },
                None if names::is_section_index(name) => Kind::Section,
                None if is_markdown(name) => Kind::Page { bundle: false },
                None => Kind::File,
            };
            Entry { path, rel, kind }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundles_own_their_files_and_sections_are_index_files() {
        let files = [
            "_index.md",
            "actualites/_index.md",
            "actualites/2025-07-01-b/index.md",
            "actualites/2025-07-01-b/salle.jpg",
            "actualites/2025-07-01-b/img/x.png",
            "actualites/c.md",
            "actualites/Compte rendu.MD",
            "doc.pdf",
        ];
        let entries = classify(
            files
                .iter()
                .map(|f| (PathBuf::from(f), f.to_string()))
                .collect(),
        );
        let kinds: Vec<Kind> = entries.into_iter().map(|e| e.kind).collect();
        let owner = || Kind::Asset {
            owner: "actualites/2025-07-01-b/index.md".into(),
        };
        assert_eq!(
            kinds,
            vec![
                Kind::Section,
                Kind::Section,
                Kind::Page { bundle: true },
                owner(),
                owner(),
                Kind::Page { bundle: false },
                Kind::Page { bundle: false },
                Kind::File
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_are_listed_as_links_in_path_order() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path();
        std::fs::create_dir(content.join("a")).unwrap();
        std::fs::write(content.join("a/page.md"), "x").unwrap();
        std::os::unix::fs::symlink(".", content.join("a/boucle")).unwrap();
        std::os::unix::fs::symlink("/etc/passwd", content.join("b.md")).unwrap();
        let entries = walk(content).unwrap();
        let listed: Vec<(&str, &Kind)> =
            entries.iter().map(|e| (e.rel.as_str(), &e.kind)).collect();
        assert_eq!(
            listed,
            vec![
                ("a/boucle", &Kind::Link),
                ("a/page.md", &Kind::Page { bundle: false }),
                ("b.md", &Kind::Link),
            ]
        );
    }

    #[test]
    fn entries_come_in_the_order_of_their_paths_folder_by_folder() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path();
        let names = [
            "a-b.md",
            "a.md",
            "a/b.md",
            "a/c/index.md",
            "a/c/z.jpg",
            "b.md",
            "é.md",
        ];
        for name in names.iter().rev() {
            let path = content.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let listed: Vec<std::path::PathBuf> =
            walk(content).unwrap().into_iter().map(|e| e.path).collect();
        let mut by_path = listed.clone();
        by_path.sort();
        assert_eq!(listed, by_path);
        assert_eq!(
            listed[0],
            content.join("a/b.md"),
            "a folder's files before `a-b`"
        );
    }
}
