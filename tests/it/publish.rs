//! `ruche publish` against real servers on 127.0.0.1 (OpenSSH's sshd, pyftpdlib's FTP server)
//! and a plain folder (`file://`): what arrives, what is sent again, what is removed and what is
//! never touched, and what an interruption or a wrong host key does.

use crate::support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use support::servers::{Ftpd, Sshd, FTP_PASSWORD};
use support::Site;

pub(crate) const MANIFEST: &str = ".ruche-manifest.json";

/// A site of `n` articles and an image in `static/`.
pub(crate) fn site(n: usize) -> Site {
    // Without the search index, whose chunks are renamed by any edit: the counts below are
    // the articles'.
    let mut site = Site::new()
        .file(
            "site.yaml",
            "title: Test\nbase_url: https://x.org\nsearch: false\n",
        )
        .file(
            "content/actualites/_index.md",
            "---\ntitle: Actualités\nsort_by: date\n---\n",
        );
    site = site.file("static/programme.pdf", vec![7u8; 3000]);
    for i in 0..n {
        site = site.file(
            &format!("content/actualites/article-{i}.md"),
            format!(
                "---\ntitle: Article {i}\ndate: 2025-06-{:02}\n---\nLe texte de l'article {i}.\n",
                i % 28 + 1
            ),
        );
    }
    site
}

/// Every file under `dir` with its bytes, leaving out ruche's manifest and `skip`.
pub(crate) fn tree(dir: &Path, skip: &[&str]) -> BTreeMap<String, Vec<u8>> {
    let mut files = support::files_under(dir, |path| std::fs::read(path).unwrap());
    files.retain(|rel, _| rel != MANIFEST && !skip.contains(&rel.as_str()));
    files
}

/// When each file under `dir` was last written.
pub(crate) fn mtimes(dir: &Path) -> BTreeMap<String, SystemTime> {
    support::files_under(dir, |path| {
        std::fs::metadata(path).unwrap().modified().unwrap()
    })
}

pub(crate) fn assert_mirrors(site: &Site, remote: &Path, skip: &[&str]) {
    let public = tree(&site.root().join("public"), &[]);
    let remote_files = tree(remote, skip);
    let left: Vec<&String> = public
        .keys()
        .filter(|k| remote_files.get(*k) != public.get(*k))
        .collect();
    let extra: Vec<&String> = remote_files
        .keys()
        .filter(|k| !public.contains_key(*k))
        .collect();
    assert!(
        left.is_empty() && extra.is_empty(),
        "differ: {left:?}; only on the server: {extra:?}"
    );
    assert!(remote.join(MANIFEST).exists());
}

/// The files of `public/` whose bytes differ between two snapshots (or that are new).
fn changed(before: &BTreeMap<String, Vec<u8>>, after: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    after
        .iter()
        .filter(|(k, v)| before.get(*k) != Some(v))
        .map(|(k, _)| k.clone())
        .collect()
}

/// First publish, then a one-article edit: the server mirrors `public/` both times, and the
/// second publish rewrites exactly the files whose bytes changed.
fn first_publish_then_an_edit(
    site: &Site,
    remote: &Path,
    publish: &dyn Fn(&[&str]) -> support::Run,
) {
    publish(&[])
        .success()
        .stdout_contains("0 remplacé (0 o), 0 supprimé");
    assert_mirrors(site, remote, &[]);
    let before = tree(&site.root().join("public"), &[]);
    let times = mtimes(remote);
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(
        site.root().join("content/actualites/article-1.md"),
        "---\ntitle: Article 1\ndate: 2025-06-02\n---\nUn texte corrigé.\n",
    )
    .unwrap();
    let run = publish(&[]).success();
    assert_mirrors(site, remote, &[]);
    let after = tree(&site.root().join("public"), &[]);
    let expected = changed(&before, &after);
    assert!(
        expected.contains(&"actualites/article-1/index.html".to_string()),
        "{expected:?}"
    );
    let rewritten: Vec<String> = mtimes(remote)
        .into_iter()
        .filter(|(k, t)| k != MANIFEST && times.get(k) != Some(t))
        .map(|(k, _)| k)
        .collect();
    assert_eq!(rewritten, expected, "{}", run.stdout());
    // New files (the search index's chunks are named by their content) count apart.
    let new = expected.iter().filter(|k| !before.contains_key(*k)).count();
    let replaced = expected.len() - new;
    run.stdout_contains(&counted(new, "nouveau", "nouveaux"))
        .stdout_contains(&counted(replaced, "remplacé", "remplacés"));
}

