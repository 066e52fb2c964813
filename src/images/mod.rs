//! Photos: every raster image a page uses, published as resized, upright, metadata-free copies.
//!
//! In: the loaded [`Site`] (each page's cover, gallery and body images, the latter recorded by
//! the Markdown pass through [`Images`] as its [`crate::markdown::Pictures`]) and `images:` of site.yaml ([`Settings`]).
//! Out: the HTML that shows each image (`<picture>` with `srcset`, `width`, `height`), the
//! copies to publish (output path → file in `.ruche-cache/images/`) and the problems found
//! (an image that cannot be read is an error naming it and the page; a missing or empty alt
//! text, a heavy file or one browsers cannot show is a warning). Steps:
//! 1. [`Images::locate`] turns what a page wrote (`salle.jpg`, `/img/x.jpg`) into the source
//!    file and the output path of its copies;
//! 2. [`Images::prepare`] reads its header through the cache's index ([`store`]) and decides
//!    the copies ([`Prepared`]), which is all the HTML needs;
//! 3. [`publish`] encodes, in parallel, the copies the cache does not hold yet ([`pixels`],
//!    [`encode`]) and lists every copy for the output.

pub(crate) mod background;
pub(crate) mod checks;
pub(crate) mod encode;
pub(crate) mod html;
mod loose;
pub(crate) mod pixels;
mod publish;
pub(crate) mod settings;
pub(crate) mod store;
mod strip;
pub(crate) mod template;
pub(crate) mod view;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::config::Config;
use crate::content::Site;
pub(crate) use background::Background;
pub(crate) use encode::Codec;
pub(crate) use publish::{publish, publish_with, Published};
pub(crate) use settings::{RawSettings, Settings};
use store::{Source, Store};

/// Where an image a page uses comes from and where its copies go.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Located {
    /// The source file.
    pub path: PathBuf,
    /// The output path the original would have had (`actualites/x/salle.jpg`); the copies are
    /// named after it (`actualites/x/salle-960w.webp`).
    pub out: String,
}

/// What ruche does with a file, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Treatment {
    /// Resized and re-encoded (JPEG, PNG, WebP; HEIC, to say it cannot be read).
    Process,
    /// Published under its own name as a lossless copy without metadata (GIF, which may be
    /// animated; SVG), by [`loose`], whether a page shows it or not.
    Strip,
    /// Published as it is (anything that is not an image: a PDF, a font).
    AsIs,
    /// Published as it is, with a warning: no browser shows it (TIFF, BMP, PSD).
    Unshowable,
}

/// The treatment of a file named `name`.
pub(crate) fn treatment(name: &str) -> Treatment {
    let ext = name
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    match ext.as_str() {
        "jpg" | "jpeg" | "png" | "webp" | "heic" | "heif" => Treatment::Process,
        "gif" | "svg" => Treatment::Strip,
        "tif" | "tiff" | "bmp" | "psd" | "raw" | "cr2" | "nef" | "dng" => Treatment::Unshowable,
        _ => Treatment::AsIs,
    }
}

/// One source image's copies, decided from its header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    /// Where it comes from and goes.
    pub located: Located,
    /// Its content hash and header.
    pub source: Source,
    /// The sizes of the copies, narrowest first (never wider than the source).
    pub sizes: Vec<(u32, u32)>,
    /// The formats, the modern ones first and the fallback (the source's kind) last.
    pub codecs: Vec<Codec>,
}

impl Prepared {
    /// The output path of the copy `width` wide in `codec`.
    pub fn out(&self, width: u32, codec: Codec) -> String {
        format!("{}-{width}w.{}", stem(&self.located.out), codec.extension())
    }

    /// The fallback's format.
    pub fn fallback(&self) -> Codec {
        *self.codecs.last().unwrap_or(&Codec::Jpeg)
    }

    /// The largest copy's size.
    pub fn largest(&self) -> (u32, u32) {
        self.sizes.last().copied().unwrap_or((1, 1))
    }

    /// The social card (1200×630, or smaller with the same proportions for a small source).
    pub fn card(&self) -> (String, u32, u32) {
        let (w, h) = (self.source.header.width, self.source.header.height);
        let scale = (w as f64 / 1200.0).min(h as f64 / 630.0).min(1.0);
        let (cw, ch) = (
            (1200.0 * scale).round().max(1.0) as u32,
            (630.0 * scale).round().max(1.0) as u32,
        );
        let out = format!(
            "{}-og.{}",
            stem(&self.located.out),
            self.fallback().extension()
        );
        (out, cw, ch)
    }
}

