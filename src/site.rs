//! Loading a whole site: settings, content, Markdown, taxonomies — everything before templates.
//!
//! In: [`BuildOptions`]. Out: a [`Site`] ready to render, or every problem found at once.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ahash::AHashMap;
use chrono::NaiveDate;
use rayon::prelude::*;

use crate::config::{Config, LinkPolicy};
use crate::content::{source, taxonomy, tree, walk, Site};
use crate::error::{sort_diagnostics, Diagnostic, Error, Result, Severity};
use crate::markdown::{self, Links, Rendered};
use crate::progress::{Progress, Stage};

mod cache;
mod patch;
pub use cache::Cache;
use cache::Rendering;
pub use patch::{patch, Patched, Readdressed};

/// What to build and how.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site root (holding site.yaml).
    pub root: PathBuf,
    /// Include drafts.
    pub drafts: bool,
    /// Include the pages dated after today (scheduled); the preview always shows them.
    pub future: bool,
    /// Replace site.yaml's `base_url`.
    pub base_url: Option<String>,
    /// Building for `ruche serve` (the theme may show a preview banner).
    pub serve: bool,
    /// The day the build happens, which decides upcoming events; today when `None`.
    pub today: Option<NaiveDate>,
    /// Counters for a progress bar, when someone watches.
    pub progress: Option<Arc<Progress>>,
}

impl BuildOptions {
    /// Options for building the site at `root` with the defaults.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            drafts: false,
            future: false,
            base_url: None,
            serve: false,
            today: None,
            progress: None,
        }
    }

    /// Where the build counts its progress.
    pub fn progress(&self) -> &Progress {
        self.progress.as_deref().unwrap_or(Progress::none())
    }

    /// The build date: the one given, else today in the site's `timezone`.
    pub fn today(&self, config: &crate::config::Config) -> NaiveDate {
        self.today.unwrap_or_else(|| config.today())
    }
}

/// Reads the settings, honouring `--base-url`.
pub fn load_config(opts: &BuildOptions) -> Result<Config> {
    let mut config = Config::load(&opts.root)?;
    if let Some(url) = &opts.base_url {
        config.set_base_url(url)?;
    }
    Ok(config)
}

/// Loads the site: every file read, parsed and rendered to HTML, links checked.
pub fn load(opts: &BuildOptions) -> Result<Site> {
    load_with(opts, &mut Cache::default())
}

/// Loads the site, reusing what `cache` holds from the previous load.
pub fn load_with(opts: &BuildOptions, cache: &mut Cache) -> Result<Site> {
    let config = load_config(opts)?;
    let content = config.root.join("content");
    let entries = match cache.listing.take() {
        Some((dir, entries)) if dir == content => entries,
        _ => walk::walk(&content)?,
    };
    let parsed = cache.keep.then_some(&mut cache.parsed);
    let loaded = source::read_all(&config, &entries, parsed, opts.progress());
    let mut errors = loaded.errors.clone();
    let today = opts.today(&config);
    let shown = tree::Shown {
        drafts: opts.drafts,
        future: opts.future || opts.serve,
    };
    let assembled = tree::assemble(config, &entries, loaded, shown, today);
    if cache.keep {
        cache.listing = Some((content, entries));
    }
    let mut site = match assembled {
        Ok(site) => site,
        Err(more) => {
            errors.extend(more);
            return Err(Error::many(errors));
        }
    };
    // Files that exist but could not be read: links to them are told apart from links to
    // nothing, and said once.
    let unreadable: Vec<String> = errors
        .iter()
        .filter_map(|d| d.file.as_deref()?.strip_prefix("content").ok())
        .map(|rel| rel.to_string_lossy().replace('\\', "/"))
        .collect();
    let images = crate::images::Images::new(&site.config);
    images.store().forget(&cache.photos_saved);
    cache.photos_saved.clear();
    if cache.keep {
        cache.root = Some(site.config.root.clone());
    }
    site.images = Some(Arc::new(images));
    let mut broken_links = render_markdown(&mut site, cache, &unreadable, opts.progress());
    broken_links.extend(waiting_links(&site));
    typeset_titles(&mut site);
    broken_links.extend(check_anchors(&site));
    let missing: Vec<Diagnostic> = site
        .pages
        .par_iter()
        .flat_map_iter(|p| missing_images(&p.file, &p.rendered, p.meta.cover.as_ref()))
        .collect();
    errors.extend(missing);
    // The bodies' warnings (another system's template syntax) are warnings whatever the
    // policy for broken links.
    let (warnings, broken_links): (Vec<Diagnostic>, Vec<Diagnostic>) = broken_links
        .into_iter()
        .partition(|d| d.severity == crate::error::Severity::Warning);
    site.warnings.extend(warnings);
    match site.config.broken_links {
        LinkPolicy::Error => errors.extend(broken_links),
        LinkPolicy::Warning => site
            .warnings
            .extend(broken_links.into_iter().map(Diagnostic::warning)),
    }
    site.taxonomies = taxonomy::build(&site.config.taxonomies, &site.pages, &site.by_date);
    finish(site, errors)
}

