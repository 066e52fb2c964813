//! Rendering a loaded site into files: templates, lists, taxonomies, feeds, calendars.
//!
//! In: a [`Site`]. Out: every file handed to a [`Sink`] as it is made (an [`Output`] in memory
//! for the preview, the staging folder for `ruche build`), or every template problem found.
//! The preview's [`RenderCache`] also keeps the last render whole, to [`patch`] it. Steps:
//! 1. build every page's and section's view once ([`view`]);
//! 2. load the templates with functions that read those views ([`templates`]);
//! 3. render pages, paginated sections and taxonomy terms in parallel ([`pages`]);
//! 4. add feeds, sitemap, robots.txt, calendars, aliases, 404 and the static files.

pub mod deps;
pub mod events;
pub mod feeds;
pub mod jsonld;
pub mod lists;
pub mod pages;
mod patch;
pub mod templates;
pub mod view;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use ahash::AHashMap;
use rayon::prelude::*;

use crate::config::Config;
use crate::content::Site;
use crate::error::{Diagnostic, Error, Result};
use crate::output::Sink;
use crate::output::{OutFile, Output};
use crate::progress::Progress;
use crate::theme::Theme;
use crate::yaml::Yaml;
pub use patch::patch;
use templates::{Fragments, Lookup, Templates};

/// Everything one render needs, shared by the parallel workers.
pub struct Renderer<'a> {
    /// The site.
    pub site: &'a Site,
    /// The views.
    pub views: view::Views,
    /// The engine.
    pub templates: Templates,
    /// The theme's strings in the site's language.
    pub strings: tera::Value,
    /// Every source's URL.
    pub links: crate::markdown::Links,
    /// What `get_page` and `get_section` read (the views, shared with the templates).
    lookup: Arc<Lookup>,
}

/// A [`Renderer`] without its site, kept between two renders of the preview.
struct Parts {
    views: view::Views,
    templates: Templates,
    strings: tera::Value,
    links: crate::markdown::Links,
    lookup: Arc<Lookup>,
}

/// What one render leaves for the next: the preview re-renders only what changed.
#[derive(Default)]
pub struct RenderCache {
    /// Whether to keep the last render whole, to patch it ([`patch`]); the preview's cache does.
    keep: bool,
    views: HashMap<u64, tera::Value>,
    jobs: pages::JobCache,
    feeds: HashMap<String, (u64, Arc<[u8]>)>,
    last: Option<Last>,
}

/// The last successful render, whole.
struct Last {
    fps: deps::Fingerprints,
    /// The output path of each template job, in the order of the jobs (`None` when another
    /// job's file took its path).
    paths: Vec<Option<String>>,
    parts: Parts,
    output: Output,
    serve: bool,
    today: chrono::NaiveDate,
}

impl RenderCache {
    /// A cache that also keeps the last render whole, so that an edit of page bodies can patch
    /// it (the preview's).
    pub fn new() -> RenderCache {
        RenderCache {
            keep: true,
            ..RenderCache::default()
        }
    }
}

/// Every feed, reusing the previous bytes of a feed whose entries are unchanged.
fn cached_feeds(
    site: &Site,
    fps: &deps::Fingerprints,
    cache: &mut HashMap<String, (u64, Arc<[u8]>)>,
) -> Vec<(String, Arc<[u8]>)> {
    let old: &HashMap<String, (u64, Arc<[u8]>)> = cache;
    let feeds: Vec<(String, u64, Arc<[u8]>)> = feeds::jobs(site)
        .into_par_iter()
        .map(|job| {
            let items: Vec<u64> = job.items.iter().map(|&i| fps.pages[i]).collect();
            let fp = deps::hash_of((fps.config, &job.title, &job.base, items));
            match old.get(&job.file).filter(|(f, _)| *f == fp) {
                Some((_, bytes)) => (job.file, fp, bytes.clone()),
                None => {
                    let bytes: Arc<[u8]> = Arc::from(feeds::render(site, &job));
                    (job.file, fp, bytes)
                }
            }
        })
        .collect();
    *cache = feeds
        .iter()
        .map(|(p, f, b)| (p.clone(), (*f, b.clone())))
        .collect();
    feeds.into_iter().map(|(p, _, b)| (p, b)).collect()
}

