//! `sftp://`: publishing over SSH, with russh and russh-sftp.
//!
//! In: the server, the user's home, site.yaml's `publish.key`. Out: the [`Remote`] operations
//! as SFTP requests. Many requests are in flight at once on one session (the protocol numbers
//! them), so a first upload of thousands of small pages is not one round trip after another.
//! A file is written under a temporary name then renamed over the old one with OpenSSH's
//! `posix-rename@openssh.com` (plain SFTP renames refuse to replace a file).

mod ssh;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use futures_util::{stream, StreamExt};
use russh_sftp::client::error::Error as SftpError;
use russh_sftp::client::RawSftpSession;
use russh_sftp::protocol::{FileAttributes, OpenFlags, StatusCode};

use super::plan::{OLD_SUFFIX, TEMP_SUFFIX};
use super::remote::{join, parents, root_folders, Fault, Put, Remote};
use super::target::Server;
use crate::t;

/// How many files are sent at once.
const IN_FLIGHT: usize = 32;
/// The size of one write request (OpenSSH accepts up to 255 KiB).
const CHUNK: usize = 64 * 1024;

/// An SFTP session, opened again after a lost connection.
pub struct Sftp {
    runtime: tokio::runtime::Runtime,
    server: Server,
    user: String,
    home: Option<PathBuf>,
    key: Option<PathBuf>,
    session: Option<Session>,
    root_made: bool,
}

struct Session {
    // Kept so the connection lives as long as the SFTP channel.
    _ssh: russh::client::Handle<ssh::Checker>,
    sftp: Arc<RawSftpSession>,
    posix_rename: bool,
}

impl Sftp {
    /// Connects to the server (checking its key) and logs in.
    pub fn connect(
        server: Server,
        key: Option<PathBuf>,
        home: Option<PathBuf>,
    ) -> Result<Sftp, Fault> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| Fault::fatal(t!("publish-could-not-start", reason = e.to_string())))?;
        let user = server
            .user
            .clone()
            .or_else(|| std::env::var("USER").ok())
            .ok_or_else(|| Fault::fatal(t!("publish-no-user", scheme = "sftp")))?;
        let mut sftp = Sftp {
            runtime,
            server,
            user,
            home,
            key,
            session: None,
            root_made: false,
        };
        sftp.reconnect()?;
        Ok(sftp)
    }

    fn session(&self) -> Result<&Session, Fault> {
        self.session
            .as_ref()
            .ok_or_else(|| Fault::transient(t!("publish-connection-lost")))
    }

    fn path(&self, rel: &str) -> String {
        join(&self.server.path, rel)
    }
}

impl Remote for Sftp {
    fn reconnect(&mut self) -> Result<(), Fault> {
        self.session = None;
        let (server, user) = (&self.server, &self.user);
        let (home, key) = (self.home.as_deref(), self.key.as_deref());
        let session = self.runtime.block_on(async {
            let ssh = ssh::open(server, user, home, key).await?;
            let channel = ssh.channel_open_session().await.map_err(lost)?;
            channel
                .request_subsystem(true, "sftp")
                .await
                .map_err(lost)?;
            let sftp = RawSftpSession::new(channel.into_stream());
            sftp.set_timeout(60);
            let version = sftp.init().await.map_err(|e| fault(e, ""))?;
            let posix_rename = version.extensions.contains_key(POSIX_RENAME);
            Ok::<_, Fault>(Session {
                _ssh: ssh,
                sftp: Arc::new(sftp),
                posix_rename,
            })
        })?;
        self.session = Some(session);
        Ok(())
    }

    fn read(&mut self, rel: &str) -> Result<Option<Vec<u8>>, Fault> {
        let sftp = self.session()?.sftp.clone();
        let path = self.path(rel);
        self.runtime.block_on(read_file(&sftp, &path))
    }

    fn sizes(&mut self) -> Result<BTreeMap<String, u64>, Fault> {
        let sftp = self.session()?.sftp.clone();
        let root = if self.server.path.is_empty() {
            ".".to_string()
        } else {
            self.server.path.clone()
        };
        self.runtime.block_on(list(&sftp, &root))
    }

