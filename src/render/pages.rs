//! Rendering every HTML output through the templates, in parallel.
//!
//! In: a [`Renderer`]. Out: (output path, bytes, source shown in messages) for each page,
//! each page of each section list, taxonomy lists and terms, aliases and the 404 page; template
//! errors are collected, not fatal one by one.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use ahash::AHashMap;
use rayon::prelude::*;
use tera::Value;

use super::deps::{hash_of, recording, Dep, Fingerprints};
use super::lists::{pager_path, paginator, taxonomy_value, term_value};
use super::Claim;
use super::Renderer;
use crate::content::taxonomy::{Taxonomy, Term};
use crate::error::{Diagnostic, Error};
use crate::output::OutFile;
use crate::progress::{Progress, Stage};

mod rerender;
pub use rerender::{reclaim, rerender};

/// One HTML output to render.
enum Job<'a> {
    Page(usize),
    SectionPage {
        section: usize,
        number: usize,
        total: usize,
        items: &'a [usize],
    },
    TaxonomyList(&'a Taxonomy),
    TermPage {
        taxonomy: &'a Taxonomy,
        term: &'a Term,
        number: usize,
        total: usize,
        items: &'a [usize],
    },
    Alias {
        page: usize,
        path: String,
    },
    NotFound,
    /// The theme's search page (`search.html`), when the site has search.
    Search(&'static str),
}

/// An output kept for the next render: its path, and what it was rendered from.
type Kept = (String, Arc<Cached>);

/// An output rendered again: its path and bytes.
type Fresh = (String, Arc<[u8]>);

/// The largest output seen so far for each kind of job, to size the next one's buffer.
#[derive(Default)]
struct SizeHints([AtomicUsize; 7]);

impl SizeHints {
    fn of(&self, job: &Job) -> &AtomicUsize {
        let kind = match job {
            Job::Page(_) => 0,
            Job::SectionPage { .. } => 1,
            Job::TaxonomyList(_) => 2,
            Job::TermPage { .. } => 3,
            Job::Alias { .. } => 4,
            Job::NotFound => 5,
            Job::Search(_) => 6,
        };
        &self.0[kind]
    }
}

/// One rendered output kept for the next render, with what it was rendered from.
#[derive(Clone)]
pub struct Cached {
    fingerprint: u64,
    deps: Vec<Dep>,
    bytes: Arc<[u8]>,
}

impl Cached {
    /// The copies `resize_image` made for this output (when it was rendered, or reused).
    pub fn resized(&self) -> impl Iterator<Item = (String, std::path::PathBuf)> + '_ {
        self.deps.iter().filter_map(|d| match d {
            Dep::Resized { out, copy, .. } => Some((out.clone(), copy.clone())),
            _ => None,
        })
    }
}

/// The outputs of the previous render, by output path.
pub type JobCache = AHashMap<String, Arc<Cached>>;

/// Renders every HTML output and hands it to `files`' sink as soon as it is made, reusing from
/// the cache each output whose inputs' fingerprints are unchanged. Every path is claimed first,
/// in the jobs' order, so that clashes are named the same way whatever order the workers
/// finish in; errors go to `errors`. The cache's outputs are replaced by this render's when it
/// keeps them (the preview's); otherwise nothing rendered stays in memory. Returns each job's
/// output path in the jobs' order, `None` for a job whose file another claim took.
pub fn render_all(
    r: &Renderer,
    fps: &Fingerprints,
    cache: &mut super::RenderCache,
    files: &mut super::Files,
    errors: &mut Vec<Diagnostic>,
    progress: &Progress,
) -> Vec<Option<String>> {
    let jobs = jobs(r);
    progress.start(Stage::Rendering, jobs.len());
    let (paths, owners): (Vec<String>, Vec<String>) = jobs
        .par_iter()
        .map(|job| (job_path(r, job), job_owner(r, job)))
        .unzip();
    let mut wanted = vec![true; jobs.len()];
    files.reserve(jobs.len());
    for (k, (path, owner)) in paths.iter().zip(owners).enumerate() {
        match files.claim(path, owner, Some(k)) {
            Claim::Granted => {}
            Claim::Replaces(earlier) => wanted[earlier] = false,
            Claim::Clash => wanted[k] = false,
        }
    }
    let sink = files.sink();
    let hints = SizeHints::default();
    let base = base_fingerprint(r, fps);
    let keep = cache.keep;
    let old: &JobCache = &cache.jobs;
    let results: Vec<Result<Option<Kept>, Error>> = jobs
        .par_iter()
        .zip(&paths)
        .zip(&wanted)
        .map(|((job, path), &wanted)| {
            let kept = if keep {
                let cached = reuse_or_render(r, fps, base, old, job, path, &hints)?;
                if wanted {
                    sink.put(path, OutFile::Bytes(cached.bytes.clone()))?;
                }
                Some((path.clone(), cached))
            } else {
                // Nothing is kept for a next render (`ruche build`): no fingerprints.
                let (bytes, _) = recording(|| render_job(r, job, hints.of(job)));
                if wanted {
                    sink.put_rendered(path, bytes?)?;
                }
                None
            };
            progress.step();
            Ok(kept)
        })
        .collect();
    let mut fresh = AHashMap::new();
    for result in results {
        match result {
            Ok(Some((path, cached))) => {
                fresh.insert(path, cached);
            }
            Ok(None) => {}
            Err(e) => errors.extend(e.diagnostics),
        }
    }
    cache.jobs = fresh;
    paths
        .into_iter()
        .zip(wanted)
        .map(|(path, wanted)| wanted.then_some(path))
        .collect()
}

