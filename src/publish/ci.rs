//! `ruche init --ci github|gitlab|forgejo`: a workflow that builds and publishes the site on
//! every push and once a day, so scheduled pages go live on their date and upcoming events
//! become past ones without anyone touching anything.
//!
//! In: the site's folder and the CI service. Out: the workflow file written there (never over
//! an existing one). Secrets come from the CI's secret store: `RUCHE_SSH_KEY` and
//! `RUCHE_KNOWN_HOSTS` for SFTP, `RUCHE_PUBLISH_PASSWORD` for FTP(S).
//!
//! The workflow installs the very ruche that wrote it, the way it was installed here, as read
//! from the record `cargo install` keeps beside its `bin/` folder ([`Install`]). Never a bare
//! `cargo install ruche`: the crate of that name on crates.io is another program, and the
//! workflow runs with the site's publishing secrets.

use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Result};
use crate::fsx;

/// The CI services ruche writes a workflow for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Ci {
    /// GitHub Actions: `.github/workflows/publish.yml`.
    Github,
    /// GitLab CI: `.gitlab-ci.yml`.
    Gitlab,
    /// Forgejo (and Gitea) Actions: `.forgejo/workflows/publish.yml`.
    Forgejo,
}

impl Ci {
    /// Where the workflow goes, relative to the site's folder.
    pub fn file(self) -> &'static str {
        match self {
            Ci::Github => ".github/workflows/publish.yml",
            Ci::Gitlab => ".gitlab-ci.yml",
            Ci::Forgejo => ".forgejo/workflows/publish.yml",
        }
    }

    fn text(self, install: &Install) -> String {
        let steps = format!(
            "{PRELUDE}\ntest -x .ruche/bin/ruche || {}\n{STEPS}",
            install.command()
        );
        match self {
            Ci::Github | Ci::Forgejo => actions(self == Ci::Forgejo, &steps, &install.key()),
            Ci::Gitlab => gitlab(&steps, &install.key()),
        }
    }
}

/// Where the CI gets ruche: from the same place, at the same version, as the ruche writing the
/// workflow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Install {
    /// `cargo install --git URL`: the same commit of that public repository.
    Git {
        /// The repository's address (`https://` only: the CI must reach it without keys).
        url: String,
        /// The commit that was built, 40 hexadecimal digits.
        rev: String,
    },
    /// `cargo install ruche` from crates.io: the same version.
    Registry {
        /// The version that was installed.
        version: String,
    },
}

impl Install {
    /// The shell line that installs it into `.ruche/bin/`, the folder the CI keeps between
    /// runs (building ruche takes minutes; the daily run should not pay them each time).
    fn command(&self) -> String {
        match self {
            Install::Git { url, rev } => {
                format!("cargo install --locked --root .ruche --git {url} --rev {rev} ruche")
            }
            Install::Registry { version } => {
                format!("cargo install --locked --root .ruche ruche --version ={version}")
            }
        }
    }

    /// The name of the CI's cache of `.ruche/`: a new ruche, a new cache.
    fn key(&self) -> String {
        match self {
            Install::Git { rev, .. } => format!("ruche-{rev}"),
            Install::Registry { version } => format!("ruche-{version}"),
        }
    }

    /// How the running ruche was installed, from the `.crates2.json` that `cargo install`
    /// writes in the folder above `bin/`. `workflow` is the file the error names.
    pub fn of_this_program(workflow: &Path) -> Result<Install> {
        let exe = std::env::current_exe().unwrap_or_default();
        let record = exe
            .parent()
            .and_then(Path::parent)
            .map(|root| root.join(".crates2.json"));
        let text = record.and_then(|r| std::fs::read_to_string(r).ok());
        let bin = exe
            .file_stem()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let found = text.as_deref().map(|t| installed_from(t, &bin));
        let message = match found {
            Some(Found::Install(install)) => return Ok(install),
            Some(Found::Unreachable(source)) => {
                crate::t!("publish-ci-unreachable-source", source = source)
            }
            None | Some(Found::Nothing) => {
                crate::t!(
                    "publish-ci-not-installed",
                    program = exe.display().to_string()
                )
            }
        };
        Err(Diagnostic::error(workflow, message)
            .hint(crate::t!("publish-ci-install-hint"))
            .into())
    }
}

