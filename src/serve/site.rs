//! The real pipeline behind the preview: [`SiteBuilder`] over [`crate::build`].
//!
//! In: the build options, the preview's local address and the files that changed. Out: the
//! whole site in memory, never written to disk, so `public/` is left alone. Between rebuilds
//! the builder keeps the load and render caches: only the changed files are read and parsed
//! again, and only the outputs whose inputs changed are rendered again. A change of
//! `site.yaml` starts from scratch, since every output depends on it.

use std::path::PathBuf;

use super::SiteBuilder;
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
}

impl PipelineBuilder {
    /// A builder for the site of `opts`, published at the preview's `local_base_url`.
    pub fn new(mut opts: BuildOptions, local_base_url: &str) -> Self {
        opts.base_url = Some(local_base_url.to_string());
        opts.serve = true;
        PipelineBuilder {
            opts,
            load: crate::site::Cache::new(),
            render: crate::render::RenderCache::new(),
            patched: false,
            warnings: Vec::new(),
        }
    }

    fn build(&mut self) -> Result<Output> {
        self.patched = false;
        let built = crate::build_with(&self.opts, &mut self.load, &mut self.render)?;
        eprint!(
            "{}",
            crate::report::render(&built.warnings, crate::report::Style::for_stderr(), false)
        );
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
            self.load = crate::site::Cache::new();
            self.render = crate::render::RenderCache::new();
            return self.build();
        }
        let built = crate::rebuild_with(&self.opts, &mut self.load, &mut self.render, changed)?;
        eprint!(
            "{}",
            crate::report::render(&built.warnings, crate::report::Style::for_stderr(), false)
        );
        self.patched = built.patched;
        self.warnings = built.warnings;
        Ok(built.output)
    }
}
