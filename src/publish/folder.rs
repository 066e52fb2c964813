//! `file:///path`: publishing into a folder (a mounted share, a web server's own folder).
//!
//! In: the folder. Out: the [`Remote`] operations done with the file system; a failure is
//! fatal (nothing to reconnect), and names the file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::plan::TEMP_SUFFIX;
use super::remote::{Fault, Put, Remote};

/// A local folder as a publishing target.
pub struct Folder {
    root: PathBuf,
}

impl Folder {
    /// The target folder (made at the first upload if missing: a dry run makes nothing).
    pub fn open(root: &Path) -> Folder {
        Folder {
            root: root.to_path_buf(),
        }
    }
}

fn io_fault(path: &Path, e: std::io::Error) -> Fault {
    let what = match e.kind() {
        std::io::ErrorKind::PermissionDenied => crate::t!("publish-permission-denied"),
        std::io::ErrorKind::StorageFull => crate::t!("publish-disk-full"),
        _ => e.to_string(),
    };
    Fault::fatal(what).on(&path.display().to_string())
}

impl Remote for Folder {
    fn reconnect(&mut self) -> Result<(), Fault> {
        Ok(())
    }

    fn read(&mut self, path: &str) -> Result<Option<Vec<u8>>, Fault> {
        let file = self.root.join(path);
        match std::fs::read(&file) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io_fault(&file, e)),
        }
    }

    fn sizes(&mut self) -> Result<BTreeMap<String, u64>, Fault> {
        let mut sizes = BTreeMap::new();
        if !self.root.exists() {
            return Ok(sizes);
        }
        for entry in walkdir::WalkDir::new(&self.root) {
            let entry = entry.map_err(|e| {
                let path = e.path().unwrap_or(&self.root).to_path_buf();
                // A loop of links is no I/O error: walkdir's own sentence names it.
                let said = e.to_string();
                e.into_io_error()
                    .map_or_else(|| Fault::fatal(said), |io| io_fault(&path, io))
            })?;
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(&self.root) else {
                continue;
            };
            let size = entry.metadata().map_or(0, |m| m.len());
            sizes.insert(rel.to_string_lossy().replace('\\', "/"), size);
        }
        Ok(sizes)
    }

    fn put(&mut self, files: &[Put], done: &mut dyn FnMut(u64)) -> Result<(), Fault> {
        for put in files {
            let target = self.root.join(&put.path);
            let temp = self.root.join(format!("{}{TEMP_SUFFIX}", put.path));
            let bytes = put.source.read()?;
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(|e| io_fault(parent, e))?;
            }
            std::fs::write(&temp, &bytes).map_err(|e| {
                let _ = std::fs::remove_file(&temp);
                io_fault(&target, e)
            })?;
            std::fs::rename(&temp, &target).map_err(|e| {
                let _ = std::fs::remove_file(&temp);
                io_fault(&target, e)
            })?;
            done(bytes.len() as u64);
        }
        Ok(())
    }

    fn remove(&mut self, paths: &[String]) -> Result<(), Fault> {
        for path in paths {
            let file = self.root.join(path);
            match std::fs::remove_file(&file) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io_fault(&file, e)),
            }
            // Folders left empty go too; one still holding anything stays (remove_dir fails).
            let mut dir = file.parent();
            while let Some(d) = dir.filter(|d| *d != self.root && d.starts_with(&self.root)) {
                if std::fs::remove_dir(d).is_err() {
                    break;
                }
                dir = d.parent();
            }
        }
        Ok(())
    }
}
