//! Sections: every `content/<dir>/_index.md` the import writes, its body treated as a page's.
//!
//! In: the sections read from the source and the pages' section folders. Out: every section
//! the pages need ([`all`]), each prepared ([`prepare`]: its body converted by
//! [`body::convert`], its images found and copied next to it, its references to other pages
//! left as placeholders for [`super::links`]) and written ([`write`]), with what is left of
//! its template syntax listed with its line, as for pages.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::body;
use super::folders::title_of_dir;
use super::media::{self, Lookup};
use super::model::{SectionDoc, Source, Syntax};
use super::report::{Counts, Note, What};
use crate::error::Result;
use crate::fsx;

#[derive(Serialize)]
struct SectionFront<'a> {
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    sort_by: &'static str,
}

/// A section ready to be written.
#[derive(Debug)]
pub struct PreparedSection {
    /// The section as read (or made up).
    pub doc: SectionDoc,
    /// Its Markdown body, with reference placeholders.
    pub body: String,
    /// What each placeholder refers to.
    pub refs: Vec<(String, String)>,
    /// Images to copy next to its `_index.md`: (file on disk, name).
    pub copies: Vec<(PathBuf, String)>,
}

impl PreparedSection {
    /// Its file under `content/`, with `/` (`posts/_index.md`, `_index.md` for the home).
    pub fn content_path(&self) -> String {
        content_path(&self.doc.dir)
    }
}

/// The file under `content/` of the section in folder `dir`.
pub fn content_path(dir: &str) -> String {
    match dir {
        "" => "_index.md".into(),
        dir => format!("{dir}/_index.md"),
    }
}

/// The sections the pages need (each one's parents too), the source's own first.
pub fn all(src: &Source, language: &str) -> BTreeMap<String, SectionDoc> {
    let mut out: BTreeMap<String, SectionDoc> = BTreeMap::new();
    for s in &src.sections {
        out.entry(s.dir.clone()).or_insert_with(|| s.clone());
    }
    let mut wanted: BTreeSet<String> = BTreeSet::from([String::new()]);
    for doc in &src.docs {
        let mut dir = doc.section.as_str();
        wanted.insert(dir.to_string());
        while let Some((parent, _)) = dir.rsplit_once('/') {
            wanted.insert(parent.to_string());
            dir = parent;
        }
    }
    for dir in wanted {
        out.entry(dir.clone()).or_insert_with(|| SectionDoc {
            title: section_title(&dir, src.title.as_deref(), language),
            origin: format!("content/{}", content_path(&dir)),
            dir,
            description: None,
            body: String::new(),
            syntax: Syntax::Markdown,
            source_dir: None,
        });
    }
    out
}

fn section_title(dir: &str, site: Option<&str>, language: &str) -> String {
    let french = language.starts_with("fr");
    match dir {
        "" => site.map_or_else(
            || if french { "Accueil" } else { "Home" }.to_string(),
            str::to_string,
        ),
        "actualites" => "Actualités".into(),
        other => title_of_dir(other),
    }
}

/// Converts a section's body as a page's is, and finds its images: the ones found (next to
/// its source, or under the site root for `/images/x.png`) are copied next to its
/// `_index.md`, the missing ones become links and are noted.
pub fn prepare(
    doc: SectionDoc,
    src: &Source,
    language: &str,
    notes: &mut Vec<Note>,
    counts: &mut Counts,
) -> PreparedSection {
    let converted = body::convert(&doc.body, doc.syntax, language);
    let before = media::leftovers(&doc.body).len();
    counts.converted += before.saturating_sub(media::leftovers(&converted.body).len());
    let lookup = Lookup {
        dir: doc.source_dir.as_deref(),
        roots: &src.static_dirs,
    };
    let found = media::images(&converted.body, &lookup, &|_| false);
    for missing in found.missing {
        notes.push(Note::new(&doc.origin, 0, What::MissingImage(missing)));
    }
    PreparedSection {
        doc,
        body: found.body,
        refs: converted.refs,
        copies: found.copies,
    }
}

/// Writes one section's `_index.md` and copies its images; returns how many files were
/// copied. What is left of its template syntax is noted with its line in the new file.
pub fn write(section: &PreparedSection, dest: &Path, notes: &mut Vec<Note>) -> Result<usize> {
    let rel = section.content_path();
    let path = dest.join("content").join(&rel);
    let front = crate::yaml::to_string(&SectionFront {
        title: &section.doc.title,
        description: section.doc.description.as_deref(),
        sort_by: "date",
    });
    let body = section.body.trim_matches('\n');
    let text = match body {
        "" => format!("---\n{front}---\n"),
        body => format!("---\n{front}---\n{body}\n"),
    };
    let body_start = front.matches('\n').count() + 3;
    for (line, found) in media::leftovers(body) {
        notes.push(Note::new(
            format!("content/{rel}"),
            body_start + line - 1,
            What::Template(found),
        ));
    }
    super::write::write_file(&path, &text)?;
    let folder = path.parent().unwrap_or(dest);
    for (file, name) in &section.copies {
        fsx::copy(file, &folder.join(name))?;
    }
    Ok(section.copies.len())
}
