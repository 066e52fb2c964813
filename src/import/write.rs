//! A [`Source`] → a ruche site folder.
//!
//! In: what a reader found, and the new site's folder. Out: the site written as `ruche init`
//! writes one (the default theme, `site.yaml`, `static/`), each section's `_index.md`, each
//! page with YAML front matter (a bundle with its images when it has some), and the notes
//! and counts for the report. Every list is sorted and nothing depends on the clock, so the
//! same source gives the same files.

use std::collections::BTreeSet;
use std::path::Path;

use serde::Serialize;

use super::body;
use super::links::{OldAddresses, Targets};
use super::media::{self, Lookup};
use super::model::{Source, Syntax};
use super::place::{self, Prepared};
use super::report::{Counts, Note, What};
use super::sections::{self, PreparedSection};
use crate::error::Result;
use crate::fsx;

/// The site settings written to `site.yaml`.
#[derive(Serialize)]
struct SiteYaml<'a> {
    title: &'a str,
    base_url: &'a str,
    language: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    taxonomies: Option<Vec<String>>,
}

/// Writes the site into `dest` (already holding the theme) and returns the counts.
pub fn write(
    mut src: Source,
    dest: &Path,
    language: &str,
    notes: &mut Vec<Note>,
) -> Result<Counts> {
    let mut counts = Counts::default();
    let section_docs = sections::all(&src, language);
    let section_dirs: Vec<String> = section_docs.keys().cloned().collect();
    let mut sections: Vec<PreparedSection> = section_docs
        .into_values()
        .map(|s| sections::prepare(s, &src, language, notes, &mut counts))
        .collect();
    let docs = std::mem::take(&mut src.docs);
    let mut pages: Vec<Prepared> = docs
        .into_iter()
        .map(|d| prepare(d, &src, language, notes, &mut counts))
        .collect();
    place::unique(&mut pages, &section_dirs, notes);
    let base_path = src
        .base_url
        .as_deref()
        .map_or(String::new(), |u| place::site_path(u, ""));
    counts.aliases = place::aliases(
        &mut pages,
        &section_dirs,
        base_path.trim_end_matches('/'),
        notes,
    );
    link(
        &mut pages,
        &mut sections,
        &src,
        &base_path,
        notes,
        &mut counts,
    );
    write_site_yaml(&src, &pages, dest, language)?;
    for section in &sections {
        counts.files += sections::write(section, dest, notes)?;
        counts.sections += 1;
    }
    for page in &pages {
        counts.files += write_page(page, dest, notes)?;
        counts.pages += 1;
        counts.drafts += usize::from(page.doc.front.draft);
    }
    Ok(counts)
}

/// Resolves the references of every page and section body, then makes their links to old
/// addresses of imported pages ruche links.
fn link(
    pages: &mut [Prepared],
    sections: &mut [PreparedSection],
    src: &Source,
    base_path: &str,
    notes: &mut Vec<Note>,
    counts: &mut Counts,
) {
    let targets = Targets::new(pages, sections);
    for page in pages.iter_mut() {
        targets.resolve(&page.doc.origin, &mut page.body, &page.refs, notes, counts);
    }
    for s in sections.iter_mut() {
        targets.resolve(&s.doc.origin, &mut s.body, &s.refs, notes, counts);
    }
    let old = OldAddresses::new(pages, src.base_url.as_deref(), base_path);
    for body in pages
        .iter_mut()
        .map(|p| &mut p.body)
        .chain(sections.iter_mut().map(|s| &mut s.body))
    {
        counts.converted += old.relink(body);
    }
}

