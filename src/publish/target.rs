//! Where a site is published: `sftp://user@host[:port]/path`, `ftp://…`, `ftps://…` (explicit
//! TLS) or `file:///folder`.
//!
//! In: the URL text (site.yaml's `publish.to` or `--to`). Out: a [`Target`], or a sentence
//! saying what is wrong with it. A password in the URL is refused: site.yaml is shared with the
//! repository, and a command line is kept in the shell's history.

use std::fmt;
use std::path::PathBuf;

use crate::t;

/// An SSH or FTP server and the folder on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    /// The login name (for SFTP, the local user's name when the URL has none).
    pub user: Option<String>,
    /// Host name or address.
    pub host: String,
    /// Port (22 for SFTP, 21 for FTP by default).
    pub port: u16,
    /// The folder: absolute (`/var/www`), or relative to the login folder (`www`, written
    /// `/~/www` in the URL); empty for the login folder itself.
    pub path: String,
    /// FTPS: TLS asked for with `AUTH TLS` before logging in.
    pub tls: bool,
}

/// A publishing target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `sftp://`.
    Sftp(Server),
    /// `ftp://` or `ftps://`.
    Ftp(Server),
    /// `file:///folder`.
    Folder(PathBuf),
}

impl Target {
    /// Parses a target URL.
    pub fn parse(text: &str) -> Result<Target, String> {
        let url = url::Url::parse(text.trim()).map_err(invalid)?;
        if url.password().is_some() {
            return Err(t!("publish-target-password"));
        }
        let scheme = url.scheme();
        if scheme == "file" {
            return url
                .to_file_path()
                .map(Target::Folder)
                .map_err(|()| t!("publish-target-relative-folder"));
        }
        let (default_port, tls) = match scheme {
            "sftp" => (22, false),
            "ftp" => (21, false),
            "ftps" => (21, true),
            other => return Err(t!("publish-target-scheme", scheme = other)),
        };
        let host = url
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or_else(|| t!("publish-target-no-host"))?;
        let host = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        let decode = |s: &str| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8_lossy()
                .into_owned()
        };
        let user = Some(decode(url.username())).filter(|u| !u.is_empty());
        let path = decode(url.path());
        let path = match path.strip_prefix("/~") {
            Some(rest) => rest.trim_start_matches('/').to_string(),
            None => path,
        };
        let path = if path == "/" { String::new() } else { path };
        let server = Server {
            user,
            host,
            port: url.port().unwrap_or(default_port),
            path: path.trim_end_matches('/').to_string(),
            tls,
        };
        Ok(if scheme == "sftp" {
            Target::Sftp(server)
        } else {
            Target::Ftp(server)
        })
    }

    /// The host's name for messages (`host`, `host:port`, or the folder).
    pub fn host(&self) -> String {
        match self {
            Target::Folder(path) => path.display().to_string(),
            Target::Sftp(s) | Target::Ftp(s) => s.host_port(),
        }
    }
}

/// Why a text is no URL: the usual mistakes in the user's language, the rest as the URL
/// parser says them.
fn invalid(e: url::ParseError) -> String {
    match e {
        url::ParseError::RelativeUrlWithoutBase => t!("publish-target-no-scheme"),
        url::ParseError::EmptyHost => t!("publish-target-no-host"),
        url::ParseError::InvalidPort => t!("publish-target-port"),
        other => t!("publish-target-invalid", reason = other.to_string()),
    }
}

impl Server {
    /// `host` or `host:port` when the port is not the protocol's usual one.
    pub fn host_port(&self) -> String {
        if self.port == 22 || self.port == 21 {
            self.host.clone()
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (scheme, s) = match self {
            Target::Folder(path) => return write!(f, "{}", path.display()),
            Target::Sftp(s) => ("sftp", s),
            Target::Ftp(s) => (if s.tls { "ftps" } else { "ftp" }, s),
        };
        let user = s
            .user
            .as_deref()
            .map(|u| format!("{u}@"))
            .unwrap_or_default();
        let path = if s.path.starts_with('/') {
            s.path.clone()
        } else {
            format!("/~/{}", s.path)
        };
        write!(f, "{scheme}://{user}{}{path}", s.host_port())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_become_targets() {
        let t = Target::parse("sftp://coop@example.org:2222/var/www/").unwrap();
        let Target::Sftp(s) = &t else { panic!("{t:?}") };
        assert_eq!(
            (s.user.as_deref(), s.host.as_str(), s.port, s.path.as_str()),
            (Some("coop"), "example.org", 2222, "/var/www")
        );
        assert_eq!(t.to_string(), "sftp://coop@example.org:2222/var/www");
        let Target::Sftp(s) = Target::parse("sftp://h/~/www").unwrap() else {
            panic!()
        };
        assert_eq!((s.path.as_str(), s.port, s.user), ("www", 22, None));
        let Target::Ftp(s) = Target::parse("ftps://u@h/site").unwrap() else {
            panic!()
        };
        assert!(s.tls && s.port == 21);
        assert_eq!(
            Target::parse("file:///srv/www").unwrap(),
            Target::Folder("/srv/www".into())
        );
    }

    #[test]
    fn passwords_and_unknown_schemes_are_refused() {
        let err = Target::parse("ftp://u:secret@h/site").unwrap_err();
        assert!(err.contains("password"), "{err}");
        assert!(Target::parse("http://h/").is_err());
        assert!(Target::parse("sftp:///nohost").is_err());
        let err = Target::parse("www.example.org").unwrap_err();
        assert!(err.contains("does not start with"), "{err}");
        let err = Target::parse("sftp://h:99999/x").unwrap_err();
        assert!(err.contains("port"), "{err}");
    }
}
