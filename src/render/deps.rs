//! What each output is rendered from, as fingerprints: the preview re-renders an output only
//! when one of its inputs changed.
//!
//! In: the loaded site. Out: a fingerprint per page view, per section (with and without its
//! pages), per taxonomy term, and for `site` and `latest`. A page's fingerprint covers
//! everything its view is built from: its file and body (by generation number), its URL, its
//! section, its neighbours, its terms and the settings. Templates may also ask for more through
//! functions (`get_page`, `get_section`, `get_url`); those calls are recorded while rendering
//! ([`Dep`]) and their fingerprints join the output's.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::Hash;

use ahash::AHashMap;
use rayon::prelude::*;

use crate::content::Site;
use crate::markdown::Links;

/// Something a template asked for through a function.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dep {
    /// `get_page(path=…)`.
    Page(String),
    /// `get_section(path=…)`.
    Section(String),
    /// `get_url(path="@/…")`.
    Url(String),
    /// `resize_image(…)`: the copy it made (published beside the output, reused or not) and
    /// the file it was made from, whose content the output shows (its size, its URL).
    Resized {
        /// The source file.
        source: std::path::PathBuf,
        /// The copy's output path.
        out: String,
        /// The copy in the image cache.
        copy: std::path::PathBuf,
    },
}

thread_local! {
    static RECORDED: RefCell<Vec<Dep>> = const { RefCell::new(Vec::new()) };
}

/// Notes that the template being rendered on this thread used `dep`.
pub fn note(dep: Dep) {
    RECORDED.with(|r| r.borrow_mut().push(dep));
}

/// What the template being rendered on this thread has used so far: the mark to give
/// [`noted_since`] (a fragment rendered inside it asks for its own uses).
pub fn mark() -> usize {
    RECORDED.with(|r| r.borrow().len())
}

/// What was noted on this thread since `mark`.
pub fn noted_since(mark: usize) -> Vec<Dep> {
    RECORDED.with(|r| r.borrow().get(mark..).unwrap_or_default().to_vec())
}

/// Runs `render` and returns what it asked for through functions. A tera render runs on one
/// thread from start to end, so a thread-local list sees exactly that render's calls.
pub fn recording<T>(render: impl FnOnce() -> T) -> (T, Vec<Dep>) {
    RECORDED.with(|r| r.borrow_mut().clear());
    let out = render();
    let mut deps = RECORDED.with(|r| std::mem::take(&mut *r.borrow_mut()));
    deps.sort();
    deps.dedup();
    (out, deps)
}

/// Hashes anything hashable. The fingerprints live in memory only, for one process: ahash under
/// fixed keys is enough, and hashes the short strings that make them (titles, paths) several
/// times faster than the standard library's SipHash.
pub fn hash_of(value: impl Hash) -> u64 {
    const KEYS: ahash::RandomState = ahash::RandomState::with_seeds(
        0x7275_6368_6520_6670,
        0x6669_6e67_6572_7072,
        0x696e_7473_206f_6620,
        0x6f6e_6520_6275_696c,
    );
    KEYS.hash_one(value)
}

/// The key of a source path in the fingerprints' tables: its hash rather than a copy of the
/// text, which a site of 10,000 pages would make again each time a page moves in the preview
/// (3 ms). Two of 10,000 paths share a 64-bit hash with a chance under one in 10^11.
fn rel_key(rel: &str) -> u64 {
    hash_of(rel)
}

/// The fingerprints of one load of the site.
pub struct Fingerprints {
    /// The settings (and build mode): part of everything.
    pub config: u64,
    /// One per page.
    pub pages: Vec<u64>,
    /// One per section, without its pages.
    pub shallow: Vec<u64>,
    /// One per section, with its pages.
    pub sections: Vec<u64>,
    /// The `site` variable.
    pub site: u64,
    /// The `latest` variable.
    pub latest: u64,
    /// Per taxonomy name, then per term slug.
    pub terms: HashMap<(String, String), u64>,
    /// Per taxonomy name: its terms' names and counts.
    pub taxonomies: HashMap<String, u64>,
    /// Per page and section, by the hash of its source path relative to `content/` (see
    /// [`rel_key`]), for the functions that name them.
    page_by_rel: AHashMap<u64, u64>,
    section_by_rel: AHashMap<u64, u64>,
}

