//! The image cache, `.ruche-cache/images/`: what each source file is, and its encoded copies.
//!
//! In: source paths and recipes (the settings, or a template's resize). Out: the folder holding
//! a recipe's copies, made once per source content and recipe. An index (`index.json`) keeps,
//! per source path, its size, modification time, content hash and upright size, so that an
//! unchanged site neither reads nor hashes its photos again. Folders no build used are pruned.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use super::pixels::{self, Header};

/// What the index knows of a source file.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Known {
    len: u64,
    modified: u128,
    hash: String,
    width: u32,
    height: u32,
    format: String,
}

/// A source image: its content hash and header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// Hex BLAKE3 hash of the file's bytes.
    pub hash: String,
    /// Upright size and format.
    pub header: Header,
    /// Size in bytes.
    pub len: u64,
}

/// The cache of one build.
#[derive(Debug)]
pub struct Store {
    dir: PathBuf,
    index: Mutex<HashMap<PathBuf, Known>>,
    seen: Mutex<HashSet<PathBuf>>,
    used: Mutex<HashSet<String>>,
    encoded: AtomicUsize,
    /// Whether the index learnt a source since it was read (else saving it would rewrite the
    /// same bytes).
    learnt: AtomicBool,
}

const INDEX: &str = "index.json";

impl Store {
    /// Opens the cache of the site at `root` (an unreadable index is an empty one).
    pub fn open(root: &Path) -> Store {
        let dir = root.join(".ruche-cache").join("images");
        let index = std::fs::read(dir.join(INDEX))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        Store {
            dir,
            index: Mutex::new(index),
            seen: Mutex::default(),
            used: Mutex::default(),
            encoded: AtomicUsize::new(0),
            learnt: AtomicBool::new(false),
        }
    }

    /// The source at `path`, from the index when its size and time are unchanged; else read,
    /// hashed and its header parsed. `Err` is why it cannot be read.
    pub fn source(&self, path: &Path) -> Result<Source, String> {
        let meta = std::fs::metadata(path)
            .map_err(|e| crate::t!("image-cannot-open", reason = e.to_string()))?;
        let modified = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        lock(&self.seen).insert(path.to_path_buf());
        let known = lock(&self.index).get(path).cloned();
        if let Some(k) = known.filter(|k| k.len == meta.len() && k.modified == modified) {
            if let Some(format) = image::ImageFormat::from_extension(&k.format) {
                let header = Header {
                    width: k.width,
                    height: k.height,
                    format,
                };
                return Ok(Source {
                    hash: k.hash,
                    header,
                    len: k.len,
                });
            }
        }
        let bytes = std::fs::read(path)
            .map_err(|e| crate::t!("image-cannot-read", reason = e.to_string()))?;
        let header = pixels::header(&bytes)?;
        let hash = blake3::hash(&bytes).to_hex().to_string();
        let format = header
            .format
            .extensions_str()
            .first()
            .copied()
            .unwrap_or("");
        self.learnt.store(true, Ordering::Relaxed);
        lock(&self.index).insert(
            path.to_path_buf(),
            Known {
                len: meta.len(),
                modified,
                hash: hash.clone(),
                width: header.width,
                height: header.height,
                format: format.to_string(),
            },
        );
        Ok(Source {
            hash,
            header,
            len: meta.len(),
        })
    }

    /// Forgets what the index knows of the files at (or under) `paths`, saved since: they are
    /// read and hashed again, even when their size and time are unchanged (a tool that keeps
    /// the time, or a replacement within the file system's tick).
    pub fn forget(&self, paths: &[PathBuf]) {
        if !paths.is_empty() {
            lock(&self.index).retain(|path, _| !paths.iter().any(|p| path.starts_with(p)));
        }
    }

    /// The folder of the copies of `source` made by `recipe`, marked as used by this build.
    pub fn folder(&self, hash: &str, recipe: &str) -> PathBuf {
        let mut hasher = blake3::Hasher::new();
        hasher.update(hash.as_bytes());
        hasher.update(recipe.as_bytes());
        let name = hasher.finalize().to_hex()[..32].to_string();
        let dir = self.dir.join(&name);
        lock(&self.used).insert(name);
        dir
    }

    /// Whether `folder` holds every copy (written last, so an interrupted build redoes it).
    pub fn ready(folder: &Path) -> bool {
        folder.join("done").is_file()
    }

    /// Writes the copies into `folder`, then its `done` mark.
    pub fn fill(&self, folder: &Path, files: &[(String, Vec<u8>)]) -> std::io::Result<()> {
        std::fs::create_dir_all(folder)?;
        for (name, bytes) in files {
            std::fs::write(folder.join(name), bytes)?;
        }
        self.encoded.fetch_add(files.len(), Ordering::Relaxed);
        std::fs::write(folder.join("done"), b"")
    }

    /// How many copies this build encoded.
    pub fn encoded(&self) -> usize {
        self.encoded.load(Ordering::Relaxed)
    }

    /// Saves the index of the sources seen; with `prune`, removes the folders and index
    /// entries this build did not use (a full build knows every image the site uses).
    pub fn save(&self, prune: bool) -> std::io::Result<()> {
        let seen = lock(&self.seen).clone();
        let mut index = lock(&self.index).clone();
        let known = index.len();
        if prune {
            index.retain(|path, _| seen.contains(path));
            let used = lock(&self.used).clone();
            if let Ok(entries) = std::fs::read_dir(&self.dir) {
                for entry in entries.flatten() {
                    let name = entry.file_name().to_string_lossy().into_owned();
                    let folder = entry.file_type().is_ok_and(|t| t.is_dir());
                    if folder && !used.contains(&name) {
                        std::fs::remove_dir_all(entry.path())?;
                    }
                }
            }
        }
        let unchanged = !self.learnt.load(Ordering::Relaxed) && index.len() == known;
        if unchanged || (index.is_empty() && !self.dir.is_dir()) {
            return Ok(());
        }
        std::fs::create_dir_all(&self.dir)?;
        let bytes = serde_json::to_vec(&index).map_err(std::io::Error::other)?;
        std::fs::write(self.dir.join(INDEX), bytes)
    }
}

/// A lock, even after another thread panicked holding it (the data is a cache).
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let image = image::RgbImage::from_pixel(width, height, [10, 20, 30].into());
        let mut bytes = Vec::new();
        image::DynamicImage::ImageRgb8(image)
            .write_to(
                &mut std::io::Cursor::new(&mut bytes),
                image::ImageFormat::Png,
            )
            .unwrap();
        bytes
    }

    #[test]
    fn a_file_forgotten_is_read_again_even_with_its_old_size_and_time() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("salle.png");
        let (mut wide, mut tall) = (png(40, 30), png(30, 40));
        // The same number of bytes: the shorter padded after its end, which readers skip.
        let len = wide.len().max(tall.len());
        wide.resize(len, 0);
        tall.resize(len, 0);
        std::fs::write(&path, &wide).unwrap();
        let store = Store::open(dir.path());
        let time = std::fs::metadata(&path).unwrap().modified().unwrap();
        assert_eq!(store.source(&path).unwrap().header.width, 40);
        // Replaced by a file of the same length, its time kept (`cp -p`, an archive).
        std::fs::write(&path, &tall).unwrap();
        let file = std::fs::File::options().write(true).open(&path).unwrap();
        file.set_modified(time).unwrap();
        assert_eq!(store.source(&path).unwrap().header.width, 40, "the index");
        store.forget(&[dir.path().to_path_buf()]);
        let source = store.source(&path).unwrap();
        assert_eq!((source.header.width, source.header.height), (30, 40));
    }
}
