//! What the preview benchmarks share (included with `#[path]`: not an example of its own).

use std::path::{Path, PathBuf};

/// The first page of `content/` in file-name order: the page the benchmarks edit when none is
/// named.
pub fn first_page(content: &Path) -> PathBuf {
    walkdir::WalkDir::new(content)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| e.ok())
        .map(|e| e.into_path())
        .find(|p| p.extension().is_some_and(|x| x == "md") && !p.ends_with("_index.md"))
        .expect("a page to edit")
}