/// What an install record says of a program.
#[derive(Debug, PartialEq, Eq)]
enum Found {
    /// Installed from somewhere a CI can install it from too.
    Install(Install),
    /// Installed from a folder, a local repository or a private registry, which it cannot.
    Unreachable(String),
    /// Not in the record.
    Nothing,
}

/// Reads a `.crates2.json` for the package named ruche that installed the program `bin`. Its
/// keys read `ruche 0.1.0 (git+https://host/ruche.git?tag=v0.1#<commit>)`, or
/// `(registry+https://github.com/rust-lang/crates.io-index)`, or `(path+file:///folder)`.
fn installed_from(record: &str, bin: &str) -> Found {
    #[derive(serde::Deserialize)]
    struct Record {
        installs: std::collections::BTreeMap<String, Entry>,
    }
    #[derive(serde::Deserialize)]
    struct Entry {
        #[serde(default)]
        bins: Vec<String>,
    }
    let Ok(record) = serde_json::from_str::<Record>(record) else {
        return Found::Nothing;
    };
    let Some(key) = record
        .installs
        .iter()
        .find(|(key, entry)| key.starts_with("ruche ") && entry.bins.iter().any(|b| b == bin))
        .map(|(key, _)| key.as_str())
    else {
        return Found::Nothing;
    };
    let mut words = key.splitn(3, ' ');
    let (_, version, source) = (words.next(), words.next(), words.next());
    let (Some(version), Some(source)) = (version, source) else {
        return Found::Nothing;
    };
    let source = source.trim_start_matches('(').trim_end_matches(')');
    if source == "registry+https://github.com/rust-lang/crates.io-index" {
        return Found::Install(Install::Registry {
            version: version.to_string(),
        });
    }
    if let Some(git) = source.strip_prefix("git+") {
        let (address, rev) = git.split_once('#').unwrap_or((git, ""));
        let url = address.split('?').next().unwrap_or(address);
        let plain = |c: char| c.is_ascii_alphanumeric() || "-._~:/@%+=".contains(c);
        let commit = rev.len() == 40 && rev.chars().all(|c| c.is_ascii_hexdigit());
        if url.starts_with("https://") && url.chars().all(plain) && commit {
            return Found::Install(Install::Git {
                url: url.to_string(),
                rev: rev.to_string(),
            });
        }
        return Found::Unreachable(url.to_string());
    }
    let place = source.strip_prefix("path+file://").unwrap_or(source);
    Found::Unreachable(place.to_string())
}

/// What every workflow runs before installing ruche: its folder on the `PATH`, and Rust where
/// the runner's image has none (Forgejo's default one).
const PRELUDE: &str = r#"export PATH="$PWD/.ruche/bin:$HOME/.cargo/bin:$PATH"
command -v cargo >/dev/null || curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal"#;

/// The shell steps every workflow runs after installing ruche: put the secrets where ruche
/// reads them, publish (which builds first).
const STEPS: &str = r#"mkdir -p ~/.ssh && chmod 700 ~/.ssh
if [ -n "$RUCHE_SSH_KEY" ]; then printf '%s\n' "$RUCHE_SSH_KEY" > ~/.ssh/id_ed25519 && chmod 600 ~/.ssh/id_ed25519; fi
if [ -n "$RUCHE_KNOWN_HOSTS" ]; then printf '%s\n' "$RUCHE_KNOWN_HOSTS" >> ~/.ssh/known_hosts; fi
ruche publish"#;

