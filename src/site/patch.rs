//! The preview's shortcut after a save of pages: the last site built is patched instead of
//! loaded again.
//!
//! In: the last [`Site`], the load [`Cache`] and the saved files. Out: the pages whose views
//! must be built again, or `None` when only a full load can tell what the save did (a
//! section, a bundle, a problem to report).

use std::path::{Path, PathBuf};

use ahash::AHashMap;
use chrono::NaiveDate;
use rayon::prelude::*;

use super::{assets_url, check_anchors, missing_images, Bodies, Cache, Rendering};
use crate::content::{source, taxonomy, tree, url, walk, PageMeta, Site, SortBy};
use crate::markdown::{Links, Rendered};

mod arrivals;
use arrivals::{add_page, list, remove_page, unlist};

/// What [`patch`] did to the site.
#[derive(Debug)]
pub struct Patched {
    /// The pages whose views must be built again: the saved ones, their neighbours in lists
    /// when a title changed (their previous/next links show it), and the pages whose links
    /// lead to a page with a new address.
    pub pages: Vec<usize>,
    /// Whether pages moved in lists, changed terms or changed address: the lists were sorted
    /// and the terms gathered again, so every output listing pages may differ.
    pub moved: bool,
    /// Whether the set of outputs may have changed too: a page came or changed address, or
    /// terms were gathered again (one may be new, or left empty). Otherwise every list keeps
    /// its number of pages, and every output its path.
    pub outputs_changed: bool,
    /// The pages saved with a new address (a new `slug:`): their outputs move.
    pub readdressed: Vec<Readdressed>,
    /// The source paths (relative to `content/`) of the pages whose file was deleted: what
    /// asked for them must be rendered again (and fail, as a fresh build would).
    pub deleted: Vec<String>,
    /// The addresses the deleted events had: their calendar files go.
    pub deleted_events: Vec<String>,
    /// The pages added (a new file, a draft published), last of `Site::pages`.
    pub added: Vec<usize>,
}

/// A page a patch gave a new address.
#[derive(Debug)]
pub struct Readdressed {
    /// The page, as an index into `Site::pages`.
    pub page: usize,
    /// Its old address.
    pub old_path: String,
    /// The output paths its bundle's files had; they follow the page to its new address.
    pub old_assets: Vec<String>,
}

/// How a page's front matter changed, as the site sees it.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Change {
    /// Only in what lists and pages show of it: title, description, authors, cover, `extra`.
    Shown,
    /// Also in where lists put it or which terms it carries: dates, weight, the event's
    /// details, taxonomies.
    Moved,
    /// Also in its address: its `slug:`.
    Addressed,
    /// In anything else: draft status, aliases, template, or whether it is an event.
    Other,
}

/// A saved page, read again.
struct Saved {
    page: usize,
    kind: walk::Kind,
    parsed: source::Parsed,
    /// Its address with the new front matter.
    path: String,
    /// A new page, added at the end of `Site::pages` (see `add_page`).
    added: bool,
}

