//! The preview's partial render: the last render patched after an edit of pages, only the
//! outputs that may show what changed rendered again.

use super::{cached_feeds, deps, events, feeds, pages, Last, RenderCache, Renderer};
use crate::content::Site;
use crate::output::{OutFile, Output};

/// Patches the last render after [`crate::site::patch`] replaced some pages' bodies and front
/// matter, the site being otherwise the one last rendered: the fingerprints are updated (or,
/// when pages moved in their lists, computed again and compared), the views of the stale pages
/// built again, and only the outputs showing them rendered again. When the set of outputs
/// may have changed (`Patched::outputs_changed`), they are claimed again: those no longer
/// made (a page's old address, an emptied term's pages and feed) are dropped, new ones (a new
/// page's, a new term's) rendered. `None` when there is no last render to patch (or it was
/// made for another day or mode), when the move changed what every output shares, when a new
/// output's path is taken, or when a template failed: the caller then renders the whole site,
/// which reports errors.
pub fn patch(
    site: &Site,
    serve: bool,
    today: chrono::NaiveDate,
    patched: &crate::site::Patched,
    cache: &mut RenderCache,
) -> Option<Output> {
    let mut last = cache.last.take()?;
    if last.serve != serve || last.today != today {
        return None;
    }
    let mut stale = if patched.moved {
        let fps = deps::Fingerprints::compute(site, serve, today);
        if fps.site != last.fps.site {
            return None;
        }
        let stale = fps.stale_since(&last.fps);
        last.fps = fps;
        stale
    } else {
        last.fps.update_pages(site, &patched.pages, today)
    };
    stale.removed.clone_from(&patched.deleted);
    last.parts.views.update_pages(
        site,
        &stale.pages,
        &stale.sections,
        today,
        &last.fps.pages,
        &mut cache.views,
    );
    last.parts.lookup.update(
        site,
        &stale.pages,
        &stale.sections,
        &patched.deleted,
        &last.parts.views,
    );
    last.parts.lookup.fragments.keep_current(&last.parts.views);
    last.parts.links = site.links.clone();
    let mut output = last.output;
    move_bundles(site, &patched.readdressed, &mut output)?;
    let renderer = Renderer::from_parts(site, last.parts);
    let mut unmade = Vec::new();
    if patched.outputs_changed {
        let last_paths = std::mem::take(&mut last.paths);
        (last.paths, unmade) = pages::reclaim(&renderer, last_paths, &mut output, &mut cache.jobs)?;
    }
    let old_feeds: Vec<String> = cache.feeds.keys().cloned().collect();
    let (jobs, feed_cache) = (&mut cache.jobs, &mut cache.feeds);
    // The feeds and the sitemap are made beside the outputs, on whichever core is free: the
    // sitemap is written on one thread, about 6 ms at 10,000 articles.
    let (rendered, (feeds, mut site_files)) = rayon::join(
        || pages::rerender(&renderer, &last.fps, jobs, &last.paths, &unmade, &stale),
        || {
            rayon::join(
                || cached_feeds(site, &last.fps, feed_cache),
                || {
                    // The sitemap gives each page's address and date.
                    let mut files = Output::default();
                    if patched.moved {
                        feeds::write_site_files(site, &mut files);
                    }
                    files
                },
            )
        },
    );
    for (path, bytes) in rendered.ok()? {
        output.files.insert(path, OutFile::Bytes(bytes));
    }
    // A term gained or emptied gains or loses its feed.
    for gone in old_feeds.iter().filter(|f| !cache.feeds.contains_key(*f)) {
        output.files.remove(gone);
    }
    for (path, bytes) in feeds {
        let new = !old_feeds.contains(&path);
        if new && output.files.contains_key(&path) {
            return None;
        }
        output.files.insert(path, OutFile::Bytes(bytes));
    }
    output.files.append(&mut site_files.files);
    // Calendars show the events' titles and days: written again when a patched page is an
    // event, or one went. (A page cannot become or stop being one in a patch.)
    for path in &patched.deleted_events {
        output.files.remove(&format!("{path}event.ics"));
    }
    let event = |i: usize| site.pages[i].meta.event.is_some();
    let new_calendar = |&i: &usize| {
        event(i)
            && output
                .files
                .contains_key(&format!("{}event.ics", site.pages[i].path))
    };
    if patched.added.iter().any(new_calendar) {
        // Another file has the new event's calendar address: a full render names the clash.
        return None;
    }
    if patched.pages.iter().any(|&i| event(i)) || !patched.deleted_events.is_empty() {
        events::write_calendars(site, &mut output);
    }
    cache.last = Some(Last {
        fps: last.fps,
        paths: last.paths,
        parts: renderer.into_parts(),
        output: output.clone(),
        serve,
        today,
    });
    Some(output)
}

/// Moves the files of the pages a patch gave a new address that are not template outputs
/// (those are [`pages::reclaim`]'s): their bundle's files, and their event's calendar file
/// (written again with the calendars). `None` when a new path is already another output's: a
/// full render names the clash.
fn move_bundles(
    site: &Site,
    readdressed: &[crate::site::Readdressed],
    output: &mut Output,
) -> Option<()> {
    // Every old path is let go before any new one is taken, so two pages may swap addresses.
    for moved in readdressed {
        if site.pages[moved.page].meta.event.is_some() {
            output.files.remove(&format!("{}event.ics", moved.old_path));
        }
        for asset in &moved.old_assets {
            output.files.remove(asset);
        }
    }
    for moved in readdressed {
        let page = &site.pages[moved.page];
        if output
            .files
            .contains_key(&format!("{}event.ics", page.path))
        {
            return None;
        }
        for (out, source) in &page.assets {
            if output.files.contains_key(out) {
                return None;
            }
            output
                .files
                .insert(out.clone(), OutFile::Copy(source.clone()));
        }
    }
    Some(())
}