    fn put(&mut self, files: &[Put], done: &mut dyn FnMut(u64)) -> Result<(), Fault> {
        let session = self.session()?;
        let (sftp, posix_rename) = (session.sftp.clone(), session.posix_rename);
        let root = self.server.path.clone();
        let make_root = !std::mem::replace(&mut self.root_made, true);
        self.runtime.block_on(async {
            // Existing folders refuse to be made again: that refusal is expected.
            for dir in root_folders(&root).into_iter().filter(|_| make_root) {
                let _ = sftp.mkdir(dir, FileAttributes::empty()).await;
            }
            // After a refusal no new file is started, but those on their way are let finish
            // (each ends whole and in place, or its temporary file removed): dropped midway,
            // they would leave cut-short temporary files on a server that is still there.
            let refused = AtomicBool::new(false);
            let mut sends = stream::iter(files)
                .map(|put| async {
                    if refused.load(Ordering::Relaxed) {
                        return Ok(None);
                    }
                    let sent = put_file(&sftp, posix_rename, &root, put).await;
                    refused.fetch_or(sent.is_err(), Ordering::Relaxed);
                    sent.map(Some)
                })
                .buffer_unordered(IN_FLIGHT);
            let mut first = None;
            while let Some(sent) = sends.next().await {
                match sent {
                    Ok(Some(size)) => done(size),
                    Ok(None) => {}
                    // A lost connection fails every request: the retry sends the batch again.
                    Err(fault) if fault.transient => return Err(fault),
                    Err(fault) => first = first.or(Some(fault)),
                }
            }
            first.map_or(Ok(()), Err)
        })
    }

    fn remove(&mut self, paths: &[String]) -> Result<(), Fault> {
        let sftp = self.session()?.sftp.clone();
        let root = self.server.path.clone();
        self.runtime.block_on(async {
            for rel in paths {
                let path = join(&root, rel);
                match sftp.remove(path.as_str()).await {
                    Ok(_) => {}
                    Err(e) if is(&e, StatusCode::NoSuchFile) => {}
                    Err(e) => return Err(fault(e, &path)),
                }
                // Folders left empty go too; a folder still holding anything refuses.
                for dir in parents(rel).collect::<Vec<_>>().into_iter().rev() {
                    if sftp.rmdir(join(&root, dir)).await.is_err() {
                        break;
                    }
                }
            }
            Ok(())
        })
    }
}

const POSIX_RENAME: &str = "posix-rename@openssh.com";

/// Writes one file under its temporary name and renames it into place; its size when done.
async fn put_file(
    sftp: &RawSftpSession,
    posix_rename: bool,
    root: &str,
    put: &Put,
) -> Result<u64, Fault> {
    let data = put.source.read()?;
    let path = join(root, &put.path);
    let temp = format!("{path}{TEMP_SUFFIX}");
    let flags = OpenFlags::WRITE | OpenFlags::CREATE | OpenFlags::TRUNCATE;
    let handle = match sftp
        .open(temp.as_str(), flags, FileAttributes::empty())
        .await
    {
        Ok(handle) => handle.handle,
        Err(e) if is(&e, StatusCode::NoSuchFile) => {
            // The folder is new: make it (and those above it), then open again.
            for dir in parents(&put.path) {
                let _ = sftp.mkdir(join(root, dir), FileAttributes::empty()).await;
            }
            let opened = sftp
                .open(temp.as_str(), flags, FileAttributes::empty())
                .await;
            opened.map_err(|e| fault(e, &path))?.handle
        }
        Err(e) => return Err(fault(e, &path)),
    };
    let placed = write_and_rename(sftp, posix_rename, &handle, &data, &temp, &path).await;
    if placed.as_ref().is_err_and(|fault| !fault.transient) {
        // Refused (a full disk, a permission): the cut-short temporary file goes, so nothing
        // but whole files stays. After a lost connection the retry writes it again.
        let _ = sftp.remove(temp.as_str()).await;
    }
    placed.map(|()| data.len() as u64)
}

/// Writes `data` through the open `handle` of `temp`, closes it and renames it to `path`.
async fn write_and_rename(
    sftp: &RawSftpSession,
    posix_rename: bool,
    handle: &str,
    data: &[u8],
    temp: &str,
    path: &str,
) -> Result<(), Fault> {
    let writes = data
        .chunks(CHUNK)
        .enumerate()
        .map(|(i, chunk)| sftp.write(handle, (i * CHUNK) as u64, chunk.to_vec()));
    let written = futures_util::future::join_all(writes).await;
    let closed = sftp.close(handle).await;
    for result in written {
        result.map_err(|e| fault(e, path))?;
    }
    closed.map_err(|e| fault(e, path))?;
    rename(sftp, posix_rename, temp, path).await
}

