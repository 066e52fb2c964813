//! `ftp://` and `ftps://` (explicit TLS, `AUTH TLS`): publishing to shared hosts, with suppaftp.
//!
//! In: the server, the user's home (for `.netrc`). Out: the [`Remote`] operations as FTP
//! commands. The password comes from `RUCHE_PUBLISH_PASSWORD`, else from the `.netrc` entry of
//! the host, never from site.yaml. A file is stored under a temporary name, then renamed over
//! the old one (`RNFR`/`RNTO`). A first publish asks for the hashes of files already there
//! with `HASH`, where the server offers it.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use suppaftp::list::File;
use suppaftp::rustls;
use suppaftp::{FtpError, RustlsConnector, RustlsFtpStream, Status};

use super::plan::TEMP_SUFFIX;
use super::remote::{join, parents, root_folders, Fault, Put, Remote};
use super::target::Server;
use crate::t;

/// An FTP session, opened again after a lost connection.
pub struct Ftp {
    server: Server,
    user: String,
    password: String,
    stream: Option<RustlsFtpStream>,
    root_made: bool,
}

impl Ftp {
    /// Finds the credentials, connects and logs in.
    pub fn connect(server: Server, home: Option<PathBuf>) -> Result<Ftp, Fault> {
        let netrc = home
            .map(|h| h.join(".netrc"))
            .filter(|p| p.exists())
            .and_then(|p| netrc::Netrc::from_file(&p).ok())
            .and_then(|n| n.hosts.get(&server.host).cloned());
        let user = server
            .user
            .clone()
            .or_else(|| {
                netrc
                    .as_ref()
                    .map(|n| n.login.clone())
                    .filter(|l| !l.is_empty())
            })
            .ok_or_else(|| Fault::fatal(t!("publish-no-user", scheme = "ftp")))?;
        let password = std::env::var("RUCHE_PUBLISH_PASSWORD")
            .ok()
            .or_else(|| netrc.map(|n| n.password))
            .ok_or_else(|| {
                Fault::fatal(t!(
                    "publish-ftp-no-password",
                    user = user,
                    host = server.host
                ))
            })?;
        let mut ftp = Ftp {
            server,
            user,
            password,
            stream: None,
            root_made: false,
        };
        ftp.reconnect()?;
        Ok(ftp)
    }

    fn stream(&mut self) -> Result<&mut RustlsFtpStream, Fault> {
        self.stream
            .as_mut()
            .ok_or_else(|| Fault::transient(t!("publish-connection-lost")))
    }

    fn path(&self, rel: &str) -> String {
        join(&self.server.path, rel)
    }

    fn open(&self) -> Result<RustlsFtpStream, Fault> {
        let addr = format!("{}:{}", self.server.host, self.server.port);
        let mut stream = RustlsFtpStream::connect(addr.as_str())
            .map_err(|e| Fault::transient(t!("publish-unreachable", reason = e.to_string())))?;
        if self.server.tls {
            let config = tls_config()?;
            stream = stream
                .into_secure(RustlsConnector::from(Arc::new(config)), &self.server.host)
                .map_err(|e| Fault::fatal(t!("publish-tls-failed", reason = e.to_string())))?;
        }
        let timeout = Some(Duration::from_secs(60));
        let _ = stream.get_ref().set_read_timeout(timeout);
        let _ = stream.get_ref().set_write_timeout(timeout);
        stream
            .login(&self.user, &self.password)
            .map_err(|e| match e {
                FtpError::UnexpectedResponse(_) => {
                    Fault::fatal(t!("publish-ftp-login-refused", user = self.user))
                }
                other => fault(other, ""),
            })?;
        stream
            .transfer_type(suppaftp::types::FileType::Binary)
            .map_err(|e| fault(e, ""))?;
        Ok(stream)
    }
}

impl Remote for Ftp {
    fn reconnect(&mut self) -> Result<(), Fault> {
        if let Some(mut old) = self.stream.take() {
            let _ = old.quit();
        }
        self.stream = Some(self.open()?);
        Ok(())
    }

    fn read(&mut self, rel: &str) -> Result<Option<Vec<u8>>, Fault> {
        let path = self.path(rel);
        match self.stream()?.retr_as_buffer(&path) {
            Ok(bytes) => Ok(Some(bytes.into_inner())),
            Err(FtpError::UnexpectedResponse(r)) if r.status == Status::FileUnavailable => Ok(None),
            Err(e) => Err(fault(e, &path)),
        }
    }

