//! The server side of a publish, whatever the protocol, and the loop that carries a plan out.
//!
//! In: a [`Remote`] (SFTP, FTP(S) or a folder) and a [`Plan`]. Out: the remote folder updated
//! in the plan's order — each batch of uploads retried with backoff on a network fault, after
//! reconnecting — and the manifest written last; or the [`Fault`] that stopped it, naming the
//! file. Every upload goes to a temporary name first and is renamed into place, so a reader
//! (and an interrupted publish) only ever sees a whole old or a whole new file.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::plan::{Plan, Upload, MANIFEST};

/// What went wrong on the server side.
#[derive(Debug, Clone)]
pub struct Fault {
    /// Whether reconnecting and trying again may help (a lost connection, a time-out).
    pub transient: bool,
    /// What happened, as a sentence (without the host, which the caller adds).
    pub message: String,
    /// The remote file concerned, when there is one.
    pub file: Option<String>,
}

impl Fault {
    /// A fault that trying again will not fix (refused login, permission denied, disk full).
    pub fn fatal(message: impl Into<String>) -> Fault {
        Fault {
            transient: false,
            message: message.into(),
            file: None,
        }
    }

    /// A fault a new connection may get past.
    pub fn transient(message: impl Into<String>) -> Fault {
        Fault {
            transient: true,
            ..Fault::fatal(message)
        }
    }

    /// The same fault, about `file`.
    pub fn on(mut self, file: &str) -> Fault {
        self.file.get_or_insert_with(|| file.to_string());
        self
    }
}

/// Where a file's bytes come from.
#[derive(Debug, Clone)]
pub enum Source {
    /// A file of the built site.
    File(PathBuf),
    /// Bytes made by ruche (the manifest).
    Bytes(Vec<u8>),
}

impl Source {
    /// The bytes, read now (a file of `public/` is read only when its turn comes).
    pub fn read(&self) -> Result<Vec<u8>, Fault> {
        match self {
            Source::File(path) => std::fs::read(path).map_err(|e| {
                Fault::fatal(crate::t!(
                    "publish-built-file-unreadable",
                    file = path,
                    reason = e.to_string()
                ))
            }),
            Source::Bytes(bytes) => Ok(bytes.clone()),
        }
    }
}

/// One file to put on the server: where it goes (relative to the remote root) and its bytes.
#[derive(Debug, Clone)]
pub struct Put {
    /// Path relative to the remote root, `/`-separated.
    pub path: String,
    /// Its content.
    pub source: Source,
}

/// A publishing target, once connected. Paths are relative to its root and `/`-separated.
pub trait Remote {
    /// Opens the connection again after a transient fault.
    fn reconnect(&mut self) -> Result<(), Fault>;
    /// Reads a file, `None` when there is none.
    fn read(&mut self, path: &str) -> Result<Option<Vec<u8>>, Fault>;
    /// The sizes of every file under the root (for a first publish, which has no manifest).
    fn sizes(&mut self) -> Result<std::collections::BTreeMap<String, u64>, Fault>;
    /// The SHA-256 (hex) of those of `paths` the server can hash itself, without a download;
    /// none by default: only some FTP servers can.
    fn hashes(
        &mut self,
        paths: &[String],
    ) -> Result<std::collections::BTreeMap<String, String>, Fault> {
        let _ = paths;
        Ok(Default::default())
    }
    /// Writes each file under its temporary name, then renames it into place (creating the
    /// folders it needs); `done` is called with each file's size once it is in place.
    fn put(&mut self, files: &[Put], done: &mut dyn FnMut(u64)) -> Result<(), Fault>;
    /// Removes files, and the folders they leave empty; a file already gone is no fault.
    fn remove(&mut self, paths: &[String]) -> Result<(), Fault>;
}

/// How many files go in one batch: a fault sends the whole batch again, after reconnecting.
const BATCH: usize = 64;

/// Waits before each new attempt after a transient fault: 0.5 s, 1 s, 2 s, 4 s.
const BACKOFF: [Duration; 4] = [
    Duration::from_millis(500),
    Duration::from_secs(1),
    Duration::from_secs(2),
    Duration::from_secs(4),
];

/// A remote and how many times the connection had to be opened again.
pub struct Link<'a> {
    remote: &'a mut dyn Remote,
    /// Reconnections after a transient fault, for the summary.
    pub reconnects: usize,
}

