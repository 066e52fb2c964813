//! The real pipeline behind the preview: [`SiteBuilder`] over [`crate::build`].
//!
//! In: the build options and the preview's local address. Out: the whole site in memory,
//! never written to disk, so `public/` is left alone. Each batch of changes rebuilds the site
//! in memory (the example site takes a few milliseconds).
// Dependency-tracked partial rebuilds are issue #3's remaining work.

use std::path::PathBuf;

use super::SiteBuilder;
use crate::error::Result;
use crate::output::Output;
use crate::site::BuildOptions;

/// Builds the real site for the preview.
pub struct PipelineBuilder {
    opts: BuildOptions,
}

impl PipelineBuilder {
    /// A builder for the site of `opts`, published at the preview's `local_base_url`.
    pub fn new(mut opts: BuildOptions, local_base_url: &str) -> Self {
        opts.base_url = Some(local_base_url.to_string());
        opts.serve = true;
        PipelineBuilder { opts }
    }

    fn build(&self) -> Result<Output> {
        let built = crate::build(&self.opts)?;
        crate::cli::print_diagnostics(&built.warnings);
        Ok(built.output)
    }
}

impl SiteBuilder for PipelineBuilder {
    fn build_all(&mut self) -> Result<Output> {
        self.build()
    }

    fn rebuild(&mut self, _changed: &[PathBuf]) -> Result<Output> {
        self.build()
    }
}
