//! `ruche publish`: sends a built `public/` folder to the host, only what changed, safely.
//!
//! In: the built folder and a target URL (`sftp://`, `ftp://`, `ftps://`, `file://`, from
//! site.yaml's `publish.to` or `--to`). Out: the remote folder holding the same files, and a
//! [`Report`] of what was sent, replaced and removed. The steps:
//! 1. [`scan`] hashes every built file (SHA-256, in parallel);
//! 2. the target is reached ([`target::Target`]) and the manifest ruche left there last time
//!    is read — or, the first time, the sizes of the files already there (and their hashes,
//!    where the server can tell them);
//! 3. [`plan::plan`] decides what to send and remove, in the safe order;
//! 4. [`remote::execute`] sends each file under a temporary name then renames it into place,
//!    removes what the site no longer has, and writes the manifest last, so an interrupted
//!    publish is finished by the next one.
//!
//! Credentials never come from site.yaml: SFTP uses the SSH agent or `$HOME/.ssh/` keys (a
//! passphrase from `RUCHE_KEY_PASSPHRASE`) and checks `$HOME/.ssh/known_hosts`; FTP reads
//! `RUCHE_PUBLISH_PASSWORD` or `$HOME/.netrc`.

pub mod ci;
pub mod folder;
pub mod ftp;
pub mod plan;
pub mod remote;
mod report;
pub mod sftp;
pub mod target;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::error::{Diagnostic, Error, Result};
use crate::t;
use plan::{Entry, Found, Manifest, Plan, MANIFEST};
use remote::{Fault, Remote};
use target::Target;

/// What `ruche publish` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--to`: a target other than site.yaml's `publish.to`.
    pub to: Option<String>,
    /// `--dry-run`: say what would be done, change nothing.
    pub dry_run: bool,
}

/// What a publish did (or, with `--dry-run`, would do).
#[derive(Debug, Clone)]
pub struct Report {
    /// The target, without any secret: `sftp://user@host/path`.
    pub target: String,
    /// The files sent, replaced and removed.
    pub plan: Plan,
    /// Whether nothing was changed.
    pub dry_run: bool,
    /// Time taken, from the first hash to the manifest written.
    pub elapsed: Duration,
    /// How many times a lost connection was opened again.
    pub reconnects: usize,
}

/// How far a publish has gone, for the progress bar.
#[derive(Debug, Clone, Copy)]
pub enum Event {
    /// The plan is made: this many files and bytes are to be sent.
    Planned {
        /// Files to send.
        files: u64,
        /// Bytes to send.
        bytes: u64,
    },
    /// One more file, of this many bytes, is in place.
    Sent(u64),
}

/// Publishes the built folder `public` to the target of `opts` or of site.yaml.
pub fn publish(
    config: &Config,
    public: &Path,
    opts: &Options,
    progress: &mut dyn FnMut(Event),
) -> Result<Report> {
    let start = Instant::now();
    let target = resolve_target(config, opts)?;
    let local = scan(public)?;
    let fail = |fault: Fault| fault_error(&target, fault);
    let mut remote = connect(&target, config)?;
    let mut link = remote::Link::new(remote.as_mut());
    let published = link.retry(|r| r.read(MANIFEST)).map_err(fail)?;
    // A manifest that cannot be read (edited by hand, cut short) counts as none: sizes decide.
    let published = published.and_then(|bytes| serde_json::from_slice::<Manifest>(&bytes).ok());
    let found = match published {
        Some(_) => None,
        None => Some(find(&mut link, &local).map_err(fail)?),
    };
    let plan = plan::plan(&local, published.as_ref(), found.as_ref());
    if !opts.dry_run {
        progress(Event::Planned {
            files: plan.uploads.len() as u64,
            bytes: plan.bytes(),
        });
        let manifest = serde_json::to_vec_pretty(&Manifest::of(&local))
            .map_err(|e| Error::msg(t!("publish-manifest-failed", reason = e.to_string())))?;
        // Nothing to do, and the manifest already lists exactly these files: leave it be.
        let manifest = (!(plan.is_empty() && published.is_some())).then_some(manifest);
        let mut sent = |bytes| progress(Event::Sent(bytes));
        remote::execute(&mut link, &plan, public, manifest, &mut sent).map_err(fail)?;
    }
    Ok(Report {
        target: target.to_string(),
        plan,
        dry_run: opts.dry_run,
        elapsed: start.elapsed(),
        reconnects: link.reconnects,
    })
}