/// Converts a page's body and finds its images.
fn prepare(
    mut doc: super::model::Doc,
    src: &Source,
    language: &str,
    notes: &mut Vec<Note>,
    counts: &mut Counts,
) -> Prepared {
    let converted = body::convert(&doc.body, doc.syntax, language);
    counts.converted += doc.converted;
    if doc.syntax != Syntax::WordPress {
        let before = media::leftovers(&doc.body).len();
        let after = media::leftovers(&converted.body).len();
        counts.converted += before.saturating_sub(after);
    }
    let bundled: BTreeSet<String> = doc
        .bundle_files
        .iter()
        .filter_map(|f| {
            Some(
                f.strip_prefix(doc.dir.as_deref()?)
                    .ok()?
                    .to_string_lossy()
                    .replace('\\', "/"),
            )
        })
        .chain(doc.attachments.iter().map(|(_, name)| name.clone()))
        .collect();
    let lookup = Lookup {
        dir: doc.dir.as_deref(),
        roots: &src.static_dirs,
    };
    let found = media::images(&converted.body, &lookup, &|p| bundled.contains(p));
    let mut copies = std::mem::take(&mut doc.attachments);
    for (file, name) in found.copies {
        if !copies.iter().any(|(_, n)| *n == name) {
            copies.push((file, name));
        }
    }
    if let Some(cover) = doc.front.cover.as_mut() {
        if !cover.src.contains("://") && !bundled.contains(cover.src.trim_start_matches("./")) {
            match lookup.find(&cover.src) {
                Some(file) => {
                    let name = media::bundle_name(&file);
                    if !copies.iter().any(|(_, n)| *n == name) {
                        copies.push((file, name.clone()));
                    }
                    cover.src = name;
                }
                None => {
                    notes.push(Note::new(
                        &doc.origin,
                        0,
                        What::MissingImage(cover.src.clone()),
                    ));
                    doc.front.cover = None;
                }
            }
        }
    }
    for missing in found.missing {
        notes.push(Note::new(&doc.origin, 0, What::MissingImage(missing)));
    }
    let bundle =
        !doc.bundle_files.is_empty() || !copies.is_empty() || doc.origin.ends_with("/index.md");
    Prepared {
        body: found.body,
        refs: converted.refs,
        copies,
        bundle,
        doc,
    }
}

fn write_site_yaml(src: &Source, pages: &[Prepared], dest: &Path, language: &str) -> Result<()> {
    let mut extra: BTreeSet<String> = BTreeSet::new();
    for page in pages {
        extra.extend(
            page.doc
                .front
                .taxonomies
                .keys()
                .filter(|k| !matches!(k.as_str(), "tags" | "categories"))
                .cloned(),
        );
    }
    let taxonomies = (!extra.is_empty()).then(|| {
        let mut all = vec!["tags".to_string(), "categories".to_string()];
        all.extend(extra);
        all
    });
    let title = src.title.clone().unwrap_or_else(|| {
        if language.starts_with("fr") {
            "Mon journal"
        } else {
            "My news"
        }
        .into()
    });
    let site = SiteYaml {
        title: &title,
        base_url: src
            .base_url
            .as_deref()
            .unwrap_or("https://www.exemple.coop"),
        language,
        description: src.description.as_deref().filter(|d| !d.is_empty()),
        taxonomies,
    };
    write_file(&dest.join("site.yaml"), &crate::yaml::to_string(&site))
}

/// Writes one page and copies its files; returns how many files were copied.
fn write_page(page: &Prepared, dest: &Path, notes: &mut Vec<Note>) -> Result<usize> {
    let rel = page.content_path();
    let path = dest.join("content").join(&rel);
    let front = crate::yaml::to_string(&page.doc.front);
    let text = format!("---\n{front}---\n{}\n", page.body.trim_matches('\n'));
    let body_start = front.matches('\n').count() + 3;
    for (line, found) in media::leftovers(page.body.trim_start_matches('\n')) {
        let wordpress = page.doc.syntax == Syntax::WordPress;
        // htmd escaped the brackets of shortcodes; the report shows them as the source did.
        let found = if wordpress {
            found.replace("\\[", "[").replace("\\]", "]")
        } else {
            found
        };
        // A gallery still there is one whose images were not all found (see `attachments`).
        let what = if wordpress && found.starts_with("[gallery") {
            What::Gallery(found)
        } else {
            What::Template(found)
        };
        notes.push(Note::new(
            format!("content/{rel}"),
            body_start + line - 1,
            what,
        ));
    }
    write_file(&path, &text)?;
    let mut copied = 0;
    let folder = path.parent().unwrap_or(dest);
    if let Some(dir) = &page.doc.dir {
        for file in &page.doc.bundle_files {
            let inner = file.strip_prefix(dir).unwrap_or(file);
            let target = folder.join(inner);
            if let Some(parent) = target.parent() {
                fsx::create_dir_all(parent)?;
            }
            fsx::copy(file, &target)?;
            copied += 1;
        }
    }
    for (file, name) in &page.copies {
        fsx::copy(file, &folder.join(name))?;
        copied += 1;
    }
    Ok(copied)
}

/// Writes `text` to `path`, making its folder.
pub fn write_file(path: &Path, text: &str) -> Result<()> {
    if let Some(parent) = path.parent() {
        fsx::create_dir_all(parent)?;
    }
    fsx::write(path, text)
}