impl<'a> Renderer<'a> {
    /// Builds the views (reusing `views` where a page's fingerprint is unchanged) and loads
    /// the templates.
    pub fn new(
        site: &'a Site,
        serve: bool,
        today: chrono::NaiveDate,
        fps: &deps::Fingerprints,
        views: &mut HashMap<u64, tera::Value>,
        progress: &Progress,
    ) -> Result<Renderer<'a>> {
        let views = view::build(site, serve, today, &fps.pages, views, progress);
        let sections: AHashMap<String, tera::Value> = site
            .sections
            .iter()
            .zip(&views.sections)
            .map(|(s, v)| (section_rel(&s.dir), v.clone()))
            .collect();
        let links = site.links.clone();
        let pages = site
            .pages
            .iter()
            .zip(&views.pages)
            .map(|(p, v)| (p.file.rel.clone(), v.clone()))
            .collect::<AHashMap<_, _>>();
        let strings = translations(&site.config)?;
        let lookup = Arc::new(Lookup {
            pages: pages.into(),
            sections: sections.into(),
            links: links.clone().into(),
            globals: (views.site.clone(), strings.clone()),
            fragments: Fragments::default(),
            images: site.images.clone(),
        });
        let templates = Templates::load(&site.config, lookup.clone())?;
        Ok(Renderer {
            links,
            site,
            views,
            templates,
            strings,
            lookup,
        })
    }

    fn from_parts(site: &'a Site, parts: Parts) -> Renderer<'a> {
        let Parts {
            views,
            templates,
            strings,
            links,
            lookup,
        } = parts;
        Renderer {
            site,
            views,
            templates,
            strings,
            links,
            lookup,
        }
    }

    fn into_parts(self) -> Parts {
        Parts {
            views: self.views,
            templates: self.templates,
            strings: self.strings,
            links: self.links,
            lookup: self.lookup,
        }
    }

    /// A context with the variables every template gets.
    pub fn context(&self, path: &str) -> tera::Context {
        let mut cx = tera::Context::new();
        cx.insert_value("site", self.views.site.clone());
        cx.insert_value("t", self.strings.clone());
        cx.insert("current_url", &self.site.config.permalink(path));
        cx.insert("current_path", &self.site.config.url_path(path));
        cx
    }
}

/// `actualites` → `actualites/_index.md`; the home → `_index.md`.
pub fn section_rel(dir: &str) -> String {
    if dir.is_empty() {
        "_index.md".into()
    } else {
        format!("{dir}/_index.md")
    }
}

/// Renders the whole site into memory.
pub fn render(site: &Site, serve: bool, today: chrono::NaiveDate) -> Result<Output> {
    render_with(site, serve, today, &mut RenderCache::default())
}

/// Renders the whole site into memory, reusing from `cache` what did not change since the
/// previous render (the preview keeps one between rebuilds).
pub fn render_with(
    site: &Site,
    serve: bool,
    today: chrono::NaiveDate,
    cache: &mut RenderCache,
) -> Result<Output> {
    let sink = std::sync::Mutex::new(Output::default());
    let done = render_core(site, serve, today, cache, &sink, Progress::none())?;
    let output = sink
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if cache.keep {
        cache.last = Some(Last {
            fps: done.fps,
            paths: done.paths,
            parts: done.parts,
            output: output.clone(),
            serve,
            today,
        });
    }
    Ok(output)
}

/// Renders the whole site into `sink` as each file is made; returns the number of files.
pub fn render_into(
    site: &Site,
    today: chrono::NaiveDate,
    sink: &dyn Sink,
    progress: &Progress,
) -> Result<usize> {
    let done = render_core(
        site,
        false,
        today,
        &mut RenderCache::default(),
        sink,
        progress,
    )?;
    let files = done.files;
    crate::drop_later(done);
    Ok(files)
}

