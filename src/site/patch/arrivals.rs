//! Pages that come and go in a patch: a new file added to the site, a deleted one taken out,
//! and the cached listing of `content/` kept as a walk would make it.

use std::path::Path;

use super::{read_page, Cache, Saved};
use crate::content::{source, tree, url, walk, Site};
use crate::names;

/// Takes page `i`, whose file was deleted, out of the site; the last page takes its place
/// (no output depends on a page's index). `None` for what a full load must decide: a bundle
/// (its files become plain ones), the last page of a section without `_index.md` (the section
/// goes too), or a site with warnings (one may be this page's).
pub(super) fn remove_page(site: &mut Site, i: usize) -> Option<crate::content::Page> {
    let page = &site.pages[i];
    let bundle = names::bundle_dir(&page.file.rel).is_some();
    let section_goes = site.sections[page.section].file.is_none()
        && !site
            .pages
            .iter()
            .enumerate()
            .any(|(j, p)| j != i && p.section == page.section);
    if bundle || section_goes || !site.warnings.is_empty() {
        return None;
    }
    Some(site.pages.swap_remove(i))
}

/// A new Markdown page saved in a section the site has (`path`, not listed by the last walk
/// of `content/`, or listed but left out as a draft and now published), added at the end of
/// `Site::pages`; what a full load would make of it but for its place in that list, which no
/// output depends on. `None` for anything a full load must decide: another kind of file, a
/// file in a bundle or a new folder, a draft when `drafts` are left out, or a problem to
/// report.
pub(super) fn add_page(site: &mut Site, cache: &Cache, path: &Path, drafts: bool) -> Option<Saved> {
    let rel_path = path.strip_prefix(site.config.root.join("content")).ok()?;
    let parts: Vec<&str> = rel_path
        .components()
        .map(|c| c.as_os_str().to_str())
        .collect::<Option<_>>()?;
    let (name, _) = parts.split_last()?;
    let rel = parts.join("/");
    let plain_page = names::is_markdown(name)
        && !names::is_page_index(name)
        && !names::is_section_index(name)
        && !parts.iter().any(|p| names::is_ignored(p));
    let is_file = path.symlink_metadata().is_ok_and(|m| m.is_file());
    let (_, entries) = cache.listing.as_ref()?;
    // In a bundle's folder, a Markdown file is not a page (and is never published).
    let in_bundle = entries.iter().any(|e| {
        e.kind == walk::Kind::Page { bundle: true }
            && names::bundle_dir(&e.rel).is_some_and(|dir| rel.starts_with(dir))
    });
    let left_out_draft = || {
        matches!(
            cache.parsed.get(path),
            Some((walk::Kind::Page { bundle: false }, Some(source::Parsed::Page(_, meta, false)), _))
                if meta.draft && !drafts
        )
    };
    if !plain_page || !is_file || in_bundle || (listed(entries, &rel).is_ok() && !left_out_draft())
    {
        return None;
    }
    let kind = walk::Kind::Page { bundle: false };
    let (file, meta, _) = read_page(site, path.to_path_buf(), rel, kind.clone())?;
    if meta.draft && !drafts {
        return None;
    }
    let (dir, name) = tree::page_dir_and_name(&file.rel, false);
    let section = site.sections.iter().position(|s| s.dir == dir)?;
    let address = url::page_path(&site.sections[section].path, &name, meta.slug.as_deref());
    site.pages.push(crate::content::Page {
        file: file.clone(),
        meta: meta.clone(),
        path: address.clone(),
        section,
        assets: Vec::new(),
        rendered: Default::default(),
    });
    Some(Saved {
        page: site.pages.len() - 1,
        kind,
        parsed: source::Parsed::Page(file, meta, false),
        path: address,
        added: true,
    })
}

/// Where `rel` is, or would go, in a walk's entries (sorted as [`walk::walk`] sorts them).
fn listed(entries: &[walk::Entry], rel: &str) -> Result<usize, usize> {
    let key = |rel: &str| rel.replace('/', "\0");
    let wanted = key(rel);
    entries.binary_search_by(|e| key(&e.rel).cmp(&wanted))
}

/// Puts a new page's file in the cache's listing of `content/`, where a walk would.
pub(super) fn list(cache: &mut Cache, file: &crate::content::SourceFile, kind: &walk::Kind) {
    if let Some((_, entries)) = cache.listing.as_mut() {
        if let Err(at) = listed(entries, &file.rel) {
            let entry = walk::Entry {
                path: file.path.clone(),
                rel: file.rel.clone(),
                kind: kind.clone(),
            };
            entries.insert(at, entry);
        }
    }
}

/// Takes a deleted page's file out of the cache's listing of `content/`.
pub(super) fn unlist(cache: &mut Cache, rel: &str) {
    if let Some((_, entries)) = cache.listing.as_mut() {
        if let Ok(at) = listed(entries, rel) {
            entries.remove(at);
        }
    }
}
