//! The copies themselves: encoded in parallel where the cache lacks them, listed for the output.
//!
//! In: the loaded [`Site`] with its [`Images`] stage. Out: [`Published`] (each copy's output
//! path and cached file, the number encoded, the warnings), or the errors of images that cannot
//! be read, each naming the image and a page that uses it.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use super::background::Background;
use super::checks::{self, Use};
use super::encode::{self, Codec};
use super::store::Store;
use super::{loose, pixels, Images, Prepared};
use crate::content::Site;
use crate::error::{Diagnostic, Error, Result};

/// The copies a build publishes.
#[derive(Debug, Default, Clone)]
pub(crate) struct Published {
    /// (output path, file in the cache), sorted by output path.
    pub files: Vec<(String, PathBuf)>,
    /// How many copies were encoded (0 when the cache held them all).
    pub encoded: usize,
    /// Alt texts, heavy files, formats browsers do not show.
    pub warnings: Vec<Diagnostic>,
}

/// Why a source's copies were not made.
#[derive(Debug)]
pub(super) enum Unmade {
    /// The photo cannot be read, or the cache cannot be written: the error to report.
    Failed(Diagnostic),
    /// The file is no longer the one prepared (replaced since its header was read): its copies
    /// would show the new photo at the old one's sizes, under the old one's hash. Nothing is
    /// written; the error says to build again.
    Changed(Diagnostic),
}

impl From<Diagnostic> for Unmade {
    fn from(d: Diagnostic) -> Unmade {
        Unmade::Failed(d)
    }
}

impl Unmade {
    /// What to report.
    pub(super) fn diagnostic(self) -> Diagnostic {
        match self {
            Unmade::Failed(d) | Unmade::Changed(d) => d,
        }
    }
}

/// One source to encode: its copies and whether a cover needs its social card.
pub(super) struct Job {
    pub(super) prepared: Arc<Prepared>,
    card: bool,
    first_use: Use,
}

/// Gathers every image of `site`, encodes what the cache lacks and lists the copies. With
/// `prune`, cache entries no longer used are removed (a full build's view).
pub(crate) fn publish(site: &Site, prune: bool) -> Result<Published> {
    publish_with(site, prune, None)
}

/// As [`publish`], but for the preview when `background` is given: copies the cache lacks are
/// served from the original file meanwhile, and made on another thread, which then asks for a
/// rebuild ([`Background`]). A page is never kept waiting on a photo.
pub(crate) fn publish_with(
    site: &Site,
    prune: bool,
    background: Option<&Arc<Background>>,
) -> Result<Published> {
    let Some(images) = site.images.as_ref() else {
        return Ok(Published::default());
    };
    let mut gathered = checks::gather(site, images);
    if !gathered.errors.is_empty() {
        return Err(Error::many(gathered.errors));
    }
    let mut jobs: BTreeMap<PathBuf, Job> = BTreeMap::new();
    for u in std::mem::take(&mut gathered.uses) {
        let job = jobs
            .entry(u.prepared.located.path.clone())
            .or_insert_with(|| Job {
                prepared: u.prepared.clone(),
                card: false,
                first_use: u.clone(),
            });
        job.card |= u.cover;
    }
    let jobs: Vec<Job> = jobs.into_values().collect();
    let (mut files, mut errors) = match background {
        Some(bg) => bg.publish(images, jobs),
        None => make_all(images, jobs),
    };
    let mut warnings = gathered.warnings;
    // The preview is never published: it shows the originals of photos no page uses rather
    // than wait for full-size copies of them.
    if background.is_none() {
        let loose = loose::publish(site, images);
        files.extend(loose.files);
        warnings.extend(loose.warnings);
        errors.extend(loose.errors);
        // A GIF or SVG a page shows and that cannot be read stops the build, as a photo does;
        // the page's error says what the file's warning says.
        for (path, src, mut error) in gathered.whole {
            if let Some((_, why)) = loose.unreadable.iter().find(|(p, _)| *p == path) {
                error.message = crate::t!("image-shown-unreadable", image = src, reason = why);
                errors.push(error);
            }
        }
    }
    if !errors.is_empty() {
        return Err(Error::many(errors));
    }
    images
        .store()
        .save(prune && background.is_none())
        .map_err(|e| Error::msg(crate::t!("image-cache-unwritable", reason = e.to_string())))?;
    files.sort();
    files.dedup();
    images.set_published(&files);
    Ok(Published {
        files,
        encoded: images.store().encoded(),
        warnings,
    })
}

/// Makes every job's copies in parallel; lists them, or the errors.
fn make_all(images: &Images, jobs: Vec<Job>) -> (Vec<(String, PathBuf)>, Vec<Diagnostic>) {
    let done: Vec<std::result::Result<Vec<(String, PathBuf)>, Unmade>> =
        jobs.into_par_iter().map(|job| make(images, &job)).collect();
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for d in done {
        match d {
            Ok(f) => files.extend(f),
            Err(e) => errors.push(e.diagnostic()),
        }
    }
    (files, errors)
}

/// The cache folders of a job's copies: the resized ones, and the social card's.
fn folders(images: &Images, job: &Job) -> (PathBuf, Option<PathBuf>) {
    let store = images.store();
    let hash = &job.prepared.source.hash;
    let main = store.folder(hash, &images.settings().fingerprint());
    let card = job.card.then(|| store.folder(hash, "card 1200x630 v1"));
    (main, card)
}

/// Whether the cache holds every copy of `job`.
pub(super) fn ready(images: &Images, job: &Job) -> bool {
    let (main, card) = folders(images, job);
    Store::ready(&main) && card.as_deref().is_none_or(Store::ready)
}