/// Renames `from` over `to`, replacing it in one step where the server allows it.
async fn rename(
    sftp: &RawSftpSession,
    posix_rename: bool,
    from: &str,
    to: &str,
) -> Result<(), Fault> {
    if posix_rename {
        // The extension's request is the two paths as SSH strings: the same layout as the
        // hardlink extension's, which russh-sftp knows how to write.
        let request = russh_sftp::extensions::HardlinkExtension {
            oldpath: from.to_string(),
            newpath: to.to_string(),
        };
        let data: Vec<u8> = match request.try_into() {
            Ok(data) => data,
            Err(e) => return Err(Fault::fatal(e.to_string()).on(to)),
        };
        return match sftp.extended(POSIX_RENAME, data).await {
            Ok(russh_sftp::protocol::Packet::Status(s)) if s.status_code != StatusCode::Ok => {
                Err(fault(SftpError::Status(s), to))
            }
            Ok(_) => Ok(()),
            Err(e) => Err(fault(e, to)),
        };
    }
    // Without the extension a rename refuses to replace a file: the old one is moved aside
    // first (for a moment the file is missing, never half-written) and put back if the new one
    // cannot take its place.
    let refused = match sftp.rename(from, to).await {
        Ok(_) => return Ok(()),
        Err(e) => e,
    };
    let aside = format!("{to}{OLD_SUFFIX}");
    if sftp.rename(to, aside.as_str()).await.is_err() {
        // No old file in the way, or it cannot move either: the first refusal says why.
        return Err(fault(refused, to));
    }
    if let Err(e) = sftp.rename(from, to).await {
        let _ = sftp.rename(aside.as_str(), to).await;
        return Err(fault(e, to));
    }
    let _ = sftp.remove(aside.as_str()).await;
    Ok(())
}

async fn read_file(sftp: &RawSftpSession, path: &str) -> Result<Option<Vec<u8>>, Fault> {
    let handle = match sftp
        .open(path, OpenFlags::READ, FileAttributes::empty())
        .await
    {
        Ok(handle) => handle.handle,
        Err(e) if is(&e, StatusCode::NoSuchFile) => return Ok(None),
        Err(e) => return Err(fault(e, path)),
    };
    let mut bytes = Vec::new();
    loop {
        match sftp
            .read(handle.as_str(), bytes.len() as u64, CHUNK as u32)
            .await
        {
            Ok(data) if data.data.is_empty() => break,
            Ok(data) => bytes.extend_from_slice(&data.data),
            Err(e) if is(&e, StatusCode::Eof) => break,
            Err(e) => return Err(fault(e, path)),
        }
    }
    let _ = sftp.close(handle.as_str()).await;
    Ok(Some(bytes))
}

/// Every file under `root` with its size, relative paths.
async fn list(sftp: &RawSftpSession, root: &str) -> Result<BTreeMap<String, u64>, Fault> {
    let mut sizes = BTreeMap::new();
    let mut folders = vec![String::new()];
    while let Some(rel) = folders.pop() {
        let dir = if rel.is_empty() {
            root.to_string()
        } else {
            join(root, &rel)
        };
        let handle = match sftp.opendir(dir.as_str()).await {
            Ok(handle) => handle.handle,
            // The target folder does not exist yet: nothing is published.
            Err(e) if is(&e, StatusCode::NoSuchFile) && rel.is_empty() => return Ok(sizes),
            Err(e) => return Err(fault(e, &dir)),
        };
        loop {
            let names = match sftp.readdir(handle.as_str()).await {
                Ok(names) => names,
                Err(e) if is(&e, StatusCode::Eof) => break,
                Err(e) => return Err(fault(e, &dir)),
            };
            for file in names.files {
                if file.filename == "." || file.filename == ".." {
                    continue;
                }
                let path = if rel.is_empty() {
                    file.filename.clone()
                } else {
                    format!("{rel}/{}", file.filename)
                };
                if file.attrs.file_type().is_dir() {
                    folders.push(path);
                } else if file.attrs.file_type().is_file() {
                    sizes.insert(path, file.attrs.size.unwrap_or(0));
                }
            }
        }
        let _ = sftp.close(handle.as_str()).await;
    }
    Ok(sizes)
}

fn is(e: &SftpError, code: StatusCode) -> bool {
    matches!(e, SftpError::Status(s) if s.status_code == code)
}

fn lost(e: russh::Error) -> Fault {
    Fault::transient(t!("publish-ssh-failed", reason = e.to_string()))
}

/// An SFTP error as a fault: a refusal is final, a broken connection is worth a retry.
fn fault(e: SftpError, path: &str) -> Fault {
    match e {
        SftpError::Status(s) => {
            let what = match s.status_code {
                StatusCode::PermissionDenied => t!("publish-permission-denied"),
                StatusCode::NoSuchFile => t!("publish-no-such-file"),
                // OpenSSH reports a full disk (and quotas) as a plain failure.
                StatusCode::Failure => t!("publish-sftp-write-refused", answer = s.error_message),
                StatusCode::ConnectionLost | StatusCode::NoConnection => {
                    return Fault::transient(t!("publish-connection-lost")).on(path)
                }
                _ => format!("{}: {}", s.status_code, s.error_message),
            };
            Fault::fatal(what).on(path)
        }
        other => {
            Fault::transient(t!("publish-connection-failed", reason = other.to_string())).on(path)
        }
    }
}
