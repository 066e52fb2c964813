//! The built HTML against outside judges: every page (and stylesheet and SVG) of the example
//! site and of the contract fixture passes the Nu HTML Checker with no error, and the example
//! site builds byte for byte the same twice.
//!
//! The checker comes from `npm ci` (see `support::checkers`); without it the test says how to
//! install it and passes, unless `RUCHE_REQUIRE_CHECKERS=1`.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::checkers::{files_with, nu_check, nu_checker};
use support::Site;

/// Builds the repository's own example site into `out` with the real binary.
fn build_example(out: &Path, extra: &[&str]) {
    let run = Command::new(env!("CARGO_BIN_EXE_ruche"))
        .arg("--root")
        .arg(support::repo())
        .arg("build")
        .arg("--output")
        .arg(out)
        .args(extra)
        .output()
        .expect("the binary runs");
    assert!(
        run.status.success(),
        "the example site builds:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

#[test]
fn every_page_of_the_example_and_contract_sites_is_valid_html() {
    let Some(checker) = nu_checker() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let example = dir.path().join("example");
    build_example(&example, &[]);
    let contract = Site::fixture("contract").with_photo_page();
    contract.run(&["build"]).success();
    let mut files: Vec<PathBuf> = Vec::new();
    for root in [example.as_path(), &contract.root().join("public")] {
        let html = files_with(root, &[".html"]);
        assert!(
            html.len() > 10,
            "{} has only {} pages",
            root.display(),
            html.len()
        );
        files.extend(html);
        files.extend(files_with(root, &[".css", ".svg"]));
    }
    let messages = nu_check(&checker, &files);
    assert!(
        messages.is_empty(),
        "{} problems in {} files:\n{}",
        messages.len(),
        files.len(),
        messages.join("\n")
    );
}

#[test]
fn the_example_site_builds_byte_identically_twice() {
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = (dir.path().join("first"), dir.path().join("second"));
    build_example(&first, &[]);
    build_example(&second, &[]);
    let read = |root: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        files_with(root, &[""])
            .into_iter()
            .map(|p| {
                (
                    p.strip_prefix(root).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                )
            })
            .collect()
    };
    let (a, b) = (read(&first), read(&second));
    assert!(a.len() > 30, "only {} files", a.len());
    let names = |v: &[(PathBuf, Vec<u8>)]| v.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b), "the same files");
    for ((path, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{} differs between two builds", path.display());
    }
}
