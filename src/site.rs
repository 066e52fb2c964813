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

mod patch;
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

/// What one load leaves for the next, so that the preview re-reads and re-renders only what
/// changed. A fresh (empty) cache gives a full load: both paths run the same code, which is
/// what keeps an incremental preview equal to a fresh build.
#[derive(Default)]
pub struct Cache {
    /// Whether to keep anything: `ruche build` keeps nothing, so the HTML is never held twice.
    keep: bool,
    parsed: AHashMap<PathBuf, source::CachedParse>,
    markdown: AHashMap<String, Rendering>,
    /// The last walk of `content/` (the folder, its entries): still true while the files
    /// saved since are files it listed (see [`Cache::invalidate`]).
    listing: Option<(PathBuf, Vec<walk::Entry>)>,
    /// The links of the last load: what the cached bodies were rendered against, and what a
    /// patched body is rendered with.
    links: Option<Links>,
    /// The last site built, kept by the preview to be patched after an edit of page bodies
    /// (see [`patch`]); `None` after a failed build.
    pub(crate) last: Option<Site>,
    /// The preview's image thread: photos the cache lacks are made there, never waited for.
    pub images: Option<Arc<crate::images::Background>>,
    /// The site root of the last load, from which the images the pages show are found.
    root: Option<PathBuf>,
    /// The photos (or folders) saved since the last load: the image cache's index reads them
    /// again, whatever their size and time say.
    photos_saved: Vec<PathBuf>,
}

/// A body rendered earlier, with what it was rendered from.
#[derive(Clone)]
struct Rendering {
    generation: u64,
    assets_url: String,
    rendered: Arc<Rendered>,
    errors: Vec<Diagnostic>,
}

impl Cache {
    /// A cache that remembers, for the preview.
    pub fn new() -> Cache {
        Cache {
            keep: true,
            ..Cache::default()
        }
    }

    /// Whether this cache remembers between loads (the preview's) or not (`ruche build`'s).
    pub fn keeps(&self) -> bool {
        self.keep
    }

    /// Forgets the files at (or under) these paths: they are read again next time. The
    /// listing of `content/` is kept only when every path is a file it listed and still is.
    pub fn invalidate(&mut self, changed: &[PathBuf]) {
        // Bytes first: `Path::starts_with` parses both paths, and this runs over every file.
        let under = |path: &Path, c: &Path| {
            path.as_os_str()
                .as_encoded_bytes()
                .starts_with(c.as_os_str().as_encoded_bytes())
                && path.starts_with(c)
        };
        let photos: Vec<&PathBuf> = changed
            .iter()
            .filter(|c| self.holds_photos(c) && may_be_photo(c))
            .collect();
        // A photo replaced (cropped, turned) is shown at its new size only by pages read and
        // rendered again: those that show it are forgotten as if they had been saved.
        let showing = self.showing(&photos, under);
        self.parsed
            .retain(|path, _| !changed.iter().any(|c| under(path, c)) && !showing.contains(path));
        self.photos_saved.extend(photos.into_iter().cloned());
        let still_listed = |c: &PathBuf| {
            self.listing.as_ref().is_some_and(|(_, entries)| {
                entries
                    .iter()
                    .any(|e| e.path == *c && e.kind != walk::Kind::Link)
            }) && c.symlink_metadata().is_ok_and(|m| m.file_type().is_file())
        };
        // Anything else (a new, deleted or moved file, a folder, a template, a path written
        // another way) and `content/` is walked again.
        if !changed.iter().all(still_listed) {
            self.listing = None;
        }
    }

    /// Whether `path` is in `content/` or `static/` of the last load's site (or holds one of
    /// them), where the photos pages show are: not the image thread's `.ruche-cache/`, whose
    /// copies are ready, nor a template.
    fn holds_photos(&self, path: &Path) -> bool {
        self.root.as_deref().is_some_and(|root| {
            ["content", "static"].iter().any(|dir| {
                let dir = root.join(dir);
                path.starts_with(&dir) || dir.starts_with(path)
            })
        })
    }

    /// The pages and sections (their source paths) that show a photo at (or under) one of
    /// `photos`: as their cover, in their gallery or in their body. Looked for only when a
    /// photo was saved, never on a save of pages.
    fn showing(
        &self,
        photos: &[&PathBuf],
        under: impl Fn(&Path, &Path) -> bool,
    ) -> HashSet<PathBuf> {
        let Some(root) = self.root.as_deref().filter(|_| !photos.is_empty()) else {
            return HashSet::new();
        };
        let shows = |file: &crate::content::SourceFile, src: &str| {
            crate::images::source_path(root, &file.rel, src)
                .is_some_and(|path| photos.iter().any(|p| under(&path, p)))
        };
        self.parsed
            .values()
            .filter_map(|(_, parsed, _)| {
                let (file, meta) = match parsed.as_ref()? {
                    source::Parsed::Page(file, meta, _) => (file, Some(meta)),
                    source::Parsed::Section(file, _) => (file, None),
                };
                let front = meta.into_iter().flat_map(|m| {
                    let gallery = m.gallery.iter().map(|g| g.src.as_str());
                    m.cover.iter().map(|c| c.src.as_str()).chain(gallery)
                });
                let body = self
                    .markdown
                    .get(&file.rel)
                    .into_iter()
                    .flat_map(|r| r.rendered.body_images.iter().map(|i| i.src.as_str()));
                let mut srcs = front.chain(body);
                srcs.any(|src| shows(file, src)).then(|| file.path.clone())
            })
            .collect()
    }
}