/// Errors stop the build (and carry the warnings with them); warnings too with `strict: true`.
fn finish(mut site: Site, mut errors: Vec<Diagnostic>) -> Result<Site> {
    if site.config.strict {
        for w in site.warnings.drain(..) {
            errors.push(Diagnostic {
                severity: Severity::Error,
                ..w
            });
        }
    }
    sort_diagnostics(&mut site.warnings);
    if errors.is_empty() {
        Ok(site)
    } else {
        // The warnings go along: a failed check still says everything it found.
        errors.append(&mut site.warnings);
        Err(Error::many(errors))
    }
}

/// French spacing in section titles and descriptions too, since they are text a reader sees
/// (pages get theirs when they are parsed).
fn typeset_titles(site: &mut Site) {
    let french = site.config.french_typography;
    let typeset = |text: &mut String| *text = crate::text::typography::title(text, french);
    for section in &mut site.sections {
        typeset(&mut section.title);
        if let Some(d) = section.meta.description.as_mut() {
            typeset(d);
        }
    }
}

/// One note per file that could not be read and that other pages link to: their links are
/// not errors of their own, they wait for that file's fix.
fn waiting_links(site: &Site) -> Vec<Diagnostic> {
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    let bodies = site.pages.iter().map(|p| &p.rendered);
    for rendered in bodies.chain(site.sections.iter().map(|s| &s.rendered)) {
        for target in &rendered.waiting {
            *counts.entry(target.as_str()).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .map(|(target, n)| {
            Diagnostic::error(
                Path::new("content").join(target),
                crate::t!("links-waiting", count = n),
            )
            .warning()
        })
        .collect()
}

/// Every page's and section's source with its URL, for internal links.
pub fn links_of(site: &Site) -> Links {
    let mut links = Links::default();
    for page in &site.pages {
        links.insert(&page.file.rel, site.config.permalink(&page.path));
    }
    for section in &site.sections {
        let rel = match &section.file {
            Some(file) => file.rel.clone(),
            None if section.dir.is_empty() => "_index.md".to_string(),
            None => format!("{}/_index.md", section.dir),
        };
        links.insert(&rel, site.config.permalink(&section.path));
    }
    links
}

/// How the bodies of one load are rendered: against the site's links, with hashtags pointing
/// at the `tags` taxonomy when the site has one.
struct Bodies<'a> {
    config: &'a Config,
    links: &'a Links,
    /// The links the earlier renderings were made against.
    old_links: Option<&'a Links>,
    hashtags: Option<String>,
    pictures: Option<&'a dyn markdown::Pictures>,
}

impl<'a> Bodies<'a> {
    fn new(
        config: &'a Config,
        links: &'a Links,
        old_links: Option<&'a Links>,
        pictures: Option<&'a dyn markdown::Pictures>,
    ) -> Self {
        let hashtags = (config.hashtags && config.taxonomies.iter().any(|t| t == "tags"))
            .then(|| config.permalink("tags/"));
        Bodies {
            config,
            links,
            old_links,
            hashtags,
            pictures,
        }
    }

    /// The body of `file` rendered, or the earlier rendering from `old` when its text and folder
    /// are unchanged and each file its links name has the URL it had (or is still missing). A
    /// page added, removed or given a new address renders again only the bodies linking to it,
    /// not every body with a link.
    fn render(
        &self,
        file: &crate::content::SourceFile,
        assets_url: String,
        old: &AHashMap<String, Rendering>,
    ) -> Rendering {
        let reusable = old.get(&file.rel).filter(|r| {
            r.generation == file.generation
                && r.assets_url == assets_url
                && r.rendered.looked_up.iter().all(|target| {
                    self.old_links
                        .is_some_and(|old| old.get(target) == self.links.get(target))
                })
        });
        if let Some(r) = reusable {
            return r.clone();
        }
        let cx = markdown::Context {
            assets_url: &assets_url,
            links: self.links,
            file: &file.shown,
            rel: &file.rel,
            source: &file.text,
            body_start: file.body_start,
            french: self.config.french_typography,
            hashtag_base: self.hashtags.as_deref(),
            pictures: self.pictures,
        };
        let (rendered, errors) = markdown::render(file.body(), &cx);
        Rendering {
            generation: file.generation,
            assets_url,
            rendered: Arc::new(rendered),
            errors,
        }
    }
}

/// Renders every page's and section's Markdown in parallel, reusing the cache for bodies whose
/// text, folder and links are unchanged; returns the broken links found.
fn render_markdown(
    site: &mut Site,
    cache: &mut Cache,
    unreadable: &[String],
    progress: &Progress,
) -> Vec<Diagnostic> {
    let mut links = links_of(site);
    for rel in unreadable {
        links.mark_unreadable(rel);
    }
    let config = &site.config;
    let pictures = site.images.as_deref().map(|i| i as &dyn markdown::Pictures);
    let bodies = Bodies::new(config, &links, cache.links.as_ref(), pictures);
    let old = &cache.markdown;
    progress.start(Stage::Markdown, site.pages.len());
    let pages: Vec<Rendering> = site
        .pages
        .par_iter()
        .map(|p| {
            let rendering = bodies.render(&p.file, assets_url(config, p), old);
            progress.step();
            rendering
        })
        .collect();
    let sections: Vec<Option<Rendering>> = site
        .sections
        .iter()
        .map(|s| {
            s.file
                .as_ref()
                .map(|f| bodies.render(f, config.permalink(&s.path), old))
        })
        .collect();
    let keep = cache.keep;
    let mut fresh = AHashMap::with_capacity(pages.len());
    let mut errors = Vec::new();
    let mut take = |rel: &str, r: Rendering| -> Arc<Rendered> {
        errors.extend(r.errors.iter().cloned());
        if keep {
            let rendered = r.rendered.clone();
            fresh.insert(rel.to_string(), r);
            rendered
        } else {
            r.rendered
        }
    };
    for (page, r) in site.pages.iter_mut().zip(pages) {
        page.rendered = take(&page.file.rel, r);
    }
    for (section, r) in site.sections.iter_mut().zip(sections) {
        if let (Some(r), Some(file)) = (r, &section.file) {
            section.rendered = take(&file.rel, r);
        }
    }
    cache.markdown = fresh;
    cache.links = keep.then(|| links.clone());
    site.links = links;
    errors
}

/// Where a page's neighbour files are published: beside the page for a bundle, in the
/// section's folder for a plain `x.md`.
pub fn assets_url(config: &crate::config::Config, page: &crate::content::Page) -> String {
    if crate::names::bundle_dir(&page.file.rel).is_some() {
        config.permalink(&page.path)
    } else {
        let dir = page.file.rel.rsplit_once('/').map_or("", |(d, _)| d);
        config.permalink(&crate::content::url::section_path(dir))
    }
}

/// Images named by a relative path that does not exist next to the Markdown file.
fn missing_images(
    file: &crate::content::SourceFile,
    rendered: &Rendered,
    cover: Option<&crate::content::Cover>,
) -> Vec<Diagnostic> {
    let dir = file.path.parent().unwrap_or(std::path::Path::new("."));
    let missing = |src: &str| {
        let path = src
            .split(['?', '#'])
            .next()
            .unwrap_or("")
            .replace("%20", " ");
        !dir.join(path).is_file()
    };
    let cover_error = cover
        .filter(|c| !c.src.contains("://") && !c.src.starts_with('/') && missing(&c.src))
        .map(|c| {
            let line = file
                .text
                .lines()
                .position(|l| l.trim_start().starts_with("src:"))
                .map_or(1, |i| i + 1);
            Diagnostic::error(&file.shown, crate::t!("image-cover-missing", image = c.src))
                .at(line, 1)
                .with_source(file.text.clone())
                .hint(crate::t!("image-missing-hint"))
        });
    rendered
        .images
        .iter()
        .filter(|img| missing(&img.src))
        .map(|img| {
            Diagnostic::error(&file.shown, crate::t!("image-missing", image = img.src))
                .at(img.line, img.column)
                .with_source(file.text.clone())
                .hint(crate::t!("image-missing-hint"))
        })
        .chain(cover_error)
        .collect()
}

/// Links to `page.md#anchor` whose anchor is not a heading of the target.
fn check_anchors(site: &Site) -> Vec<Diagnostic> {
    let mut ids: AHashMap<&str, &HashSet<String>> = AHashMap::with_capacity(site.pages.len());
    for page in &site.pages {
        ids.insert(&page.file.rel, &page.rendered.ids);
    }
    for section in &site.sections {
        if let Some(file) = &section.file {
            ids.insert(&file.rel, &section.rendered.ids);
        }
    }
    let ids_of = |rel: &str| ids.get(rel).copied();
    site.pages
        .par_iter()
        .flat_map_iter(|page| {
            page.rendered.links.iter().filter_map(move |link| {
                let anchor = link.anchor.as_ref()?;
                ids_of(&link.target).filter(|ids| !ids.contains(anchor))?;
                Some(
                    Diagnostic::error(
                        &page.file.shown,
                        crate::t!("link-no-anchor", anchor = anchor, target = link.target),
                    )
                    .at(link.line, link.column)
                    .with_source(page.file.text.clone())
                    .hint(crate::t!("link-no-anchor-hint")),
                )
            })
        })
        .collect()
}
