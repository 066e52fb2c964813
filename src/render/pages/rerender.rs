//! The preview's partial render: after an edit of pages, only the outputs that may show what
//! changed are rendered again, the others kept from the last render.

use std::sync::Arc;

use ahash::AHashSet;
use rayon::prelude::*;

use super::{
    base_fingerprint, job_path, jobs, reuse_or_render, shows_latest, Cached, Fresh, Job, JobCache,
    SizeHints,
};
use crate::error::Error;
use crate::output::Output;
use crate::render::deps::{Dep, Fingerprints, Stale};
use crate::render::Renderer;

/// Renders again the outputs that may show what `stale` names after an edit of pages (see
/// [`crate::site::patch`]): the stale pages, the lists of stale sections (and of those whose
/// template may show the newest pages, when those changed), stale terms and taxonomy lists,
/// the outputs that asked for a stale or deleted page or a stale section through `get_page`,
/// `get_section` or `get_url`, and the jobs `unmade`, whose output the last render did not
/// make. Every other output's inputs are unchanged, so `cache` keeps it; of those rendered
/// again, one whose fingerprint turns out unchanged is reused too. `paths` are the jobs' output
/// paths (the last render's, or [`reclaim`]'s after pages moved; `None` for a job whose file
/// another one wrote). Returns the outputs rendered.
pub fn rerender(
    r: &Renderer,
    fps: &Fingerprints,
    cache: &mut JobCache,
    paths: &[Option<String>],
    unmade: &[usize],
    stale: &Stale,
) -> Result<Vec<Fresh>, Error> {
    let site = r.site;
    let mut page_stale = vec![false; site.pages.len()];
    for &i in &stale.pages {
        page_stale[i] = true;
    }
    let mut section_stale: Vec<bool> = (0..site.sections.len())
        .map(|s| stale.latest && shows_latest(r, s))
        .collect();
    for &s in &stale.sections {
        section_stale[s] = true;
    }
    let asked: Vec<Dep> = stale
        .pages
        .iter()
        .map(|&i| &site.pages[i].file.rel)
        .chain(&stale.removed)
        .flat_map(|rel| [Dep::Page(rel.clone()), Dep::Url(rel.clone())])
        .chain(
            stale
                .sections
                .iter()
                .map(|&s| Dep::Section(crate::render::section_rel(&site.sections[s].dir))),
        )
        .collect();
    let asking: std::collections::HashSet<&str> = cache
        .iter()
        .filter(|(_, c)| c.deps.iter().any(|d| asked.contains(d)))
        .map(|(path, _)| path.as_str())
        .collect();
    // Looked up for each of the site's term pages (thousands at 10,000 articles): a set, as
    // terms gathered again after a move may leave many of them stale at once.
    let stale_terms: AHashSet<(&str, &str)> = stale
        .terms
        .iter()
        .map(|(name, slug)| (name.as_str(), slug.as_str()))
        .collect();
    let jobs = jobs(r);
    // The last render kept every output it made in `cache`: the jobs it did not make are
    // known without looking each path up there (5 ms at 10,000 articles).
    let mut made = vec![true; jobs.len()];
    for &k in unmade {
        made[k] = false;
    }
    let due: Vec<(&Job, &String)> = jobs
        .iter()
        .zip(paths)
        .zip(made)
        .filter_map(|((job, path), made)| Some((job, path.as_ref()?, made)))
        .filter(|(job, path, made)| {
            let listed = match job {
                Job::Page(i) => page_stale[*i],
                Job::SectionPage { section, .. } => section_stale[*section],
                Job::TermPage { taxonomy, term, .. } => {
                    stale_terms.contains(&(taxonomy.name.as_str(), term.slug.as_str()))
                }
                Job::TaxonomyList(taxonomy) => stale.taxonomies.contains(&taxonomy.name),
                Job::Alias { page, .. } => page_stale[*page],
                Job::NotFound | Job::Search(_) => false,
            };
            listed || !made || asking.contains(path.as_str())
        })
        .map(|(job, path, _)| (job, path))
        .collect();
    let hints = SizeHints::default();
    let base = base_fingerprint(r, fps);
    let old: &JobCache = cache;
    let results: Vec<(String, Arc<Cached>)> = due
        .par_iter()
        .map(|(job, path)| {
            let cached = reuse_or_render(r, fps, base, old, job, path, &hints)?;
            Ok(((*path).clone(), cached))
        })
        .collect::<Result<_, Error>>()?;
    let mut out = Vec::with_capacity(results.len());
    for (path, cached) in results {
        out.push((path.clone(), cached.bytes.clone()));
        cache.insert(path, cached);
    }
    Ok(out)
}

/// The output path of each job of `r` after an edit that moved pages, gave one a new address
/// or added one: the outputs no job makes any more (a page's old address, the last page of a
/// list that got shorter, an emptied term's) leave `output` and `cache`. `paths` are the last
/// render's, in its jobs' order. Also returns the jobs whose path is new, which the last
/// render did not make. `None` when a claim would have to be decided again: two jobs or a job
/// and another file wanting one path, or a job whose file another took last time.
pub fn reclaim(
    r: &Renderer,
    mut paths: Vec<Option<String>>,
    output: &mut Output,
    cache: &mut JobCache,
) -> Option<(Vec<Option<String>>, Vec<usize>)> {
    let site = r.site;
    let jobs = jobs(r);
    // Pages come first among the jobs, a new one last of them: a job at the same place with
    // the same path keeps its claim (nearly every page), and its path is not made again. The
    // others are compared as sets.
    let pages = site.pages.len().min(paths.len());
    let kept: Vec<bool> = (0..jobs.len())
        .map(|k| {
            k < pages
                && paths[k]
                    .as_deref()
                    .and_then(|p| p.strip_suffix("index.html"))
                    == Some(site.pages[k].path.as_str())
        })
        .collect();
    let fresh: Vec<Option<String>> = jobs
        .par_iter()
        .zip(&kept)
        .map(|(job, &kept)| (!kept).then(|| job_path(r, job)))
        .collect();
    let old: AHashSet<&str> = (0..paths.len())
        .filter(|&k| !kept.get(k).copied().unwrap_or(false))
        .map(|k| paths[k].as_deref())
        .collect::<Option<_>>()?;
    let claims: Vec<&str> = fresh.iter().flatten().map(String::as_str).collect();
    let new: AHashSet<&str> = claims.iter().copied().collect();
    // A path taken twice, or already another file's (a page that kept its claim has its file
    // there), is a clash a full render names.
    if new.len() != claims.len()
        || new
            .iter()
            .any(|p| !old.contains(p) && output.files.contains_key(*p))
    {
        return None;
    }
    for gone in old.difference(&new) {
        output.files.remove(*gone);
        cache.remove(*gone);
    }
    let unmade = (0..fresh.len())
        .filter(|&k| fresh[k].as_deref().is_some_and(|p| !old.contains(p)))
        .collect();
    paths.resize(jobs.len(), None);
    let paths = fresh
        .into_iter()
        .zip(paths)
        .map(|(fresh, last)| fresh.or(last))
        .collect();
    Some((paths, unmade))
}
