//! The preview's shortcut after a save of pages: the last site built is patched instead of
//! loaded again.
//!
//! In: the last [`Site`], the load [`Cache`] and the saved files. Out: the pages whose views
//! must be built again, or `None` when only a full load can tell what the save did (a new or
//! deleted file, a changed URL, a problem to report).

use std::path::PathBuf;

use ahash::AHashMap;
use chrono::NaiveDate;

use super::{assets_url, check_anchors, missing_images, Bodies, Cache};
use crate::content::{source, taxonomy, tree, walk, PageMeta, Site, SortBy};
use crate::markdown::Rendered;

/// What [`patch`] did to the site.
#[derive(Debug)]
pub struct Patched {
    /// The pages whose views must be built again: the saved ones, and their neighbours in
    /// lists when a title changed (their previous/next links show it).
    pub pages: Vec<usize>,
    /// Whether pages moved in lists or changed terms: the lists were sorted and the terms
    /// gathered again, so every output listing pages may differ.
    pub moved: bool,
}

/// How a page's front matter changed, as the site sees it.
#[derive(Debug, PartialEq, Eq)]
enum Change {
    /// Only in what lists and pages show of it: title, description, authors, cover, `extra`.
    Shown,
    /// Also in where lists put it or which terms it carries: dates, weight, the event's
    /// details, taxonomies.
    Moved,
    /// In anything else: its URL, draft status, aliases, template, or whether it is an event.
    Other,
}

/// Patches `site`, the last one built, after the files `changed` were saved, when each of them
/// is a page whose new text parses and renders without a problem and whose front matter
/// changed at most in what is shown of it or in where lists put it ([`Change`]). Those pages'
/// file, front matter and rendering are replaced, and the caches updated as a load would.
/// When a page moved (or its hashtags changed), the lists are sorted again for `today` and
/// the terms gathered again (only put back in order when no page's terms changed); URLs,
/// sections and the set of pages stay the same. `None` means a full load is needed, and
/// `site` may have been partly patched: the caller drops it.
pub fn patch(
    site: &mut Site,
    cache: &mut Cache,
    changed: &[PathBuf],
    today: NaiveDate,
) -> Option<Patched> {
    let links = cache.links.as_ref()?;
    let bodies = Bodies::new(&site.config, links, None);
    let mut moved = false;
    // Whether a page's terms changed (front matter or hashtags), not only its place in lists.
    let mut retermed = false;
    let mut updates: Vec<(usize, walk::Kind, source::Parsed, super::Rendering)> = Vec::new();
    for path in changed {
        let i = site.pages.iter().position(|p| &p.file.path == path)?;
        let page = &site.pages[i];
        let (kind, Some(source::Parsed::Page(_, meta, bundle)), diags) = cache.parsed.get(path)?
        else {
            return None;
        };
        let clean_before = diags.is_empty()
            && cache
                .markdown
                .get(&page.file.rel)
                .is_some_and(|r| r.errors.is_empty());
        if !clean_before || updates.iter().any(|(j, ..)| *j == i) {
            return None;
        }
        let entry = walk::Entry {
            path: path.clone(),
            rel: page.file.rel.clone(),
            kind: kind.clone(),
        };
        let mut warnings = Vec::new();
        let Ok(Some(source::Parsed::Page(file, new_meta, new_bundle))) =
            source::read_one(&site.config, &entry, &mut warnings)
        else {
            return None;
        };
        let change = compare(meta, &new_meta);
        if !warnings.is_empty() || change == Change::Other || new_bundle != *bundle {
            return None;
        }
        let sorted_by_title = || {
            site.sections_listing(&[i])
                .iter()
                .any(|&s| site.sections[s].meta.sort_by == SortBy::Title)
        };
        moved |= change == Change::Moved || (new_meta.title != meta.title && sorted_by_title());
        let rendering = bodies.render(&file, assets_url(&site.config, page), &AHashMap::new());
        let clean = rendering.errors.is_empty()
            && missing_images(&file, &rendering.rendered, new_meta.cover.as_ref()).is_empty();
        if !clean {
            return None;
        }
        retermed |= rendering.rendered.hashtags != page.rendered.hashtags
            || new_meta.taxonomies != meta.taxonomies;
        moved |= retermed;
        let parsed = source::Parsed::Page(file, new_meta, *bundle);
        updates.push((i, kind.clone(), parsed, rendering));
    }
    let mut anchors_moved = false;
    let mut pages = Vec::with_capacity(updates.len());
    for (i, kind, parsed, rendering) in updates {
        let source::Parsed::Page(file, meta, _) = &parsed else {
            unreachable!("only pages are patched")
        };
        let page = &site.pages[i];
        let targets = |r: &Rendered| {
            r.links
                .iter()
                .map(|l| (l.target.clone(), l.anchor.clone()))
                .collect::<Vec<_>>()
        };
        anchors_moved |= page.rendered.ids != rendering.rendered.ids
            || targets(&page.rendered) != targets(&rendering.rendered);
        if page.meta.title != meta.title {
            pages.extend(neighbours(site, i));
        }
        let page = &mut site.pages[i];
        page.file = file.clone();
        page.meta = meta.clone();
        page.rendered = rendering.rendered.clone();
        cache.markdown.insert(file.rel.clone(), rendering);
        cache
            .parsed
            .insert(file.path.clone(), (kind, Some(parsed), Vec::new()));
        pages.push(i);
    }
    // An anchor that appeared or vanished can make another page's link good or broken.
    if anchors_moved && (!site.warnings.is_empty() || !check_anchors(site).is_empty()) {
        return None;
    }
    if moved {
        site.by_date = tree::order(&mut site.sections, &site.pages, today);
        if retermed {
            site.taxonomies = taxonomy::build(&site.config.taxonomies, &site.pages, &site.by_date);
        } else {
            taxonomy::reorder(&mut site.taxonomies, &site.by_date);
        }
    }
    pages.sort_unstable();
    pages.dedup();
    Some(Patched { pages, moved })
}

