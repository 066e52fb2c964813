//! Watching the site's sources.
//!
//! In: the site root and the files and folders to watch. Out: batches of changed absolute paths
//! (created, modified, deleted; both names of a rename), one batch per burst of events, with the
//! temporary files of editors and the folders of other tools left out.
//!
//! The debouncer waits for a short quiet time, so that one save (which editors often make of
//! several writes and renames) gives one batch.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

use crate::error::{Diagnostic, Error, Result};
use crate::names;

/// How long the file system must stay quiet before a batch is sent.
const QUIET_TIME: Duration = Duration::from_millis(25);

/// A running watcher; batches stop when it is stopped or dropped.
pub(crate) struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
}

impl Watcher {
    /// Watches `targets` (absolute; files and folders) and sends each batch on `batches`.
    pub(crate) fn start(
        root: &Path,
        targets: &[PathBuf],
        batches: Sender<Vec<PathBuf>>,
    ) -> Result<Self> {
        let scope = Scope::new(root, targets);
        let handler_scope = scope.clone();
        let handler = move |result: DebounceEventResult| match result {
            Ok(events) => {
                let batch = handler_scope.batch(
                    events
                        .iter()
                        .filter(|e| !matches!(e.kind, EventKind::Access(_)))
                        .flat_map(|e| e.paths.iter()),
                );
                if !batch.is_empty() {
                    // The build thread is gone only when the preview is stopping.
                    let _ = batches.send(batch);
                }
            }
            Err(errors) => {
                for error in errors {
                    let error = error.to_string();
                    log::warn!("{}", crate::t!("serve-watch-error", error = error));
                }
            }
        };
        let mut debouncer = new_debouncer(QUIET_TIME, None, handler).map_err(watch_error)?;
        // A file is watched through its folder: editors that save by writing a new file and
        // renaming it over the old one would otherwise end the watch on the first save.
        for (path, mode) in scope.watches().into_iter().filter(|(p, _)| p.exists()) {
            debouncer.watch(&path, mode).map_err(watch_error)?;
        }
        Ok(Watcher { debouncer })
    }

    /// Stops watching and waits for the event thread to end.
    pub(crate) fn stop(self) {
        self.debouncer.stop();
    }
}

fn watch_error(error: notify::Error) -> Error {
    Diagnostic::general(crate::t!("serve-cannot-watch", error = error.to_string()))
        .hint(crate::t!("serve-cannot-watch-hint"))
        .into()
}

/// What is watched, and which event paths matter.
#[derive(Debug, Clone)]
struct Scope {
    root: PathBuf,
    files: Vec<PathBuf>,
    dirs: Vec<PathBuf>,
}

impl Scope {
    fn new(root: &Path, targets: &[PathBuf]) -> Self {
        let (dirs, files) = targets.iter().cloned().partition(|t| t.is_dir());
        Scope {
            root: root.to_path_buf(),
            files,
            dirs,
        }
    }

    /// Folders recursively, files through their parent folder.
    fn watches(&self) -> Vec<(PathBuf, RecursiveMode)> {
        let parents: BTreeSet<&Path> = self.files.iter().filter_map(|f| f.parent()).collect();
        let dirs = self
            .dirs
            .iter()
            .map(|d| (d.clone(), RecursiveMode::Recursive));
        let parents = parents
            .into_iter()
            .filter(|p| !self.dirs.iter().any(|d| d == p))
            .map(|p| (p.to_path_buf(), RecursiveMode::NonRecursive));
        dirs.chain(parents).collect()
    }

    /// The distinct paths worth a rebuild, in a stable order.
    fn batch<'a>(&self, paths: impl Iterator<Item = &'a PathBuf>) -> Vec<PathBuf> {
        let wanted: BTreeSet<&PathBuf> = paths
            .filter(|p| self.covers(p) && !is_ignored(p, &self.root))
            .collect();
        wanted.into_iter().cloned().collect()
    }

    /// Whether a path is one of the watched files or inside a watched folder (a parent folder
    /// watched for a file also reports its other files, which do not matter).
    fn covers(&self, path: &Path) -> bool {
        self.files.iter().any(|f| f == path) || self.dirs.iter().any(|d| path.starts_with(d))
    }
}

