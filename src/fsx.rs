//! File-system calls that name the path in their error, so no message says "No such file"
//! without saying which one (mdBook's `utils::fs` does the same).

use std::path::Path;

use crate::error::{Error, Result};

/// Reads a whole file as bytes.
pub(crate) fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| Error::io(path, e))
}

/// Writes a whole file.
pub(crate) fn write(path: &Path, contents: impl AsRef<[u8]>) -> Result<()> {
    std::fs::write(path, contents).map_err(|e| Error::io(path, e))
}

/// Creates a folder and its parents.
pub(crate) fn create_dir_all(path: &Path) -> Result<()> {
    std::fs::create_dir_all(path).map_err(|e| Error::io(path, e))
}

/// Copies a file. (Not a hard link: an edit made in `public/` must never reach the sources.)
pub(crate) fn copy(from: &Path, to: &Path) -> Result<()> {
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| Error::io(from, e))
}
