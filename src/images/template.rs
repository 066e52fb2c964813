//! `resize_image(path, width, height, op, format)` for templates → `{url, width, height}`.
//!
//! In: a path under `content/` (or `@/…`) or `static/` (`/img/x.jpg`), a target size, an op
//! (`fit` within the box, `fill` the box exactly by cropping around the centre, `scale` to
//! exactly that size) and a format (`auto` keeps the source's kind, or `avif`, `webp`, `jpg`,
//! `png`).
//! Out: the copy's URL and real size; the copy is made during the render (cached like the
//! others in `.ruche-cache/images/`) and published under `processed_images/`.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::encode::{self, Codec};
use super::store::Store;
use super::{lock, pixels, Images};
use crate::t;

/// What the function returns.
#[derive(Debug, Serialize)]
pub struct Resized {
    /// Absolute URL of the copy.
    pub url: String,
    /// Its width.
    pub width: u32,
    /// Its height.
    pub height: u32,
    /// The source file, whose content the copy was made from.
    #[serde(skip)]
    pub source: PathBuf,
    /// The copy's output path.
    #[serde(skip)]
    pub out: String,
    /// The copy in the cache.
    #[serde(skip)]
    pub copy: PathBuf,
}

/// How the copy fits the target size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// Within the box, proportions kept.
    Fit,
    /// The box exactly, cropped around the centre.
    Fill,
    /// The box exactly, stretched.
    Scale,
}

impl Op {
    /// `fit`, `fill` or `scale`.
    pub fn parse(name: &str) -> Option<Op> {
        match name {
            "fit" => Some(Op::Fit),
            "fill" => Some(Op::Fill),
            "scale" => Some(Op::Scale),
            _ => None,
        }
    }
}

/// The copy's size for a `src_w`×`src_h` source; never larger than the source.
pub(crate) fn target(
    op: Op,
    (src_w, src_h): (u32, u32),
    width: Option<u32>,
    height: Option<u32>,
) -> (u32, u32) {
    let (sw, sh) = (f64::from(src_w), f64::from(src_h));
    let (w, h) = (
        width.map_or(f64::INFINITY, f64::from),
        height.map_or(f64::INFINITY, f64::from),
    );
    let round = |v: f64| (v.round() as u32).max(1);
    match op {
        Op::Fit => {
            let scale = (w / sw).min(h / sh).min(1.0);
            (round(sw * scale), round(sh * scale))
        }
        Op::Fill | Op::Scale => {
            let (w, h) = (
                if w.is_finite() { w } else { sw },
                if h.is_finite() { h } else { sh },
            );
            let shrink = (sw / w).min(sh / h).min(1.0);
            let shrink = if op == Op::Fill {
                shrink
            } else {
                (sw / w).min(1.0).min((sh / h).min(1.0))
            };
            (round(w * shrink), round(h * shrink))
        }
    }
}

impl Images {
    /// Makes (or finds in the cache) the copy `resize_image` asks for.
    pub fn resize(
        &self,
        path: &str,
        width: Option<u32>,
        height: Option<u32>,
        op: Op,
        format: &str,
    ) -> Result<Resized, String> {
        let rel = path.trim_start_matches("@/");
        let file = match rel.strip_prefix('/') {
            Some(rooted) => self.root.join("static").join(rooted),
            None => self.root.join("content").join(rel),
        };
        if rel.split('/').any(|p| p == "..") || !file.is_file() {
            return Err(t!("image-resize-not-a-file", path = path));
        }
        let cant = |reason: String| t!("image-resize-unreadable", path = path, reason = reason);
        let source = self.store.source(&file).map_err(cant)?;
        let codec = match format {
            "auto" => Codec::fallback_for(source.header.format),
            other => {
                Codec::parse(other).ok_or_else(|| t!("image-resize-format", format = other))?
            }
        };
        let (w, h) = target(
            op,
            (source.header.width, source.header.height),
            width,
            height,
        );
        let mut recipe = format!("resize {op:?} {w}x{h} {codec:?} q{}", self.settings.quality);
        if codec == Codec::Avif {
            recipe.push_str(&format!(" speed{}", encode::AVIF_SPEED));
        }
        let folder = self.store.folder(&source.hash, &recipe);
        let name = format!("copy.{}", codec.extension());
        if !Store::ready(&folder) {
            let bytes = std::fs::read(&file).map_err(|e| cant(e.to_string()))?;
            let image = pixels::decode(&bytes).map_err(cant)?;
            let resized = encode::resize(&image, w, h, op == Op::Fill);
            let encoded = encode::encode(&resized, codec, self.settings.quality).map_err(cant)?;
            self.store
                .fill(&folder, &[(name.clone(), encoded)])
                .map_err(|e| cant(e.to_string()))?;
        }
        let stem = file
            .file_stem()
            .map_or("image".into(), |s| s.to_string_lossy().into_owned());
        let out = format!(
            "processed_images/{}-{}-{w}x{h}.{}",
            stem,
            &source.hash[..12],
            codec.extension()
        );
        let copy = folder.join(name);
        lock(&self.resized).push((out.clone(), copy.clone()));
        Ok(Resized {
            url: self.url(&out),
            width: w,
            height: h,
            source: file,
            out,
            copy,
        })
    }

    /// The content hash of the source file at `path` as this build sees it (once per build),
    /// or `None` when it cannot be read: what an output made with `resize_image` depends on.
    pub fn source_hash(&self, path: &Path) -> Option<String> {
        if let Some(known) = lock(&self.hashes).get(path) {
            return known.clone();
        }
        let hash = self.store.source(path).ok().map(|s| s.hash);
        lock(&self.hashes).insert(path.to_path_buf(), hash.clone());
        hash
    }

    /// The copies `resize_image` made during the render, to publish.
    pub fn take_resized(&self) -> Vec<(String, PathBuf)> {
        let mut all = std::mem::take(&mut *lock(&self.resized));
        all.sort();
        all.dedup();
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_never_upscale() {
        assert_eq!(
            target(Op::Fit, (4000, 3000), Some(400), Some(400)),
            (400, 300)
        );
        assert_eq!(target(Op::Fit, (4000, 3000), Some(800), None), (800, 600));
        assert_eq!(
            target(Op::Fit, (300, 200), Some(800), Some(800)),
            (300, 200)
        );
        assert_eq!(
            target(Op::Fill, (4000, 3000), Some(400), Some(400)),
            (400, 400)
        );
        assert_eq!(
            target(Op::Fill, (300, 200), Some(400), Some(400)),
            (200, 200)
        );
        assert_eq!(
            target(Op::Scale, (4000, 3000), Some(500), Some(100)),
            (500, 100)
        );
    }
}