    fn sizes(&mut self) -> Result<BTreeMap<String, u64>, Fault> {
        let root = self.server.path.clone();
        let mut sizes = BTreeMap::new();
        let mut folders = vec![String::new()];
        while let Some(rel) = folders.pop() {
            let dir = if rel.is_empty() {
                root.clone()
            } else {
                join(&root, &rel)
            };
            let dir = if dir.is_empty() { ".".to_string() } else { dir };
            let lines = match self.stream()?.mlsd(Some(&dir)) {
                Ok(lines) => lines,
                // The target folder does not exist yet: nothing is published (servers say so
                // with 550, or 501 for pyftpdlib).
                Err(FtpError::UnexpectedResponse(r))
                    if rel.is_empty()
                        && matches!(r.status, Status::FileUnavailable | Status::BadArguments) =>
                {
                    return Ok(sizes)
                }
                Err(e) => return Err(fault(e, &dir)),
            };
            for line in lines {
                let Ok(file) = File::from_mlsx_line(&line) else {
                    continue;
                };
                let name = file.name();
                if name == "." || name == ".." {
                    continue;
                }
                let path = if rel.is_empty() {
                    name.to_string()
                } else {
                    format!("{rel}/{name}")
                };
                if file.is_directory() {
                    folders.push(path);
                } else if file.is_file() {
                    sizes.insert(path, file.size() as u64);
                }
            }
        }
        Ok(sizes)
    }

    /// With `HASH` (draft-bryan-ftpext-hash), where the server lists SHA-256 for it in FEAT:
    /// ProFTPD's mod_digest, for one; not vsftpd, Pure-FTPd or pyftpdlib. A file the server
    /// will not hash is left out (its size alone decides).
    fn hashes(&mut self, paths: &[String]) -> Result<BTreeMap<String, String>, Fault> {
        let mut hashes = BTreeMap::new();
        let root = self.server.path.clone();
        let stream = self.stream()?;
        if paths.is_empty() || !offers_sha256(stream)? {
            return Ok(hashes);
        }
        for rel in paths {
            let path = join(&root, rel);
            match stream.custom_command(format!("HASH {path}"), &[Status::File]) {
                Ok(answer) => {
                    if let Some(hash) = sha256_of(&String::from_utf8_lossy(&answer.body)) {
                        hashes.insert(rel.clone(), hash);
                    }
                }
                Err(FtpError::UnexpectedResponse(_)) => {}
                Err(e) => return Err(fault(e, &path)),
            }
        }
        Ok(hashes)
    }

    fn put(&mut self, files: &[Put], done: &mut dyn FnMut(u64)) -> Result<(), Fault> {
        let root = self.server.path.clone();
        if !std::mem::replace(&mut self.root_made, true) {
            let stream = self.stream()?;
            // Existing folders refuse to be made again: that refusal is expected.
            for dir in root_folders(&root) {
                let _ = stream.mkdir(&dir);
            }
        }
        for put in files {
            let data = put.source.read()?;
            let path = join(&root, &put.path);
            let temp = format!("{path}{TEMP_SUFFIX}");
            let stream = self.stream()?;
            let stored = match store(stream, &temp, &data) {
                Err(FtpError::UnexpectedResponse(r)) if r.status == Status::FileUnavailable => {
                    // The folder is new: make it (and those above it), then store again.
                    for dir in parents(&put.path) {
                        let _ = stream.mkdir(join(&root, dir));
                    }
                    store(stream, &temp, &data)
                }
                other => other,
            };
            let placed = stored.and_then(|()| stream.rename(&temp, &path));
            if let Err(e) = placed {
                let fault = fault(e, &path);
                // Refused (a full disk, a permission): the cut-short temporary file goes, so
                // nothing but whole files stays. After a lost connection the retry writes it again.
                if !fault.transient {
                    let _ = stream.rm(&temp);
                }
                return Err(fault);
            }
            done(data.len() as u64);
        }
        Ok(())
    }

    fn remove(&mut self, paths: &[String]) -> Result<(), Fault> {
        let root = self.server.path.clone();
        let stream = self.stream()?;
        for rel in paths {
            let path = join(&root, rel);
            match stream.rm(&path) {
                Ok(()) => {}
                Err(FtpError::UnexpectedResponse(r)) if r.status == Status::FileUnavailable => {}
                Err(e) => return Err(fault(e, &path)),
            }
            // Folders left empty go too; a folder still holding anything refuses.
            for dir in parents(rel).collect::<Vec<_>>().into_iter().rev() {
                if stream.rmdir(join(&root, dir)).is_err() {
                    break;
                }
            }
        }
        Ok(())
    }
}

/// Whether the server hashes files with SHA-256 (its FEAT lists `HASH …SHA-256…`), chosen
/// with `OPTS HASH SHA-256` when it is not the server's current algorithm (marked `*`).
fn offers_sha256(stream: &mut RustlsFtpStream) -> Result<bool, Fault> {
    let features = match stream.feat() {
        Ok(features) => features,
        // No FEAT, or one suppaftp cannot read: no HASH either.
        Err(FtpError::UnexpectedResponse(_) | FtpError::BadResponse) => return Ok(false),
        Err(e) => return Err(fault(e, "")),
    };
    let hash = features
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("HASH"));
    let Some((_, Some(algorithms))) = hash else {
        return Ok(false);
    };
    let sha256 = algorithms
        .split(';')
        .find(|a| a.trim_end_matches('*').eq_ignore_ascii_case("SHA-256"));
    Ok(match sha256 {
        Some(current) if current.ends_with('*') => true,
        Some(_) => stream.opts("HASH", Some("SHA-256")).is_ok(),
        None => false,
    })
}