/// Whether a saved path may be a photo pages show, or a folder holding some: a file ruche
/// makes copies of, or a path without an extension (a folder, or one just deleted).
fn may_be_photo(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy());
    match name {
        _ if path.is_dir() => true,
        Some(name) if name.contains('.') => {
            crate::images::treatment(&name) == crate::images::Treatment::Process
        }
        _ => true,
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_listing_of_content_is_kept_only_while_listed_files_are_saved() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(
            root.join("site.yaml"),
            "title: x\nbase_url: https://x.org\n",
        )
        .unwrap();
        std::fs::create_dir(root.join("content")).unwrap();
        let page = root.join("content/a.md");
        std::fs::write(&page, "---\ntitle: A\n---\nTexte.\n").unwrap();
        let opts = BuildOptions::new(root);
        let mut cache = Cache::new();
        load_with(&opts, &mut cache).unwrap();

        std::fs::write(&page, "---\ntitle: A\ndate: 2025-01-02\n---\nTexte.\n").unwrap();
        cache.invalidate(std::slice::from_ref(&page));
        assert!(cache.listing.is_some(), "a listed file was saved");

        let new = root.join("content/b.md");
        std::fs::write(&new, "---\ntitle: B\n---\n").unwrap();
        cache.invalidate(std::slice::from_ref(&new));
        assert!(cache.listing.is_none(), "a new file");
        let site = load_with(&opts, &mut cache).unwrap();
        assert_eq!(site.pages.len(), 2, "walked again: the new page is in");

        cache.invalidate(&[root.join("templates/page.html")]);
        assert!(cache.listing.is_none(), "a path the listing does not hold");
    }

    #[test]
    fn a_saved_photo_forgets_exactly_the_pages_that_show_it() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let write = |rel: &str, text: &str| {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write("site.yaml", "title: x\nbase_url: https://x.org\n");
        write(
            "content/a/index.md",
            "---\ntitle: A\n---\n![Salle](salle.jpg)\n",
        );
        write(
            "content/b.md",
            "---\ntitle: B\ncover:\n  src: /img/une.jpg\n  alt: Vote\n---\nTexte.\n",
        );
        write(
            "content/c/index.md",
            "---\ntitle: C\ngallery:\n  - src: ./g%201.jpg\n    alt: Tribune\n---\n",
        );
        write("content/d.md", "---\ntitle: D\n---\n![Salle](salle.jpg)\n");
        let mut cache = Cache::new();
        // The photos are not there: the load fails, and still leaves what it read.
        let _ = load_with(&BuildOptions::new(root), &mut cache);
        let kept = |cache: &Cache, rel: &str| cache.parsed.contains_key(&root.join(rel));
        let forgets = |saved: &str, shown_by: &[&str]| {
            let mut cache = Cache::new();
            let _ = load_with(&BuildOptions::new(root), &mut cache);
            cache.invalidate(&[root.join(saved)]);
            for rel in ["content/a/index.md", "content/b.md", "content/c/index.md"] {
                let shows = shown_by.contains(&rel);
                assert_eq!(!kept(&cache, rel), shows, "{saved}: {rel}");
            }
            assert!(kept(&cache, "content/d.md"), "{saved}: d");
            assert_eq!(cache.photos_saved, [root.join(saved)]);
        };
        assert!(kept(&cache, "content/d.md"));
        forgets("content/a/salle.jpg", &["content/a/index.md"]);
        forgets("static/img/une.jpg", &["content/b.md"]);
        forgets("content/c/g 1.jpg", &["content/c/index.md"]);
        forgets("static/img", &["content/b.md"]);
        // A template is no photo, nor are the copies the image thread made: nothing is
        // looked for.
        std::fs::create_dir_all(root.join(".ruche-cache/images")).unwrap();
        for saved in [
            "templates/page.html",
            ".ruche-cache",
            ".ruche-cache/images/x.jpg",
        ] {
            let mut cache = Cache::new();
            let _ = load_with(&BuildOptions::new(root), &mut cache);
            cache.invalidate(&[root.join(saved)]);
            assert!(cache.photos_saved.is_empty(), "{saved}");
            assert!(kept(&cache, "content/a/index.md"), "{saved}");
        }
    }
}