fn actions(forgejo: bool, steps: &str, key: &str) -> String {
    let runner = if forgejo { "docker" } else { "ubuntu-latest" };
    let actions = if forgejo {
        "https://code.forgejo.org/actions"
    } else {
        "actions"
    };
    let steps: String = steps.lines().map(|l| format!("          {l}\n")).collect();
    format!(
        r#"# Written by `ruche init --ci`: builds and publishes the site on every push, and every
# morning so that scheduled articles appear on their date and events move to "past".
# Secrets (Settings → Secrets): RUCHE_SSH_KEY (a private key the host accepts) and
# RUCHE_KNOWN_HOSTS (the line of `ssh-keyscan HOST`) for SFTP; RUCHE_PUBLISH_PASSWORD for FTP.
name: publish
on:
  push:
    branches: [main]
  schedule:
    - cron: "17 4 * * *"
  workflow_dispatch:
jobs:
  publish:
    runs-on: {runner}
    steps:
      - uses: {actions}/checkout@v4
      - uses: {actions}/cache@v4
        with:
          path: .ruche
          key: {key}
      - name: Build and publish
        env:
          RUCHE_SSH_KEY: ${{{{ secrets.RUCHE_SSH_KEY }}}}
          RUCHE_KNOWN_HOSTS: ${{{{ secrets.RUCHE_KNOWN_HOSTS }}}}
          RUCHE_PUBLISH_PASSWORD: ${{{{ secrets.RUCHE_PUBLISH_PASSWORD }}}}
        run: |
{steps}"#
    )
}

fn gitlab(steps: &str, key: &str) -> String {
    let script: String = steps.lines().map(|l| format!("    - {l}\n")).collect();
    format!(
        r#"# Written by `ruche init --ci gitlab`: builds and publishes the site on every push to the
# default branch, and on a daily schedule (CI/CD → Schedules → New schedule, e.g. "17 4 * * *")
# so that scheduled articles appear on their date and events move to "past".
# Variables (Settings → CI/CD → Variables, masked): RUCHE_SSH_KEY and RUCHE_KNOWN_HOSTS (the line
# of `ssh-keyscan HOST`) for SFTP; RUCHE_PUBLISH_PASSWORD for FTP.
publish:
  image: rust:latest
  rules:
    - if: $CI_PIPELINE_SOURCE == "schedule"
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
  cache:
    key: {key}
    paths: [.ruche/]
  script:
{script}"#
    )
}

/// Where the workflow for `ci` goes in the site `dir`, and how it will install ruche: checked
/// before anything is written, so that `ruche init DIR --ci` makes no site it cannot finish.
pub fn prepare(dir: &Path, ci: Ci) -> Result<(PathBuf, Install)> {
    let target = dir.join(ci.file());
    let install = Install::of_this_program(&target)?;
    Ok((target, install))
}

/// Writes the workflow at `target` (from [`prepare`]); an existing file is left untouched.
pub fn write_workflow(target: &Path, ci: Ci, install: &Install) -> Result<()> {
    if target.exists() {
        return Err(
            Diagnostic::error(target, crate::t!("publish-workflow-exists"))
                .hint(crate::t!("publish-workflow-exists-hint"))
                .into(),
        );
    }
    if let Some(parent) = target.parent() {
        fsx::create_dir_all(parent)?;
    }
    fsx::write(target, ci.text(install))
}

#[cfg(test)]
mod tests {
    use super::*;

    const COMMIT: &str = "f98f8764b69a88c3edd4e804b722121068726b2c";

    fn from_git() -> Install {
        Install::Git {
            url: "https://forge.example.coop/outils/ruche.git".into(),
            rev: COMMIT.into(),
        }
    }

    /// A `.crates2.json` as `cargo install` writes it, with ruche installed from `source`.
    fn record(source: &str) -> String {
        serde_json::json!({"installs": {
            "ripgrep 14.1.0 (registry+https://github.com/rust-lang/crates.io-index)":
                {"bins": ["rg"], "profile": "release"},
            format!("ruche 0.1.0 ({source})"): {"bins": ["ruche"], "profile": "release"},
        }})
        .to_string()
    }

