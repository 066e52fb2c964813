//! Photos no page shows, and the images ruche publishes at their own size: the JPEG, PNG and
//! WebP files of `content/` and `static/` that no cover, gallery or body uses, and every GIF
//! and SVG, which would otherwise be copied as they are, GPS, comments and all.
//!
//! In: the loaded [`Site`], once the photos its pages use are prepared (those are published as
//! resized copies instead). Out: for each other photo, a copy under its own name and at its
//! full size — upright, in sRGB, without any metadata — made once per content in the cache, so
//! that a plain link (`[voir en grand](photo.jpg)`) or a logo a template names still works; for
//! a GIF or an SVG (shown by a page or not), a lossless copy without its comments, XMP or
//! editor's data ([`strip`]); for a file that cannot be read (a HEIC, a damaged file), a warning
//! and no copy at all. Either way the original file is never published. A photo a page shows
//! gets such a copy too when a body links to it. A file no browser shows (TIFF, camera RAW),
//! which ruche cannot re-encode, is published as it is only when it carries no EXIF data.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::encode::{self, Codec};
use super::store::Store;
use super::{pixels, strip, treatment, Images, Treatment};
use crate::content::Site;
use crate::error::{Diagnostic, Severity};
use crate::theme::Theme;

/// What became of the photos no page shows.
#[derive(Debug, Default)]
pub(super) struct Loose {
    /// (output path, clean copy in the cache).
    pub(super) files: Vec<(String, PathBuf)>,
    /// The photos left out because they cannot be read.
    pub(super) warnings: Vec<Diagnostic>,
    /// Their files, with what their warning says.
    pub(super) unreadable: Vec<(PathBuf, String)>,
    /// Cache failures.
    pub(super) errors: Vec<Diagnostic>,
}

/// Makes (or finds in the cache) a clean copy of every photo of `site` no page shows, and
/// marks each as handled so that the render never copies its original.
pub(super) fn publish(site: &Site, images: &Images) -> Loose {
    let found = candidates(site, images);
    images.mark_loose(found.values().cloned());
    let done: Vec<(String, PathBuf, Result<PathBuf, Diagnostic>)> = found
        .into_par_iter()
        .map(|(out, path)| {
            let shown = path.strip_prefix(&site.config.root).unwrap_or(&path);
            let copy = match treatment(&out) {
                Treatment::Process => clean(images, &path, shown),
                Treatment::Strip => stripped(images, &path, shown),
                _ => unless_tagged(&path, shown),
            };
            (out, path, copy)
        })
        .collect();
    let mut loose = Loose::default();
    for (out, path, copy) in done {
        match copy {
            Ok(file) => loose.files.push((out, file)),
            Err(d) if d.severity == Severity::Warning => {
                loose.unreadable.push((path, d.message.clone()));
                loose.warnings.push(d);
            }
            Err(d) => loose.errors.push(d),
        }
    }
    loose
}

/// Every photo ruche would otherwise copy as is, every GIF and SVG, and every image no browser shows
/// (a TIFF, a camera RAW, used or not): output path → source file. A file of the
/// site's `static/` hides the theme's of the same name, as in the output.
fn candidates(site: &Site, images: &Images) -> BTreeMap<String, PathBuf> {
    let mut found = BTreeMap::new();
    let mut folders = Vec::new();
    if let Some(Theme::Folder(theme)) = Theme::of(&site.config) {
        folders.push(theme.join("static"));
    }
    folders.push(site.config.root.join("static"));
    for dir in folders {
        found.extend(static_files(&dir));
    }
    let content = site
        .files
        .iter()
        .chain(site.pages.iter().flat_map(|p| &p.assets));
    found.extend(content.cloned());
    found.retain(|out, path| treatment(out) != Treatment::AsIs && !images.replaces(path));
    found.extend(linked(site, images));
    found
}

/// The photos a body links to (`[voir en grand](salle.jpg)`) that a page shows: their resized
/// copies alone would leave the link leading nowhere.
fn linked(site: &Site, images: &Images) -> Vec<(String, PathBuf)> {
    let mut linked = Vec::new();
    for page in site
        .pages
        .iter()
        .filter(|p| !p.rendered.file_links.is_empty())
    {
        let assets_url = crate::site::assets_url(&site.config, page);
        for dest in &page.rendered.file_links {
            let Some(found) = images.locate(&page.file.rel, &assets_url, dest) else {
                continue;
            };
            if treatment(&found.out) == Treatment::Process && images.replaces(&found.path) {
                linked.push((found.out, found.path));
            }
        }
    }
    linked
}

/// The files under `dir` by their path relative to it, skipping what the output skips. A
/// folder that cannot be read is left to the render, which says so.
fn static_files(dir: &Path) -> Vec<(String, PathBuf)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !crate::names::is_ignored(&e.file_name().to_string_lossy())
        })
        .filter_map(std::result::Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            let rel: Vec<_> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect();
            (rel.join("/"), entry.into_path())
        })
        .collect()
}