impl Fingerprints {
    /// Computes every fingerprint of `site`.
    pub fn compute(site: &Site, serve: bool, today: chrono::NaiveDate) -> Fingerprints {
        let config = hash_of((format!("{:?}", site.config), serve));
        let mut positions = vec![None; site.pages.len()];
        for section in &site.sections {
            for (k, &i) in section.pages.iter().enumerate() {
                positions[i] = Some(k);
            }
        }
        let pages: Vec<u64> = (0..site.pages.len())
            .into_par_iter()
            .map(|i| page_fp(site, i, positions[i], config, today))
            .collect();
        let shallow: Vec<u64> = site
            .sections
            .iter()
            .map(|s| section_fp(site, s, config))
            .collect();
        let sections: Vec<u64> = site
            .sections
            .iter()
            .zip(&shallow)
            .map(|(s, fp)| hash_of((fp, s.pages.iter().map(|&i| pages[i]).collect::<Vec<_>>())))
            .collect();
        let menu: Vec<_> = site
            .sections
            .iter()
            .map(|s| (&s.title, &s.path, s.meta.weight, s.parent))
            .collect();
        let has_events = site.pages.iter().any(|p| p.meta.event.is_some());
        let site_fp = hash_of((config, menu, has_events));
        let latest = latest_fp(site, &pages);
        let mut terms = HashMap::new();
        let mut taxonomies = HashMap::new();
        for tax in &site.taxonomies {
            let list: Vec<_> = tax
                .terms
                .iter()
                .map(|t| (&t.name, &t.slug, t.pages.len()))
                .collect();
            taxonomies.insert(tax.name.clone(), hash_of((config, list)));
            for term in &tax.terms {
                let fps: Vec<u64> = term.pages.iter().map(|&i| pages[i]).collect();
                terms.insert(
                    (tax.name.clone(), term.slug.clone()),
                    hash_of((config, &term.name, fps)),
                );
            }
        }
        let page_by_rel = site
            .pages
            .iter()
            .zip(&pages)
            .map(|(p, fp)| (rel_key(&p.file.rel), *fp))
            .collect();
        let section_by_rel = site
            .sections
            .iter()
            .zip(&sections)
            .map(|(s, fp)| (rel_key(&super::section_rel(&s.dir)), *fp))
            .collect();
        Fingerprints {
            config,
            pages,
            shallow,
            sections,
            site: site_fp,
            latest,
            terms,
            taxonomies,
            page_by_rel,
            section_by_rel,
        }
    }

    /// Updates the fingerprints that cover the pages `changed` after what is shown of them was
    /// patched (see [`crate::site::patch`]), the rest of the site — lists, terms — being as
    /// when they were computed; returns what they cover.
    pub fn update_pages(
        &mut self,
        site: &Site,
        changed: &[usize],
        today: chrono::NaiveDate,
    ) -> Stale {
        let mut stale = Stale {
            pages: changed.to_vec(),
            sections: site.sections_listing(changed),
            ..Stale::default()
        };
        for &i in changed {
            let position = site
                .sections
                .iter()
                .rev()
                .find_map(|s| s.pages.iter().position(|&p| p == i));
            self.pages[i] = page_fp(site, i, position, self.config, today);
            self.page_by_rel
                .insert(rel_key(&site.pages[i].file.rel), self.pages[i]);
        }
        for &s in &stale.sections {
            let section = &site.sections[s];
            let fps: Vec<u64> = section.pages.iter().map(|&i| self.pages[i]).collect();
            self.sections[s] = hash_of((self.shallow[s], fps));
            self.section_by_rel
                .insert(rel_key(&super::section_rel(&section.dir)), self.sections[s]);
        }
        let latest = latest_fp(site, &self.pages);
        stale.latest = latest != self.latest;
        self.latest = latest;
        for tax in &site.taxonomies {
            for term in &tax.terms {
                if term.pages.iter().any(|i| changed.contains(i)) {
                    let fps: Vec<u64> = term.pages.iter().map(|&i| self.pages[i]).collect();
                    let key = (tax.name.clone(), term.slug.clone());
                    self.terms
                        .insert(key.clone(), hash_of((self.config, &term.name, fps)));
                    stale.terms.push(key);
                }
            }
        }
        stale
    }