/// `a/b/salle.jpg` → `a/b/salle`.
fn stem(out: &str) -> &str {
    let name_start = out.rfind('/').map_or(0, |i| i + 1);
    match out[name_start..].rfind('.') {
        Some(dot) if dot > 0 => &out[..name_start + dot],
        _ => out,
    }
}

/// The copies' sizes for a source of `width`×`height`: each configured width below the
/// source's, then the largest the settings allow (the source's own width when smaller).
pub(crate) fn sizes(settings: &Settings, width: u32, height: u32) -> Vec<(u32, u32)> {
    let max = settings
        .widths
        .last()
        .copied()
        .unwrap_or(width)
        .min(width)
        .max(1);
    let mut widths: Vec<u32> = settings
        .widths
        .iter()
        .copied()
        .filter(|&w| w < max)
        .collect();
    widths.push(max);
    widths
        .into_iter()
        .map(|w| {
            let h =
                (u64::from(height) * u64::from(w) + u64::from(width) / 2) / u64::from(width.max(1));
            (w, (h as u32).max(1))
        })
        .collect()
}

/// `src` as written in a page (`./salle%20pleine.jpg?v=2`) as a path: without its query,
/// fragment, escapes and leading `./`. `None` for a URL, or a path that leaves its folder.
fn written(src: &str) -> Option<String> {
    if src.contains("://") || src.starts_with("data:") || src.starts_with("//") {
        return None;
    }
    let clean = src.split(['?', '#']).next().unwrap_or("");
    let clean = percent_encoding::percent_decode_str(clean)
        .decode_utf8()
        .ok()?;
    let clean = clean.trim_start_matches("./");
    if clean.is_empty() || clean.split('/').any(|part| part == "..") {
        return None;
    }
    Some(clean.to_string())
}

/// The file that `src`, as written in the page or section `rel` (relative to `content/`) of
/// the site at `root`, names: beside it, or in `static/` for `/x.jpg`; whether it exists or
/// not. `None` for a URL, or a path that leaves its folder.
pub(crate) fn source_path(root: &Path, rel: &str, src: &str) -> Option<PathBuf> {
    Some(path_of(root, rel, &written(src)?))
}

/// The file a path `clean`, as [`written`] gives it, names from the file `rel`.
fn path_of(root: &Path, rel: &str, clean: &str) -> PathBuf {
    match clean.strip_prefix('/') {
        Some(rooted) => root.join("static").join(rooted),
        None => {
            let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
            root.join("content").join(dir).join(clean)
        }
    }
}

/// The image stage of one build: the settings, the cache, and every image prepared so far.
#[derive(Debug)]
pub struct Images {
    settings: Settings,
    root: PathBuf,
    base_url: String,
    store: Store,
    prepared: Mutex<HashMap<PathBuf, Result<Arc<Prepared>, String>>>,
    published: Mutex<Vec<(String, PathBuf)>>,
    /// Copies `resize_image` made during the render.
    resized: Mutex<Vec<(String, PathBuf)>>,
    /// The content hashes of the files `resize_image` read, as outputs reused ask for them.
    hashes: Mutex<HashMap<PathBuf, Option<String>>>,
    /// Photos no page shows, published as clean copies or left out ([`loose`]).
    loose: Mutex<HashSet<PathBuf>>,
}

impl Images {
    /// The image stage of the site `config` describes, its cache opened.
    pub fn new(config: &Config) -> Images {
        Images {
            settings: config.images.clone(),
            root: config.root.clone(),
            base_url: config.base_url.clone(),
            store: Store::open(&config.root),
            prepared: Mutex::default(),
            published: Mutex::default(),
            resized: Mutex::default(),
            hashes: Mutex::default(),
            loose: Mutex::default(),
        }
    }

    /// The settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The cache.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The absolute URL of an output path.
    pub fn url(&self, out: &str) -> String {
        format!("{}/{}", self.base_url, out)
    }

    /// The source file and output path of `src` as written in the page `rel` (relative to
    /// `content/`) whose neighbours are published at `assets_url`: a path beside the page, or
    /// `/x.jpg` in `static/`. `None` for a URL, or a file that does not exist.
    pub fn locate(&self, rel: &str, assets_url: &str, src: &str) -> Option<Located> {
        let clean = written(src)?;
        let path = path_of(&self.root, rel, &clean);
        let out = match clean.strip_prefix('/') {
            Some(rooted) => rooted.to_string(),
            None => {
                let base = assets_url
                    .strip_prefix(&self.base_url)
                    .unwrap_or(assets_url);
                format!("{}{clean}", base.trim_start_matches('/'))
            }
        };
        path.is_file().then_some(Located { path, out })
    }

