//! Measures `ruche publish` over SFTP on loopback, against a real OpenSSH server started here:
//! `cargo run --release --example publish_bench -- SITE_DIR [ROUNDS]`
//! (a site made by `cargo run --release --example gen_site -- --pages 10000 --out SITE_DIR`).
//!
//! 1. builds the site into `SITE_DIR/public`;
//! 2. the first publish of the whole site into an empty folder, against OpenSSH's own
//!    `sftp -b` batch upload (`put -r`) of the same folder into another one, alternated;
//! 3. a publish with nothing to send (hashing, reading the manifest: the fixed cost);
//! 4. a one-article edit: the article is changed, the site built again (timed apart), then
//!    published (what changed: the article, the lists and feeds showing it).
//!
//! Prints each time and the medians. The article is restored at the end.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use ruche::publish::{publish, Options, Report};

/// The allocator of the `ruche` binary, so the figures are those of `ruche publish`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[allow(dead_code, unused_imports)]
#[path = "../tests/it/support/servers.rs"]
mod servers;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(site) = args.first().map(PathBuf::from) else {
        eprintln!("usage: publish_bench SITE_DIR [ROUNDS]");
        std::process::exit(2);
    };
    let rounds: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(3);
    let Some(sshd) = servers::Sshd::start_or_skip() else {
        std::process::exit(1);
    };
    // The publish reads ~/.ssh from HOME: the server's throw-away client home.
    std::env::set_var("HOME", sshd.home());
    std::env::remove_var("SSH_AUTH_SOCK");
    let public = site.join("public");
    let start = Instant::now();
    let built =
        ruche::build_to(&ruche::BuildOptions::new(&site), &public).expect("the site builds");
    println!(
        "build: {} files in {:.2} s",
        built.files,
        secs(start.elapsed())
    );
    let (files, bytes) = size_of(&public);
    println!("public/: {files} files, {:.1} MB", bytes as f64 / 1e6);

    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    for round in 0..rounds {
        let target = sshd.remote().with_file_name(format!("ruche-{round}"));
        let (time, report) = timed_publish(&site, &public, &url_of(&sshd, &target));
        assert_eq!(report.plan.uploads.len(), files, "not every file was sent");
        ours.push(time);
        let target = sshd.remote().with_file_name(format!("sftp-{round}"));
        theirs.push(sftp_batch(&sshd, &public, &target));
        assert_eq!(size_of(&target).0, files, "sftp -b did not send every file");
        println!(
            "first publish, round {round}: ruche {:.2} s, sftp -b {:.2} s",
            secs(time),
            secs(theirs[round])
        );
    }
    let (ours, theirs) = (median(ours), median(theirs));
    println!(
        "first publish: ruche {:.2} s, sftp -b {:.2} s, ratio {:.2}",
        secs(ours),
        secs(theirs),
        secs(ours) / secs(theirs)
    );

    let url = url_of(&sshd, &sshd.remote().with_file_name("ruche-0"));
    let idle: Vec<Duration> = (0..rounds)
        .map(|_| timed_publish(&site, &public, &url).0)
        .collect();
    println!(
        "publish with nothing to send: median {:.2} s",
        secs(median(idle))
    );

    let article = first_article(&site);
    let original = std::fs::read_to_string(&article).expect("the article reads");
    let mut edits = Vec::new();
    for round in 0..rounds {
        std::fs::write(
            &article,
            format!("{original}\nUne phrase ajoutée ({round}).\n"),
        )
        .expect("write");
        let start = Instant::now();
        ruche::build_to(&ruche::BuildOptions::new(&site), &public).expect("the site builds");
        let build = start.elapsed();
        let (time, report) = timed_publish(&site, &public, &url);
        println!(
            "one-article edit, round {round}: build {:.2} s, publish {:.2} s ({} files sent, {} bytes)",
            secs(build),
            secs(time),
            report.plan.uploads.len(),
            report.plan.bytes()
        );
        edits.push(time);
    }
    std::fs::write(&article, original).expect("the article is restored");
    println!(
        "one-article edit: publish median {:.2} s",
        secs(median(edits))
    );
}

fn url_of(sshd: &servers::Sshd, target: &Path) -> String {
    format!(
        "sftp://{}@127.0.0.1:{}{}",
        servers::user(),
        sshd.port,
        target.display()
    )
}

fn timed_publish(site: &Path, public: &Path, url: &str) -> (Duration, Report) {
    let config = ruche::config::Config::load(site).expect("site.yaml reads");
    let opts = Options {
        to: Some(url.to_string()),
        dry_run: false,
    };
    let start = Instant::now();
    let report = publish(&config, public, &opts, &mut |_| {}).expect("the publish succeeds");
    (start.elapsed(), report)
}

/// OpenSSH's own batch upload of `public` into `target`.
fn sftp_batch(sshd: &servers::Sshd, public: &Path, target: &Path) -> Duration {
    let batch = sshd.home().join("batch");
    let text = format!("put -r {} {}\n", public.display(), target.display());
    std::fs::write(&batch, text).expect("the batch file");
    let ssh = sshd.home().join(".ssh");
    let start = Instant::now();
    let status = Command::new("sftp")
        .arg("-q")
        .arg("-b")
        .arg(&batch)
        .arg("-P")
        .arg(sshd.port.to_string())
        .arg("-i")
        .arg(ssh.join("id_ed25519"))
        .arg("-o")
        .arg(format!(
            "UserKnownHostsFile={}",
            ssh.join("known_hosts").display()
        ))
        .arg("-o")
        .arg("BatchMode=yes")
        .arg(format!("{}@127.0.0.1", servers::user()))
        .stdout(std::process::Stdio::null())
        .status()
        .expect("sftp runs");
    assert!(status.success(), "sftp -b failed");
    start.elapsed()
}

fn size_of(dir: &Path) -> (usize, u64) {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_type().is_file() && !e.file_name().to_string_lossy().starts_with(".ruche")
        })
        .fold((0, 0), |(n, b), e| {
            (n + 1, b + e.metadata().map_or(0, |m| m.len()))
        })
}

fn first_article(site: &Path) -> PathBuf {
    walkdir::WalkDir::new(site.join("content"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(walkdir::DirEntry::into_path)
        .find(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("_index.md"))
        .expect("the site has an article")
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}