/// `3 nouveaux`, `1 nouveau`, `0 nouveau`: the report's counts, as French writes them.
fn counted(n: usize, one: &str, other: &str) -> String {
    format!("{n} {}", if n < 2 { one } else { other })
}

#[test]
fn sftp_sends_the_whole_site_then_only_what_an_edit_changed() {
    let Some(sshd) = Sshd::start_or_skip() else {
        return;
    };
    let site = site(5);
    let url = sshd.url();
    let publish = |extra: &[&str]| {
        let mut args = vec!["publish", "--to", &url];
        args.extend_from_slice(extra);
        site.run_in(&sshd.home(), &args, &[])
    };
    first_publish_then_an_edit(&site, &sshd.remote(), &publish);
}

#[test]
fn sftp_dry_run_changes_nothing_and_foreign_files_survive_removals() {
    let Some(sshd) = Sshd::start_or_skip() else {
        return;
    };
    let site = site(3);
    let url = sshd.url();
    let home = sshd.home();
    let remote = sshd.remote();
    std::fs::create_dir_all(&remote).unwrap();
    std::fs::write(remote.join(".htaccess"), "Options -Indexes\n").unwrap();
    std::fs::write(remote.join("google1234.html"), "verification").unwrap();
    site.run_in(&home, &["publish", "--to", &url], &[])
        .success();
    assert_mirrors(&site, &remote, &[".htaccess", "google1234.html"]);

    std::fs::remove_file(site.root().join("content/actualites/article-2.md")).unwrap();
    let before = (tree(&remote, &[]), mtimes(&remote));
    let dry = site
        .run_in(&home, &["publish", "--to", &url, "--dry-run"], &[])
        .success();
    assert_eq!(
        (tree(&remote, &[]), mtimes(&remote)),
        before,
        "a dry run wrote on the server"
    );
    dry.stdout_contains("à supprimer actualites/article-2/index.html")
        .stdout_contains("1 supprimé")
        .stdout_contains("Simulation, rien n’a été modifié");

    site.run_in(&home, &["publish", "--to", &url], &[])
        .success()
        .stdout_contains("1 supprimé");
    assert!(
        !remote.join("actualites/article-2").exists(),
        "the removed article's folder is left"
    );
    assert_eq!(
        std::fs::read_to_string(remote.join(".htaccess")).unwrap(),
        "Options -Indexes\n"
    );
    assert!(remote.join("google1234.html").exists());
    assert_mirrors(&site, &remote, &[".htaccess", "google1234.html"]);
}