/// The render itself. Every output path is claimed in a fixed order before anything is
/// rendered, so that clashes are found and named the same way whatever the order the parallel
/// workers finish in.
fn render_core(
    site: &Site,
    serve: bool,
    today: chrono::NaiveDate,
    cache: &mut RenderCache,
    sink: &dyn Sink,
    progress: &Progress,
) -> Result<Done> {
    cache.last = None;
    let fps = deps::Fingerprints::compute(site, serve, today);
    let renderer = Renderer::new(site, serve, today, &fps, &mut cache.views, progress)?;
    let mut files = Files::new(sink);
    // A photo a page shows is published as its copies, never as the original (which may
    // carry where it was taken).
    let images = site.images.as_deref();
    let replaced = |path: &Path| images.is_some_and(|i| i.replaces(path));
    copy_static(&site.config, &mut files, &replaced)?;
    for (out, source) in &site.files {
        if !replaced(source) {
            files.copy(out, source, &source.display().to_string())?;
        }
    }
    for page in &site.pages {
        for (out, source) in &page.assets {
            if !replaced(source) {
                files.copy(out, source, &page.file.shown.display().to_string())?;
            }
        }
    }
    for (out, copy) in images
        .map(super::images::Images::published)
        .unwrap_or_default()
    {
        files.copy(&out, &copy, "images")?;
    }
    let mut errors = Vec::new();
    let paths = pages::render_all(&renderer, &fps, cache, &mut files, &mut errors, progress);
    // The copies of the outputs rendered, and of those reused (which did not call it again).
    let mut resized = images
        .map(super::images::Images::take_resized)
        .unwrap_or_default();
    resized.extend(cache.jobs.values().flat_map(|job| job.resized()));
    resized.sort();
    resized.dedup();
    for (out, copy) in resized {
        files.copy(&out, &copy, "resize_image")?;
    }
    // The feeds in parallel, and beside them the sitemap and calendars (one file each).
    let mut site_files = Output::default();
    let (feeds, ()) = rayon::join(
        || cached_feeds(site, &fps, &mut cache.feeds),
        || {
            feeds::write_site_files(site, &mut site_files);
            events::write_calendars(site, &mut site_files);
        },
    );
    let mut generated = Output::default();
    for (path, bytes) in feeds {
        generated.files.insert(path, OutFile::Bytes(bytes));
    }
    generated.files.append(&mut site_files.files);
    // Claimed in order, so that clashes read the same every time; written in parallel (the
    // feeds are a tenth of the output).
    let granted: Vec<(String, OutFile)> = generated
        .files
        .into_iter()
        .filter(|(path, _)| files.claim(path, "ruche", None) != Claim::Clash)
        .collect();
    let sink = files.sink();
    granted
        .into_par_iter()
        .try_for_each(|(path, file)| sink.put(&path, file))?;
    errors.extend(files.conflicts);
    if !errors.is_empty() {
        return Err(Error::many(errors));
    }
    Ok(Done {
        fps,
        parts: renderer.into_parts(),
        paths,
        files: files.owners.len(),
    })
}

/// What a render leaves: what a later patch needs, the template outputs' paths in the order
/// of the jobs, and the number of files made.
struct Done {
    fps: deps::Fingerprints,
    parts: Parts,
    paths: Vec<Option<String>>,
    files: usize,
}

/// The output being made, with who claimed each path so that clashes name both sources.
pub struct Files<'s> {
    sink: &'s dyn Sink,
    /// Each path's owner (the source shown in messages), and the template job claiming it.
    owners: AHashMap<String, (String, Option<usize>)>,
    conflicts: Vec<Diagnostic>,
}

/// What claiming an output path decided.
#[derive(Debug, PartialEq, Eq)]
pub enum Claim {
    /// The path is this owner's: make the file.
    Granted,
    /// The owner already claimed it for this earlier template job, which must not write it:
    /// the later claim wins, as a later file replaces an earlier one.
    Replaces(usize),
    /// Another source claimed it first: a clash, reported; do not make the file.
    Clash,
}

impl<'s> Files<'s> {
    fn new(sink: &'s dyn Sink) -> Self {
        Files {
            sink,
            owners: AHashMap::new(),
            conflicts: Vec::new(),
        }
    }

    /// Makes room for `more` claims at once.
    pub fn reserve(&mut self, more: usize) {
        self.owners.reserve(more);
    }