/// Patches `site`, the last one built, after the files `changed` were saved, when each of them
/// is a page whose new text parses and renders without a problem: a page whose front matter
/// changed at most in what is shown of it, in where lists put it, or in its address
/// (`Change`), a new page in a section the site has (`add_page`), or a deleted page
/// (`remove_page`). Those pages' file, front matter and rendering are replaced, and the
/// caches updated as a load would. A page
/// with a new address (or a new page) takes it, with its bundle's files, when no other source
/// has it, and the bodies linking to it are rendered again. When a page moved, came, went or
/// changed its hashtags, the lists are sorted again for `today` and the terms gathered again
/// (only put back in order, or given the new pages, when no page's terms changed); sections
/// stay the same. `None` means a full load is needed, and `site` may have been partly
/// patched: the caller drops it. The cache takes the new files, renderings and addresses
/// only once every body rendered cleanly, so the load that follows reuses only what matches
/// the files on disk.
pub fn patch(
    site: &mut Site,
    cache: &mut Cache,
    changed: &[PathBuf],
    today: NaiveDate,
    drafts: bool,
) -> Option<Patched> {
    let mut links = cache.links.clone()?;
    // Pages whose file is gone leave first; the saves below find their pages afresh.
    let mut deleted = Vec::new();
    let mut saved_paths = Vec::with_capacity(changed.len());
    for path in changed {
        match page_at(site, path) {
            Some(i) if path.symlink_metadata().is_err() => deleted.push(remove_page(site, i)?),
            _ => saved_paths.push(path),
        }
    }
    for page in &deleted {
        links.remove(&page.file.rel);
    }
    let mut moved = !deleted.is_empty();
    let mut saved: Vec<Saved> = Vec::new();
    for path in saved_paths {
        let Some(i) = page_at(site, path) else {
            saved.push(add_page(site, cache, path, drafts)?);
            continue;
        };
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
        if !clean_before || saved.iter().any(|s| s.page == i) {
            return None;
        }
        let (file, new_meta, new_bundle) =
            read_page(site, path.clone(), page.file.rel.clone(), kind.clone())?;
        let change = compare(meta, &new_meta, drafts);
        if change == Change::Other || new_bundle != *bundle {
            return None;
        }
        let (_, name) = tree::page_dir_and_name(&file.rel, new_bundle);
        let section_path = &site.sections[page.section].path;
        let address = url::page_path(section_path, &name, new_meta.slug.as_deref());
        let sorted_by_title = || {
            site.sections_listing(&[i])
                .iter()
                .any(|&s| site.sections[s].meta.sort_by == SortBy::Title)
        };
        moved |= change == Change::Moved
            || address != page.path
            || (new_meta.title != meta.title && sorted_by_title());
        saved.push(Saved {
            page: i,
            kind: kind.clone(),
            parsed: source::Parsed::Page(file, new_meta, new_bundle),
            path: address,
            added: false,
        });
    }
    let readdressed = readdress(site, &mut links, &saved)?;
    let added: Vec<&str> = saved
        .iter()
        .filter(|s| s.added)
        .map(|s| site.pages[s.page].file.rel.as_str())
        .collect();
    for s in saved.iter().filter(|s| s.added) {
        let page = &site.pages[s.page];
        links.insert(&page.file.rel, site.config.permalink(&page.path));
    }
    moved |= !added.is_empty();
    let addresses_changed = !readdressed.is_empty() || !added.is_empty() || !deleted.is_empty();
    let new_addresses: Vec<usize> = readdressed
        .iter()
        .map(|r| r.page)
        .chain(site.pages.len() - added.len()..site.pages.len())
        .collect();
    if tree::clash_among(&site.sections, &site.pages, &new_addresses) {
        return None;
    }
    let pictures = site
        .images
        .as_deref()
        .map(|i| i as &dyn crate::markdown::Pictures);
    let bodies = Bodies::new(&site.config, &links, None, pictures);
    // Whether a page's terms changed (front matter or hashtags), not only its place in lists.
    let mut retermed = false;
    let mut renderings = Vec::with_capacity(saved.len());
    for s in &saved {
        let source::Parsed::Page(file, meta, _) = &s.parsed else {
            unreachable!("only pages are saved")
        };
        let page = &site.pages[s.page];
        let rendering = bodies.render(file, assets_url(&site.config, page), &AHashMap::new());
        let clean = rendering.errors.is_empty()
            && missing_images(file, &rendering.rendered, meta.cover.as_ref()).is_empty();
        if !clean {
            return None;
        }
        retermed |= !s.added
            && (rendering.rendered.hashtags != page.rendered.hashtags
                || meta.taxonomies != page.meta.taxonomies);
        renderings.push(rendering);
    }
    moved |= retermed;
    let unresolved: Vec<&str> = added
        .iter()
        .copied()
        .chain(deleted.iter().map(|p| p.file.rel.as_str()))
        .collect();
    let linking = linking_bodies(
        site,
        &bodies,
        &saved,
        &readdressed,
        &unresolved,
        added.len(),
    )?;
    let new_pages = site.pages.len() - added.len()..site.pages.len();
    let mut anchors_moved = false;
    let mut pages = Vec::with_capacity(saved.len() + linking.len());
    let (mut renderings_made, mut listed, mut parsed) = (Vec::new(), Vec::new(), Vec::new());

    for (s, rendering) in saved.into_iter().zip(renderings) {
        let source::Parsed::Page(file, meta, _) = &s.parsed else {
            unreachable!("only pages are saved")
        };
        let i = s.page;
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
        renderings_made.push((file.rel.clone(), rendering));
        if s.added {
            listed.push((file.clone(), s.kind.clone()));
        }
        parsed.push((file.path.clone(), (s.kind, Some(s.parsed), Vec::new())));
        pages.push(i);
    }
    for (j, rendering) in linking {
        site.pages[j].rendered = rendering.rendered.clone();
        renderings_made.push((site.pages[j].file.rel.clone(), rendering));
        pages.push(j);
    }
    if addresses_changed {
        site.links = links.clone();
    }
    // An anchor that appeared or vanished can make another page's link good or broken.
    if anchors_moved && (!site.warnings.is_empty() || !check_anchors(site).is_empty()) {
        return None;
    }
    // All or nothing: the cache changes only now that the patch cannot give up, so a patch
    // that gave up leaves it as the last good build left it (the site it changed is dropped).
    for (rel, rendering) in renderings_made {
        cache.markdown.insert(rel, rendering);
    }
    for (file, kind) in &listed {
        list(cache, file, kind);
    }
    cache.parsed.extend(parsed);
    for page in &deleted {
        cache.parsed.remove(&page.file.path);
        cache.markdown.remove(&page.file.rel);
        unlist(cache, &page.file.rel);
    }
    if addresses_changed {
        cache.links = Some(links);
    }
    let mut regathered = false;
    if moved {
        site.by_date = tree::order(&mut site.sections, &site.pages, today);
        // New pages filed under terms the site has, as they are shown, leave the rest as is.
        let filed = new_pages
            .clone()
            .all(|i| taxonomy::file_new_page(&mut site.taxonomies, &site.pages, i));
        regathered = retermed || !filed || !deleted.is_empty();
        if regathered {
            site.taxonomies = taxonomy::build(&site.config.taxonomies, &site.pages, &site.by_date);
        } else {
            taxonomy::reorder(&mut site.taxonomies, &site.by_date);
        }
    }
    pages.sort_unstable();
    pages.dedup();
    Some(Patched {
        pages,
        moved,
        outputs_changed: addresses_changed || regathered,
        readdressed,
        deleted_events: deleted
            .iter()
            .filter(|p| p.meta.event.is_some())
            .map(|p| p.path.clone())
            .collect(),
        deleted: deleted.into_iter().map(|p| p.file.rel).collect(),
        added: new_pages.collect(),
    })
}