/// The hash in an answer to `HASH`: `213 SHA-256 0-1234 <hex> <file name>`.
fn sha256_of(answer: &str) -> Option<String> {
    let mut words = answer
        .split_whitespace()
        .skip_while(|w| !w.eq_ignore_ascii_case("SHA-256"))
        .skip(2);
    let hash = words.next()?;
    let hex = hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit());
    hex.then(|| hash.to_ascii_lowercase())
}

/// TLS settings for FTPS: the usual public authorities (Mozilla's list), plus those of the
/// PEM file named by `RUCHE_PUBLISH_CA`, for a server whose certificate comes from a private
/// authority (a federation's own server).
fn tls_config() -> Result<rustls::ClientConfig, Fault> {
    use rustls::pki_types::{pem::PemObject, CertificateDer};
    let mut roots =
        rustls::RootCertStore::from_iter(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    if let Some(file) = std::env::var_os("RUCHE_PUBLISH_CA") {
        let unreadable = |e: &dyn std::fmt::Display| {
            Fault::fatal(t!(
                "publish-ca-unreadable",
                file = PathBuf::from(&file),
                reason = e.to_string()
            ))
        };
        let certificates = CertificateDer::pem_file_iter(&file).map_err(|e| unreadable(&e))?;
        for certificate in certificates {
            let certificate = certificate.map_err(|e| unreadable(&e))?;
            roots.add(certificate).map_err(|e| unreadable(&e))?;
        }
    }
    // ring, named rather than left to rustls to pick: the one crypto provider in the tree.
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    // TLS 1.2 only: over TLS 1.3 (rustls 0.23, suppaftp 6.3), an upload of 184 kB or more
    // reached pyftpdlib cut short, every time, while Python's own FTPS client stored it whole;
    // over TLS 1.2 it arrives whole (tests/it/publish.rs sends 300 kB). FTP hosts that offer
    // TLS offer 1.2.
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS12])
        .map_err(|e| Fault::fatal(t!("publish-tls-setup", reason = e.to_string())))?;
    Ok(config.with_root_certificates(roots).with_no_client_auth())
}

/// An FTP error as a fault: a refusal is final, a broken connection is worth a retry.
fn fault(e: FtpError, path: &str) -> Fault {
    let fault = match e {
        FtpError::UnexpectedResponse(r) => {
            let text = String::from_utf8_lossy(&r.body).trim().to_string();
            match r.status {
                Status::ExceededStorage | Status::RequestedActionNotTaken => {
                    Fault::fatal(t!("publish-server-full", answer = text))
                }
                Status::FileUnavailable | Status::BadFilename => {
                    Fault::fatal(t!("publish-server-refused", answer = text))
                }
                // Said when the data stopped arriving whole: pyftpdlib, for one, gives a full
                // disk no other answer (`426 … transfer aborted`).
                Status::TransferAborted => {
                    Fault::fatal(t!("publish-server-aborted", answer = text))
                }
                Status::NotAvailable => {
                    Fault::transient(t!("publish-server-closed", answer = text))
                }
                _ => Fault::fatal(t!("publish-server-answered", answer = text)),
            }
        }
        FtpError::ConnectionError(io) => {
            Fault::transient(t!("publish-connection-failed", reason = io.to_string()))
        }
        FtpError::BadResponse => Fault::transient(t!("publish-answer-cut-short")),
        other => Fault::fatal(other.to_string()),
    };
    if path.is_empty() {
        fault
    } else {
        fault.on(path)
    }
}

/// Stores `data` as `path`, flushing the data connection before it is closed: suppaftp's
/// `put_file` leaves the flush of a TLS data connection to its `Drop`, which only logs a
/// failed write; here it is an error naming the file.
fn store(stream: &mut RustlsFtpStream, path: &str, data: &[u8]) -> Result<(), FtpError> {
    use std::io::Write;
    let mut upload = stream.put_with_stream(path)?;
    let written = upload.write_all(data).and_then(|()| upload.flush());
    // A server that stops taking the data (its disk is full) closes the data connection and
    // says why on the control one: its answer tells more than the broken pipe.
    let answer = stream.finalize_put_stream(upload);
    match (written, answer) {
        (Ok(()), answer) => answer,
        (Err(_), Err(refused @ FtpError::UnexpectedResponse(_))) => Err(refused),
        (Err(e), _) => Err(FtpError::ConnectionError(e)),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_hash_is_read_from_the_answer_to_hash() {
        let hex = "3a".repeat(32);
        let answer = format!("213 SHA-256 0-49 {hex} /www/a b.html");
        assert_eq!(super::sha256_of(&answer), Some(hex.clone()));
        assert_eq!(super::sha256_of(&format!("213 MD5 0-49 {hex} x")), None);
        assert_eq!(super::sha256_of("213 SHA-256 0-49 not-hex x"), None);
    }
}
