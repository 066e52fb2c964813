//! The last stage: where the rendered files go.
//!
//! `ruche build` writes each file into a [`Staging`] folder as soon as it is rendered, then
//! swaps it in atomically, so that a failed build never touches the previous `public/` and a
//! large site is never held in memory whole. `ruche serve` keeps an [`Output`] in memory
//! (rendered files as bytes, copied files as source paths) and answers requests from it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::fsx;

/// One file of the built site.
#[derive(Debug, Clone, Eq)]
pub enum OutFile {
    /// Rendered in memory (HTML, feeds, calendars, sitemap…).
    Bytes(Arc<[u8]>),
    /// Copied as is from the site's sources (static files, bundle images).
    Copy(PathBuf),
}

/// Where rendered files go as they are made: into memory (the preview, `ruche check`), or
/// straight into the staging folder of `ruche build` ([`Staging`]), so that a
/// build never holds its whole output at once.
pub trait Sink: Sync {
    /// Takes the file at `path` (relative, with `/`).
    fn put(&self, path: &str, file: OutFile) -> Result<()>;

    /// Takes a page just rendered and used by nothing else. A sink that writes it at once
    /// overrides this, so the page is not copied into a shared buffer first.
    fn put_rendered(&self, path: &str, bytes: Vec<u8>) -> Result<()> {
        self.put(path, OutFile::Bytes(Arc::from(bytes)))
    }
}

impl Sink for std::sync::Mutex<Output> {
    fn put(&self, path: &str, file: OutFile) -> Result<()> {
        let mut output = self
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        output.files.insert(path.to_string(), file);
        Ok(())
    }
}

/// Rendered files are compared by pointer first: the preview's rebuilds share the bytes of
/// every output they did not render again, and comparing 15,000 pages byte for byte to find the
/// one that changed took longer than rendering it.
impl PartialEq for OutFile {
    fn eq(&self, other: &OutFile) -> bool {
        match (self, other) {
            (OutFile::Bytes(a), OutFile::Bytes(b)) => Arc::ptr_eq(a, b) || a == b,
            (OutFile::Copy(a), OutFile::Copy(b)) => a == b,
            _ => false,
        }
    }
}

impl OutFile {
    /// The file's bytes, read from disk for a copied file.
    pub fn read(&self) -> std::io::Result<Arc<[u8]>> {
        match self {
            OutFile::Bytes(bytes) => Ok(bytes.clone()),
            OutFile::Copy(path) => std::fs::read(path).map(Arc::from),
        }
    }
}

/// A whole built site: output path relative to the output root, with `/` separators and no
/// leading slash (`actualites/formation/index.html`), to its content.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    /// Every file, ordered by path so that writes and listings are deterministic.
    pub files: BTreeMap<String, OutFile>,
}

impl Output {
    /// Adds a rendered file.
    pub fn insert_bytes(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        let bytes: Vec<u8> = bytes.into();
        self.files
            .insert(path.into(), OutFile::Bytes(Arc::from(bytes)));
    }

    /// Adds a file copied from the sources.
    pub fn insert_copy(&mut self, path: impl Into<String>, source: PathBuf) {
        self.files.insert(path.into(), OutFile::Copy(source));
    }

    /// The file served at a URL path (`/a/b/` → `a/b/index.html`), if there is one.
    pub fn lookup(&self, url_path: &str) -> Option<(&str, &OutFile)> {
        let trimmed = url_path.trim_start_matches('/');
        let candidates = [
            trimmed.to_string(),
            format!("{}index.html", ensure_trailing_slash(trimmed)),
        ];
        candidates.into_iter().find_map(|candidate| {
            self.files
                .get_key_value(candidate.as_str())
                .map(|(k, v)| (k.as_str(), v))
        })
    }

    /// Writes every file under `dir`, which must exist and be empty.
    pub fn write_into(&self, dir: &Path) -> Result<()> {
        self.files
            .par_iter()
            .try_for_each(|(relative, file)| write_file(dir, relative, file))
    }

