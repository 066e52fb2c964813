//! ruche: a static site generator for the newsrooms of cooperatives.
//!
//! The pipeline, each stage a module with a typed result that the next one trusts:
//! 1. [`config`]: `site.yaml` → [`config::Config`];
//! 2. [`content`]: `content/` → [`content::Site`] (sections, pages, front matter, URLs);
//! 3. [`markdown`]: each body → HTML, table of contents, summary, links, hashtags; photos
//!    shown as the `<picture>` of their copies, which [`images`] decides from their headers;
//!    then [`images::publish`]: the photos pages use → resized, upright, metadata-free copies,
//!    encoded where `.ruche-cache/images/` lacks them, and the alt-text checks;
//! 4. [`render`]: views built once, tera templates, lists, taxonomies, feeds, calendars →
//!    each file handed to a sink as it is made;
//! 5. [`search`]: the published pages → a Pagefind index under `pagefind/` (made beside the
//!    render by [`build_to`]; in the background by the preview);
//! 6. [`output`]: `ruche build` writes each file into a fresh folder at once and swaps it in
//!    atomically ([`build_to`]); `ruche serve` and `ruche check` keep an [`output::Output`] in
//!    memory ([`build`], [`build_with`]).
//!
//! The preview's rebuilds go through [`rebuild_with`], which patches the last build when only
//! existing pages changed and keep their URLs. [`progress`] counts what a build has done, for
//! the progress bar. [`publish`] sends a built site to its host (`ruche publish`).

mod calendar;
pub mod cli;
pub mod config;
pub mod content;
pub mod error;
mod external;
mod fsx;
mod generation;
mod i18n;
mod images;
pub mod import;
mod lint;
pub mod markdown;
mod names;
pub mod output;
pub mod progress;
pub mod publish;
pub mod render;
mod report;
mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
mod text;
mod theme;
mod yaml;

use std::path::Path;
use std::time::{Duration, Instant};

pub use error::{Diagnostic, Error, Result};
pub use site::BuildOptions;

/// What a build produced, for the summary line.
#[derive(Debug, Clone)]
pub struct Built {
    /// The rendered site (empty after [`build_to`], which writes it as it goes).
    pub output: output::Output,
    /// Number of files made.
    pub files: usize,
    /// Warnings to show.
    pub warnings: Vec<Diagnostic>,
    /// Number of pages.
    pub pages: usize,
    /// Number of sections.
    pub sections: usize,
    /// Time taken.
    pub elapsed: Duration,
    /// Whether the previous build was patched rather than the site loaded again
    /// ([`rebuild_with`]).
    pub patched: bool,
    /// The soonest scheduled page (dated after the build's day) and its day, when there is one.
    pub next_scheduled: Option<(chrono::NaiveDate, std::path::PathBuf)>,
    /// How many image copies were encoded (0 when the cache held them all).
    pub images_encoded: usize,
}

impl Built {
    fn new(site: &content::Site, output: output::Output, start: Instant) -> Built {
        Built {
            files: output.files.len(),
            output,
            warnings: site.warnings.clone(),
            pages: site.pages.len(),
            sections: site.sections.len(),
            elapsed: start.elapsed(),
            patched: false,
            next_scheduled: site.scheduled.first().cloned(),
            images_encoded: 0,
        }
    }

    /// Counts the copies `published` encoded and adds its warnings.
    /// Adds the editorial lint's warnings (the preview shows them beside the page saved).
    fn lint(&mut self, site: &content::Site) {
        self.warnings.extend(lint::check(site));
        error::sort_diagnostics(&mut self.warnings);
    }

    fn with_images(mut self, published: &images::Published) -> Built {
        self.images_encoded = published.encoded;
        self.warnings.extend(published.warnings.iter().cloned());
        error::sort_diagnostics(&mut self.warnings);
        self
    }
}

