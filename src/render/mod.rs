//! Rendering a loaded site into files: templates, lists, taxonomies, feeds, calendars.
//!
//! In: a [`Site`]. Out: an [`Output`] in memory, or every template problem found. Steps:
//! 1. build every page's and section's view once ([`view`]);
//! 2. load the templates with functions that read those views ([`templates`]);
//! 3. render pages, paginated sections and taxonomy terms in parallel ([`pages`]);
//! 4. add feeds, sitemap, robots.txt, calendars, aliases, 404 and the static files.

pub mod deps;
pub mod events;
pub mod feeds;
pub mod jsonld;
pub mod pages;
pub mod templates;
pub mod view;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use crate::config::Config;
use crate::content::Site;
use crate::error::{Diagnostic, Error, Result};
use crate::output::Output;
use crate::yaml::Yaml;
use templates::{Lookup, Templates};

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
}

/// What one render leaves for the next: the preview re-renders only what changed.
#[derive(Default)]
pub struct RenderCache {
    views: HashMap<u64, tera::Value>,
    jobs: pages::JobCache,
    feeds: HashMap<String, (u64, Arc<[u8]>)>,
}

/// Every feed, reusing the previous bytes of a feed whose candidate pages are unchanged.
fn cached_feeds(
    site: &Site,
    fps: &deps::Fingerprints,
    cache: &mut HashMap<String, (u64, Arc<[u8]>)>,
) -> Vec<(String, Arc<[u8]>)> {
    use rayon::prelude::*;
    let old: &HashMap<String, (u64, Arc<[u8]>)> = cache;
    let feeds: Vec<(String, u64, Arc<[u8]>)> = feeds::jobs(site)
        .into_par_iter()
        .map(|job| {
            let items: Vec<u64> = job.items.iter().map(|&i| fps.pages[i]).collect();
            let fp = deps::hash_of((fps.config, &job.title, &job.base, items));
            match old.get(&job.file).filter(|(f, _)| *f == fp) {
                Some((_, bytes)) => (job.file, fp, bytes.clone()),
                None => {
                    let bytes: Arc<[u8]> = Arc::from(feeds::render(site, &job).into_bytes());
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
    ) -> Result<Renderer<'a>> {
        let views = view::build(site, serve, today, &fps.pages, views);
        let sections = site
            .sections
            .iter()
            .zip(&views.sections)
            .map(|(s, v)| (section_rel(&s.dir), v.clone()))
            .collect();
        let links = crate::site::links_of(site);
        let lookup = Lookup {
            pages: views.by_rel.clone(),
            sections,
            links: links.clone(),
        };
        let templates = Templates::load(&site.config, Arc::new(lookup))?;
        let strings = translations(&site.config)?;
        Ok(Renderer {
            links,
            site,
            views,
            templates,
            strings,
        })
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
    let fps = deps::Fingerprints::compute(site, serve, today);
    let renderer = Renderer::new(site, serve, today, &fps, &mut cache.views)?;
    let mut files = Files::default();
    copy_static(&site.config, &mut files)?;
    for (out, source) in &site.files {
        files.copy(out, source, &source.display().to_string());
    }
    for page in &site.pages {
        for (out, source) in &page.assets {
            files.copy(out, source, &page.file.shown.display().to_string());
        }
    }
    let mut errors = Vec::new();
    for (path, bytes, owner) in pages::render_all(&renderer, &fps, &mut cache.jobs, &mut errors) {
        files.put(path, crate::output::OutFile::Bytes(bytes), owner);
    }
    let mut generated = Output::default();
    for (path, bytes) in cached_feeds(site, &fps, &mut cache.feeds) {
        generated
            .files
            .insert(path, crate::output::OutFile::Bytes(bytes));
    }
    feeds::write_site_files(site, &mut generated);
    events::write_calendars(site, &mut generated);
    for (path, file) in generated.files {
        files.put(path, file, "ruche".into());
    }
    errors.extend(files.conflicts);
    if errors.is_empty() {
        Ok(files.out)
    } else {
        Err(Error::many(errors))
    }
}

/// The output being assembled, with who wrote each file so that clashes name both sources.
#[derive(Default)]
pub struct Files {
    out: Output,
    owners: HashMap<String, String>,
    conflicts: Vec<Diagnostic>,
}

impl Files {
    fn put(&mut self, path: String, file: crate::output::OutFile, owner: String) {
        if let Some(first) = self.owners.get(&path) {
            if *first != owner {
                self.conflicts.push(
                    Diagnostic::error(
                        &owner,
                        format!("`{owner}` and `{first}` both produce `{path}`"),
                    )
                    .hint("rename one of them, or change its `slug:` or `aliases:`"),
                );
                return;
            }
        }
        self.owners.insert(path.clone(), owner);
        self.out.files.insert(path, file);
    }

    fn copy(&mut self, path: &str, source: &Path, owner: &str) {
        self.put(
            path.to_string(),
            crate::output::OutFile::Copy(source.to_path_buf()),
            owner.to_string(),
        );
    }
}

/// The theme's `static/`, then the site's `static/` (a site file replaces the theme's).
fn copy_static(config: &Config, files: &mut Files) -> Result<()> {
    let theme = config.theme_dir().join("static");
    let site = config.root.join("static");
    let mut all: HashMap<String, std::path::PathBuf> = HashMap::new();
    for dir in [theme, site] {
        if !dir.is_dir() {
            continue;
        }
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name().into_iter() {
            let entry = entry
                .map_err(|e| Error::msg(format!("could not read `{}`: {e}", dir.display())))?;
            let name = entry.file_name().to_string_lossy();
            if !entry.file_type().is_file() || crate::content::walk::is_ignored(&name) {
                continue;
            }
            let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            all.insert(rel, entry.into_path());
        }
    }
    let mut sorted: Vec<_> = all.into_iter().collect();
    sorted.sort();
    for (rel, path) in sorted {
        files.copy(&rel, &path, "static/");
    }
    Ok(())
}

/// The theme's `translations.yaml`: the site language's strings over the English ones.
fn translations(config: &Config) -> Result<tera::Value> {
    let path = config.theme_dir().join("translations.yaml");
    if !path.is_file() {
        return Ok(tera::Value::from(tera::Map::new()));
    }
    let text: Arc<str> = Arc::from(String::from_utf8_lossy(&crate::fsx::read(&path)?).into_owned());
    let shown = Path::new("themes")
        .join(&config.theme)
        .join("translations.yaml");
    let yaml = Yaml {
        text: &text,
        file: &shown,
        source: &text,
        line_offset: 0,
    };
    let all = yaml.parse_value("translations.yaml maps a language code to `key: text` lines")?;
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