/// Waits until `file` on the server holds `text`.
fn wait_for(file: &Path, text: &str) {
    let start = Instant::now();
    while !std::fs::read_to_string(file)
        .unwrap_or_default()
        .contains(text)
    {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "the publish never got going"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// A site with 1,500 small files in `static/` (sent first, as assets), each saying `version`.
fn many_files(site: Site, version: &str) -> Site {
    (0..1500).fold(site, |site, i| {
        site.file(
            &format!("static/files/f{i:04}.txt"),
            format!("{version} {i}\n").repeat(50),
        )
    })
}

#[test]
fn a_connection_lost_mid_publish_is_resumed_and_a_server_gone_is_finished_next_time() {
    let Some(mut sshd) = Sshd::start_or_skip() else {
        return;
    };
    let site = many_files(site(20), "one");
    let url = sshd.url();
    let home = sshd.home();
    let remote = sshd.remote();
    let publish = |site: &Site| {
        let piped = std::process::Stdio::piped;
        let mut command = site.command_in(&home, &["publish", "--to", &url], &[]);
        command.stdout(piped()).stderr(piped()).spawn().unwrap()
    };

    // The connection is cut: ruche reconnects and finishes in the same run.
    let child = publish(&site);
    wait_for(&remote.join("files/f0000.txt"), "one");
    let sessions = sshd.sessions();
    assert!(!sessions.is_empty());
    for pid in sessions {
        std::process::Command::new("kill")
            .args(["-9", &pid.to_string()])
            .status()
            .unwrap();
    }
    support::Run::of(child.wait_with_output().unwrap())
        .success()
        .stdout_contains("(la connexion a été perdue puis rouverte une fois)");
    assert_mirrors(&site, &remote, &[]);

    // The server goes away for good mid-publish: the run fails naming the host, every file on
    // the server is whole, and the next run (server back) finishes the job.
    let site = many_files(site, "two");
    let child = publish(&site);
    wait_for(&remote.join("files/f0000.txt"), "two");
    sshd.stop();
    support::Run::of(child.wait_with_output().unwrap())
        .failure()
        .stderr_contains("publication vers 127.0.0.1:");
    // Every file is a whole old or a whole new version: assets first, so no page is new yet.
    let files = tree(&remote, &[]);
    let (mut one, mut two) = (0, 0);
    for i in 0..1500 {
        let text = std::fs::read_to_string(remote.join(format!("files/f{i:04}.txt"))).unwrap();
        if text == format!("one {i}\n").repeat(50) {
            one += 1;
        } else {
            assert_eq!(
                text,
                format!("two {i}\n").repeat(50),
                "f{i:04}.txt is cut short"
            );
            two += 1;
        }
    }
    assert!(
        one > 0 && two > 0,
        "the server was not stopped mid-publish ({one} old, {two} new)"
    );
    let temp: Vec<String> = files
        .into_keys()
        .filter(|k| k.ends_with(".ruche-tmp"))
        .collect();
    sshd.restart();
    site.run_in(&home, &["publish", "--to", &url], &[])
        .success();
    assert_mirrors(
        &site,
        &remote,
        &temp.iter().map(String::as_str).collect::<Vec<_>>(),
    );
}

#[test]
fn an_unknown_or_changed_host_key_stops_the_publish() {
    let Some(sshd) = Sshd::start_or_skip() else {
        return;
    };
    let site = site(1);
    let url = sshd.url();
    let home = sshd.home();
    let known_hosts = home.join(".ssh/known_hosts");
    let other = tempfile::tempdir().unwrap();
    let key = other.path().join("k");
    std::process::Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(&key)
        .status()
        .unwrap();
    let fake = std::fs::read_to_string(key.with_extension("pub")).unwrap();
    let fake: Vec<&str> = fake.split_whitespace().take(2).collect();
    std::fs::write(
        &known_hosts,
        format!("[127.0.0.1]:{} {}\n", sshd.port, fake.join(" ")),
    )
    .unwrap();
    site.run_in(&home, &["publish", "--to", &url], &[])
        .failure()
        .stderr_contains("127.0.0.1")
        .stderr_contains("n’est PAS celle enregistrée")
        .stderr_contains("ssh-keygen -R");
    std::fs::write(&known_hosts, "").unwrap();
    site.run_in(&home, &["publish", "--to", &url], &[])
        .failure()
        .stderr_contains("n’est pas encore dans")
        .stderr_contains("ssh-keyscan");
    assert!(
        !sshd.remote().exists(),
        "something was sent to an unchecked server"
    );
}

#[test]
fn a_password_in_site_yaml_is_refused_before_anything_is_sent() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out");
    let site = site(1).file(
        "site.yaml",
        "title: Test\nbase_url: https://x.org\npublish:\n  to: ftp://coop:hunter2@127.0.0.1/www\n",
    );
    site.run_in(dir.path(), &["publish"], &[])
        .failure()
        .stderr_contains("site.yaml")
        .stderr_contains("site.yaml est partagé avec le dépôt");
    let site = site.file("site.yaml", "title: Test\nbase_url: https://x.org\n");
    site.run_in(
        dir.path(),
        &["publish", "--to", "ftp://coop:hunter2@127.0.0.1/www"],
        &[],
    )
    .failure()
    .stderr_contains("elle contient un mot de passe");
    assert!(
        !site.root().join("public").exists(),
        "built before the target was checked"
    );
    let site = site.file(
        "site.yaml",
        format!(
            "title: Test\nbase_url: https://x.org\npublish:\n  to: file://{}\n",
            target.display()
        ),
    );
    site.run_in(dir.path(), &["publish"], &[]).success();
    assert_mirrors(&site, &target, &[]);
}

#[test]
fn a_folder_target_gets_the_site_then_only_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("www");
    let site = site(4);
    let url = format!("file://{}", target.display());
    let publish = |extra: &[&str]| {
        let mut args = vec!["publish", "--to", &url];
        args.extend_from_slice(extra);
        site.run_in(dir.path(), &args, &[])
    };
    first_publish_then_an_edit(&site, &target, &publish);
}

