//! The SSH side of SFTP: the connection, the server's identity, the login.
//!
//! In: the server, the user's home (for `.ssh/known_hosts` and `.ssh/id_*`), site.yaml's
//! `publish.key`, and `RUCHE_KEY_PASSPHRASE` for a key file protected by a passphrase.
//! Out: an authenticated russh session, or a [`Fault`] saying what to do: an unknown or
//! changed host key stops the publish with the commands to check and accept it; a key that
//! no passphrase opens is named, with where the passphrase goes.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use russh::client;
use russh::keys::{HashAlg, PrivateKeyWithHashAlg, PublicKey, PublicKeyOrCertificate};

use crate::publish::remote::Fault;
use crate::publish::target::Server;
use crate::t;

/// What the server's key turned out to be, kept by the handler for the error message.
#[derive(Debug, Clone)]
enum HostKey {
    Known,
    Unknown(String),
    Changed { line: usize },
    Unreadable(String),
}

/// Checks the server's key against known_hosts.
pub(crate) struct Checker {
    host: String,
    port: u16,
    known_hosts: PathBuf,
    seen: Arc<Mutex<Option<HostKey>>>,
}

impl client::Handler for Checker {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        key: &PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        let key = key.public_key();
        let found =
            russh::keys::check_known_hosts_path(&self.host, self.port, &key, &self.known_hosts);
        let verdict = match found {
            Ok(true) => HostKey::Known,
            Ok(false) => HostKey::Unknown(key.fingerprint(HashAlg::Sha256).to_string()),
            Err(russh::keys::Error::KeyChanged { line }) => HostKey::Changed { line },
            Err(e) => HostKey::Unreadable(e.to_string()),
        };
        let ok = matches!(verdict, HostKey::Known);
        if let Ok(mut seen) = self.seen.lock() {
            *seen = Some(verdict);
        }
        Ok(ok)
    }
}

/// Connects, checks the host key, logs in.
pub(crate) async fn open(
    server: &Server,
    user: &str,
    home: Option<&Path>,
    key: Option<&Path>,
) -> Result<client::Handle<Checker>, Fault> {
    let home = home.ok_or_else(|| Fault::fatal(t!("publish-no-home")))?;
    let seen = Arc::new(Mutex::new(None));
    let checker = Checker {
        host: server.host.clone(),
        port: server.port,
        known_hosts: home.join(".ssh/known_hosts"),
        seen: seen.clone(),
    };
    let config = Arc::new(client::Config {
        inactivity_timeout: Some(Duration::from_secs(60)),
        nodelay: true,
        ..client::Config::default()
    });
    let addr = (server.host.as_str(), server.port);
    let connecting = client::connect(config, addr, checker);
    let result = tokio::time::timeout(Duration::from_secs(20), connecting).await;
    let mut handle = match result {
        Ok(Ok(handle)) => handle,
        Ok(Err(e)) => {
            let verdict = seen.lock().ok().and_then(|s| s.clone());
            return Err(host_key_fault(
                server,
                &home.join(".ssh/known_hosts"),
                verdict,
                e,
            ));
        }
        Err(_) => return Err(Fault::transient(t!("publish-no-answer", seconds = 20))),
    };
    login(&mut handle, user, home, key).await?;
    Ok(handle)
}

fn host_key_fault(
    server: &Server,
    known_hosts: &Path,
    verdict: Option<HostKey>,
    e: russh::Error,
) -> Fault {
    let host = if server.port == 22 {
        server.host.clone()
    } else {
        format!("[{}]:{}", server.host, server.port)
    };
    let ssh = if server.port == 22 {
        format!("ssh {}", server.host)
    } else {
        format!("ssh -p {} {}", server.port, server.host)
    };
    let check = t!(
        "publish-host-key-check",
        ssh = ssh,
        port = server.port,
        host = server.host,
        known_hosts = known_hosts
    );
    match verdict {
        Some(HostKey::Unknown(fingerprint)) => Fault::fatal(t!(
            "publish-host-key-unknown",
            known_hosts = known_hosts,
            fingerprint = fingerprint,
            check = check
        )),
        Some(HostKey::Changed { line }) => Fault::fatal(t!(
            "publish-host-key-changed",
            host = host,
            line = line,
            known_hosts = known_hosts,
            check = check
        )),
        Some(HostKey::Unreadable(why)) => Fault::fatal(t!(
            "publish-known-hosts-unreadable",
            known_hosts = known_hosts,
            reason = why
        )),
        Some(HostKey::Known) | None => connect_fault(e),
    }
}

/// A connection failure: a refused or unreachable host can come back, so it is retried.
fn connect_fault(e: russh::Error) -> Fault {
    match e {
        russh::Error::IO(io) => {
            Fault::transient(t!("publish-unreachable", reason = io.to_string()))
        }
        other => Fault::transient(t!("publish-ssh-failed", reason = other.to_string())),
    }
}

