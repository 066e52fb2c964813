//! pyftpdlib's FTP server for the publish tests: plain, over TLS with a test authority's
//! certificate, or with faults (a full disk, a refused file) the test turns on and off.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use super::{free_port, run, skip, wait_for_port};

/// pyftpdlib's FTP server on one folder, with one user and password.
pub(crate) struct Ftpd {
    dir: tempfile::TempDir,
    port: u16,
    child: Child,
    tls: bool,
}

/// The FTP user's password in the tests.
pub(crate) const FTP_PASSWORD: &str = "s3cret-for-tests";

/// pyftpdlib as a TLS server (`AUTH TLS`, then encrypted commands and data), with the test's
/// certificate: `port root cert key password`.
const FTPS_SERVER: &str = r#"
import sys
from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import TLS_FTPHandler
from pyftpdlib.servers import FTPServer
port, root, cert, key, password = sys.argv[1:]
users = DummyAuthorizer()
users.add_user("coop", password, root, perm="elradfmwMT")
handler = TLS_FTPHandler
handler.certfile, handler.keyfile, handler.authorizer = cert, key, users
handler.tls_control_required = handler.tls_data_required = True
FTPServer(("127.0.0.1", int(port)), handler).serve_forever()
"#;

/// pyftpdlib whose disk can be made full or a file refused, on demand: the file `faults`
/// holds `ENOSPC part-of-a-path` or `EACCES part-of-a-path` while the fault is on. A full disk
/// takes half of the first write of a file, then fails with ENOSPC; a refused file cannot be
/// opened for writing (EACCES). pyftpdlib answers the client as for a real fault: `426 None;
/// transfer aborted.` (pyftpdlib 1.5 loses the errno), `550 Permission denied.`.
/// It also answers `HASH` (draft-bryan-ftpext-hash, SHA-256 only, listed in FEAT), as ProFTPD
/// with mod_digest does and pyftpdlib itself does not.
/// Arguments: `port root faults password`.
const FAULTY_SERVER: &str = r#"
import errno, hashlib, os, sys
from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.filesystems import AbstractedFS
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.servers import FTPServer
port, root, faults, password = sys.argv[1:]

def fault(filename):
    try:
        with open(faults) as f:
            code, part = f.read().split()
    except (OSError, ValueError):
        return None
    return getattr(errno, code) if part in filename else None

