//! The SSH side of SFTP: the connection, the server's identity, the login.
//!
//! In: the server, the user's home (for `.ssh/known_hosts` and `.ssh/id_*`), site.yaml's
//! `publish.key`. Out: an authenticated russh session, or a [`Fault`] saying what to do: an
//! unknown or changed host key stops the publish with the commands to check and accept it.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use russh::client;
use russh::keys::{HashAlg, PrivateKeyWithHashAlg, PublicKey, PublicKeyOrCertificate};

use crate::publish::remote::Fault;
use crate::publish::target::Server;

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
    let home = home.ok_or_else(|| {
        Fault::fatal("HOME is not set, so ~/.ssh/known_hosts cannot be read to check the server")
    })?;
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
        Err(_) => return Err(Fault::transient("the server did not answer within 20 s")),
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
    let check = format!(
        "check the key with your host (its control panel or support show its fingerprint), then accept it by connecting once with `{ssh}` and answering yes, or with `ssh-keyscan -p {} {} >> {}` after comparing `ssh-keyscan -p {} {} | ssh-keygen -lf -` with the host's fingerprint",
        server.port, server.host, known_hosts.display(), server.port, server.host
    );
    match verdict {
        Some(HostKey::Unknown(fingerprint)) => Fault::fatal(format!(
            "this server is not in {} yet (its key's fingerprint is {fingerprint}), so ruche cannot be sure it is the right one; {check}",
            known_hosts.display()
        )),
        Some(HostKey::Changed { line }) => Fault::fatal(format!(
            "the server's key is NOT the one recorded for {host} at line {line} of {}: someone may be impersonating it, or the host changed its key. Publish nothing until your host confirms a change; then remove the old line with `ssh-keygen -R '{host}'` and {check}",
            known_hosts.display()
        )),
        Some(HostKey::Unreadable(why)) => Fault::fatal(format!(
            "{} cannot be read: {why}",
            known_hosts.display()
        )),
        Some(HostKey::Known) | None => connect_fault(e),
    }
}

/// A connection failure: a refused or unreachable host can come back, so it is retried.
fn connect_fault(e: russh::Error) -> Fault {
    match e {
        russh::Error::IO(io) => Fault::transient(format!("the server cannot be reached: {io}")),
        other => Fault::transient(format!("the SSH connection failed: {other}")),
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
    let mut unreadable = Vec::new();
    if let Some(key) = key {
        if try_key_file(handle, user, key, rsa_hash, &mut unreadable).await? {
            return Ok(());
        }
    }
    if try_agent(handle, user, rsa_hash).await? {
        return Ok(());
    }
    for file in files.iter().filter(|_| key.is_none()) {
        if try_key_file(handle, user, file, rsa_hash, &mut unreadable).await? {
            return Ok(());
        }
    }
    let mut message = format!(
        "the server refused the login of `{user}` with the SSH agent's keys and {}",
        if files.is_empty() {
            "no key file (none found in ~/.ssh/)".to_string()
        } else {
            files
                .iter()
                .map(|f| f.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        }
    );
    for (file, why) in unreadable {
        message.push_str(&format!("; {} could not be used: {why}", file.display()));
    }
    message.push_str("; add your public key (~/.ssh/id_ed25519.pub) to the host's authorized keys (its control panel, or `ssh-copy-id`), or load a key protected by a passphrase with `ssh-add`");
    Err(Fault::fatal(message))
}

async fn try_key_file(
    handle: &mut client::Handle<Checker>,
    user: &str,
    file: &Path,
    rsa_hash: Option<HashAlg>,
    unreadable: &mut Vec<(PathBuf, String)>,
) -> Result<bool, Fault> {
    let key = match russh::keys::load_secret_key(file, None) {
        Ok(key) => key,
        Err(e) => {
            unreadable.push((file.to_path_buf(), e.to_string()));
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
            _ => continue,
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
