//! Placing parsed files into the section tree, deciding URLs, and sorting.
//!
//! In: the classified entries and the parsed files. Out: a [`Site`] with every section (home
//! first) and page, drafts left out unless asked for, pages sorted by their section's `sort_by`.
//! Two sources claiming one URL are an error naming both.

use std::cmp::Reverse;
use std::collections::{hash_map, BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use ahash::AHashMap;
use chrono::NaiveDate;
use rayon::prelude::*;

use super::source::{Loaded, Parsed};
use super::walk::{Entry, Kind};
use super::{url, Page, Section, SectionMeta, Site, SortBy};
use crate::config::Config;
use crate::error::Diagnostic;

/// The day a page is scheduled for: its date, when after `today`. Drafts are not scheduled
/// (they wait for a person), and neither is an event page whose only date is the one in its
/// file name (`evenements/2027-03-12-ag.md`): that names the event's day, and announcing an
/// event before it happens is the point of the page.
pub fn scheduled_on(meta: &super::PageMeta, today: NaiveDate) -> Option<NaiveDate> {
    let announces_event = meta.event.is_some() && meta.date_from_name;
    meta.date
        .as_ref()
        .map(super::super::text::dates::When::date)
        .filter(|&day| day > today && !meta.draft && !announces_event)
}

/// Which pages a build shows besides the published ones.
#[derive(Debug, Clone, Copy, Default)]
pub struct Shown {
    /// Pages and sections with `draft: true`.
    pub drafts: bool,
    /// Pages dated after today: scheduled, published on their day.
    pub future: bool,
}

/// Assembles the site. `today` decides which events are upcoming and which pages are
/// scheduled (dated after it: left out unless `shown.future`, and listed in
/// [`Site::scheduled`]).
pub fn assemble(
    config: Config,
    entries: &[Entry],
    loaded: Loaded,
    shown: Shown,
    today: NaiveDate,
) -> Result<Site, Vec<Diagnostic>> {
    let drafts = shown.drafts;
    let mut sections = build_sections(&loaded, drafts);
    let scheduled_on = |meta: &super::PageMeta| scheduled_on(meta, today);
    let mut scheduled: Vec<(NaiveDate, std::path::PathBuf)> = loaded
        .parsed
        .iter()
        .filter_map(|parsed| match parsed {
            Parsed::Page(file, meta, _) => Some((scheduled_on(meta)?, file.shown.clone())),
            Parsed::Section(..) => None,
        })
        .collect();
    scheduled.sort();
    let index: AHashMap<&str, usize> = sections
        .iter()
        .enumerate()
        .map(|(i, s)| (s.dir.as_str(), i))
        .collect();
    // Each page's section and URL (a slug made from its name) in parallel, in path order.
    let mut pages: Vec<Page> = loaded
        .parsed
        .into_par_iter()
        .filter_map(|parsed| {
            let Parsed::Page(file, meta, bundle) = parsed else {
                return None;
            };
            let (dir, name) = page_dir_and_name(&file.rel, bundle);
            // None in a draft section.
            let &section = index.get(dir.as_str())?;
            if (meta.draft && !drafts) || (!shown.future && scheduled_on(&meta).is_some()) {
                return None;
            }
            let path = url::page_path(&sections[section].path, &name, meta.slug.as_deref());
            Some(Page {
                file,
                meta,
                path,
                section,
                assets: Vec::new(),
                rendered: Default::default(),
            })
        })
        .collect();
    attach_assets(entries, &mut pages);
    check_unique_urls(&sections, &pages)?;
    let by_date = order(&mut sections, &pages, today);
    let files = plain_files(entries);
    Ok(Site {
        config,
        pages,
        sections,
        files,
        by_date,
        taxonomies: Vec::new(),
        links: Default::default(),
        warnings: loaded.warnings,
        scheduled,
        images: None,
    })
}

/// Fills each section's list of pages in its `sort_by` order, and returns every page newest
/// first. The preview calls it again after an edit that moves a page (its date, weight, event
/// or title changed) without adding or removing one.
pub fn order(sections: &mut [Section], pages: &[Page], today: NaiveDate) -> Vec<usize> {
    let mut by_date: Vec<usize> = (0..pages.len()).collect();
    sort_pages(&mut by_date, pages, SortBy::Date, today);
    for section in sections.iter_mut() {
        section.pages.clear();
    }
    // Sorted by date, a section's pages keep the order they have in `by_date` (a total order).
    for &i in &by_date {
        sections[pages[i].section].pages.push(i);
    }
    for s in sections
        .iter_mut()
        .filter(|s| s.meta.sort_by != SortBy::Date)
    {
        sort_pages(&mut s.pages, pages, s.meta.sort_by, today);
    }
    by_date
}

/// The section folder and the URL name of a page (`a/2025-07-01-b.md` → (`a`, `2025-07-01-b`);
/// a bundle `a/b/index.md` → (`a`, `b`)).
pub fn page_dir_and_name(rel: &str, bundle: bool) -> (String, String) {
    let path = match crate::names::bundle_dir(rel).filter(|_| bundle) {
        Some(dir) => dir.strip_suffix('/').unwrap_or(dir),
        None => rel,
    };
    let (dir, file) = path.rsplit_once('/').unwrap_or(("", path));
    let name = crate::names::markdown_stem(file).unwrap_or(file);
    (dir.to_string(), name.to_string())
}

/// Every folder holding pages or an `_index.md` becomes a section, with its ancestors.
fn build_sections(loaded: &Loaded, drafts: bool) -> Vec<Section> {
    let mut metas: BTreeMap<String, Option<(super::SourceFile, SectionMeta)>> = BTreeMap::new();
    metas.insert(String::new(), None);
    for parsed in &loaded.parsed {
        let dir = match parsed {
            Parsed::Section(file, meta) => {
                let dir = file.rel.rsplit_once('/').map_or("", |(dir, _)| dir);
                metas.insert(dir.to_string(), Some((file.clone(), meta.clone())));
                dir.to_string()
            }
            Parsed::Page(file, _, bundle) => page_dir_and_name(&file.rel, *bundle).0,
        };
        let mut ancestor = dir.as_str();
        while let Some((parent, _)) = ancestor.rsplit_once('/') {
            metas.entry(parent.to_string()).or_insert(None);
            ancestor = parent;
        }
        metas.entry(dir.clone()).or_insert(None);
    }
    let hidden: Vec<String> = metas
        .iter()
        .filter(|(_, m)| !drafts && m.as_ref().is_some_and(|(_, meta)| meta.draft))
        .map(|(dir, _)| dir.clone())
        .collect();
    let is_hidden = |dir: &str| {
        hidden
            .iter()
            .any(|h| dir == h || dir.starts_with(&format!("{h}/")))
    };
    let mut sections: Vec<Section> = metas
        .into_iter()
        .filter(|(dir, _)| !is_hidden(dir))
        .map(|(dir, found)| new_section(dir, found))
        .collect();
    link_parents(&mut sections);
    sections
}

fn new_section(dir: String, found: Option<(super::SourceFile, SectionMeta)>) -> Section {
    let (file, meta) = match found {
        Some((f, m)) => (Some(f), m),
        None => (None, SectionMeta::default()),
    };
    let folder = dir.rsplit('/').next().unwrap_or("");
    let title = meta.title.clone().unwrap_or_else(|| humanize(folder));
    Section {
        path: url::section_path(&dir),
        file,
        dir,
        meta,
        title,
        parent: None,
        pages: Vec::new(),
        subsections: Vec::new(),
        rendered: Default::default(),
    }
}

fn link_parents(sections: &mut [Section]) {
    let index: HashMap<String, usize> = sections
        .iter()
        .enumerate()
        .map(|(i, s)| (s.dir.clone(), i))
        .collect();
    for i in 1..sections.len() {
        let parent_dir = sections[i]
            .dir
            .rsplit_once('/')
            .map_or("", |(p, _)| p)
            .to_string();
        if let Some(&p) = index.get(&parent_dir) {
            sections[i].parent = Some(p);
            sections[p].subsections.push(i);
        }
    }
}

/// `vie-cooperative` → `Vie cooperative`: a readable title for a folder without `_index.md`.
fn humanize(folder: &str) -> String {
    let text = folder.replace(['-', '_'], " ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn attach_assets(entries: &[Entry], pages: &mut [Page]) {
    let by_rel: HashMap<&str, usize> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.file.rel.as_str(), i))
        .collect();
    let mut assets: Vec<(usize, String, PathBuf)> = Vec::new();
    for entry in entries {
        let Kind::Asset { owner } = &entry.kind else {
            continue;
        };
        let Some(&i) = by_rel.get(owner.as_str()) else {
            continue;
        };
        let bundle_dir = crate::names::bundle_dir(owner).unwrap_or(owner);
        let inside = entry.rel.strip_prefix(bundle_dir).unwrap_or(&entry.rel);
        let out = format!("{}{}", pages[i].path, clean_relative(inside));
        assets.push((i, out, entry.path.clone()));
    }
    for (i, out, path) in assets {
        pages[i].assets.push((out, path));
    }
}