impl<'a> Link<'a> {
    /// Wraps a connected remote.
    pub fn new(remote: &'a mut dyn Remote) -> Link<'a> {
        Link {
            remote,
            reconnects: 0,
        }
    }

    /// Runs `step` until it succeeds; after a transient fault, waits, reconnects and tries
    /// again, up to four times.
    pub fn retry<T>(
        &mut self,
        mut step: impl FnMut(&mut dyn Remote) -> Result<T, Fault>,
    ) -> Result<T, Fault> {
        let mut last = match step(self.remote) {
            Ok(value) => return Ok(value),
            Err(fault) if fault.transient => fault,
            Err(fault) => return Err(fault),
        };
        for wait in BACKOFF {
            std::thread::sleep(wait);
            match self.remote.reconnect() {
                Ok(()) => self.reconnects += 1,
                Err(fault) if fault.transient => {
                    last = fault;
                    continue;
                }
                Err(fault) => return Err(fault),
            }
            match step(self.remote) {
                Ok(value) => return Ok(value),
                Err(fault) if fault.transient => last = fault,
                Err(fault) => return Err(fault),
            }
        }
        Err(last)
    }
}

/// Carries `plan` out: the uploads in their order, the removals, then the manifest (`None`
/// when the one on the server is already right).
/// `progress` is called with the size of each file once it is in place.
pub fn execute(
    link: &mut Link,
    plan: &Plan,
    public: &Path,
    manifest: Option<Vec<u8>>,
    progress: &mut dyn FnMut(u64),
) -> Result<(), Fault> {
    let mut phases = plan.uploads.chunk_by(|a, b| a.phase == b.phase);
    // A phase ends before the next begins: no page goes up before the images it shows.
    for phase in phases.by_ref() {
        for batch in phase.chunks(BATCH) {
            let puts: Vec<Put> = batch.iter().map(|u| put_of(u, public)).collect();
            link.retry(|r| r.put(&puts, progress))?;
        }
    }
    for batch in plan.removals.chunks(BATCH) {
        link.retry(|r| r.remove(batch))?;
    }
    let Some(manifest) = manifest else {
        return Ok(());
    };
    let put = Put {
        path: MANIFEST.to_string(),
        source: Source::Bytes(manifest),
    };
    link.retry(|r| r.put(std::slice::from_ref(&put), &mut |_| {}))
}

/// Runs `attempt` (a connection) until it succeeds, waiting longer after each transient fault.
pub fn with_backoff<T>(mut attempt: impl FnMut() -> Result<T, Fault>) -> Result<T, Fault> {
    for wait in BACKOFF {
        match attempt() {
            Err(fault) if fault.transient => std::thread::sleep(wait),
            done => return done,
        }
    }
    attempt()
}

fn put_of(upload: &Upload, public: &Path) -> Put {
    Put {
        path: upload.path.clone(),
        source: Source::File(public.join(&upload.path)),
    }
}

/// `root` + `/` + `path`, with one slash between them.
pub fn join(root: &str, path: &str) -> String {
    if root.is_empty() {
        path.to_string()
    } else {
        format!("{}/{}", root.trim_end_matches('/'), path)
    }
}

/// The folders above a relative path, outermost first: `a/b/c.html` → `a`, `a/b`.
pub fn parents(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(move |(i, _)| &path[..i])
}

/// The folders down to a remote root, outermost first, the root last: `/srv/www` → `/srv`,
/// `/srv/www`; made before the first upload, since a new site's folder may not exist yet.
pub fn root_folders(root: &str) -> Vec<String> {
    let root = root.trim_end_matches('/');
    let mut out: Vec<String> = parents(root)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect();
    if !root.is_empty() {
        out.push(root.to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents_are_listed_outermost_first() {
        assert_eq!(root_folders("/srv/www/"), ["/srv", "/srv/www"]);
        assert_eq!(root_folders("www"), ["www"]);
        assert!(root_folders("").is_empty());
        assert_eq!(parents("a/b/c.html").collect::<Vec<_>>(), ["a", "a/b"]);
        assert_eq!(parents("c.html").count(), 0);
        assert_eq!(join("/www/", "a/b"), "/www/a/b");
        assert_eq!(join("", "a"), "a");
    }
}
