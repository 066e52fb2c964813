//! The real pipeline behind the preview: [`SiteBuilder`] over [`crate::build`].
//!
//! In: the build options, the preview's local address and the files that changed. Out: the
//! whole site in memory, never written to disk, so `public/` is left alone. Between rebuilds
//! the builder keeps the load and render caches: only the changed files are read and parsed
//! again, and only the outputs whose inputs changed are rendered again. A change of
//! `site.yaml` starts from scratch, since every output depends on it. After each build, the
//! search index is made again in the background ([`SiteBuilder::after_build`]) when what it
//! holds changed.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use super::{AfterBuild, SiteBuilder};
use crate::error::Result;
use crate::output::Output;
use crate::site::BuildOptions;

/// Builds the real site for the preview.
pub struct PipelineBuilder {
    opts: BuildOptions,
    load: crate::site::Cache,
    render: crate::render::RenderCache,
    patched: bool,
    warnings: Vec<crate::error::Diagnostic>,
    /// The records of the index served, to skip making the same index again.
    indexed: Arc<Mutex<Option<Vec<crate::search::Record>>>>,
    /// Makes the photos' copies off the build thread (kept across fresh caches).
    images: std::sync::Arc<crate::images::Background>,
}

impl PipelineBuilder {
    /// A builder for the site of `opts`, published at the preview's `local_base_url`.
    pub fn new(mut opts: BuildOptions, local_base_url: &str) -> Self {
        opts.base_url = Some(local_base_url.to_string());
        opts.serve = true;
        let images = std::sync::Arc::new(crate::images::Background::default());
        PipelineBuilder {
            opts,
            load: Self::fresh_cache(&images),
            render: crate::render::RenderCache::new(),
            patched: false,
            warnings: Vec::new(),
            indexed: Arc::default(),
            images,
        }
    }

    fn fresh_cache(images: &std::sync::Arc<crate::images::Background>) -> crate::site::Cache {
        let mut cache = crate::site::Cache::new();
        cache.images = Some(images.clone());
        cache
    }

    fn build(&mut self) -> Result<Output> {
        self.patched = false;
        let built = crate::build_with(&self.opts, &mut self.load, &mut self.render)?;
        say_warnings(&built.warnings);
        self.warnings = built.warnings;
        Ok(built.output)
    }

    /// Whether the last rebuild patched the previous build (only existing pages had changed,
    /// keeping their URLs) rather than loading the site again.
    pub fn last_was_patched(&self) -> bool {
        self.patched
    }

    /// The warnings of the last build or rebuild.
    pub fn last_warnings(&self) -> &[crate::error::Diagnostic] {
        &self.warnings
    }
}

impl SiteBuilder for PipelineBuilder {
    fn warnings(&self) -> &[crate::error::Diagnostic] {
        &self.warnings
    }

    fn notify_with(&mut self, changes: std::sync::mpsc::Sender<Vec<PathBuf>>) {
        let cache = self.opts.root.join(".ruche-cache");
        self.images.notify_with(changes, cache);
    }

    fn build_all(&mut self) -> Result<Output> {
        self.build()
    }

    fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Output> {
        self.patched = false;
        let settings = self.opts.root.join("site.yaml");
        if changed
            .iter()
            .any(|p| p == &settings || settings.starts_with(p))
        {
            self.load = Self::fresh_cache(&self.images);
            self.render = crate::render::RenderCache::new();
            return self.build();
        }
        let built = crate::rebuild_with(&self.opts, &mut self.load, &mut self.render, changed)?;
        // After a save, the terminal says what is wrong with the files saved; the whole site's
        // warnings were said by the first build.
        let about: Vec<crate::error::Diagnostic> =
            super::reload::about_saved(&built.warnings, changed, &self.opts.root)
                .into_iter()
                .cloned()
                .collect();
        say_warnings(&about);

        self.patched = built.patched;
        self.warnings = built.warnings;
        Ok(built.output)
    }

    /// The search index of the last build, made in the background: the records are taken
    /// from the pages there (not on the build thread), and the index is made only when they
    /// differ from those of the index served (a save of a stylesheet or a template leaves it).
    fn after_build(&mut self) -> Option<AfterBuild> {
        let pending = crate::search::Pending::of(
            self.load.last.as_ref()?,
            self.opts.today(&self.load.last.as_ref()?.config),
        );
        let indexed = self.indexed.clone();
        Some(Box::new(move || {
            let mut indexed = indexed
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let Some(pending) = pending else {
                // The search was turned off: the index served goes.
                return indexed.take().map(|_| Output::default());
            };
            let records = pending.records();
            if indexed.as_ref() == Some(&records) {
                return None;
            }
            match crate::search::build(records.clone(), pending.language()) {
                Ok(made) => {
                    say_warnings(&made.warnings);
                    *indexed = Some(records);
                    let mut output = Output::default();
                    for (path, bytes) in made.files {
                        output.insert_bytes(path, bytes);
                    }
                    Some(output)
                }
                Err(e) => {
                    log::warn!("{e}");
                    None
                }
            }
        }))
    }
}

/// Logs `warnings` grouped as `ruche check` shows them (the command line prints them).
fn say_warnings(warnings: &[crate::error::Diagnostic]) {
    if warnings.is_empty() {
        return;
    }
    let style = crate::report::Style::for_stderr();
    log::warn!(
        "{}",
        crate::report::render(warnings, style, false).trim_end()
    );
}