class FullDisk:
    def __init__(self, file):
        self.file = file
    def write(self, data):
        self.file.write(data[: len(data) // 2])
        self.file.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    def __getattr__(self, name):
        return getattr(self.file, name)

class FaultyFS(AbstractedFS):
    def open(self, filename, mode):
        code = fault(filename) if "w" in mode else None
        if code == errno.EACCES:
            raise PermissionError(code, os.strerror(code))
        file = super().open(filename, mode)
        return FullDisk(file) if code == errno.ENOSPC else file

class Handler(FTPHandler):
    proto_cmds = dict(FTPHandler.proto_cmds)
    proto_cmds["HASH"] = dict(perm="r", auth=True, arg=True, help="Syntax: HASH <SP> file")
    abstracted_fs = FaultyFS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._extra_feats = self._extra_feats + ["HASH SHA-256*"]

    def ftp_HASH(self, path):
        try:
            with open(path, "rb") as file:
                data = file.read()
        except OSError as err:
            self.respond("550 %s." % os.strerror(err.errno))
            return
        digest = hashlib.sha256(data).hexdigest()
        last = max(len(data) - 1, 0)
        self.respond("213 SHA-256 0-%d %s %s" % (last, digest, self.fs.fs2ftp(path)))

users = DummyAuthorizer()
users.add_user("coop", password, root, perm="elradfmwMT")
Handler.authorizer = users
FTPServer(("127.0.0.1", int(port)), Handler).serve_forever()
"#;

/// Which FTP server to start.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Plain,
    Tls,
    Faulty,
}

impl Ftpd {
    /// A running FTP server, or `None` (after saying why) when pyftpdlib is not installed.
    pub(crate) fn start_or_skip() -> Option<Ftpd> {
        Ftpd::start(Kind::Plain)
    }

    /// A running FTP server whose faults the test turns on with [`Ftpd::fault`], and which
    /// answers `HASH`, or `None` (after saying why) when pyftpdlib is not installed.
    pub(crate) fn start_faulty_or_skip() -> Option<Ftpd> {
        Ftpd::start(Kind::Faulty)
    }

    /// Turns a fault on for the files whose path holds `part` (`ENOSPC`: the disk is full,
    /// `EACCES`: permission denied), or off with `None`.
    pub(crate) fn fault(&self, fault: Option<(&str, &str)>) {
        let file = self.dir.path().join("faults");
        match fault {
            Some((code, part)) => std::fs::write(file, format!("{code} {part}\n")).unwrap(),
            None => std::fs::remove_file(file).unwrap(),
        }
    }

    /// A running FTPS server (explicit TLS) whose certificate is signed by a test authority
    /// ([`Ftpd::ca`]), or `None` (after saying why) when pyftpdlib, pyOpenSSL or openssl are
    /// missing.
    pub(crate) fn start_tls_or_skip() -> Option<Ftpd> {
        Ftpd::start(Kind::Tls)
    }

    fn start(kind: Kind) -> Option<Ftpd> {
        let tls = kind == Kind::Tls;
        let import = if tls {
            "import pyftpdlib, OpenSSL"
        } else {
            "import pyftpdlib"
        };
        let python = ["/usr/bin/python3", "python3"].into_iter().find(|p| {
            Command::new(p)
                .args(["-c", import])
                .output()
                .is_ok_and(|o| o.status.success())
        });
        let openssl = Command::new("openssl").arg("version").output().is_ok();
        let (Some(python), true) = (python, openssl || !tls) else {
            skip("pyftpdlib (and for FTPS pyOpenSSL and openssl) is not installed (Debian: apt-get install python3-pyftpdlib python3-openssl openssl)");
            return None;
        };
        let dir = tempfile::tempdir().expect("a temporary folder");
        let d = dir.path();
        std::fs::create_dir_all(d.join("root")).unwrap();
        std::fs::create_dir_all(d.join("home")).unwrap();
        let port = free_port();
        let mut command = Command::new(python);
        if kind == Kind::Faulty {
            command
                .args(["-c", FAULTY_SERVER, &port.to_string()])
                .arg(d.join("root"))
                .arg(d.join("faults"))
                .arg(FTP_PASSWORD);
        } else if tls {
            certificates(d);
            command
                .args(["-c", FTPS_SERVER, &port.to_string()])
                .arg(d.join("root"));
            command
                .arg(d.join("cert.pem"))
                .arg(d.join("key.pem"))
                .arg(FTP_PASSWORD);
        } else {
            command
                .args([
                    "-m",
                    "pyftpdlib",
                    "-i",
                    "127.0.0.1",
                    "-w",
                    "-u",
                    "coop",
                    "-P",
                    FTP_PASSWORD,
                ])
                .arg("-p")
                .arg(port.to_string())
                .arg("-d")
                .arg(d.join("root"));
        }
        let mut child = command
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("pyftpdlib starts");
        wait_for_port(&mut child, port);
        Some(Ftpd {
            dir,
            port,
            child,
            tls,
        })
    }

    /// The test authority's certificate (PEM), for `RUCHE_PUBLISH_CA`.
    pub(crate) fn ca(&self) -> PathBuf {
        self.dir.path().join("ca.pem")
    }

    /// A home folder for the client (no `.netrc`: the password comes from the environment).
    pub(crate) fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    /// The folder the server publishes into.
    pub(crate) fn remote(&self) -> PathBuf {
        self.dir.path().join("root/www")
    }

    /// The target URL for `remote()`.
    pub(crate) fn url(&self) -> String {
        let scheme = if self.tls { "ftps" } else { "ftp" };
        format!("{scheme}://coop@127.0.0.1:{}/www", self.port)
    }
}

impl Drop for Ftpd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A test authority and a certificate it signs for 127.0.0.1, in `dir`.
fn certificates(dir: &Path) {
    let d = dir.to_str().unwrap();
    std::fs::write(dir.join("ext"), "subjectAltName=IP:127.0.0.1\n").unwrap();
    let steps: [Vec<String>; 3] = [
        "req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=ruche-test-ca -keyout {d}/ca.key -out {d}/ca.pem",
        "req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout {d}/key.pem -out {d}/req.pem",
        "x509 -req -days 2 -in {d}/req.pem -CA {d}/ca.pem -CAkey {d}/ca.key -CAcreateserial -extfile {d}/ext -out {d}/cert.pem",
    ]
    .map(|step| step.replace("{d}", d).split(' ').map(str::to_string).collect());
    for step in steps {
        let args: Vec<&str> = step.iter().map(String::as_str).collect();
        run("openssl", &args);
    }
}
