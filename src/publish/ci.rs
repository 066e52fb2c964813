//! `ruche init --ci github|gitlab|forgejo`: a workflow that builds and publishes the site on
//! every push and once a day, so scheduled pages go live on their date and upcoming events
//! become past ones without anyone touching anything.
//!
//! In: the site's folder and the CI service. Out: the workflow file written there (never over
//! an existing one). Secrets come from the CI's secret store: `RUCHE_SSH_KEY` and
//! `RUCHE_KNOWN_HOSTS` for SFTP, `RUCHE_PUBLISH_PASSWORD` for FTP(S).

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

    fn text(self) -> String {
        match self {
            Ci::Github | Ci::Forgejo => actions(self == Ci::Forgejo),
            Ci::Gitlab => GITLAB.to_string(),
        }
    }
}

/// The shell steps every workflow runs: install ruche, put the secrets where ruche reads
/// them, publish (which builds first).
const STEPS: &str = r#"cargo install --locked ruche
mkdir -p ~/.ssh && chmod 700 ~/.ssh
if [ -n "$RUCHE_SSH_KEY" ]; then printf '%s\n' "$RUCHE_SSH_KEY" > ~/.ssh/id_ed25519 && chmod 600 ~/.ssh/id_ed25519; fi
if [ -n "$RUCHE_KNOWN_HOSTS" ]; then printf '%s\n' "$RUCHE_KNOWN_HOSTS" >> ~/.ssh/known_hosts; fi
ruche publish"#;

fn actions(forgejo: bool) -> String {
    let runner = if forgejo { "docker" } else { "ubuntu-latest" };
    let checkout = if forgejo {
        "https://code.forgejo.org/actions/checkout@v4"
    } else {
        "actions/checkout@v4"
    };
    let steps: String = STEPS.lines().map(|l| format!("          {l}\n")).collect();
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
      - uses: {checkout}
      - name: Build and publish
        env:
          RUCHE_SSH_KEY: ${{{{ secrets.RUCHE_SSH_KEY }}}}
          RUCHE_KNOWN_HOSTS: ${{{{ secrets.RUCHE_KNOWN_HOSTS }}}}
          RUCHE_PUBLISH_PASSWORD: ${{{{ secrets.RUCHE_PUBLISH_PASSWORD }}}}
        run: |
{steps}"#
    )
}

const GITLAB: &str = r#"# Written by `ruche init --ci gitlab`: builds and publishes the site on every push to the
# default branch, and on a daily schedule (CI/CD → Schedules → New schedule, e.g. "17 4 * * *")
# so that scheduled articles appear on their date and events move to "past".
# Variables (Settings → CI/CD → Variables, masked): RUCHE_SSH_KEY and RUCHE_KNOWN_HOSTS (the line
# of `ssh-keyscan HOST`) for SFTP; RUCHE_PUBLISH_PASSWORD for FTP.
publish:
  image: rust:latest
  rules:
    - if: $CI_PIPELINE_SOURCE == "schedule"
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
  script:
    - cargo install --locked ruche
    - mkdir -p ~/.ssh && chmod 700 ~/.ssh
    - if [ -n "$RUCHE_SSH_KEY" ]; then printf '%s\n' "$RUCHE_SSH_KEY" > ~/.ssh/id_ed25519 && chmod 600 ~/.ssh/id_ed25519; fi
    - if [ -n "$RUCHE_KNOWN_HOSTS" ]; then printf '%s\n' "$RUCHE_KNOWN_HOSTS" >> ~/.ssh/known_hosts; fi
    - ruche publish
"#;

/// Writes the workflow for `ci` into the site `dir`; an existing file is left untouched.
pub fn write_workflow(dir: &Path, ci: Ci) -> Result<PathBuf> {
    let target = dir.join(ci.file());
    if target.exists() {
        return Err(
            Diagnostic::error(&target, crate::t!("publish-workflow-exists"))
                .hint(crate::t!("publish-workflow-exists-hint"))
                .into(),
        );
    }
    if let Some(parent) = target.parent() {
        fsx::create_dir_all(parent)?;
    }
    fsx::write(&target, ci.text())?;
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflows_publish_on_push_and_daily_with_secrets_from_the_store() {
        for ci in [Ci::Github, Ci::Forgejo] {
            let text = ci.text();
            let yaml: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
            assert!(yaml["on"]["push"].is_mapping(), "{text}");
            assert!(yaml["on"]["schedule"][0]["cron"].is_string(), "{text}");
            let run = yaml["jobs"]["publish"]["steps"][1]["run"].as_str().unwrap();
            assert!(run.ends_with("ruche publish\n"), "{run}");
            assert!(
                text.contains("${{ secrets.RUCHE_PUBLISH_PASSWORD }}"),
                "{text}"
            );
        }
        let gitlab: serde_yaml::Value = serde_yaml::from_str(GITLAB).unwrap();
        let script = gitlab["publish"]["script"].as_sequence().unwrap();
        assert_eq!(script.last().unwrap().as_str(), Some("ruche publish"));
    }

    #[test]
    fn an_existing_workflow_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = write_workflow(dir.path(), Ci::Github).unwrap();
        assert!(path.ends_with(".github/workflows/publish.yml"));
        std::fs::write(&path, "mine").unwrap();
        assert!(write_workflow(dir.path(), Ci::Github).is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine");
    }
}