/// The fingerprint every output shares: the site, the settings, the templates and strings.
fn base_fingerprint(r: &Renderer, fps: &Fingerprints) -> u64 {
    hash_of((
        fps.site,
        fps.config,
        r.templates.fingerprint,
        format!("{:?}", r.strings),
    ))
}

/// One job's output: the cached one when its fingerprint, with what it asked for, is
/// unchanged; else rendered, recording what it asks for.
fn reuse_or_render(
    r: &Renderer,
    fps: &Fingerprints,
    base: u64,
    old: &JobCache,
    job: &Job,
    path: &str,
    hints: &SizeHints,
) -> Result<Arc<Cached>, Error> {
    let own = hash_of((base, job_fingerprint(r, fps, job)));
    let images = r.site.images.as_deref();
    let source_hash = |path: &std::path::Path| images.and_then(|i| i.source_hash(path));
    let with_deps = |deps: &[Dep]| {
        hash_of((
            own,
            deps.iter()
                .map(|d| fps.of_dep(d, &r.links, &source_hash))
                .collect::<Vec<_>>(),
        ))
    };
    if let Some(c) = old
        .get(path)
        .filter(|c| c.fingerprint == with_deps(&c.deps))
    {
        return Ok(c.clone());
    }
    let (result, deps) = recording(|| render_job(r, job, hints.of(job)));
    let fingerprint = with_deps(&deps);
    Ok(Arc::new(Cached {
        fingerprint,
        deps,
        bytes: Arc::from(result?),
    }))
}

/// The output path of a job (the first file it writes).
fn job_path(r: &Renderer, job: &Job) -> String {
    let site = r.site;
    match job {
        Job::Page(i) => format!("{}index.html", site.pages[*i].path),
        Job::SectionPage {
            section, number, ..
        } => format!(
            "{}index.html",
            pager_path(&site.sections[*section].path, *number)
        ),
        Job::TaxonomyList(t) => format!("{}/index.html", t.name),
        Job::TermPage {
            taxonomy,
            term,
            number,
            ..
        } => {
            format!(
                "{}index.html",
                pager_path(&format!("{}/{}/", taxonomy.name, term.slug), *number)
            )
        }
        Job::Alias { path, .. } => path.clone(),
        Job::NotFound => "404.html".into(),
        Job::Search(path) => format!("{path}index.html"),
    }
}

/// The template rendering a section's lists: its `template`, else `index.html` for the home
/// and `section.html` for the others.
fn section_template<'r>(r: &'r Renderer, section: usize) -> &'r str {
    let default = if section == 0 {
        "index.html"
    } else {
        "section.html"
    };
    let s = &r.site.sections[section];
    s.meta.template.as_deref().unwrap_or(default)
}

/// Whether a section's lists may show `latest` (the default theme's home does, its other
/// sections do not).
pub(super) fn shows_latest(r: &Renderer, section: usize) -> bool {
    r.templates.reads_latest(section_template(r, section))
}

/// The fingerprint of what a job puts in its template's context.
fn job_fingerprint(r: &Renderer, fps: &Fingerprints, job: &Job) -> u64 {
    let site = r.site;
    match job {
        Job::Page(i) => hash_of(("page", fps.pages[*i], fps.shallow[site.pages[*i].section])),
        Job::SectionPage {
            section,
            number,
            total,
            items,
        } => {
            let listed: Vec<u64> = items.iter().map(|&i| fps.pages[i]).collect();
            let count = site.sections[*section].pages.len();
            let latest = shows_latest(r, *section).then_some(fps.latest);
            hash_of((
                "section",
                fps.shallow[*section],
                listed,
                latest,
                number,
                total,
                count,
            ))
        }
        Job::TaxonomyList(t) => hash_of(("taxonomy", &t.name, fps.taxonomies.get(&t.name))),
        // Like a section's page: what it lists, not the whole term, so that a page moving
        // in a long list renders again only the pages of the list it moved across.
        Job::TermPage {
            taxonomy,
            term,
            number,
            total,
            items,
        } => {
            let listed: Vec<u64> = items.iter().map(|&i| fps.pages[i]).collect();
            let named = (&taxonomy.name, &term.name, &term.slug);
            hash_of((
                "term",
                fps.config,
                named,
                listed,
                number,
                total,
                term.pages.len(),
            ))
        }
        Job::Alias { page, path } => hash_of(("alias", &site.pages[*page].path, path)),
        Job::NotFound => hash_of("404"),
        Job::Search(path) => hash_of(("search", path)),
    }
}

