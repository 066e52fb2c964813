//! `ruche publish` over SFTP with an SSH key protected by a passphrase, against OpenSSH's
//! sshd: without the passphrase, or with a wrong one, the publish stops saying which key and
//! where the passphrase goes; with it (from `RUCHE_KEY_PASSPHRASE`), the site is published.

use crate::publish::{assert_mirrors, site};
use crate::support;

use support::servers::Sshd;

#[test]
fn a_key_with_a_passphrase_is_opened_with_the_one_in_the_environment() {
    let Some(sshd) = Sshd::start_or_skip() else {
        return;
    };
    let site = site(2);
    let (url, home, remote) = (sshd.url(), sshd.home(), sshd.remote());
    let key = home.join(".ssh/id_ed25519");
    // The key the server already trusts, now protected by a throw-away passphrase.
    let changed = std::process::Command::new("ssh-keygen")
        .args(["-q", "-p", "-P", "", "-N", "ruche test phrase", "-f"])
        .arg(&key)
        .output()
        .unwrap();
    assert!(changed.status.success(), "{changed:?}");
    let publish = |env: &[(&str, &str)]| site.run_in(&home, &["publish", "--to", &url], env);
    let host = format!("publication vers 127.0.0.1:{}", sshd.port);

    publish(&[])
        .failure()
        .stderr_contains(&host)
        .stderr_contains(&format!("la clé {} est protégée", key.display()))
        .stderr_contains("RUCHE_KEY_PASSPHRASE");
    publish(&[("RUCHE_KEY_PASSPHRASE", "not the phrase")])
        .failure()
        .stderr_contains(&host)
        .stderr_contains("la phrase de passe de RUCHE_KEY_PASSPHRASE n’ouvre pas la clé");
    assert!(!remote.exists(), "something was sent without a login");

    publish(&[("RUCHE_KEY_PASSPHRASE", "ruche test phrase")]).success();
    assert_mirrors(&site, &remote, &[]);
}