    /// Writes the site to `dest` atomically: into a fresh sibling folder first, then swapped in.
    /// If anything fails before the swap, `dest` is left exactly as it was.
    pub fn write_atomically(&self, dest: &Path) -> Result<()> {
        let staging = Staging::beside(dest)?;
        self.write_into(staging.path())?;
        staging.swap_in(dest)
    }
}

/// Writes one file of the site under `dir`.
fn write_file(dir: &Path, relative: &str, file: &OutFile) -> Result<()> {
    let target = dir.join(relative);
    let write = |target: &Path| match file {
        OutFile::Bytes(bytes) => std::fs::write(target, bytes),
        // The image cache's copies are written once and never changed in place (new content
        // gets a new folder): linked, a warm build writes no photo bytes at all.
        OutFile::Copy(source) if source.components().any(|c| c.as_os_str() == ".ruche-cache") => {
            std::fs::hard_link(source, target).or_else(|_| std::fs::copy(source, target).map(drop))
        }
        OutFile::Copy(source) => std::fs::copy(source, target).map(drop),
    };
    with_folder(&target, write, |e| match file {
        OutFile::Bytes(_) => Error::io(&target, e),
        OutFile::Copy(source) => Error::io(source, e),
    })
}

/// Runs `write` for `target`, making its folder first only when `write` finds it missing.
/// Most files go into a folder that exists already (a page's photos, a section's feed): trying
/// first spares them the two system calls of making sure it exists.
/// `fail` says which file a failed `write` names.
fn with_folder(
    target: &Path,
    write: impl Fn(&Path) -> std::io::Result<()>,
    fail: impl Fn(std::io::Error) -> Error,
) -> Result<()> {
    match write(target) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(parent) = target.parent() {
                fsx::create_dir_all(parent)?;
            }
            write(target).map_err(fail)
        }
        done => done.map_err(fail),
    }
}

/// The fresh folder a build is written into, a hidden sibling of its destination. `ruche
/// build` writes each file there as soon as it is rendered ([`Sink`]), then
/// swaps the folder in; dropped before that (a failed build), it is deleted, and the
/// destination was never touched.
pub struct Staging {
    dir: tempfile::TempDir,
}

impl Staging {
    /// A new, empty staging folder for `dest`.
    pub fn beside(dest: &Path) -> Result<Staging> {
        let parent = match dest.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fsx::create_dir_all(&parent)?;
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let dir = tempfile::Builder::new()
            .prefix(&format!(".ruche-{name}-new-"))
            .tempdir_in(&parent)
            .map_err(|e| Error::io(&parent, e))?;
        Ok(Staging { dir })
    }

    /// Where it is.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Puts the staged site at `dest`, the previous one being deleted only once the new one is
    /// in place.
    pub fn swap_in(self, dest: &Path) -> Result<()> {
        swap_in(self.dir.keep(), dest)
    }
}

impl Sink for Staging {
    fn put(&self, path: &str, file: OutFile) -> Result<()> {
        write_file(self.dir.path(), path, &file)
    }

    fn put_rendered(&self, path: &str, bytes: Vec<u8>) -> Result<()> {
        let target = self.dir.path().join(path);
        let write = |t: &Path| std::fs::write(t, &bytes);
        with_folder(&target, write, |e| Error::io(&target, e))
    }
}

/// Threads for deleting the previous build. Deleting thousands of small files waits on the
/// file system (its journal, its locks) far more than on the CPU: on the 2-core benchmark
/// machine, deleting a 10,000-article `public/` took 10.7 s from one process and 5.1 s from
/// four. (Writing is left to the global pool: on a RAM disk it is CPU work, and idle rayon
/// workers spinning beside the busy ones made it slower.)
const IO_THREADS: usize = 8;

fn io_pool() -> Option<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(IO_THREADS)
        .thread_name(|i| format!("ruche-io-{i}"))
        .build()
        .ok()
}

