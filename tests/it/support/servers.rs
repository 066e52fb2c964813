//! Real servers for the publish tests, on 127.0.0.1 high ports, stopped when dropped: OpenSSH's
//! `sshd` (Debian: openssh-server) with a throw-away host key and user key, and pyftpdlib's
//! FTP server (Debian: python3-pyftpdlib).
//!
//! Where a server is not installed the test prints why and passes, unless
//! `RUCHE_REQUIRE_SERVERS=1` (set by `.ci/run`), which makes it fail instead.

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

#[path = "servers/ftpd.rs"]
mod ftpd;

pub(crate) use ftpd::{Ftpd, FTP_PASSWORD};

const SSHD: &str = "/usr/sbin/sshd";

/// Says why a test is skipped, or fails it under `RUCHE_REQUIRE_SERVERS=1`.
pub(crate) fn skip(why: &str) {
    let required = std::env::var("RUCHE_REQUIRE_SERVERS").is_ok_and(|v| v == "1");
    assert!(!required, "RUCHE_REQUIRE_SERVERS=1 but {why}");
    // Straight to stderr, past the test harness's capture, so a skip is never silent.
    let _ = writeln!(std::io::stderr(), "skipped: {why}");
}

fn free_port() -> u16 {
    let listener = TcpListener::bind(("127.0.0.1", 0)).expect("a free port");
    listener.local_addr().expect("its address").port()
}

fn wait_for_port(child: &mut Child, port: u16) {
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("the server exited before listening: {status}");
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the server never listened"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn run(program: &str, args: &[&str]) {
    let status = Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(status.success(), "{program} {args:?} failed");
}

/// The local user's name (the one the servers let in).
pub(crate) fn user() -> String {
    let out = Command::new("id").arg("-un").output().expect("id -un");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// An OpenSSH server and a client home folder that trusts it and holds the user's key.
pub(crate) struct Sshd {
    dir: tempfile::TempDir,
    /// The port it listens on.
    pub port: u16,
    child: Option<Child>,
}

impl Sshd {
    /// A running sshd, or `None` (after saying why) when OpenSSH's server is not installed.
    pub(crate) fn start_or_skip() -> Option<Sshd> {
        if !Path::new(SSHD).exists() || Command::new("ssh-keygen").arg("-?").output().is_err() {
            skip("OpenSSH's sshd or ssh-keygen is not installed (Debian: apt-get install openssh-server)");
            return None;
        }
        let dir = tempfile::tempdir().expect("a temporary folder");
        let d = dir.path();
        let ssh = d.join("home/.ssh");
        std::fs::create_dir_all(&ssh).unwrap();
        std::fs::create_dir_all(d.join("remote")).unwrap();
        let key = |path: &Path| {
            let path = path.to_str().unwrap();
            run("ssh-keygen", &["-q", "-t", "ed25519", "-N", "", "-f", path]);
        };
        key(&d.join("host_key"));
        key(&ssh.join("id_ed25519"));
        std::fs::copy(ssh.join("id_ed25519.pub"), d.join("authorized_keys")).unwrap();
        let port = free_port();
        let host_pub = std::fs::read_to_string(d.join("host_key.pub")).unwrap();
        let host_pub: Vec<&str> = host_pub.split_whitespace().take(2).collect();
        std::fs::write(
            ssh.join("known_hosts"),
            format!("[127.0.0.1]:{port} {}\n", host_pub.join(" ")),
        )
        .unwrap();
        std::fs::write(
            d.join("sshd_config"),
            format!(
                "Port {port}\nListenAddress 127.0.0.1\nHostKey {d}/host_key\nPidFile {d}/sshd.pid\n\
                 AuthorizedKeysFile {d}/authorized_keys\nStrictModes no\nUsePAM no\n\
                 PasswordAuthentication no\nKbdInteractiveAuthentication no\nPermitRootLogin yes\n\
                 Subsystem sftp internal-sftp\nLogLevel ERROR\n",
                d = d.display()
            ),
        )
        .unwrap();
        // sshd started as root wants its privilege separation folder.
        let _ = std::fs::create_dir_all("/run/sshd");
        let mut sshd = Sshd {
            dir,
            port,
            child: None,
        };
        sshd.restart();
        Some(sshd)
    }

    /// Starts the server again (after [`Sshd::stop`]), same port and keys.
    pub(crate) fn restart(&mut self) {
        let config = self.dir.path().join("sshd_config");
        let mut child = Command::new(SSHD)
            .args(["-D", "-e", "-f"])
            .arg(&config)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("sshd starts");
        wait_for_port(&mut child, self.port);
        self.child = Some(child);
    }

    /// Restarts the server with `options` given to its SFTP server: `-R` (read-only: every
    /// write refused, "permission denied"), `-P posix-rename` (renames refused), or `""`.
    /// Faults a real server gives even to root, whom file permissions do not stop.
    pub(crate) fn restart_with_sftp_options(&mut self, options: &str) {
        let config = self.dir.path().join("sshd_config");
        let text = std::fs::read_to_string(&config).unwrap();
        let text: Vec<String> = text
            .lines()
            .map(|line| match line.starts_with("Subsystem sftp") {
                true => format!("Subsystem sftp internal-sftp {options}"),
                false => line.to_string(),
            })
            .collect();
        std::fs::write(&config, text.join("\n") + "\n").unwrap();
        self.stop();
        self.restart();
    }

    /// Stops the server and every connection it serves.
    pub(crate) fn stop(&mut self) {
        let sessions = self.sessions();
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            for pid in sessions {
                let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            }
            let _ = child.wait();
        }
    }

    /// The processes serving the current connections: sshd forks one per connection, which
    /// forks the one running as the user; both hold the connection's socket.
    pub(crate) fn sessions(&self) -> Vec<u32> {
        let Some(child) = &self.child else {
            return Vec::new();
        };
        let mut found = Vec::new();
        let mut todo = vec![child.id()];
        while let Some(id) = todo.pop() {
            let children = std::fs::read_to_string(format!("/proc/{id}/task/{id}/children"));
            for pid in children.unwrap_or_default().split_whitespace() {
                if let Ok(pid) = pid.parse() {
                    found.push(pid);
                    todo.push(pid);
                }
            }
        }
        found
    }

    /// The client's home folder: `.ssh/id_ed25519` and a `known_hosts` trusting the server.
    pub(crate) fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    /// The folder the server publishes into.
    pub(crate) fn remote(&self) -> PathBuf {
        self.dir.path().join("remote/www")
    }

    /// The target URL for `remote()`.
    pub(crate) fn url(&self) -> String {
        format!(
            "sftp://{}@127.0.0.1:{}{}",
            user(),
            self.port,
            self.remote().display()
        )
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        self.stop();
    }
}