/// How `new`, a page's front matter saved again, differs from `old`.
fn compare(old: &PageMeta, new: &PageMeta) -> Change {
    let mut seen = new.clone();
    seen.title.clone_from(&old.title);
    seen.description.clone_from(&old.description);
    seen.authors.clone_from(&old.authors);
    seen.cover.clone_from(&old.cover);
    seen.extra.clone_from(&old.extra);
    if seen == *old {
        return Change::Shown;
    }
    if new.event.is_some() != old.event.is_some() {
        return Change::Other;
    }
    seen.date.clone_from(&old.date);
    seen.updated.clone_from(&old.updated);
    seen.weight = old.weight;
    seen.event.clone_from(&old.event);
    seen.taxonomies.clone_from(&old.taxonomies);
    if seen == *old {
        Change::Moved
    } else {
        Change::Other
    }
}

/// The pages just before and after page `i` in every list showing it.
fn neighbours(site: &Site, i: usize) -> Vec<usize> {
    let mut out = Vec::new();
    for section in &site.sections {
        if let Some(k) = section.pages.iter().position(|&p| p == i) {
            out.extend(k.checked_sub(1).map(|k| section.pages[k]));
            out.extend(section.pages.get(k + 1).copied());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Event;
    use crate::text::dates::When;

    fn day(d: u32) -> When {
        When::Date(NaiveDate::from_ymd_opt(2025, 3, d).unwrap())
    }

    #[test]
    fn front_matter_changes_are_told_apart_by_what_they_do_to_the_site() {
        let old = PageMeta {
            title: "AG".into(),
            date: Some(day(1)),
            ..PageMeta::default()
        };
        let with = |edit: fn(&mut PageMeta)| {
            let mut new = old.clone();
            edit(&mut new);
            compare(&old, &new)
        };
        assert_eq!(with(|_| {}), Change::Shown);
        assert_eq!(with(|m| m.title = "Assemblée".into()), Change::Shown);
        assert_eq!(
            with(|m| m.description = Some("Bilan".into())),
            Change::Shown
        );
        assert_eq!(with(|m| m.date = Some(day(2))), Change::Moved);
        assert_eq!(with(|m| m.weight = 3), Change::Moved);
        assert_eq!(
            with(|m| {
                m.taxonomies.insert("tags".into(), vec!["Coopsday".into()]);
            }),
            Change::Moved
        );
        assert_eq!(with(|m| m.slug = Some("ag".into())), Change::Other);
        assert_eq!(with(|m| m.draft = true), Change::Other);
        assert_eq!(with(|m| m.aliases = vec!["/ag/".into()]), Change::Other);
        assert_eq!(with(|m| m.template = Some("x.html".into())), Change::Other);
        // A page that becomes an event gains a calendar file: not a move.
        fn event(start: When) -> Event {
            Event {
                start,
                end: None,
                location: None,
                address: None,
                organizers: Vec::new(),
                speakers: Vec::new(),
                url: None,
            }
        }
        assert_eq!(with(|m| m.event = Some(event(day(5)))), Change::Other);
        let mut on_the_fifth = old.clone();
        on_the_fifth.event = Some(event(day(5)));
        let mut on_the_sixth = old.clone();
        on_the_sixth.event = Some(event(day(6)));
        assert_eq!(compare(&on_the_fifth, &on_the_sixth), Change::Moved);
    }
}
