//! The image cache, `.ruche-cache/images/`: what each source file is, and its encoded copies.
//!
//! In: source paths and recipes (the settings, or a template's resize). Out: the folder holding
//! a recipe's copies, made once per source content and recipe. An index (`index.json`) keeps,
//! per source path, its size, times, inode, content hash and upright size, so that an
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
    /// The file's [`Stamp`] (absent from indexes written before it: such a file is read again
    /// once).
    #[serde(default)]
    stamp: Stamp,
    hash: String,
    width: u32,
    height: u32,
    format: String,
}

/// What the system says of a file besides its size and modification time, where it says it
/// (Unix): when its inode last changed, and which inode it is. A photo replaced by one of the
/// same length with its time kept (`cp -p`, an archive unpacked) still gets a new change time,
/// which no tool can set; one saved by renaming a new file over it (as editors do), a new inode.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Stamp {
    changed: i128,
    inode: u64,
}

impl Stamp {
    #[cfg(unix)]
    fn of(meta: &std::fs::Metadata) -> Stamp {
        use std::os::unix::fs::MetadataExt;
        Stamp {
            changed: i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()),
            inode: meta.ino(),
        }
    }

    #[cfg(not(unix))]
    fn of(_: &std::fs::Metadata) -> Stamp {
        Stamp::default()
    }
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

    /// The source at `path`, from the index when its size, times and inode are unchanged; else read,
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
        let stamp = Stamp::of(&meta);
        if let Some(k) =
            known.filter(|k| k.len == meta.len() && k.modified == modified && k.stamp == stamp)
        {
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
                stamp,
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

    /// Two PNGs of the same number of bytes (the shorter padded after its end, which readers
    /// skip): 40×30 and 30×40.
    fn same_length_pair() -> (Vec<u8>, Vec<u8>) {
        let (mut wide, mut tall) = (png(40, 30), png(30, 40));
        let len = wide.len().max(tall.len());
        wide.resize(len, 0);
        tall.resize(len, 0);
        (wide, tall)
    }

    /// A store that has read a 40×30 PNG: its folder, the file, the store, the file's
    /// modification time, and a 30×40 PNG of the same number of bytes to replace it with.
    fn read_once() -> (
        tempfile::TempDir,
        PathBuf,
        Store,
        std::time::SystemTime,
        Vec<u8>,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("salle.png");
        let (wide, tall) = same_length_pair();
        std::fs::write(&path, &wide).unwrap();
        let store = Store::open(dir.path());
        let time = std::fs::metadata(&path).unwrap().modified().unwrap();
        assert_eq!(store.source(&path).unwrap().header.width, 40);
        (dir, path, store, time, tall)
    }

    /// Writes `bytes` over the file at `path` in place, then gives it back the modification
    /// time `time` (as `cp -p` or an archive does).
    fn replace_keeping_time(path: &Path, bytes: &[u8], time: std::time::SystemTime) {
        std::fs::write(path, bytes).unwrap();
        let file = std::fs::File::options().write(true).open(path).unwrap();
        file.set_modified(time).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_replacement_of_the_same_length_with_its_time_kept_is_read_again() {
        let (_dir, path, store, time, tall) = read_once();
        // Past the tick of the clock that stamps change times (a jiffy, 10 ms at most).
        std::thread::sleep(std::time::Duration::from_millis(25));
        replace_keeping_time(&path, &tall, time);
        let meta = std::fs::metadata(&path).unwrap();
        assert_eq!(
            (meta.len(), meta.modified().unwrap()),
            (tall.len() as u64, time)
        );
        let source = store.source(&path).unwrap();
        assert_eq!((source.header.width, source.header.height), (30, 40));
    }

    #[test]
    fn a_file_forgotten_is_read_again_even_with_its_old_size_and_times() {
        let (dir, path, store, time, tall) = read_once();
        replace_keeping_time(&path, &tall, time);
        // A replacement the stamp misses (within the change time's tick, or where the system
        // has none): the index is left believing the file unchanged.
        let stamp = Stamp::of(&std::fs::metadata(&path).unwrap());
        lock(&store.index).get_mut(&path).unwrap().stamp = stamp;
        assert_eq!(store.source(&path).unwrap().header.width, 40, "the index");
        store.forget(&[dir.path().to_path_buf()]);
        let source = store.source(&path).unwrap();
        assert_eq!((source.header.width, source.header.height), (30, 40));
    }
}