fn jobs<'a>(r: &'a Renderer) -> Vec<Job<'a>> {
    let site = r.site;
    let mut jobs: Vec<Job> = (0..site.pages.len()).map(Job::Page).collect();
    for (i, section) in site.sections.iter().enumerate() {
        let per = section.meta.paginate_by.unwrap_or(site.config.paginate_by);
        let chunks: Vec<&[usize]> = if section.pages.is_empty() {
            vec![&[]]
        } else {
            section.pages.chunks(per).collect()
        };
        let total = chunks.len();
        jobs.extend(
            chunks
                .into_iter()
                .enumerate()
                .map(|(n, items)| Job::SectionPage {
                    section: i,
                    number: n + 1,
                    total,
                    items,
                }),
        );
    }
    for taxonomy in &site.taxonomies {
        jobs.push(Job::TaxonomyList(taxonomy));
        for term in &taxonomy.terms {
            let chunks: Vec<&[usize]> = term.pages.chunks(site.config.paginate_by).collect();
            let total = chunks.len();
            jobs.extend(
                chunks
                    .into_iter()
                    .enumerate()
                    .map(|(n, items)| Job::TermPage {
                        taxonomy,
                        term,
                        number: n + 1,
                        total,
                        items,
                    }),
            );
        }
    }
    for (i, page) in site.pages.iter().enumerate() {
        jobs.extend(
            page.meta
                .aliases
                .iter()
                .filter_map(|a| crate::content::url::alias_path(a))
                .map(|path| Job::Alias { page: i, path }),
        );
    }
    jobs.push(Job::NotFound);
    jobs.extend(search_job(r));
    jobs
}

/// The search page, when the site has search, the theme a `search.html`, and no page or
/// section of the site already has its address (theirs wins: the site's own search page).
fn search_job(r: &Renderer) -> Option<Job<'static>> {
    let site = r.site;
    let path = crate::search::page_path(&site.config)?;
    let taken =
        site.pages.iter().any(|p| p.path == path) || site.sections.iter().any(|s| s.path == path);
    (r.templates.has("search.html") && !taken).then_some(Job::Search(path))
}

/// Renders a template straight into bytes. `Templates::render` goes through tera's `render`,
/// which grows a buffer sized from the template's text by doubling (an output of 40 KiB is
/// copied some eight times) and then checks the whole output is UTF-8 again; here the buffer
/// starts at the largest output of the same kind so far, and is trimmed to size because every
/// page stays in memory until the site is written.
fn render_bytes(
    r: &Renderer,
    template: &str,
    cx: &tera::Context,
    source: impl FnOnce() -> String,
    hint: &AtomicUsize,
) -> Result<Vec<u8>, Error> {
    let mut out = Vec::with_capacity(hint.load(Ordering::Relaxed));
    r.templates
        .tera
        .render_to(template, cx, &mut out)
        .map_err(|e| Error::from(r.templates.diagnose(&e, Some(&source()))))?;
    hint.fetch_max(out.len(), Ordering::Relaxed);
    Ok(out)
}