#[test]
fn ftp_sends_the_whole_site_then_only_what_an_edit_changed_and_removes_the_rest() {
    let Some(ftpd) = Ftpd::start_or_skip() else {
        return;
    };
    let site = site(4);
    let url = ftpd.url();
    let publish = |extra: &[&str]| {
        let mut args = vec!["publish", "--to", &url];
        args.extend_from_slice(extra);
        site.run_in(
            &ftpd.home(),
            &args,
            &[("RUCHE_PUBLISH_PASSWORD", FTP_PASSWORD)],
        )
    };
    first_publish_then_an_edit(&site, &ftpd.remote(), &publish);
    std::fs::remove_file(site.root().join("content/actualites/article-3.md")).unwrap();
    publish(&[]).success().stdout_contains("1 supprimé");
    assert!(!ftpd.remote().join("actualites/article-3").exists());
    assert_mirrors(&site, &ftpd.remote(), &[]);
    site.run_in(
        &ftpd.home(),
        &["publish", "--to", &url],
        &[("RUCHE_PUBLISH_PASSWORD", "wrong")],
    )
    .failure()
    .stderr_contains("le serveur a refusé la connexion de `coop`");
}

/// A copy of ruche as `cargo install` leaves one: `ROOT/bin/ruche`, and beside `bin/` the
/// `.crates2.json` record saying it came from `source`.
fn installed_ruche(root: &Path, source: &str) -> PathBuf {
    let bin = root.join("bin/ruche");
    std::fs::create_dir_all(bin.parent().unwrap()).unwrap();
    let built = Path::new(env!("CARGO_BIN_EXE_ruche"));
    if std::fs::hard_link(built, &bin).is_err() {
        std::fs::copy(built, &bin).unwrap();
    }
    let record = format!(
        r#"{{"installs":{{"ruche 0.1.0 ({source})":{{"version_req":null,"bins":["ruche"],"features":[],"all_features":false,"no_default_features":false,"profile":"release","target":"x86_64-unknown-linux-gnu"}}}}}}"#
    );
    std::fs::write(root.join(".crates2.json"), record).unwrap();
    bin
}