/// The index of the page whose file is `path`. The lengths are compared first: `Path`'s
/// equality walks components, and 10,000 of those cost 3 ms on every save. (A path spelled
/// otherwise is not found: the page is then taken for a new one, which a full load handles.)
fn page_at(site: &Site, path: &Path) -> Option<usize> {
    let len = path.as_os_str().len();
    site.pages
        .iter()
        .position(|p| p.file.path.as_os_str().len() == len && p.file.path == path)
}

/// The page at `path` read and parsed as a load would, when it is one and reads without a
/// problem or a warning (a full load reports those).
fn read_page(
    site: &Site,
    path: PathBuf,
    rel: String,
    kind: walk::Kind,
) -> Option<(crate::content::SourceFile, std::sync::Arc<PageMeta>, bool)> {
    let entry = walk::Entry { path, rel, kind };
    let mut warnings = Vec::new();
    match source::read_one(&site.config, &entry, &mut warnings) {
        Ok(Some(source::Parsed::Page(file, meta, bundle))) if warnings.is_empty() => {
            Some((file, meta, bundle))
        }
        _ => None,
    }
}

/// Gives the saved pages whose address changed their new one, with their bundle's files, in
/// `site` and in `links`. `None` when a bundle's file is not under its page's address.
fn readdress(site: &mut Site, links: &mut Links, saved: &[Saved]) -> Option<Vec<Readdressed>> {
    let mut readdressed = Vec::new();
    for s in saved {
        let page = &mut site.pages[s.page];
        if page.path == s.path || s.added {
            continue;
        }
        let old = std::mem::replace(&mut page.path, s.path.clone());
        let mut old_assets = Vec::with_capacity(page.assets.len());
        for (out, _) in &mut page.assets {
            let inside = out.strip_prefix(old.as_str())?;
            let new = format!("{}{inside}", page.path);
            old_assets.push(std::mem::replace(out, new));
        }
        links.insert(&page.file.rel, site.config.permalink(&page.path));
        readdressed.push(Readdressed {
            page: s.page,
            old_path: old,
            old_assets,
        });
    }
    Some(readdressed)
}

