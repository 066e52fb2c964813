//! What one load of the site leaves for the next (the preview's): the files parsed, the
//! bodies rendered, the listing of `content/`, and what a save makes them forget.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ahash::AHashMap;

use crate::content::{source, walk, Site};
use crate::error::Diagnostic;
use crate::markdown::{Links, Rendered};

/// What one load leaves for the next, so that the preview re-reads and re-renders only what
/// changed. A fresh (empty) cache gives a full load: both paths run the same code, which is
/// what keeps an incremental preview equal to a fresh build.
#[derive(Default)]
pub struct Cache {
    /// Whether to keep anything: `ruche build` keeps nothing, so the HTML is never held twice.
    pub(super) keep: bool,
    pub(super) parsed: AHashMap<PathBuf, source::CachedParse>,
    pub(super) markdown: AHashMap<String, Rendering>,
    /// The last walk of `content/` (the folder, its entries): still true while the files
    /// saved since are files it listed (see [`Cache::invalidate`]).
    pub(super) listing: Option<(PathBuf, Vec<walk::Entry>)>,
    /// The links of the last load: what the cached bodies were rendered against, and what a
    /// patched body is rendered with.
    pub(super) links: Option<Links>,
    /// The last site built, kept by the preview to be patched after an edit of page bodies
    /// (see [`patch`]); `None` after a failed build.
    pub(crate) last: Option<Site>,
    /// The preview's image thread: photos the cache lacks are made there, never waited for.
    pub images: Option<Arc<crate::images::Background>>,
    /// The site root of the last load, from which the images the pages show are found.
    pub(super) root: Option<PathBuf>,
    /// The photos (or folders) saved since the last load: the image cache's index reads them
    /// again, whatever their size and time say.
    pub(super) photos_saved: Vec<PathBuf>,
}

/// A body rendered earlier, with what it was rendered from.
#[derive(Clone)]
pub(super) struct Rendering {
    pub(super) generation: u64,
    pub(super) assets_url: String,
    pub(super) rendered: Arc<Rendered>,
    pub(super) errors: Vec<Diagnostic>,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::{load_with, BuildOptions};

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