#[test]
fn init_ci_writes_a_workflow_for_a_new_site_and_only_the_workflow_for_an_existing_one() {
    let dir = tempfile::tempdir().unwrap();
    let commit = "f98f8764b69a88c3edd4e804b722121068726b2c";
    let ruche = installed_ruche(
        &dir.path().join("cargo"),
        &format!("git+https://forge.example.coop/outils/ruche.git#{commit}"),
    );
    let site = Site::new();
    let home = dir.path();
    let init = |args: &[&str], env: &[(&str, &str)]| {
        let output = site.command_of(&ruche, home, args, env).output().unwrap();
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        (
            output.status.success(),
            text(&output.stdout),
            text(&output.stderr),
        )
    };
    let (ok, stdout, stderr) = init(&["init", "--ci", "github"], &[]);
    assert!(
        ok && stdout.contains(".github/workflows/publish.yml"),
        "{stderr}"
    );
    let workflow =
        std::fs::read_to_string(site.root().join(".github/workflows/publish.yml")).unwrap();
    assert!(
        workflow.contains("cron:") && workflow.contains("ruche publish"),
        "{workflow}"
    );
    // The same ruche, from where it came: never the other program crates.io calls ruche.
    assert!(
        workflow.contains(&format!(
            "|| cargo install --locked --root .ruche --git https://forge.example.coop/outils/ruche.git --rev {commit} ruche\n"
        )),
        "{workflow}"
    );
    assert!(
        !site.root().join("content/actualites").exists(),
        "init wrote a new site over the old one"
    );
    // `init` speaks the system's language, even in a site.
    for (language, said) in [
        ("fr", "ce workflow existe déjà ; il n’a pas été modifié"),
        ("en", "this workflow already exists; it was left untouched"),
    ] {
        let (ok, _, stderr) = init(&["init", "--ci", "github"], &[("LANGUAGE", language)]);
        assert!(!ok && stderr.contains(said), "{stderr}");
    }

    let new = dir.path().join("journal");
    let (ok, _, stderr) = init(&["init", new.to_str().unwrap(), "--ci", "gitlab"], &[]);
    assert!(ok, "{stderr}");
    assert!(new.join("site.yaml").exists() && new.join(".gitlab-ci.yml").exists());
}

#[test]
fn init_ci_refuses_a_ruche_the_ci_could_not_install_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let site = Site::new();
    let local = installed_ruche(&dir.path().join("cargo"), "path+file:///home/ana/ruche");
    for (program, said) in [
        // Built here (`cargo build`), with no install record.
        (
            PathBuf::from(env!("CARGO_BIN_EXE_ruche")),
            "n’a pas été installé avec `cargo install`",
        ),
        // Installed from a folder of this computer.
        (
            local,
            "installé depuis /home/ana/ruche, que le service CI ne peut pas atteindre",
        ),
    ] {
        let new = dir.path().join("journal");
        let output = site
            .command_of(
                &program,
                dir.path(),
                &["init", new.to_str().unwrap(), "--ci", "github"],
                &[("LANGUAGE", "fr")],
            )
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(said), "{stderr}");
        assert!(stderr.contains("cargo install --git https://"), "{stderr}");
        assert!(!new.exists(), "a site was made without its workflow");
    }
}

#[test]
fn an_unreachable_host_is_named_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let site = site(1);
    // A port nobody listens on: bound, then released.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("sftp://coop@127.0.0.1:{port}/www");
    site.run_in(dir.path(), &["publish", "--to", &url], &[])
        .failure()
        .stderr_contains(&format!("publication vers 127.0.0.1:{port}"))
        .stderr_contains("le serveur est injoignable")
        .stderr_contains("la publication s’est arrêtée");
}

#[test]
fn ftps_sends_the_site_over_tls_and_checks_the_certificate() {
    let Some(ftpd) = Ftpd::start_tls_or_skip() else {
        return;
    };
    // A file larger than the buffers of both ends: it once reached the server cut short.
    let large: Vec<u8> = (0..300_000u32)
        .map(|i| (i.wrapping_mul(7919) % 251) as u8)
        .collect();
    let site = site(2).file("static/programme.pdf", large);
    let url = ftpd.url();
    let ca = ftpd.ca();
    let password = ("RUCHE_PUBLISH_PASSWORD", FTP_PASSWORD);
    // Signed by an authority nobody trusts yet: refused before the password is sent.
    site.run_in(&ftpd.home(), &["publish", "--to", &url], &[password])
        .failure()
        .stderr_contains("la connexion TLS a échoué");
    assert!(!ftpd.remote().exists());
    let trusted = [password, ("RUCHE_PUBLISH_CA", ca.to_str().unwrap())];
    site.run_in(&ftpd.home(), &["publish", "--to", &url], &trusted)
        .success();
    assert_mirrors(&site, &ftpd.remote(), &[]);
}