    /// What differs from `old`, the fingerprints of an earlier load of the same pages and
    /// sections (after an edit that moved pages in their lists, see [`crate::site::patch`]).
    pub fn stale_since(&self, old: &Fingerprints) -> Stale {
        let differ = |new: &[u64], old: &[u64]| -> Vec<usize> {
            (0..new.len())
                .filter(|&i| old.get(i) != Some(&new[i]))
                .collect()
        };
        let mut terms: Vec<(String, String)> = self
            .terms
            .iter()
            .chain(&old.terms)
            .filter(|(key, fp)| {
                self.terms.get(*key) != Some(*fp) || old.terms.get(*key) != Some(*fp)
            })
            .map(|(key, _)| key.clone())
            .collect();
        terms.sort();
        terms.dedup();
        let mut taxonomies: Vec<String> = self
            .taxonomies
            .iter()
            .filter(|(name, fp)| old.taxonomies.get(*name) != Some(*fp))
            .map(|(name, _)| name.clone())
            .collect();
        taxonomies.sort();
        Stale {
            pages: differ(&self.pages, &old.pages),
            sections: differ(&self.sections, &old.sections),
            latest: self.latest != old.latest,
            terms,
            taxonomies,
            removed: Vec::new(),
        }
    }

    /// The fingerprint of what a function call returned; `source_hash` gives the content hash
    /// of a file `resize_image` read.
    pub fn of_dep(
        &self,
        dep: &Dep,
        links: &Links,
        source_hash: &dyn Fn(&std::path::Path) -> Option<String>,
    ) -> u64 {
        match dep {
            Dep::Resized { source, out, .. } => hash_of(("resized", out, source_hash(source))),
            Dep::Page(rel) => hash_of(("page", rel, self.page_by_rel.get(&rel_key(rel)))),
            Dep::Section(rel) => hash_of(("section", rel, self.section_by_rel.get(&rel_key(rel)))),
            Dep::Url(rel) => hash_of(("url", rel, links.get(rel))),
        }
    }
}

/// What an edit changed, as the outputs see it: the pages, sections (with their pages), terms
/// and taxonomy lists whose fingerprints changed, and whether the ten newest pages did.
#[derive(Debug, Default)]
pub struct Stale {
    /// Pages, as indexes into `Site::pages`.
    pub pages: Vec<usize>,
    /// Sections, as indexes into `Site::sections`.
    pub sections: Vec<usize>,
    /// The `latest` variable.
    pub latest: bool,
    /// Terms, as (taxonomy name, term slug).
    pub terms: Vec<(String, String)>,
    /// Taxonomy lists, by name.
    pub taxonomies: Vec<String>,
    /// Pages deleted, by source path relative to `content/`: what asked for them is stale.
    pub removed: Vec<String>,
}

/// The `latest` variable's: the ten newest pages'.
fn latest_fp(site: &Site, pages: &[u64]) -> u64 {
    hash_of(
        site.by_date
            .iter()
            .take(10)
            .map(|&i| pages[i])
            .collect::<Vec<_>>(),
    )
}

/// Everything a page's view is built from. (Its terms come from its front matter and its
/// hashtags, so the two generation numbers cover them.)
fn page_fp(
    site: &Site,
    i: usize,
    position: Option<usize>,
    config: u64,
    today: chrono::NaiveDate,
) -> u64 {
    let page = &site.pages[i];
    let section = &site.sections[page.section];
    let neighbour = |k: Option<usize>| {
        k.and_then(|k| section.pages.get(k))
            .map(|&n| (&site.pages[n].meta.title, &site.pages[n].path))
    };
    let (before, after) = match position {
        Some(k) => (neighbour(k.checked_sub(1)), neighbour(Some(k + 1))),
        None => (None, None),
    };
    let upcoming = page
        .meta
        .event
        .as_ref()
        .map(|e| e.end.as_ref().unwrap_or(&e.start).date() >= today);
    hash_of((
        config,
        page.file.generation,
        page.rendered.generation,
        &page.path,
        &page.meta.title,
        (&section.path, &section.title),
        (before, after),
        upcoming,
    ))
}

/// Everything a section's view is built from, but its pages.
fn section_fp(site: &Site, section: &crate::content::Section, config: u64) -> u64 {
    let subsections: Vec<_> = section
        .subsections
        .iter()
        .map(|&s| (&site.sections[s].title, &site.sections[s].path))
        .collect();
    hash_of((
        config,
        section.file.as_ref().map(|f| f.generation),
        section.rendered.generation,
        &section.title,
        &section.path,
        subsections,
    ))
}