/// What a server without a manifest holds: every file's size, and the hash of each file
/// whose size matches the built one's, where the server can tell it. OpenSSH's SFTP server
/// cannot (it has no `check-file` extension), nor can most FTP servers: for them a file of
/// the same size counts as published, once — the manifest then holds the hashes.
fn find(link: &mut remote::Link, local: &BTreeMap<String, Entry>) -> Result<Found, Fault> {
    let sizes = link.retry(|r| r.sizes())?;
    let same_size: Vec<String> = local
        .iter()
        .filter(|(path, entry)| sizes.get(*path) == Some(&entry.size))
        .map(|(path, _)| path.clone())
        .collect();
    let hashes = link.retry(|r| r.hashes(&same_size))?;
    Ok(Found { sizes, hashes })
}

/// Checks that there is a target and that it can be read, before anything is built.
pub fn check_target(config: &Config, opts: &Options) -> Result<()> {
    resolve_target(config, opts).map(drop)
}

/// `--to`, else site.yaml's `publish.to`.
fn resolve_target(config: &Config, opts: &Options) -> Result<Target> {
    let Some(to) = opts
        .to
        .as_deref()
        .or(config.publish.as_ref().map(|p| p.to.as_str()))
    else {
        return Err(Diagnostic::error("site.yaml", t!("publish-nowhere"))
            .hint(t!("publish-nowhere-hint"))
            .into());
    };
    Target::parse(to).map_err(|why| {
        Diagnostic::general(t!("publish-bad-target", to = to, reason = why))
            .hint(t!("publish-bad-target-hint"))
            .into()
    })
}

fn connect(target: &Target, config: &Config) -> Result<Box<dyn Remote>> {
    let key = config.publish.as_ref().and_then(|p| p.key.clone());
    let remote: std::result::Result<Box<dyn Remote>, Fault> = match target {
        Target::Folder(path) => Ok(Box::new(folder::Folder::open(path))),
        Target::Sftp(ssh) => remote::with_backoff(|| {
            sftp::Sftp::connect(ssh.clone(), key.clone(), home())
                .map(|s| Box::new(s) as Box<dyn Remote>)
        }),
        Target::Ftp(ftp) => remote::with_backoff(|| {
            ftp::Ftp::connect(ftp.clone(), home()).map(|f| Box::new(f) as Box<dyn Remote>)
        }),
    };
    remote.map_err(|fault| fault_error(target, fault))
}

/// The user's home folder, where `.ssh/` and `.netrc` are.
fn home() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
}

/// A fault as the error the user reads: the host, the file, what happened, what to do.
fn fault_error(target: &Target, fault: Fault) -> Error {
    let host = target.host();
    let reason = &fault.message;
    let message = match &fault.file {
        Some(file) => t!(
            "publish-failed-on-file",
            host = host,
            file = file,
            reason = reason
        ),
        None => t!("publish-failed", host = host, reason = reason),
    };
    let hint = if fault.transient {
        t!("publish-failed-transient-hint")
    } else {
        t!("publish-failed-hint")
    };
    Diagnostic::general(message).hint(hint).into()
}

/// Every file of the built folder: relative path (`/`-separated) → SHA-256 and size.
pub fn scan(public: &Path) -> Result<BTreeMap<String, Entry>> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(public) {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(public).to_path_buf();
            Error::io(&path, e.into())
        })?;
        if entry.file_type().is_file() {
            files.push(entry.into_path());
        }
    }
    files
        .par_iter()
        .map(|path| {
            let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
            let rel = path.strip_prefix(public).unwrap_or(path);
            let rel = rel.to_string_lossy().replace('\\', "/");
            let sha256 = hex(&Sha256::digest(&bytes));
            let size = bytes.len() as u64;
            Ok((rel, Entry { sha256, size }))
        })
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