/// Tries site.yaml's key, then the SSH agent, then `~/.ssh/id_ed25519`, `id_ecdsa`, `id_rsa`.
async fn login(
    handle: &mut client::Handle<Checker>,
    user: &str,
    home: &Path,
    key: Option<&Path>,
) -> Result<(), Fault> {
    let rsa_hash = handle
        .best_supported_rsa_hash()
        .await
        .ok()
        .flatten()
        .flatten();
    let files: Vec<PathBuf> = match key {
        Some(key) => vec![key.to_path_buf()],
        None => ["id_ed25519", "id_ecdsa", "id_rsa"]
            .iter()
            .map(|name| home.join(".ssh").join(name))
            .filter(|p| p.exists())
            .collect(),
    };
    let passphrase = std::env::var(PASSPHRASE).ok().filter(|p| !p.is_empty());
    let passphrase = passphrase.as_deref();
    let mut unreadable = Vec::new();
    if let Some(key) = key {
        if try_key_file(handle, user, key, passphrase, rsa_hash, &mut unreadable).await? {
            return Ok(());
        }
    }
    if try_agent(handle, user, rsa_hash).await? {
        return Ok(());
    }
    for file in files.iter().filter(|_| key.is_none()) {
        if try_key_file(handle, user, file, passphrase, rsa_hash, &mut unreadable).await? {
            return Ok(());
        }
    }
    // A key that could not be opened is the likelier cause than the server's refusal.
    if let Some((_, locked)) = unreadable.iter().find(|(_, trouble)| trouble.locked) {
        return Err(Fault::fatal(locked.why.clone()));
    }
    let keys = if files.is_empty() {
        t!("publish-ssh-no-key-file")
    } else {
        let shown = |file: &PathBuf| match unreadable.iter().find(|(f, _)| f == file) {
            Some((_, trouble)) => {
                t!(
                    "publish-ssh-key-unusable",
                    file = file,
                    reason = &trouble.why
                )
            }
            None => file.display().to_string(),
        };
        files.iter().map(shown).collect::<Vec<_>>().join(", ")
    };
    Err(Fault::fatal(t!(
        "publish-ssh-login-refused",
        user = user,
        keys = keys
    )))
}

/// The environment variable holding the passphrase of an encrypted key file: never site.yaml,
/// which is shared with the repository.
const PASSPHRASE: &str = "RUCHE_KEY_PASSPHRASE";

/// Why a key file could not be used.
struct Trouble {
    /// Encrypted, and no passphrase (or not the right one) to open it.
    locked: bool,
    /// What to tell the user.
    why: String,
}

/// Reads a key file, opening an encrypted one with the passphrase of [`PASSPHRASE`].
fn load_key(file: &Path, passphrase: Option<&str>) -> Result<russh::keys::PrivateKey, Trouble> {
    let other = |e: russh::keys::Error| Trouble {
        locked: false,
        why: e.to_string(),
    };
    let locked = |why: String| Trouble { locked: true, why };
    match (russh::keys::load_secret_key(file, None), passphrase) {
        (Err(russh::keys::Error::KeyIsEncrypted), None) => Err(locked(t!(
            "publish-ssh-key-encrypted",
            file = file,
            variable = PASSPHRASE
        ))),
        (Err(russh::keys::Error::KeyIsEncrypted), Some(passphrase)) => {
            russh::keys::load_secret_key(file, Some(passphrase)).map_err(|_| {
                locked(t!(
                    "publish-ssh-key-wrong-passphrase",
                    file = file,
                    variable = PASSPHRASE
                ))
            })
        }
        (loaded, _) => loaded.map_err(other),
    }
}

async fn try_key_file(
    handle: &mut client::Handle<Checker>,
    user: &str,
    file: &Path,
    passphrase: Option<&str>,
    rsa_hash: Option<HashAlg>,
    unreadable: &mut Vec<(PathBuf, Trouble)>,
) -> Result<bool, Fault> {
    let key = match load_key(file, passphrase) {
        Ok(key) => key,
        Err(trouble) => {
            unreadable.push((file.to_path_buf(), trouble));
            return Ok(false);
        }
    };
    let key = PrivateKeyWithHashAlg::new(Arc::new(key), rsa_hash);
    match handle.authenticate_publickey(user, key).await {
        Ok(result) => Ok(result.success()),
        Err(e) => Err(connect_fault(e)),
    }
}

/// The agent's keys; no agent (no `SSH_AUTH_SOCK`) is no fault.
async fn try_agent(
    handle: &mut client::Handle<Checker>,
    user: &str,
    rsa_hash: Option<HashAlg>,
) -> Result<bool, Fault> {
    let Ok(mut agent) = russh::keys::agent::client::AgentClient::connect_env().await else {
        return Ok(false);
    };
    let Ok(identities) = agent.request_identities().await else {
        return Ok(false);
    };
    for identity in identities {
        let key: PublicKey = match identity {
            russh::keys::agent::AgentIdentity::PublicKey { key, .. } => key,
            russh::keys::agent::AgentIdentity::Certificate { .. } => continue,
        };
        let hash = key.algorithm().is_rsa().then_some(rsa_hash).flatten();
        if let Ok(result) = handle
            .authenticate_publickey_with(user, key, hash, &mut agent)
            .await
        {
            if result.success() {
                return Ok(true);
            }
        }
    }
    Ok(false)
}
