//! The content model: the site's sections and pages, read from `content/`.
//!
//! In: a [`Config`] and the files under `content/`. Out: a [`Site`] whose pages and sections
//! know their front matter, their URL and their place in the tree, computed once. Steps:
//! 1. [`walk`] lists and classifies the files;
//! 2. [`source`] reads and parses every file in parallel, collecting every error;
//! 3. [`tree`] places pages in sections, decides URLs ([`url`]) and sorts.

pub mod frontmatter;
pub mod matter;
pub mod source;
pub mod taxonomy;
pub mod tree;
pub mod url;
pub mod walk;

use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::error::Diagnostic;
use crate::markdown::Rendered;

pub use frontmatter::{Cover, Event, GalleryItem, PageMeta, SectionMeta, SortBy, Speaker};

/// A content file's text and where it came from.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Absolute path.
    pub path: PathBuf,
    /// Path relative to the site root, as shown in messages (`content/actualites/x.md`).
    pub shown: PathBuf,
    /// Path relative to `content/`, with `/` (`actualites/x.md`): the key of internal links.
    pub rel: String,
    /// The whole text.
    pub text: Arc<str>,
    /// Where the Markdown body starts, in bytes.
    pub body_start: usize,
    /// The 1-based line where the body starts.
    pub body_line: usize,
    /// A number new each time the file is read: an unchanged generation means unchanged text
    /// (the preview's incremental rebuilds compare these instead of the texts).
    pub generation: u64,
}

impl SourceFile {
    /// A fresh generation number.
    pub fn next_generation() -> u64 {
        crate::generation::next()
    }

    /// The Markdown body.
    pub fn body(&self) -> &str {
        self.text.get(self.body_start..).unwrap_or("")
    }
}

/// An article or any other page.
#[derive(Debug, Clone)]
pub struct Page {
    /// Its source file.
    pub file: SourceFile,
    /// Its front matter, checked (shared with the preview's parse cache).
    pub meta: Arc<PageMeta>,
    /// Output path, relative, ending with `/` (`actualites/formation/`).
    pub path: String,
    /// Index of its section in [`Site::sections`].
    pub section: usize,
    /// The bundle's own files: (output path, source path).
    pub assets: Vec<(String, PathBuf)>,
    /// The Markdown rendered (empty until the markdown stage ran); shared with the preview's
    /// cache, so reusing a rendering copies no HTML.
    pub rendered: Arc<Rendered>,
}

/// A folder of `content/`, with its `_index.md` if it has one.
#[derive(Debug, Clone)]
pub struct Section {
    /// Its `_index.md`, if any.
    pub file: Option<SourceFile>,
    /// Folder relative to `content/` (`actualites`; empty for the home).
    pub dir: String,
    /// Its front matter (defaults when there is no `_index.md`).
    pub meta: SectionMeta,
    /// Title, from the front matter or the folder's name.
    pub title: String,
    /// Output path, relative, ending with `/` (empty for the home).
    pub path: String,
    /// Parent section, none for the home.
    pub parent: Option<usize>,
    /// Its pages, indexes into [`Site::pages`], in the section's order.
    pub pages: Vec<usize>,
    /// Its direct subsections.
    pub subsections: Vec<usize>,
    /// The Markdown of `_index.md` rendered.
    pub rendered: Arc<Rendered>,
}

/// A whole site, loaded.
#[derive(Debug, Clone)]
pub struct Site {
    /// The settings.
    pub config: Config,
    /// Every page (drafts only with `--drafts`).
    pub pages: Vec<Page>,
    /// Every section; index 0 is the home.
    pub sections: Vec<Section>,
    /// Plain files of `content/` to copy: (output path, source path).
    pub files: Vec<(String, PathBuf)>,
    /// Every page with a date, newest first (feeds, the home's latest, taxonomy terms).
    pub by_date: Vec<usize>,
    /// The taxonomies of site.yaml with their terms (filled after the markdown stage).
    pub taxonomies: Vec<taxonomy::Taxonomy>,
    /// Every page's and section's URL by source path (filled by the markdown stage).
    pub links: crate::markdown::Links,
    /// Warnings found while loading.
    pub warnings: Vec<Diagnostic>,
    /// The pages dated after the build's day (not drafts), soonest first, with their file as
    /// shown: left out of the site unless shown on purpose (`--future`, the preview).
    pub scheduled: Vec<(chrono::NaiveDate, PathBuf)>,
    /// The image stage: what shows the pages' photos and which copies they need.
    pub images: Option<Arc<crate::images::Images>>,
}

/// See [`Site::drop_sources`].
fn drop_source(file: &mut SourceFile, rendered: &mut Arc<Rendered>) {
    if let Some(front) = file.text.get(..file.body_start) {
        file.text = Arc::from(front);
    }
    // Shared with a cache that keeps it (the preview's): left whole.
    if let Some(rendered) = Arc::get_mut(rendered) {
        rendered.ids = Default::default();
        rendered.links = Vec::new();
        rendered.images = Vec::new();
        rendered.external = Vec::new();
    }
}

impl Site {
    /// The page whose source is `rel` (relative to `content/`).
    pub fn page_by_rel(&self, rel: &str) -> Option<&Page> {
        self.pages.iter().find(|p| p.file.rel == rel)
    }

    /// Lets go of what only loading needed once the site is loaded: the Markdown bodies'
    /// text (the front matter stays, where the render stage's messages point, like an unknown
    /// `template:`) and what the link, anchor and image checks read (heading ids, links,
    /// images). `ruche build` does this so that a large site's sources are not held in memory
    /// beside their HTML while it renders (at 100,000 articles, ~400 MB).
    pub fn drop_sources(&mut self) {
        let sections = self
            .sections
            .iter_mut()
            .filter_map(|s| s.file.as_mut().map(|f| (f, &mut s.rendered)));
        for (file, rendered) in sections {
            drop_source(file, rendered);
        }
        // Freeing 10,000 pages' worth of small strings is work for every core.
        self.pages
            .par_iter_mut()
            .for_each(|p| drop_source(&mut p.file, &mut p.rendered));
    }

    /// The sections whose lists show any of `pages` (indexes into [`Site::pages`]).
    pub fn sections_listing(&self, pages: &[usize]) -> Vec<usize> {
        (0..self.sections.len())
            .filter(|&s| self.sections[s].pages.iter().any(|i| pages.contains(i)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::site::{load, BuildOptions};

    #[test]
    fn dropping_the_sources_keeps_the_front_matter_and_what_renders() {
        let dir = tempfile::tempdir().unwrap();
        let write = |rel: &str, text: &str| {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write("site.yaml", "title: T\nbase_url: https://x.org\n");
        write(
            "content/a.md",
            "---\ntitle: A\n---\n## Un\n\nVoir [b](@/b.md#deux).\n",
        );
        write("content/b.md", "---\ntitle: B\n---\n## Deux\n");
        let mut site = load(&BuildOptions::new(dir.path())).unwrap();
        let a = site
            .pages
            .iter()
            .position(|p| p.file.rel == "a.md")
            .unwrap();
        let html = site.pages[a].rendered.html.to_string();
        assert_eq!(site.pages[a].rendered.links.len(), 1);
        site.drop_sources();
        let page = &site.pages[a];
        assert_eq!(&*page.file.text, "---\ntitle: A\n---\n");
        assert_eq!(page.rendered.html.to_string(), html);
        assert!(html.contains("b/#deux"), "{html}");
        assert_eq!(page.rendered.toc.len(), 1);
        assert!(page.rendered.links.is_empty() && page.rendered.ids.is_empty());
    }
}