/// The clean copy of the photo at `path` (shown as `shown`): full size, in the source's own
/// format; its own image data without the metadata where it is upright and in sRGB
/// ([`strip::photo`]), else re-encoded from its pixels. `Err` is a warning when the photo cannot be read, an error when the cache cannot
/// be written.
fn clean(images: &Images, path: &Path, shown: &Path) -> Result<PathBuf, Diagnostic> {
    let unreadable = |reason: String| {
        let heic = matches!(
            path.extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase)
                .as_deref(),
            Some("heic" | "heif")
        );
        let hint = if heic {
            crate::t!("image-heic-hint")
        } else {
            crate::t!("image-loose-hint")
        };
        let image = shown.display().to_string();
        Diagnostic::error(
            shown,
            crate::t!("image-loose-unreadable", image = image, reason = reason),
        )
        .warning()
        .hint(hint)
    };
    let source = images.store().source(path).map_err(unreadable)?;
    let codec = Codec::fallback_for(source.header.format);
    let quality = images.settings().quality;
    let folder = images
        .store()
        .folder(&source.hash, &format!("whole q{quality} v2"));
    let name = format!("whole.{}", codec.extension());
    if !Store::ready(&folder) {
        let bytes = std::fs::read(path)
            .map_err(|e| unreadable(crate::t!("image-cannot-read", reason = e.to_string())))?;
        // Decoded either way: a photo that cannot be read is left out, even where its
        // container alone could be stripped.
        let image = pixels::decode(&bytes).map_err(unreadable)?;
        let encoded = match strip::photo(&bytes, source.header.format) {
            Some(stripped) => stripped,
            None => encode::encode(&image, codec, quality).map_err(unreadable)?,
        };
        images
            .store()
            .fill(&folder, &[(name.clone(), encoded)])
            .map_err(|e| {
                let message = crate::t!(
                    "image-copies-unwritable",
                    image = shown.display().to_string(),
                    reason = e.to_string()
                );
                Diagnostic::error(shown, message)
            })?;
    }
    Ok(folder.join(name))
}

/// The lossless copy without metadata of the GIF or SVG at `path` (shown as `shown`), made
/// once per content in the cache (or the file itself, for an SVG with nothing to remove). `Err` is a warning when it cannot be read (for an SVG, when
/// it is not well-formed XML, at the line and column), an error when the cache cannot be
/// written.
fn stripped(images: &Images, path: &Path, shown: &Path) -> Result<PathBuf, Diagnostic> {
    let image = shown.display().to_string();
    let unreadable = |reason: String| {
        let message = crate::t!(
            "image-strip-unreadable",
            image = image.clone(),
            reason = reason
        );
        Diagnostic::error(shown, message)
            .warning()
            .hint(crate::t!("image-strip-hint"))
    };
    let cannot_read =
        |e: std::io::Error| unreadable(crate::t!("image-cannot-read", reason = e.to_string()));
    let svg = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    // An SVG is text, small, and not something the index reads a header of: hashed each build.
    let (hash, mut bytes) = if svg {
        let bytes = std::fs::read(path).map_err(cannot_read)?;
        (blake3::hash(&bytes).to_hex().to_string(), Some(bytes))
    } else {
        let source = images.store().source(path).map_err(unreadable)?;
        (source.hash, None)
    };
    let folder = images.store().folder(&hash, "stripped v1");
    let name = format!("stripped.{}", if svg { "svg" } else { "gif" });
    if !Store::ready(&folder) {
        let bytes = match bytes.take() {
            Some(bytes) => bytes,
            None => std::fs::read(path).map_err(cannot_read)?,
        };
        let clean = if svg {
            strip::svg(&bytes).map_err(|m| malformed(shown, &bytes, m))?
        } else {
            strip::gif(&bytes).map_err(unreadable)?
        };
        // An SVG with nothing to remove (most hand-written ones, the theme's logo) is published
        // as it is: no copy of it in the cache.
        if svg && clean == bytes {
            return Ok(path.to_path_buf());
        }
        images
            .store()
            .fill(&folder, &[(name.clone(), clean)])
            .map_err(|e| {
                let message = crate::t!(
                    "image-copies-unwritable",
                    image = image.clone(),
                    reason = e.to_string()
                );
                Diagnostic::error(shown, message)
            })?;
    }
    Ok(folder.join(name))
}

/// The warning for an SVG that is not well-formed XML, at the line and column of the fault.
fn malformed(shown: &Path, bytes: &[u8], m: strip::Malformed) -> Diagnostic {
    let before = &bytes[..m.offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    let image = shown.display().to_string();
    let message = crate::t!("image-svg-malformed", image = image, reason = m.reason);
    Diagnostic::error(shown, message)
        .at(line, column)
        .warning()
        .hint(crate::t!("image-svg-hint"))
}

/// A file no browser shows (TIFF, camera RAW…), which ruche cannot re-encode: published as it is
/// unless it carries EXIF data (a camera's, with where the picture was taken), in which case it
/// is left out with a warning.
fn unless_tagged(path: &Path, shown: &Path) -> Result<PathBuf, Diagnostic> {
    let tagged = std::fs::File::open(path).is_ok_and(|file| {
        let mut reader = std::io::BufReader::new(file);
        exif::Reader::new().read_from_container(&mut reader).is_ok()
    });
    if !tagged {
        return Ok(path.to_path_buf());
    }
    let image = shown.display().to_string();
    Err(
        Diagnostic::error(shown, crate::t!("image-loose-tagged", image = image))
            .warning()
            .hint(crate::t!("image-unshowable-hint")),
    )
}
