//! Hugo, Zola and bare folders of Markdown: what their `content/` holds, read into a
//! [`Source`].
//!
//! In: the site's root folder. Out: its settings (from `config.toml`, `hugo.toml`,
//! `hugo.yaml`, `config.yaml`), its sections (`_index.md`) and pages (`x.md`, bundles
//! `x/index.md` with their files), each page with the address it had: Hugo's `url`, its
//! section's `[permalinks]` pattern or `/section/slug/`; Zola's `path` or `/section/slug/`.
//! A file that cannot be read is a note; the others are still read.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};
use walkdir::WalkDir;

use super::front::{self, translate};
use super::model::{Doc, SectionDoc, Source, Syntax};
use super::permalink::{self, Facts};
use super::report::{Note, What};
use crate::text::dates::parse_date_prefix;
use crate::text::slug::slugify;

/// Which generator a folder comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    /// Hugo.
    Hugo,
    /// Zola.
    Zola,
    /// A bare folder of Markdown files.
    Folder,
}

impl Flavour {
    /// The syntax its bodies are written in (a bare folder's posts often come from Jekyll).
    fn syntax(self) -> Syntax {
        match self {
            Flavour::Hugo => Syntax::Hugo,
            Flavour::Zola => Syntax::Zola,
            Flavour::Folder => Syntax::Liquid,
        }
    }
}

/// Whether a file name is Markdown (`.md`, `.markdown`, `.mdown`, `.mkd`, any case).
pub fn is_markdown(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "md" | "markdown" | "mdown" | "mkd"
        )
    })
}

/// Reads a configuration file (TOML or YAML) as a map; `None` when absent or unreadable (a
/// note says which).
pub fn read_config(path: &Path, notes: &mut Vec<Note>) -> Option<Map<String, Value>> {
    let text = std::fs::read_to_string(path).ok()?;
    let yaml = matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    );
    let fenced = if yaml {
        format!("---\n{text}\n---\n")
    } else {
        format!("+++\n{text}\n+++\n")
    };
    match front::split(path, &fenced) {
        Ok(split) => Some(split.keys),
        Err(d) => {
            notes.push(Note::new(
                path,
                d.line.saturating_sub(1),
                What::Unreadable(d.message),
            ));
            None
        }
    }
}

/// Text of `key` in a map.
pub fn text(map: &Map<String, Value>, key: &str) -> Option<String> {
    map.get(key).and_then(Value::as_str).map(str::to_string)
}

/// Every Markdown file under `dir`, in a stable order, skipping hidden and `_`-prefixed
/// folders when `skip_underscore` (Jekyll's own folders).
pub fn markdown_files(dir: &Path, skip_underscore: bool) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0
                || !(name.starts_with('.')
                    || (skip_underscore && e.file_type().is_dir() && name.starts_with('_'))
                    || matches!(
                        name.as_ref(),
                        "node_modules" | "vendor" | "_site" | "public"
                    ))
        })
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && is_markdown(e.path()))
        .map(walkdir::DirEntry::into_path)
        .collect();
    files.sort();
    files
}

/// `path` relative to `root`, with `/`.
pub fn rel(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// How a folder's pages are placed and which addresses they had.
pub struct Rules<'a> {
    /// The generator.
    pub flavour: Flavour,
    /// The section that holds a bare folder's pages.
    pub posts_section: &'a str,
    /// A Jekyll-style pattern for a bare folder's old addresses (`--permalink`).
    pub pattern: Option<&'a str>,
    /// Hugo's `[permalinks]`: section → pattern.
    pub permalinks: Map<String, Value>,
}

/// Reads a Hugo or Zola site's `content/`, or a bare folder, into `src`.
pub fn read(root: &Path, rules: &Rules<'_>, src: &mut Source) {
    let content = match rules.flavour {
        Flavour::Folder => root.to_path_buf(),
        _ => root.join("content"),
    };
    for path in markdown_files(&content, rules.flavour == Flavour::Folder) {
        let shown = rel(root, &path);
        let Some(text) = read_text(&path, &shown, &mut src.notes) else {
            continue;
        };
        let split = match front::split(Path::new(&shown), &text) {
            Ok(s) => s,
            Err(d) => {
                src.notes
                    .push(Note::new(&shown, d.line, What::Unreadable(d.message)));
                continue;
            }
        };
        let in_content = rel(&content, &path);
        let (dir, file) = in_content.rsplit_once('/').unwrap_or(("", &in_content));
        let stem = file.rsplit_once('.').map_or(file, |(s, _)| s).to_string();
        let section = match rules.flavour {
            Flavour::Folder => join(rules.posts_section, dir),
            _ => dir.to_string(),
        };
        if stem == "_index" || (stem == "index" && dir.is_empty()) {
            let (front, _) = translate(split.keys, &title_of_dir(&section));
            src.sections.push(SectionDoc {
                dir: section,
                title: front.title,
                description: front.description,
                body: split.body.to_string(),
                syntax: rules.flavour.syntax(),
                origin: shown,
                source_dir: path.parent().map(Path::to_path_buf),
            });
            continue;
        }
        let (section, name) = match stem.as_str() {
            "index" => match section.rsplit_once('/') {
                Some((parent, folder)) => (parent.to_string(), folder.to_string()),
                None => (String::new(), section.clone()),
            },
            _ => (section, stem.clone()),
        };
        let page = Page {
            shown,
            in_content,
            section,
            name,
            bundle: stem == "index",
        };
        src.docs.push(page.doc(&path, split, rules, &mut src.notes));
    }
}

