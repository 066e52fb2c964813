//! site.yaml's `publish:` → [`Publish`]: where `ruche publish` sends the site.
//!
//! In: the key as written. Out: the target URL and the SSH key's path, resolved; a password in
//! the URL is an error that says why (site.yaml is shared with the repository).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::Result;
use crate::yaml::Yaml;

/// site.yaml's `publish:` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPublish {
    to: String,
    key: Option<PathBuf>,
}

/// Where `ruche publish` sends the site (site.yaml's `publish:`). Never a password: site.yaml
/// is shared with the repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publish {
    /// The target URL: `sftp://user@host/path`, `ftp://`, `ftps://`, `file:///path`.
    pub to: String,
    /// An SSH private key file (`~/` is the home folder; relative paths start at the site).
    pub key: Option<PathBuf>,
}

/// Refuses a password in `publish.to` (site.yaml is shared with the repository: whoever reads
/// the repository would read it) and resolves the key's path.
pub(super) fn resolve_publish(root: &Path, raw: RawPublish, yaml: &Yaml) -> Result<Publish> {
    let has_password = url::Url::parse(raw.to.trim()).is_ok_and(|u| u.password().is_some());
    if has_password {
        return Err(yaml
            .error_at_key("publish", crate::t!("publish-password-in-site"))
            .hint(crate::t!("publish-password-in-site-hint"))
            .into());
    }
    let key = raw.key.map(|key| match key.strip_prefix("~") {
        Ok(rest) => std::env::var_os("HOME").map_or(key.clone(), |h| PathBuf::from(h).join(rest)),
        Err(_) => root.join(&key),
    });
    Ok(Publish { to: raw.to, key })
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use std::path::{Path, PathBuf};

    #[test]
    fn a_password_in_the_publish_target_is_refused_and_says_why() {
        let base = "title: T\nbase_url: https://x.org\n";
        let err = Config::parse(
            Path::new("/site"),
            &format!("{base}publish:\n  to: ftp://coop:secret@ftp.x.org/www\n"),
        )
        .unwrap_err();
        let d = &err.diagnostics[0];
        assert_eq!(d.line, 3);
        assert!(
            d.message.contains("shared with the repository"),
            "{}",
            d.message
        );
        assert!(d
            .hint
            .as_deref()
            .unwrap_or("")
            .contains("RUCHE_PUBLISH_PASSWORD"));
        let c = Config::parse(
            Path::new("/site"),
            &format!("{base}publish: {{to: sftp://coop@x.org/www, key: keys/id}}\n"),
        )
        .unwrap();
        let p = c.publish.unwrap();
        assert_eq!(p.to, "sftp://coop@x.org/www");
        assert_eq!(p.key, Some(PathBuf::from("/site/keys/id")));
        assert!(Config::parse(
            Path::new("/site"),
            &format!("{base}publish: {{to: file:///x, password: y}}\n")
        )
        .is_err());
    }
}