/// Whether a changed path is noise: a name the build skips everywhere (an editor's temporary
/// file, a hidden or version-control folder: [`names::is_ignored`], the one list the build
/// uses too), or anything in the root's `public/` (the output of `ruche build`) or `target/`.
///
/// `public` and `target` count only at the site root: `content/public/` is a section a
/// newsroom may well have.
pub(crate) fn is_ignored(path: &Path, root: &Path) -> bool {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let mut names = relative.components().filter_map(|c| match c {
        Component::Normal(name) => Some(name.to_string_lossy()),
        _ => None,
    });
    let first = names.next();
    if path.starts_with(root) && matches!(first.as_deref(), Some("public" | "target")) {
        return true;
    }
    first
        .into_iter()
        .chain(names)
        .any(|name| names::is_ignored(&name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ignored(path: &str) -> bool {
        is_ignored(Path::new(path), Path::new("/site"))
    }

    #[test]
    fn editor_scratch_files_are_ignored() {
        for path in [
            "/site/content/.article.md.swp",
            "/site/content/.article.md.swx",
            "/site/content/.article.md.swo",
            "/site/content/article.md~",
            "/site/content/.#article.md",
            "/site/content/#article.md#",
            "/site/content/4913",
            "/site/content/article.md.tmp",
            "/site/static/.DS_Store",
            "/site/content/.~lock.compte-rendu.odt#",
            "/site/content/~$compte-rendu.docx",
            "/site/content/photo.jpg.crdownload",
            "/site/static/Thumbs.db",
        ] {
            assert!(ignored(path), "{path} should be ignored");
        }
    }

    #[test]
    fn other_tools_folders_are_ignored() {
        assert!(ignored("/site/.git/index"));
        assert!(ignored("/site/themes/default/.git/HEAD"));
        assert!(ignored("/site/public/index.html"));
        assert!(ignored("/site/target/debug/ruche"));
    }

    #[test]
    fn real_sources_are_kept() {
        for path in [
            "/site/site.yaml",
            "/site/content/actualites/assemblee-generale.md",
            "/site/content/public/reunion.md",
            "/site/static/style.css",
            "/site/content/#hashtag.md",
            "/site/content/2025-07-01-4913-adherents.md",
            "/site/templates/page.html",
        ] {
            assert!(!ignored(path), "{path} should be kept");
        }
    }

    #[test]
    fn batches_keep_watched_paths_once_and_in_order() {
        let scope = Scope {
            root: PathBuf::from("/site"),
            files: vec![PathBuf::from("/site/site.yaml")],
            dirs: vec![PathBuf::from("/site/content")],
        };
        let events = [
            "/site/content/b.md",
            "/site/content/.b.md.swp",
            "/site/site.yaml",
            "/site/README.md",
            "/site/content/a.md",
            "/site/content/b.md",
        ]
        .map(PathBuf::from);
        assert_eq!(
            scope.batch(events.iter()),
            [
                "/site/content/a.md",
                "/site/content/b.md",
                "/site/site.yaml"
            ]
            .map(PathBuf::from)
        );
    }

    #[test]
    fn files_are_watched_through_their_folder() {
        let scope = Scope {
            root: PathBuf::from("/site"),
            files: vec![PathBuf::from("/site/site.yaml")],
            dirs: vec![PathBuf::from("/site/content")],
        };
        let watches = scope.watches();
        assert_eq!(watches.len(), 2);
        assert_eq!(watches[0].0, PathBuf::from("/site/content"));
        assert_eq!(watches[1].0, PathBuf::from("/site"));
        assert!(matches!(watches[1].1, RecursiveMode::NonRecursive));
    }
}