/// The bodies of the pages not saved whose links lead to a page with a new address, rendered
/// again with it. `None` when one does not render cleanly, when a section's text links to
/// such a page (its view is not patched: a full load renders it), or when a body looked for
/// a page just added or deleted (`unresolved`): it had a broken link, a warning a full load
/// takes back, or has one now, which a full load reports. The last `added` pages are new.
fn linking_bodies(
    site: &Site,
    bodies: &Bodies,
    saved: &[Saved],
    readdressed: &[Readdressed],
    unresolved: &[&str],
    added: usize,
) -> Option<Vec<(usize, Rendering)>> {
    if readdressed.is_empty() && unresolved.is_empty() {
        return Some(Vec::new());
    }
    let new_or_moved: Vec<&str> = readdressed
        .iter()
        .map(|r| site.pages[r.page].file.rel.as_str())
        .chain(unresolved.iter().copied())
        .collect();
    let old_pages = &site.pages[..site.pages.len() - added];
    let links_to_moved = |r: &Rendered| {
        r.looked_up
            .iter()
            .any(|t| new_or_moved.contains(&t.as_str()))
    };
    if site.sections.iter().any(|s| links_to_moved(&s.rendered))
        || old_pages.iter().any(|p| {
            p.rendered
                .looked_up
                .iter()
                .any(|t| unresolved.contains(&t.as_str()))
        })
    {
        return None;
    }
    let linking: Vec<usize> = (0..old_pages.len())
        .filter(|&j| !saved.iter().any(|s| s.page == j) && links_to_moved(&site.pages[j].rendered))
        .collect();
    linking
        .into_par_iter()
        .map(|j| {
            let page = &site.pages[j];
            let rendering =
                bodies.render(&page.file, assets_url(&site.config, page), &AHashMap::new());
            rendering.errors.is_empty().then_some((j, rendering))
        })
        .collect()
}

/// How `new`, a page's front matter saved again, differs from `old`. With `drafts` shown,
/// a page's draft status is only shown (a badge), not whether it is in the site.
fn compare(old: &PageMeta, new: &PageMeta, drafts: bool) -> Change {
    let mut seen = new.clone();
    if drafts {
        seen.draft = old.draft;
    }
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
        return Change::Moved;
    }
    seen.slug.clone_from(&old.slug);
    if seen == *old {
        Change::Addressed
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
            compare(&old, &new, false)
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
        assert_eq!(with(|m| m.slug = Some("ag".into())), Change::Addressed);
        assert_eq!(
            with(|m| {
                m.slug = Some("ag".into());
                m.draft = true;
            }),
            Change::Other
        );
        assert_eq!(with(|m| m.draft = true), Change::Other);
        // Unless drafts are shown: then being one is only a badge.
        let mut drafted = old.clone();
        drafted.draft = true;
        assert_eq!(compare(&old, &drafted, true), Change::Shown);
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
        assert_eq!(compare(&on_the_fifth, &on_the_sixth, false), Change::Moved);
    }
}
