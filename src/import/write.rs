//! A [`Source`] → a ruche site folder.
//!
//! In: what a reader found, and the new site's folder. Out: the site written as `ruche init`
//! writes one (the default theme, `site.yaml`, `static/`), each section's `_index.md`, each
//! page with YAML front matter (a bundle with its images when it has some), and the notes
//! and counts for the report. Every list is sorted and nothing depends on the clock, so the
//! same source gives the same files.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use serde::Serialize;

use super::body::{self, placeholder};
use super::folders::title_of_dir;
use super::media::{self, Lookup};
use super::model::{SectionDoc, Source, Syntax};
use super::place::{self, Prepared};
use super::report::{Counts, Note, What};
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

#[derive(Serialize)]
struct SectionFront<'a> {
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    sort_by: &'static str,
}

/// Writes the site into `dest` (already holding the theme) and returns the counts.
pub fn write(
    mut src: Source,
    dest: &Path,
    language: &str,
    notes: &mut Vec<Note>,
) -> Result<Counts> {
    let mut counts = Counts::default();
    let sections = all_sections(&src, language);
    let section_dirs: Vec<String> = sections.keys().cloned().collect();
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
    resolve_refs(&mut pages, notes, &mut counts);
    relink(&mut pages, src.base_url.as_deref(), &base_path, &mut counts);
    write_site_yaml(&src, &pages, dest, language)?;
    for (dir, section) in &sections {
        let front = SectionFront {
            title: &section.title,
            description: section.description.as_deref(),
            sort_by: "date",
        };
        let path = dest.join("content").join(dir).join("_index.md");
        write_file(
            &path,
            &format!(
                "---\n{}---\n{}",
                crate::yaml::to_string(&front),
                section.body.trim_start()
            ),
        )?;
        counts.sections += 1;
    }
    for page in &pages {
        counts.files += write_page(page, dest, notes)?;
        counts.pages += 1;
        counts.drafts += usize::from(page.doc.front.draft);
    }
    Ok(counts)
}

/// The sections the pages need (each one's parents too), the source's own first.
fn all_sections(src: &Source, language: &str) -> BTreeMap<String, SectionDoc> {
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
            dir,
            description: None,
            body: String::new(),
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

/// Replaces each reference placeholder with `@/section/page.md`, or puts the text back and
/// notes it when no imported page has that name.
fn resolve_refs(pages: &mut [Prepared], notes: &mut Vec<Note>, counts: &mut Counts) {
    // A draft is not built by default, so a link to it would stop the build.
    let mut by_key: HashMap<String, Option<String>> = HashMap::new();
    for page in pages.iter() {
        let target = (!page.doc.front.draft).then(|| format!("@/{}", page.content_path()));
        for key in &page.doc.keys {
            for variant in key_variants(key) {
                by_key.entry(variant).or_insert_with(|| target.clone());
            }
        }
    }
    for page in pages.iter_mut() {
        for (i, (key, written)) in page.refs.iter().enumerate() {
            // The anchor is dropped: the page's heading ids may differ from the old site's,
            // and ruche checks every anchor.
            let bare = key.split('#').next().unwrap_or(key);
            let found = key_variants(bare).into_iter().find_map(|v| by_key.get(&v));
            let with = match found {
                Some(Some(target)) => target.clone(),
                Some(None) => {
                    notes.push(Note::new(
                        &page.doc.origin,
                        0,
                        What::LinkToDraft(key.clone()),
                    ));
                    written.clone()
                }
                None => {
                    // Liquid and shortcodes put back are listed with their line anyway.
                    if media::leftovers(written).is_empty() {
                        notes.push(Note::new(
                            &page.doc.origin,
                            0,
                            What::UnresolvedLink(key.clone()),
                        ));
                    }
                    written.clone()
                }
            };
            counts.converted += usize::from(matches!(found, Some(Some(_))));
            page.body = page.body.replace(&placeholder(i), &with);
        }
    }
}

/// Links written as an old address of an imported page (`https://site.org/2020/01/x/`,
/// `/2020/01/x/`, as WordPress bodies hold them) become `@/section/page.md`, which ruche
/// checks; drafts excepted, since they are not built.
fn relink(pages: &mut [Prepared], base_url: Option<&str>, base_path: &str, counts: &mut Counts) {
    let mut by_path: HashMap<String, String> = HashMap::new();
    for page in pages.iter().filter(|p| !p.doc.front.draft) {
        let target = format!("@/{}", page.content_path());
        let olds = page.doc.old_urls.iter().chain(&page.doc.front.aliases);
        for old in olds {
            by_path
                .entry(place::site_path(old, base_path))
                .or_insert_with(|| target.clone());
        }
    }
    let host = base_url
        .and_then(|u| u.split_once("://"))
        .map(|(_, rest)| rest.split('/').next().unwrap_or("").to_ascii_lowercase());
    let find = |dest: &str| -> Option<String> {
        let ours = match dest.split_once("://") {
            Some((_, rest)) => {
                let dest_host = rest.split('/').next().unwrap_or("").to_ascii_lowercase();
                host.as_deref() == Some(dest_host.as_str())
            }
            None => dest.starts_with('/') && !dest.starts_with("//"),
        };
        ours.then(|| by_path.get(&place::site_path(dest, base_path)).cloned())?
    };
    for page in pages.iter_mut() {
        let (body, n) = media::rewrite_links(&page.body, &find);
        page.body = body;
        counts.converted += n;
    }
}

/// The spellings under which a page can be named: with or without folder, extension, leading
/// `/` or a trailing `/index`.
fn key_variants(key: &str) -> Vec<String> {
    let key = key.trim().trim_matches('/');
    let no_ext = key
        .rsplit_once('.')
        .filter(|(_, e)| !e.contains('/'))
        .map_or(key, |(s, _)| s);
    let no_index = no_ext
        .strip_suffix("/index")
        .or_else(|| no_ext.strip_suffix("/_index"))
        .unwrap_or(no_ext);
    let last = no_index.rsplit('/').next().unwrap_or(no_index);
    let mut out = vec![
        key.to_string(),
        no_ext.to_string(),
        no_index.to_string(),
        last.to_string(),
    ];
    out.dedup();
    out
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
        notes.push(Note::new(
            format!("content/{rel}"),
            body_start + line - 1,
            What::Template(found),
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

fn write_file(path: &Path, text: &str) -> Result<()> {
    if let Some(parent) = path.parent() {
        fsx::create_dir_all(parent)?;
    }
    fsx::write(path, text)
}