    /// Claims `path` for `owner` (and the template job `job`, if one makes it).
    pub fn claim(
        &mut self,
        path: &str,
        owner: impl AsRef<str> + Into<String>,
        job: Option<usize>,
    ) -> Claim {
        let previous = match self.owners.get(path) {
            None => None,
            Some((first, _)) if first != owner.as_ref() => {
                let owner = owner.as_ref();
                self.conflicts.push(
                    Diagnostic::error(
                        owner,
                        crate::t!(
                            "render-same-output",
                            owner = owner,
                            first = first,
                            path = path
                        ),
                    )
                    .hint(crate::t!("render-same-output-hint")),
                );
                return Claim::Clash;
            }
            Some((_, earlier)) => *earlier,
        };
        self.owners.insert(path.to_string(), (owner.into(), job));
        match previous {
            Some(earlier) => Claim::Replaces(earlier),
            None => Claim::Granted,
        }
    }

    /// Claims `path` and hands the file to the sink.
    fn put(&mut self, path: String, file: OutFile, owner: &str) -> Result<()> {
        match self.claim(&path, owner, None) {
            Claim::Clash => Ok(()),
            _ => self.sink.put(&path, file),
        }
    }

    fn copy(&mut self, path: &str, source: &Path, owner: &str) -> Result<()> {
        self.put(path.to_string(), OutFile::Copy(source.to_path_buf()), owner)
    }

    /// Where template outputs go.
    pub fn sink(&self) -> &'s dyn Sink {
        self.sink
    }
}

/// The theme's `static/`, then the site's `static/` (a site file replaces the theme's).
fn copy_static(config: &Config, files: &mut Files, replaced: &dyn Fn(&Path) -> bool) -> Result<()> {
    let site = config.root.join("static");
    let mut all: HashMap<String, OutFile> = HashMap::new();
    let mut folders = vec![site];
    match Theme::of(config) {
        Some(Theme::Folder(theme)) => folders.insert(0, theme.join("static")),
        Some(Theme::BuiltIn) => {
            for (rel, bytes) in Theme::built_in_files("static") {
                all.insert(rel, OutFile::Bytes(Arc::from(bytes)));
            }
        }
        None => {}
    }
    for dir in folders {
        if !dir.is_dir() {
            continue;
        }
        // Skipped folders are not entered: a `static/.git/` is never published.
        let walker = walkdir::WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                e.depth() == 0 || !crate::names::is_ignored(&e.file_name().to_string_lossy())
            });
        for entry in walker {
            let entry = entry.map_err(|e| {
                let reason = e
                    .io_error()
                    .map_or_else(|| e.to_string(), crate::error::io_reason);
                Error::msg(crate::t!("io-could-not-read", path = dir, reason = reason))
            })?;
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            all.insert(rel, OutFile::Copy(entry.into_path()));
        }
    }
    let mut sorted: Vec<_> = all.into_iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let replaced = |file: &OutFile| matches!(file, OutFile::Copy(path) if replaced(path));
    // Without search, its script and styles would be dead weight on the host.
    let unwanted = |rel: &str| !config.search && crate::search::is_search_asset(rel);
    let kept = sorted
        .into_iter()
        .filter(|(rel, file)| !replaced(file) && !unwanted(rel));
    for (rel, file) in kept {
        files.put(rel, file, "static/")?;
    }
    Ok(())
}

/// The theme's `translations.yaml`: the site language's strings over the English ones.
fn translations(config: &Config) -> Result<tera::Value> {
    let bytes = match Theme::of(config) {
        Some(Theme::Folder(dir)) if dir.join("translations.yaml").is_file() => {
            crate::fsx::read(&dir.join("translations.yaml"))?
        }
        Some(Theme::BuiltIn) => Theme::built_in_file("translations.yaml")
            .unwrap_or_default()
            .to_vec(),
        _ => return Ok(tera::Value::from(tera::Map::new())),
    };
    let text: Arc<str> = Arc::from(String::from_utf8_lossy(&bytes).into_owned());
    let shown = Path::new("themes")
        .join(&config.theme)
        .join("translations.yaml");
    let yaml = Yaml {
        text: &text,
        file: &shown,
        source: &text,
        line_offset: 0,
    };
    let all = yaml.parse_value(&crate::t!("render-translations-hint"))?;

    let primary = config
        .language
        .split('-')
        .next()
        .unwrap_or("en")
        .to_lowercase();
    let mut merged = serde_json::Map::new();
    for code in ["en", primary.as_str(), config.language.as_str()] {
        if let Some(serde_json::Value::Object(map)) = all.get(code) {
            merged.extend(map.clone());
        }
    }
    Ok(tera::Value::from_serializable(&merged))
}