/// Deletes a folder and everything in it: the files with many requests in flight, then the
/// folders, deepest first. (`std::fs::remove_dir_all` works one entry at a time, and a rebuild
/// pays it for the whole previous `public/`.) Symbolic links are removed, never followed.
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry?;
        if entry.file_type().is_dir() {
            dirs.push((entry.depth(), entry.into_path()));
        } else {
            files.push(entry.into_path());
        }
    }
    dirs.sort_by_key(|d| std::cmp::Reverse(d.0));
    let remove = || -> std::io::Result<()> {
        files.par_iter().try_for_each(std::fs::remove_file)?;
        for level in dirs.chunk_by(|a, b| a.0 == b.0) {
            level
                .par_iter()
                .try_for_each(|(_, d)| std::fs::remove_dir(d))?;
        }
        Ok(())
    };
    match io_pool() {
        Some(pool) => pool.install(remove),
        None => remove(),
    }
}

fn ensure_trailing_slash(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') {
        path.to_string()
    } else {
        format!("{path}/")
    }
}

/// Moves `fresh` to `dest`, keeping the old `dest` aside until the rename succeeded.
fn swap_in(fresh: PathBuf, dest: &Path) -> Result<()> {
    let old = dest.with_file_name(format!(
        ".ruche-{}-old-{}",
        dest.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        std::process::id()
    ));
    let had_old = dest.exists();
    if had_old {
        std::fs::rename(dest, &old).map_err(|e| Error::io(dest, e))?;
    }
    if let Err(e) = std::fs::rename(&fresh, dest) {
        // Put the previous build back so that the user loses nothing.
        if had_old {
            let _ = std::fs::rename(&old, dest);
        }
        let _ = std::fs::remove_dir_all(&fresh);
        return Err(Error::io(dest, e));
    }
    if had_old {
        remove_tree(&old).map_err(|e| Error::io(&old, e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_finds_index_files_for_directory_urls() {
        let mut out = Output::default();
        out.insert_bytes("index.html", "home");
        out.insert_bytes("a/b/index.html", "page");
        out.insert_bytes("atom.xml", "feed");
        assert_eq!(out.lookup("/").map(|(k, _)| k), Some("index.html"));
        assert_eq!(out.lookup("/a/b/").map(|(k, _)| k), Some("a/b/index.html"));
        assert_eq!(out.lookup("/a/b").map(|(k, _)| k), Some("a/b/index.html"));
        assert_eq!(out.lookup("/atom.xml").map(|(k, _)| k), Some("atom.xml"));
        assert!(out.lookup("/nope/").is_none());
    }

    #[test]
    fn atomic_write_replaces_the_previous_folder() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("public");
        std::fs::create_dir_all(dest.join("stale")).unwrap();
        std::fs::write(dest.join("stale/old.html"), "old").unwrap();
        let mut out = Output::default();
        out.insert_bytes("index.html", "new");
        out.write_atomically(&dest).unwrap();
        assert_eq!(
            std::fs::read_to_string(dest.join("index.html")).unwrap(),
            "new"
        );
        assert!(!dest.join("stale").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging folder is left behind");
    }

    #[test]
    fn remove_tree_deletes_nested_folders_and_links_without_following_them() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside.txt");
        std::fs::write(&outside, "keep").unwrap();
        let tree = dir.path().join("old");
        std::fs::create_dir_all(tree.join("a/b/c")).unwrap();
        std::fs::create_dir_all(tree.join("empty")).unwrap();
        std::fs::write(tree.join("a/b/c/index.html"), "x").unwrap();
        std::fs::write(tree.join("a/index.html"), "x").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&outside, tree.join("a/link")).unwrap();
        remove_tree(&tree).unwrap();
        assert!(!tree.exists());
        assert_eq!(std::fs::read_to_string(&outside).unwrap(), "keep");
    }
}
