//! The preview's partial render: after an edit of pages, only the outputs that may show what
//! changed are rendered again, the others kept from the last render.

use std::sync::Arc;

use rayon::prelude::*;

use super::{
    base_fingerprint, job_path, jobs, reuse_or_render, Cached, Fresh, Job, JobCache, SizeHints,
};
use crate::error::Error;
use crate::render::deps::{Dep, Fingerprints, Stale};
use crate::render::Renderer;

/// Renders again the outputs that may show what `stale` names after an edit of pages (see
/// [`crate::site::patch`]): the stale pages, the lists of stale sections (all of them when
/// the newest pages changed, which they all show), stale terms and taxonomy lists, and the
/// outputs that asked for a stale page or section through `get_page` or `get_section`. Every
/// other output's inputs are unchanged, so `cache` keeps it; of those rendered again, one whose
/// fingerprint turns out unchanged is reused too. `paths` are the jobs' output paths in the
/// last full render, which [`same_outputs`] checks still hold (`None` for a job whose file
/// another one wrote). Returns the outputs rendered.
pub fn rerender(
    r: &Renderer,
    fps: &Fingerprints,
    cache: &mut JobCache,
    paths: &[Option<String>],
    stale: &Stale,
) -> Result<Vec<Fresh>, Error> {
    let site = r.site;
    let mut page_stale = vec![false; site.pages.len()];
    for &i in &stale.pages {
        page_stale[i] = true;
    }
    let mut section_stale = vec![stale.latest; site.sections.len()];
    for &s in &stale.sections {
        section_stale[s] = true;
    }
    let asked: Vec<Dep> = stale
        .pages
        .iter()
        .flat_map(|&i| {
            let rel = &site.pages[i].file.rel;
            [Dep::Page(rel.clone()), Dep::Url(rel.clone())]
        })
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
    let jobs = jobs(r);
    let due: Vec<(&Job, &String)> = jobs
        .iter()
        .zip(paths)
        .filter_map(|(job, path)| Some((job, path.as_ref()?)))
        .filter(|(job, path)| {
            let listed = match job {
                Job::Page(i) => page_stale[*i],
                Job::SectionPage { section, .. } => section_stale[*section],
                Job::TermPage { taxonomy, term, .. } => stale.term(&taxonomy.name, &term.slug),
                Job::TaxonomyList(taxonomy) => stale.taxonomies.contains(&taxonomy.name),
                Job::Alias { page, .. } => page_stale[*page],
                Job::NotFound => false,
            };
            listed || asking.contains(path.as_str())
        })
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

/// Whether the jobs of `r` make the same outputs as the last render's, whose paths are
/// `paths` in the jobs' order: true after an edit that moved pages in their lists without
/// adding or removing a term or a page of a list. A path another job took (`None`) counts as
/// a difference, since claims would have to be made again.
pub fn same_outputs(r: &Renderer, paths: &[Option<String>]) -> bool {
    let jobs = jobs(r);
    // Pages, sections and their lists keep their paths and number of pages when pages move;
    // only taxonomies may gain or lose terms.
    let taxonomic = |job: &Job| matches!(job, Job::TaxonomyList(_) | Job::TermPage { .. });
    jobs.len() == paths.len()
        && jobs.iter().zip(paths).all(|(job, path)| {
            path.as_ref()
                .is_some_and(|p| !taxonomic(job) || *p == job_path(r, job))
        })
}