    /// The copies of `located`, decided once per build from its header.
    pub fn prepare(&self, located: &Located) -> Result<Arc<Prepared>, String> {
        if let Some(known) = lock(&self.prepared).get(&located.path) {
            return known.clone();
        }
        let prepared = self.store.source(&located.path).map(|source| {
            let h = source.header;
            let mut codecs: Vec<Codec> = self
                .settings
                .formats
                .iter()
                .map(|modern| match modern {
                    settings::Modern::Avif => Codec::Avif,
                    settings::Modern::Webp => Codec::Webp,
                })
                .collect();
            let fallback = Codec::fallback_for(h.format);
            codecs.retain(|c| *c != fallback);
            codecs.push(fallback);
            Arc::new(Prepared {
                located: located.clone(),
                sizes: sizes(&self.settings, h.width, h.height),
                codecs,
                source,
            })
        });
        lock(&self.prepared).insert(located.path.clone(), prepared.clone());
        prepared
    }
}

/// The Markdown pass asks for every body image: a photo ruche publishes copies of gets its
/// `<picture>`; anything else (`None`) keeps its plain `<img>`.
impl crate::markdown::Pictures for Images {
    fn picture(&self, rel: &str, assets_url: &str, src: &str, alt: &str) -> Option<String> {
        if treatment(src.split(['?', '#']).next().unwrap_or("")) != Treatment::Process {
            return None;
        }
        let located = self.locate(rel, assets_url, src)?;
        let prepared = self.prepare(&located).ok()?;
        Some(html::picture(self, &prepared, alt, html::Place::Body))
    }
}

impl Images {
    /// Records the copies [`publish`] listed, for the render to add to the output.
    pub fn set_published(&self, files: &[(String, PathBuf)]) {
        *lock(&self.published) = files.to_vec();
    }

    /// The copies to publish: (output path, file in the cache).
    pub fn published(&self) -> Vec<(String, PathBuf)> {
        lock(&self.published).clone()
    }

    /// Whether the file at `path` is published as copies (or left out) rather than as is.
    pub fn replaces(&self, path: &Path) -> bool {
        matches!(lock(&self.prepared).get(path), Some(Ok(_))) || lock(&self.loose).contains(path)
    }

    /// Records photos no page shows, which [`loose`] publishes as clean copies or leaves out.
    fn mark_loose(&self, paths: impl IntoIterator<Item = PathBuf>) {
        lock(&self.loose).extend(paths);
    }

    /// Every image prepared without error.
    pub fn all_prepared(&self) -> Vec<Arc<Prepared>> {
        let mut all: Vec<Arc<Prepared>> = lock(&self.prepared)
            .values()
            .filter_map(|p| p.as_ref().ok().cloned())
            .collect();
        all.sort_by(|a, b| a.located.path.cmp(&b.located.path));
        all
    }
}

/// Views of a page's cover and gallery for the templates, when they are photos ruche publishes.
pub(crate) fn prepared_for(
    site: &Site,
    page: &crate::content::Page,
    src: &str,
) -> Option<Arc<Prepared>> {
    let images = site.images.as_ref()?;
    if treatment(src) != Treatment::Process {
        return None;
    }
    let assets_url = crate::site::assets_url(&site.config, page);
    let located = images.locate(&page.file.rel, &assets_url, src)?;
    images.prepare(&located).ok()
}

/// A lock, even after another thread panicked holding it (the data is a cache).
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_never_upscale_and_keep_proportions() {
        let s = Settings::default();
        assert_eq!(
            sizes(&s, 4000, 3000),
            vec![(480, 360), (960, 720), (1440, 1080), (1920, 1440)]
        );
        assert_eq!(
            sizes(&s, 1000, 500),
            vec![(480, 240), (960, 480), (1000, 500)]
        );
        assert_eq!(sizes(&s, 300, 200), vec![(300, 200)]);
    }

    #[test]
    fn copies_are_named_after_the_original() {
        assert_eq!(stem("a/b/salle.jpg"), "a/b/salle");
        assert_eq!(stem("a/b.c/photo"), "a/b.c/photo");
        assert_eq!(treatment("x.JPG"), Treatment::Process);
        assert_eq!(treatment("x.GIF"), Treatment::Strip);
        assert_eq!(treatment("x.pdf"), Treatment::AsIs);
        assert_eq!(treatment("x.tiff"), Treatment::Unshowable);
    }
}