/// Plain files of `content/` keep their name under their section's output folder.
fn plain_files(entries: &[Entry]) -> Vec<(String, PathBuf)> {
    entries
        .iter()
        .filter(|e| e.kind == Kind::File)
        .map(|e| {
            let (dir, name) = e.rel.rsplit_once('/').unwrap_or(("", &e.rel));
            (
                format!("{}{}", url::section_path(dir), clean_relative(name)),
                e.path.clone(),
            )
        })
        .collect()
}

/// A relative file path made safe for the output: no `..`, no empty segments.
fn clean_relative(path: &str) -> String {
    path.split('/')
        .filter(|p| !p.is_empty() && *p != "." && *p != "..")
        .collect::<Vec<_>>()
        .join("/")
}

pub(crate) fn check_unique_urls(
    sections: &[Section],
    pages: &[Page],
) -> Result<(), Vec<Diagnostic>> {
    let mut owners: AHashMap<&str, &Path> = AHashMap::with_capacity(sections.len() + pages.len());
    let mut errors = Vec::new();
    let section_sources = sections.iter().filter_map(|s| {
        s.file
            .as_ref()
            .map(|f| (s.path.as_str(), f.shown.as_path(), None))
    });
    let page_sources = pages
        .iter()
        .map(|p| (p.path.as_str(), p.file.shown.as_path(), Some(p)));
    for (path, shown, page) in section_sources.chain(page_sources) {
        let first = match owners.entry(path) {
            hash_map::Entry::Occupied(first) => first.get().display(),
            hash_map::Entry::Vacant(free) => {
                free.insert(shown);
                continue;
            }
        };
        let shown = shown.display();
        let mut error = Diagnostic::error(
            shown.to_string(),
            crate::t!(
                "content-same-url",
                file = shown.to_string(),
                first = first.to_string(),
                path = path.to_string()
            ),
        )
        .hint(crate::t!("content-same-url-hint"));
        // When the page's own `slug:` made the clash, point at it; else the whole file is at
        // fault (its name gives the URL) and there is no line to show.
        if let Some((line, page)) = page.and_then(slug_line) {
            error = error.at(line, 1).with_source(page.file.text.clone());
        }
        errors.push(error);
    }
    // A redirect written over the page itself would send every reader round in circles.
    for page in pages.iter().filter(|p| !p.meta.aliases.is_empty()) {
        for alias in own_aliases(page) {
            let mut error = Diagnostic::error(
                &page.file.shown,
                crate::t!("content-alias-is-own-address", alias = alias.to_string()),
            )
            .hint(crate::t!("content-alias-is-own-address-hint"));

            if let Some(line) = key_line(page, "aliases") {
                error = error.at(line, 1).with_source(page.file.text.clone());
            }
            errors.push(error);
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Whether one of the pages `moved` (new, or given a new address) now has the address of
/// another page or of a section with an `_index.md`, or one of its own aliases: what
/// [`check_unique_urls`] would find, looked for only where an edit of those pages can make it,
/// when the rest of the site had no clash. (The preview patches with this; a full load reports
/// the clash with both files named.)
pub(crate) fn clash_among(sections: &[Section], pages: &[Page], moved: &[usize]) -> bool {
    moved.iter().any(|&i| {
        let page = &pages[i];
        let takes = |path: &str| path == page.path;
        sections.iter().any(|s| s.file.is_some() && takes(&s.path))
            || pages
                .iter()
                .enumerate()
                .any(|(j, p)| j != i && takes(&p.path))
            || own_aliases(page).next().is_some()
    })
}

/// The aliases of `page` that are its own address: their redirect would replace the page.
fn own_aliases(page: &Page) -> impl Iterator<Item = &String> {
    let own = format!("{}index.html", page.path);
    page.meta
        .aliases
        .iter()
        .filter(move |a| url::alias_path(a).as_deref() == Some(own.as_str()))
}

/// The 1-based line of a page's `slug:` key in its front matter, when it has one.
fn slug_line(page: &Page) -> Option<(usize, &Page)> {
    page.meta.slug.as_ref()?;
    Some((key_line(page, "slug")?, page))
}

/// The 1-based line of a key of a page's front matter.
fn key_line(page: &Page, key: &str) -> Option<usize> {
    let front_matter = page.file.text.get(..page.file.body_start)?;
    let index = front_matter.lines().position(|l| {
        l.strip_prefix(key)
            .is_some_and(|r| r.trim_start().starts_with(':'))
    })?;
    Some(index + 1)
}

/// Sorts a section's pages; ties are broken by URL so the order never depends on the disk.
pub fn sort_pages(list: &mut [usize], pages: &[Page], by: SortBy, today: NaiveDate) {
    let date_key = |p: &Page| {
        p.meta
            .date
            .as_ref()
            .map(super::super::text::dates::When::sort_key)
    };
    match by {
        // Newest first; the keys made once, not at every comparison of a site-wide sort.
        SortBy::Date => list.par_sort_by_cached_key(|&i| {
            let page = &pages[i];
            (Reverse(date_key(page)), page.path.as_str())
        }),
        SortBy::Weight => list.sort_by(|&a, &b| {
            let (a, b) = (&pages[a], &pages[b]);
            a.meta
                .weight
                .cmp(&b.meta.weight)
                .then_with(|| a.path.cmp(&b.path))
        }),
        SortBy::Title => list.sort_by(|&a, &b| {
            let (a, b) = (&pages[a], &pages[b]);
            let key = |p: &Page| crate::text::slug::slugify(&p.meta.title);
            key(a).cmp(&key(b)).then_with(|| a.path.cmp(&b.path))
        }),
        SortBy::Event => list.sort_by_key(|&i| event_key(&pages[i], today)),
    }
}

/// Upcoming events first, soonest first; then past events, latest first; then pages without one.
fn event_key(page: &Page, today: NaiveDate) -> (u8, i64, String) {
    match &page.meta.event {
        Some(e) => {
            let last_day = e.end.as_ref().unwrap_or(&e.start).date();
            let start = e
                .start
                .date()
                .signed_duration_since(NaiveDate::MIN)
                .num_days();
            if last_day >= today {
                (0, start, page.path.clone())
            } else {
                (1, -start, page.path.clone())
            }
        }
        None => (2, 0, page.path.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{PageMeta, SourceFile};
    use std::sync::Arc;

    fn file(rel: &str) -> SourceFile {
        SourceFile {
            path: rel.into(),
            shown: rel.into(),
            rel: rel.into(),
            text: Arc::from(""),
            body_start: 0,
            body_line: 1,
            generation: 0,
        }
    }

    fn page(rel: &str, path: &str) -> Page {
        Page {
            file: file(rel),
            meta: Arc::new(PageMeta::default()),
            path: path.into(),
            section: 0,
            assets: vec![],
            rendered: Arc::default(),
        }
    }

    #[test]
    fn a_moved_page_clashes_with_a_page_a_section_or_its_own_alias() {
        let agenda = Section {
            file: Some(file("agenda/_index.md")),
            dir: "agenda".into(),
            meta: Default::default(),
            title: "Agenda".into(),
            path: "agenda/".into(),
            parent: None,
            pages: vec![],
            subsections: vec![],
            rendered: Arc::default(),
        };
        let mut sections = vec![agenda];
        let mut pages = vec![page("a.md", "a/"), page("b.md", "b/")];
        assert!(!clash_among(&sections, &pages, &[0, 1]));
        let moved_to = |pages: &mut Vec<Page>, path: &str| pages[0].path = path.into();
        moved_to(&mut pages, "b/");
        assert!(clash_among(&sections, &pages, &[0]));
        moved_to(&mut pages, "agenda/");
        assert!(clash_among(&sections, &pages, &[0]));
        // A section without `_index.md` claims no address of its own.
        sections[0].file = None;
        assert!(!clash_among(&sections, &pages, &[0]));
        moved_to(&mut pages, "c/");
        Arc::make_mut(&mut pages[0].meta).aliases = vec!["/c/".into()];
        assert!(clash_among(&sections, &pages, &[0]));
        // Only the pages named are looked at: the rest of the site had no clash.
        assert!(!clash_among(&sections, &pages, &[1]));
    }
}