    #[test]
    fn workflows_install_this_ruche_then_publish_on_push_and_daily() {
        let install = from_git();
        let line = format!(
            "test -x .ruche/bin/ruche || cargo install --locked --root .ruche --git https://forge.example.coop/outils/ruche.git --rev {COMMIT} ruche"
        );
        for ci in [Ci::Github, Ci::Forgejo] {
            let text = ci.text(&install);
            let yaml: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
            assert!(yaml["on"]["push"].is_mapping(), "{text}");
            assert!(yaml["on"]["schedule"][0]["cron"].is_string(), "{text}");
            let run = yaml["jobs"]["publish"]["steps"][2]["run"].as_str().unwrap();
            assert!(run.starts_with(&format!("{PRELUDE}\n{line}\n")), "{run}");
            let cache = &yaml["jobs"]["publish"]["steps"][1]["with"];
            assert_eq!(cache["key"].as_str(), Some(&*format!("ruche-{COMMIT}")));
            assert!(run.ends_with("ruche publish\n"), "{run}");
            assert!(
                text.contains("${{ secrets.RUCHE_PUBLISH_PASSWORD }}"),
                "{text}"
            );
        }
        let text = Ci::Gitlab.text(&install);
        let gitlab: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
        let script = gitlab["publish"]["script"].as_sequence().unwrap();
        assert_eq!(script[2].as_str(), Some(line.as_str()));
        assert_eq!(
            gitlab["publish"]["cache"]["key"].as_str(),
            Some(&*format!("ruche-{COMMIT}"))
        );
        assert_eq!(script.last().unwrap().as_str(), Some("ruche publish"));
        assert_eq!(gitlab["publish"]["rules"].as_sequence().unwrap().len(), 2);
    }

    #[test]
    fn the_install_record_says_where_the_ci_gets_ruche() {
        let git = format!("git+https://forge.example.coop/outils/ruche.git?tag=v0.1.0#{COMMIT}");
        assert_eq!(
            installed_from(&record(&git), "ruche"),
            Found::Install(from_git())
        );
        let crates_io = "registry+https://github.com/rust-lang/crates.io-index";
        assert_eq!(
            installed_from(&record(crates_io), "ruche"),
            Found::Install(Install::Registry {
                version: "0.1.0".into()
            })
        );
        assert_eq!(
            Install::Registry {
                version: "0.1.0".into()
            }
            .command(),
            "cargo install --locked --root .ruche ruche --version =0.1.0"
        );
        // Places a CI cannot reach, or would need keys for.
        for (source, place) in [
            ("path+file:///home/ana/ruche", "/home/ana/ruche"),
            (
                &*format!("git+file:///srv/ruche#{COMMIT}"),
                "file:///srv/ruche",
            ),
            (
                &*format!("git+ssh://git@forge.example.coop/ruche.git#{COMMIT}"),
                "ssh://git@forge.example.coop/ruche.git",
            ),
            (
                "registry+https://paquets.example.coop/index",
                "registry+https://paquets.example.coop/index",
            ),
        ] {
            assert_eq!(
                installed_from(&record(source), "ruche"),
                Found::Unreachable(place.into()),
                "{source}"
            );
        }
        // Nothing a shell would read as more than an address and a commit.
        for hostile in [
            format!("git+https://x.example/r;rm -rf ~#{COMMIT}"),
            format!("git+https://x.example/$(id)#{COMMIT}"),
            "git+https://x.example/r#main".to_string(),
        ] {
            assert!(
                matches!(
                    installed_from(&record(&hostile), "ruche"),
                    Found::Unreachable(_)
                ),
                "{hostile}"
            );
        }
        // Another program, or no record at all.
        assert_eq!(installed_from(&record(&git), "rg"), Found::Nothing);
        assert_eq!(installed_from("not json", "ruche"), Found::Nothing);
    }

    #[test]
    fn an_existing_workflow_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(Ci::Github.file());
        write_workflow(&path, Ci::Github, &from_git()).unwrap();
        assert!(std::fs::read_to_string(&path).unwrap().contains(COMMIT));
        std::fs::write(&path, "mine").unwrap();
        assert!(write_workflow(&path, Ci::Github, &from_git()).is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine");
    }
}