/// The outputs of `job`, each served from `file` (the original, while the copies are made).
pub(super) fn placeholders(job: &Job) -> Vec<(String, PathBuf)> {
    let p = &job.prepared;
    let file = &p.located.path;
    let mut files: Vec<(String, PathBuf)> = p
        .sizes
        .iter()
        .flat_map(|&(w, _)| p.codecs.iter().map(move |&c| (p.out(w, c), file.clone())))
        .collect();
    if job.card {
        files.push((p.card().0, file.clone()));
    }
    files
}

/// Makes (or finds in the cache) one source's copies; lists them as (output, cached file).
pub(super) fn make(
    images: &Images,
    job: &Job,
) -> std::result::Result<Vec<(String, PathBuf)>, Unmade> {
    let p = &job.prepared;
    let quality = images.settings().quality;
    let (main, card) = folders(images, job);
    let missing_main = !Store::ready(&main);
    let missing_card = card.as_deref().is_some_and(|c| !Store::ready(c));
    if missing_main || missing_card {
        let fail = |reason: String| {
            checks::unreadable(&job.first_use.page, &job.first_use.src, &reason)
                .at(job.first_use.line, 1)
        };
        let bytes = std::fs::read(&p.located.path)
            .map_err(|e| fail(crate::t!("image-cannot-read", reason = e.to_string())))?;
        if blake3::hash(&bytes).to_hex().as_str() != p.source.hash {
            let message = crate::t!("image-changed-meanwhile", image = job.first_use.src);
            let changed = Diagnostic::error(&job.first_use.page, message)
                .at(job.first_use.line, 1)
                .hint(crate::t!("image-changed-meanwhile-hint"));
            return Err(Unmade::Changed(changed));
        }
        let image = pixels::decode(&bytes).map_err(&fail)?;
        drop(bytes);
        let write_fail = |e: std::io::Error| {
            let message = crate::t!(
                "image-copies-unwritable",
                image = p.located.out,
                reason = e.to_string()
            );
            Diagnostic::error(&job.first_use.page, message)
        };
        if missing_main {
            let targets: Vec<(u32, u32, Codec)> = p
                .sizes
                .iter()
                .flat_map(|&(w, h)| p.codecs.iter().map(move |&c| (w, h, c)))
                .collect();
            let encoded: Vec<(String, Vec<u8>)> = targets
                .par_iter()
                .map(|&(w, h, codec)| {
                    let resized = encode::resize(&image, w, h, false);
                    let bytes = encode::encode(&resized, codec, quality).map_err(&fail)?;
                    Ok((format!("{w}.{}", codec.extension()), bytes))
                })
                .collect::<std::result::Result<_, Diagnostic>>()?;
            images.store().fill(&main, &encoded).map_err(write_fail)?;
        }
        if let (true, Some(card)) = (missing_card, &card) {
            let (_, w, h) = p.card();
            let cropped = encode::resize(&image, w, h, true);
            let bytes = encode::encode(&cropped, p.fallback(), quality).map_err(&fail)?;
            let name = format!("card.{}", p.fallback().extension());
            images
                .store()
                .fill(card, &[(name, bytes)])
                .map_err(write_fail)?;
        }
    }
    let mut files: Vec<(String, PathBuf)> = p
        .sizes
        .iter()
        .flat_map(|&(w, _)| p.codecs.iter().map(move |&c| (w, c)))
        .map(|(w, c)| (p.out(w, c), main.join(format!("{w}.{}", c.extension()))))
        .collect();
    if let Some(card) = card {
        let ext = p.fallback().extension();
        files.push((p.card().0, card.join(format!("card.{ext}"))));
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        let image = image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(
            width,
            height,
            [200, 120, 40].into(),
        ));
        let mut bytes = Vec::new();
        image
            .write_to(
                &mut std::io::Cursor::new(&mut bytes),
                image::ImageFormat::Jpeg,
            )
            .unwrap();
        bytes
    }

    /// The job of the photo `a/salle.jpg` of the site at `root`, prepared now.
    fn job(images: &Images) -> Job {
        let located = images
            .locate("a/index.md", "https://x.org/a/", "salle.jpg")
            .unwrap();
        let prepared = images.prepare(&located).unwrap();
        Job {
            first_use: Use {
                prepared: prepared.clone(),
                page: PathBuf::from("content/a/index.md"),
                line: 4,
                cover: false,
                src: "salle.jpg".into(),
            },
            prepared,
            card: true,
        }
    }

    #[test]
    fn a_photo_replaced_since_it_was_prepared_gets_no_copies_under_its_old_hash() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(
            root.join("site.yaml"),
            "title: x\nbase_url: https://x.org\n",
        )
        .unwrap();
        std::fs::create_dir_all(root.join("content/a")).unwrap();
        let photo = root.join("content/a/salle.jpg");
        std::fs::write(&photo, jpeg(800, 600)).unwrap();
        let config = crate::config::Config::load(root).unwrap();
        let images = Images::new(&config);
        let old = job(&images);
        std::fs::write(&photo, jpeg(600, 800)).unwrap();
        match make(&images, &old) {
            Err(Unmade::Changed(d)) => assert!(d.message.contains("salle.jpg"), "{d}"),
            other => panic!("{other:?}"),
        }
        let (main, card) = folders(&images, &old);
        assert!(!main.exists() && !card.unwrap().exists(), "nothing written");
        // Prepared again, the new photo gets its copies at its own size.
        let images = Images::new(&config);
        let new = job(&images);
        let files = make(&images, &new).unwrap();
        assert!(
            files.iter().any(|(out, _)| out == "a/salle-600w.jpg"),
            "{files:?}"
        );
    }
}