/// Loads and renders the site in memory, with its search index as `ruche build` writes it. For
/// the preview (`opts.serve`), without the index, which the preview makes in the background
/// after each build: the output is then what the preview's builder gives.
pub fn build(opts: &BuildOptions) -> Result<Built> {
    if opts.serve {
        return build_with(
            opts,
            &mut site::Cache::default(),
            &mut render::RenderCache::default(),
        );
    }
    let start = Instant::now();
    let site = site::load(opts)?;
    // Both only read the site: the photos' checks and cache look-ups beside the search records.
    let (published, records) = rayon::join(
        || images::publish(&site, true),
        || search::records(&site, opts.today(&site.config)),
    );
    let published = published?;
    let (output, indexed) =
        search::alongside(site.config.search, &site.config.language, records, || {
            render::render(&site, opts.serve, opts.today(&site.config))
        })?;
    let mut built = Built::new(&site, output, start).with_images(&published);
    if let Some(indexed) = indexed {
        built.warnings.extend(indexed.warnings);
        let sink = std::sync::Mutex::new(std::mem::take(&mut built.output));
        search::put(indexed.files, &sink)?;
        built.output = sink
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        built.files = built.output.files.len();
    }
    Ok(built)
}

/// Loads and renders the site in memory, reusing what the caches hold from the previous
/// build (the preview's incremental rebuilds; empty caches give a full build).
pub fn build_with(
    opts: &BuildOptions,
    load_cache: &mut site::Cache,
    render_cache: &mut render::RenderCache,
) -> Result<Built> {
    let start = Instant::now();
    load_cache.last = None;
    let site = site::load_with(opts, load_cache)?;
    let published = images::publish_with(&site, true, load_cache.images.as_ref())?;
    let output = render::render_with(&site, opts.serve, opts.today(&site.config), render_cache)?;
    let mut built = Built::new(&site, output, start).with_images(&published);
    if opts.serve {
        built.lint(&site);
    }
    if load_cache.keeps() {
        load_cache.last = Some(site);
    }
    Ok(built)
}

/// The preview's rebuild after the files `changed` were saved. When they are pages whose
/// aliases and template are unchanged (and draft status, unless the drafts are shown) — the
/// usual saves while writing: the body, the title, the date, the tags, the slug — or new
/// articles in the site's sections (a draft published among them), the previous build is
/// patched: those bodies are rendered again (with the bodies linking to a page given a new
/// address), the lists sorted and the terms gathered again if a page moved or came, then only
/// the outputs that show what changed are rendered again (their pages, the lists and terms
/// they appear on, the feeds, what asked for them through `get_page`, `get_section` or
/// `get_url`); a deleted article is taken out the same way. Anything else (a section, a
/// bundle, a template) goes through [`build_with`], which still reads again only the changed
/// files.
pub fn rebuild_with(
    opts: &BuildOptions,
    load_cache: &mut site::Cache,
    render_cache: &mut render::RenderCache,
    changed: &[std::path::PathBuf],
) -> Result<Built> {
    let start = Instant::now();
    if let Some(mut site) = load_cache.last.take() {
        let today = opts.today(&site.config);
        let patched = site::patch(&mut site, load_cache, changed, today, opts.drafts)
            .and_then(|patched| render::patch(&site, opts.serve, today, &patched, render_cache));
        if let Some(mut output) = patched {
            // A body may have gained a photo: its copies join the output.
            let published = images::publish_with(&site, false, load_cache.images.as_ref())?;
            for (path, file) in &published.files {
                output.insert_copy(path.clone(), file.clone());
            }
            let mut built = Built::new(&site, output, start).with_images(&published);
            built.lint(&site);
            built.patched = true;
            load_cache.last = Some(site);
            return Ok(built);
        }
    }
    load_cache.invalidate(changed);
    build_with(opts, load_cache, render_cache)
}