fn render_job(r: &Renderer, job: &Job, hint: &AtomicUsize) -> Result<Vec<u8>, Error> {
    let site = r.site;
    match job {
        Job::Page(i) => {
            let page = &site.pages[*i];
            let section = &site.sections[page.section];
            let template = page
                .meta
                .template
                .as_deref()
                .or(section.meta.page_template.as_deref())
                .unwrap_or("page.html");
            let setting = match (&page.meta.template, &section.file) {
                (None, Some(f)) if section.meta.page_template.is_some() => {
                    Some((f, "page_template"))
                }
                (Some(_), _) => Some((&page.file, "template")),
                _ => None,
            };
            check_template(r, template, setting)?;
            let mut cx = r.context(&page.path);
            cx.insert_value("page", r.views.pages[*i].clone());
            cx.insert_value("section", r.views.shallow_sections[page.section].clone());
            render_bytes(r, template, &cx, || job_owner(r, job), hint)
        }
        Job::SectionPage {
            section,
            number,
            total,
            items,
        } => {
            let s = &site.sections[*section];
            let template = section_template(r, *section);
            let setting = s
                .meta
                .template
                .as_ref()
                .and(s.file.as_ref())
                .map(|f| (f, "template"));
            check_template(r, template, setting)?;
            let path = pager_path(&s.path, *number);
            let per = s.meta.paginate_by.unwrap_or(site.config.paginate_by);
            let mut cx = r.context(&path);
            cx.insert_value("section", r.views.shallow_sections[*section].clone());
            cx.insert_value("latest", r.views.latest.clone());
            cx.insert_value(
                "paginator",
                paginator(r, &s.path, items, *number, *total, s.pages.len(), per),
            );
            render_bytes(r, template, &cx, || job_owner(r, job), hint)
        }
        Job::TaxonomyList(taxonomy) => {
            let path = format!("{}/", taxonomy.name);
            let mut cx = r.context(&path);
            cx.insert_value("taxonomy", taxonomy_value(r, taxonomy));
            let terms: Vec<Value> = taxonomy
                .terms
                .iter()
                .map(|t| term_value(r, taxonomy, t))
                .collect();
            cx.insert_value("terms", Value::from(terms));
            let shown = || crate::t!("render-taxonomy-list", name = taxonomy.name);
            render_bytes(r, "taxonomy_list.html", &cx, shown, hint)
        }
        Job::TermPage {
            taxonomy,
            term,
            number,
            total,
            items,
        } => {
            let base = format!("{}/{}/", taxonomy.name, term.slug);
            let path = pager_path(&base, *number);
            let mut cx = r.context(&path);
            cx.insert_value("taxonomy", taxonomy_value(r, taxonomy));
            cx.insert_value("term", term_value(r, taxonomy, term));
            cx.insert_value(
                "paginator",
                paginator(
                    r,
                    &base,
                    items,
                    *number,
                    *total,
                    term.pages.len(),
                    site.config.paginate_by,
                ),
            );
            let shown = || crate::t!("render-term-page", name = term.name);
            render_bytes(r, "taxonomy_term.html", &cx, shown, hint)
        }
        Job::Alias { page, path } => {
            let p = &site.pages[*page];
            let target = site.config.permalink(&p.path);
            let html = if r.templates.has("alias.html") {
                let mut cx = r.context(path.trim_end_matches("index.html"));
                cx.insert("target", &target);
                r.templates.render("alias.html", &cx, &job_owner(r, job))?
            } else {
                default_alias(&target)
            };
            Ok(html.into_bytes())
        }
        Job::NotFound => {
            let cx = r.context("404.html");
            let html = if r.templates.has("404.html") {
                r.templates
                    .render("404.html", &cx, &crate::t!("render-404"))?
            } else {
                "<!doctype html><title>404</title><h1>404</h1>".into()
            };
            Ok(html.into_bytes())
        }
        Job::Search(path) => {
            let cx = r.context(path);
            render_bytes(r, "search.html", &cx, || "search.html".into(), hint)
        }
    }
}

/// The source a job's output comes from, as messages name it.
fn job_owner(r: &Renderer, job: &Job) -> String {
    let site = r.site;
    match job {
        Job::Page(page) | Job::Alias { page, .. } => {
            site.pages[*page].file.shown.display().to_string()
        }
        Job::SectionPage { section, .. } => {
            let s = &site.sections[*section];
            s.file.as_ref().map_or_else(
                || format!("content/{}", s.dir),
                |f| f.shown.display().to_string(),
            )
        }
        Job::TaxonomyList(taxonomy) | Job::TermPage { taxonomy, .. } => {
            crate::t!("render-taxonomy", name = taxonomy.name)
        }
        Job::NotFound => "404.html".into(),
        Job::Search(_) => "search.html".into(),
    }
}

/// A template named in front matter that does not exist: an error on the line of the setting.
fn check_template(
    r: &Renderer,
    template: &str,
    setting: Option<(&crate::content::SourceFile, &str)>,
) -> Result<(), crate::error::Error> {
    let Some((file, key)) = setting.filter(|_| !r.templates.has(template)) else {
        return Ok(());
    };
    let line = file
        .text
        .lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map_or(0, |i| i + 1);
    Err(
        Diagnostic::error(&file.shown, crate::t!("template-missing", name = template))
            .at(line, 1)
            .with_source(file.text.clone())
            .hint(crate::t!("template-missing-hint"))
            .into(),
    )
}

/// A redirect page for themes without `alias.html`.
fn default_alias(target: &str) -> String {
    let t = crate::markdown::highlight::escape(target);
    format!("<!doctype html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Redirection</title><link rel=\"canonical\" href=\"{t}\"><meta http-equiv=\"refresh\" content=\"0; url={t}\"></head><body><p><a href=\"{t}\">{t}</a></p></body></html>\n")
}
