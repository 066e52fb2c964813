//! `ruche publish` against servers that refuse to write: pyftpdlib with a full disk or a
//! refused file, OpenSSH's SFTP server read-only, refusing renames, or writing on a full disk
//! (a small tmpfs mounted as its folder). Each fault comes from the
//! real server (its own answer on the wire), holds even when the tests run as root, and is
//! turned on after a first publish. The publish fails with exit status 1 and a message naming
//! the host and the file; every file on the server stays a whole old or a whole new version,
//! with no temporary file left; the manifest stays the old one; once the fault is gone, the
//! next publish completes the site.

use crate::publish::{assert_mirrors, site, tree, MANIFEST};
use crate::support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use support::servers::{Ftpd, Sshd, FTP_PASSWORD};
use support::Site;

/// What one round of a fault test expects.
struct Fault<'a> {
    /// `host:port`, as the message names it.
    host: &'a str,
    /// The end of the remote path the message names.
    file: &'a str,
    /// Words of the reason the message gives.
    reason: &'a str,
}

/// Edits the site (a new PDF, an article corrected, both saying `version`), publishes with
/// the fault on, checks the failure and the server, and returns the server's files.
fn publish_into_a_fault(
    site: &Site,
    remote: &Path,
    publish: &dyn Fn() -> support::Run,
    fault: &Fault,
    version: u8,
) -> std::collections::BTreeMap<String, Vec<u8>> {
    let old = tree(remote, &[]);
    let manifest = std::fs::read(remote.join(MANIFEST)).unwrap();
    site.rewrite("static/programme.pdf", &[version; 3000]);
    site.rewrite(
        "content/actualites/article-1.md",
        format!("---\ntitle: Article 1\ndate: 2025-06-02\n---\nVersion {version}.\n").as_bytes(),
    );
    let run = publish().failure();
    run.stderr_contains(&format!("publication vers {}", fault.host))
        .stderr_contains(&format!("{}`", fault.file))
        .stderr_contains(fault.reason)
        .stderr_contains("chaque fichier du serveur est encore soit dans son ancienne version");
    let new = tree(&site.root().join("public"), &[]);
    let now = tree(remote, &[]);
    let temp: Vec<&String> = now.keys().filter(|k| k.contains(".ruche-tmp")).collect();
    assert!(temp.is_empty(), "temporary files left: {temp:?}");
    for (path, bytes) in &now {
        assert!(
            Some(bytes) == old.get(path) || Some(bytes) == new.get(path),
            "{path} on the server is neither its old nor its new version"
        );
    }
    let gone: Vec<&String> = old.keys().filter(|k| !now.contains_key(*k)).collect();
    assert!(gone.is_empty(), "removed by a failed publish: {gone:?}");
    assert_eq!(
        std::fs::read(remote.join(MANIFEST)).unwrap(),
        manifest,
        "the manifest was written by a publish that failed"
    );
    now
}

/// The server's host and port in an FTP or SFTP URL.
fn host_of(url: &str) -> String {
    let after = url.split('@').nth(1).unwrap();
    after.split('/').next().unwrap().to_string()
}

#[test]
fn ftp_a_full_disk_or_a_refused_file_leaves_whole_files_and_the_next_publish_finishes() {
    let Some(ftpd) = Ftpd::start_faulty_or_skip() else {
        return;
    };
    let site = site(3);
    let (url, remote, host) = (ftpd.url(), ftpd.remote(), host_of(&ftpd.url()));
    let publish = || {
        let password = ("RUCHE_PUBLISH_PASSWORD", FTP_PASSWORD);
        site.run_in(&ftpd.home(), &["publish", "--to", &url], &[password])
    };
    publish().success();
    let page = "actualites/article-1/index.html";
    let faults = [
        ("ENOSPC", "le serveur a cessé de le recevoir (disque plein"),
        ("EACCES", "Permission denied"),
    ];
    for (version, (code, reason)) in (1..).zip(faults) {
        ftpd.fault(Some((code, page)));
        let fault = Fault {
            host: &host,
            file: page,
            reason,
        };
        let now = publish_into_a_fault(&site, &remote, &publish, &fault, version);
        // The PDF, an asset, went before the page: the fault struck mid-publish.
        assert_eq!(
            now["programme.pdf"], [version; 3000],
            "{code}: the PDF is not new"
        );
        ftpd.fault(None);
        publish().success();
        assert_mirrors(&site, &remote, &[]);
    }
}