/// Loads and renders everything without writing, and reports every problem at once: when the
/// content has errors, the templates are still checked on their own so both show up together.
/// With `external`, links to other sites are checked too.
pub fn check(opts: &BuildOptions, external: bool) -> Result<Built> {
    let start = Instant::now();
    let opts = &BuildOptions {
        future: true,
        ..opts.clone()
    };
    let result = site::load(opts).and_then(|site| {
        let published = images::publish(&site, true)?;
        let output = render::render(&site, opts.serve, opts.today(&site.config))?;
        let dead = if external {
            external::check(&site)
        } else {
            Vec::new()
        };
        if !dead.is_empty() {
            return Err(Error::many(dead));
        }
        let mut built = Built::new(&site, output, start).with_images(&published);
        let lint = lint::check(&site);
        if site.config.strict && !lint.is_empty() {
            let errors = lint.into_iter().map(|d| Diagnostic {
                severity: error::Severity::Error,
                ..d
            });
            return Err(Error::many(errors.chain(built.warnings).collect()));
        }
        built.warnings.extend(lint);
        let lang = text::dates::Lang::from_code(i18n::language());
        built
            .warnings
            .extend(site.scheduled.iter().map(|(day, file)| {
                let day = text::dates::format_date(*day, lang, text::dates::DateStyle::Long);
                Diagnostic::error(file, t!("page-scheduled", day = day))
                    .warning()
                    .hint(t!("page-scheduled-hint"))
            }));

        error::sort_diagnostics(&mut built.warnings);
        Ok(built)
    });
    let mut err = match result {
        Ok(built) => return Ok(built),
        Err(err) => err,
    };
    let config = site::load_config(opts)?;
    if let Err(templates) = render::templates::check(&config) {
        for d in templates.diagnostics {
            let known = err
                .diagnostics
                .iter()
                .any(|e| e.location() == d.location() && e.message == d.message);
            if !known {
                err.diagnostics.push(d);
            }
        }
    }
    Err(Error::many(err.diagnostics))
}

/// Builds the site and writes it atomically to `dest`; the previous `dest` survives any failure.
/// Each file is written to a staging folder as soon as it is rendered, so the whole output is
/// never held in memory (the returned [`Built`] has an empty `output`).
pub fn build_to(opts: &BuildOptions, dest: &Path) -> Result<Built> {
    let start = Instant::now();
    let mut site = site::load(opts)?;
    // The search index is the longest task and mostly one core's: it starts as soon as its
    // records are made, and the photos' checks and cache look-ups run beside it with the pages.
    let records = search::records(&site, opts.today(&site.config));
    let staging = output::Staging::beside(dest)?;
    let (search, language) = (site.config.search, site.config.language.clone());
    // The last build's index, when the pages say the same: no index to make.
    let cache = search.then(|| search::Cache::new(&site.config.root, &language, &records));
    let kept = cache.as_ref().and_then(search::Cache::files);
    let reused = kept.as_ref().map(|_| search::reused(&records));
    let index_now = search && kept.is_none();
    let ((mut files, published), indexed) =
        search::alongside(index_now, &language, records, || {
            let published = images::publish(&site, true)?;
            site.drop_sources();
            let files =
                render::render_into(&site, opts.today(&site.config), &staging, opts.progress())?;
            Ok((files, published))
        })?;
    let mut built = Built::new(&site, output::Output::default(), start).with_images(&published);
    if let (Some(kept), Some(reused)) = (kept, reused) {
        files += search::link(kept, &staging)?;
        built.warnings.extend(reused.warnings);
    } else if let Some(mut indexed) = indexed {
        files += search::put_keeping(&mut indexed, cache.as_ref(), &staging)?;
        built.warnings.extend(indexed.warnings);
    }
    staging.swap_in(dest)?;
    built.files = files;
    drop_later(site);
    Ok(built)
}

/// Frees `value` on a worker thread rather than on the caller's. Freeing a large site's pages
/// and views takes a tenth of a second on one thread; after a build the caller has only the
/// summary line left to print, and when the process exits first the system takes the memory
/// back in one go (as C compilers do with their own memory).
pub(crate) fn drop_later<T: Send + 'static>(value: T) {
    rayon::spawn(move || drop(value));
}

#[cfg(test)]
mod tests {
    /// Sends on a channel when dropped.
    struct Tell(std::sync::mpsc::Sender<std::thread::ThreadId>);

    impl Drop for Tell {
        fn drop(&mut self) {
            let _ = self.0.send(std::thread::current().id());
        }
    }

    #[test]
    fn drop_later_frees_the_value_on_another_thread() {
        let (tx, rx) = std::sync::mpsc::channel();
        super::drop_later(Tell(tx));
        let dropped_on = rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("the value was never dropped");
        assert_ne!(dropped_on, std::thread::current().id());
    }
}