/// A file's text (bytes that are not UTF-8 replaced, as editors show them), or a note.
pub fn read_text(path: &Path, shown: &str, notes: &mut Vec<Note>) -> Option<String> {
    match std::fs::read(path) {
        Ok(bytes) => Some(String::from_utf8_lossy(&bytes).into_owned()),
        Err(e) => {
            notes.push(Note::new(shown, 0, What::Unreadable(e.to_string())));
            None
        }
    }
}

/// Where one page file sits.
struct Page {
    shown: String,
    in_content: String,
    section: String,
    name: String,
    bundle: bool,
}

impl Page {
    fn doc(
        self,
        path: &Path,
        split: front::Split<'_>,
        rules: &Rules<'_>,
        notes: &mut Vec<Note>,
    ) -> Doc {
        let (mut front, found) = translate(split.keys, &title_of_dir(&self.name));
        if front.date.is_none() {
            front.date = parse_date_prefix(&self.name).map(|(d, _)| d.to_string());
        }
        if let Some(bad) = &found.bad_date {
            notes.push(Note::new(&self.shown, 1, What::BadDate(bad.clone())));
        }
        let facts = Facts::of(&front, &self.name, &self.section);
        let mut old_urls = found.aliases.clone();
        old_urls.extend(self.old_url(rules, found.permalink.as_deref(), &facts));
        let dir = path.parent().map(Path::to_path_buf);
        let bundle_files = match (&dir, self.bundle) {
            (Some(d), true) => bundle_files_of(d),
            _ => Vec::new(),
        };
        let mut doc = Doc {
            origin: self.shown,
            body_line: split.body_line,
            keys: vec![self.in_content.clone(), self.name.clone()],
            section: self.section,
            name: self.name,
            front,
            body: split.body.to_string(),
            syntax: rules.flavour.syntax(),
            old_urls,
            dir,
            bundle_files,
            attachments: Vec::new(),
            converted: 0,
        };
        if let (Flavour::Folder, Some(pattern)) = (rules.flavour, rules.pattern) {
            super::jekyll::push_file_date_url(&mut doc, pattern, facts);
        }
        doc
    }

    /// The address the page had: its own (`url`, `path`), else its generator's rule.
    fn old_url(&self, rules: &Rules<'_>, own: Option<&str>, facts: &Facts) -> Option<String> {
        let top = self.section.split('/').next().unwrap_or("");
        match (rules.flavour, own) {
            (Flavour::Folder, _) => rules.pattern.map(|p| permalink::jekyll(p, facts)),
            (_, Some(own)) => Some(format!("/{}", own.trim_start_matches('/'))),
            (Flavour::Hugo, None) => {
                Some(match rules.permalinks.get(top).and_then(Value::as_str) {
                    Some(p) => permalink::hugo(p, facts),
                    None => hugo_default(&self.section, facts),
                })
            }
            (Flavour::Zola, None) => Some(zola_default(&self.section, facts)),
        }
    }
}

/// `a` and `b` joined by `/`, either may be empty.
pub fn join(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a}/{b}"),
    }
}

/// Hugo's default: `/section/slug-or-file-name/`, lowercased.
fn hugo_default(section: &str, f: &Facts) -> String {
    let last = f.slug.clone().unwrap_or_else(|| f.name.clone());
    format!("/{}/", join(section, &last))
        .replace("//", "/")
        .to_lowercase()
}

/// Zola's default: `/section/slug/`, the slug made from `slug` or the file name.
fn zola_default(section: &str, f: &Facts) -> String {
    let last = slugify(f.slug.as_deref().unwrap_or(&f.name));
    format!("/{}/", join(section, &last)).replace("//", "/")
}

/// A bundle's files besides its Markdown, in a stable order.
fn bundle_files_of(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = WalkDir::new(dir)
        .max_depth(3)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_type().is_file()
                && !is_markdown(e.path())
                && !e.file_name().to_string_lossy().starts_with('.')
        })
        .map(walkdir::DirEntry::into_path)
        .collect();
    files.sort();
    files
}

/// `vie-cooperative` → `Vie cooperative`, for a page or section with no title.
pub fn title_of_dir(name: &str) -> String {
    let name = name.rsplit('/').next().unwrap_or(name);
    let name = parse_date_prefix(name).map_or(name, |(_, rest)| rest);
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    chars.next().map_or_else(
        || "Accueil".into(),
        |c| c.to_uppercase().chain(chars).collect(),
    )
}