#[test]
fn sftp_a_read_only_server_or_a_refused_rename_leaves_whole_files_and_the_next_publish_finishes() {
    let Some(mut sshd) = Sshd::start_or_skip() else {
        return;
    };
    let site = site(3);
    let (url, remote, home) = (sshd.url(), sshd.remote(), sshd.home());
    let host = host_of(&url);
    let publish = || site.run_in(&home, &["publish", "--to", &url], &[]);
    publish().success();
    // Read-only: the first file's temporary name cannot be opened. Renames refused (both
    // kinds): the PDF's temporary file is written whole, then cannot take the PDF's place.
    for (version, options) in (1..).zip(["-R", "-P rename,posix-rename"]) {
        sshd.restart_with_sftp_options(options);
        let fault = Fault {
            host: &host,
            file: "www/programme.pdf",
            reason: "permission refusée",
        };
        let now = publish_into_a_fault(&site, &remote, &publish, &fault, version);
        assert_ne!(
            now["programme.pdf"], [version; 3000],
            "{options}: the PDF was replaced"
        );
        sshd.restart_with_sftp_options("");
        publish().success();
        assert_mirrors(&site, &remote, &[]);
    }
    // No fault, but no `posix-rename` either: each old file is moved aside for the new one.
    sshd.restart_with_sftp_options("-P posix-rename");
    site.rewrite("static/programme.pdf", &[42; 3000]);
    publish().success().stdout_contains("1 remplacé");
    assert_mirrors(&site, &remote, &[]);
}

/// A small RAM disk mounted at a folder, unmounted when dropped: a server's disk that really
/// fills up, which the kernel reports as such (`ENOSPC`) even to root.
struct SmallDisk {
    at: PathBuf,
}

impl SmallDisk {
    /// Mounts a 4 MiB tmpfs at `at` (created empty), or says why not: mounting needs root's
    /// `CAP_SYS_ADMIN`, which `.ci/run` has and a container may not.
    fn mount_or_skip(at: &Path) -> Option<SmallDisk> {
        std::fs::create_dir_all(at).unwrap();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=4m,mode=755", "ruche-test"])
            .arg(at)
            .output()
            .is_ok_and(|o| o.status.success());
        if !mounted {
            support::servers::skip(
                "a small disk cannot be mounted here (mount -t tmpfs needs root)",
            );
            return None;
        }
        Some(SmallDisk { at: at.into() })
    }

    /// Fills every byte left with a file of its own; returns that file.
    fn fill(&self) -> PathBuf {
        let path = self.at.join("bourrage.bin");
        let mut file = std::fs::File::create(&path).unwrap();
        for chunk in [65536, 4096, 1] {
            while file
                .write_all(&vec![0; chunk])
                .and_then(|()| file.flush())
                .is_ok()
            {}
        }
        path
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.at).status();
    }
}

#[test]
fn sftp_a_full_disk_leaves_whole_files_and_the_next_publish_finishes() {
    let Some(sshd) = Sshd::start_or_skip() else {
        return;
    };
    let (url, remote, home) = (sshd.url(), sshd.remote(), sshd.home());
    let Some(disk) = SmallDisk::mount_or_skip(&remote) else {
        return;
    };
    let site = site(3);
    let publish = || site.run_in(&home, &["publish", "--to", &url], &[]);
    publish().success();
    let filler = disk.fill();
    let fault = Fault {
        host: &host_of(&url),
        file: "www/programme.pdf",
        reason: "disque plein",
    };
    let now = publish_into_a_fault(&site, &remote, &publish, &fault, 1);
    assert_ne!(now["programme.pdf"], [1; 3000], "the PDF was replaced");
    std::fs::remove_file(filler).unwrap();
    publish().success();
    assert_mirrors(&site, &remote, &[]);
}
