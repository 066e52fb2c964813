//! Small helpers for the integration tests: a site in a temporary folder, the real binary.

// Helpers shared by test modules: `pub` says "for the tests", not "for other crates".
#![allow(dead_code, unreachable_pub)]

pub mod browser;
pub mod checkers;
pub mod http;
pub mod servers;
pub mod site;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (holds the default theme and the fixtures).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// How many cases a property test tries: `PROPTEST_CASES` when set (a deeper run by hand),
/// four times `local` in CI (`CI=true`), `local` otherwise, so that a local run stays quick.
pub fn proptest_cases(local: u32) -> u32 {
    if let Some(n) = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
    {
        return n;
    }
    match std::env::var("CI") {
        Ok(ci) if !ci.is_empty() && ci != "false" && ci != "0" => local * 4,
        _ => local,
    }
}

/// A site in a temporary folder, with the repository's default theme.
pub struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Site {
        let site = Site::bare();
        copy_dir(&repo().join("tests/fixtures").join(name), site.root());
        site
    }

    /// A minimal site: site.yaml, the home section, the theme.
    pub fn new() -> Site {
        Site::bare()
            .file("site.yaml", "title: Test\nbase_url: https://x.org\n")
            .file("content/_index.md", "---\ntitle: Accueil\n---\n")
    }

    fn bare() -> Site {
        let site = Site {
            dir: tempfile::tempdir().unwrap(),
        };
        copy_dir(
            &repo().join("themes/default"),
            &site.root().join("themes/default"),
        );
        site
    }

    /// Writes a file (creating its folders).
    pub fn file(self, path: &str, content: impl AsRef<[u8]>) -> Site {
        let target = self.root().join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, content).unwrap();
        self
    }

    /// Adds `actualites/galerie/`: a recap with a cover, a body photo and a gallery of
    /// generated photos, for the outside judges (HTML checker, axe) to see the photos' markup.
    pub fn with_photo_page(self) -> Site {
        let photo = |w: u32, h: u32| {
            let img = image::RgbImage::from_fn(w, h, |x, y| {
                [(x % 256) as u8, (y % 256) as u8, 140].into()
            });
            let mut out = Vec::new();
            image::DynamicImage::ImageRgb8(img)
                .write_to(
                    &mut std::io::Cursor::new(&mut out),
                    image::ImageFormat::Jpeg,
                )
                .unwrap();
            out
        };
        let page = "---\ntitle: Retour en images\ndate: 2025-07-20\ncover:\n  src: une.jpg\n  alt: Les coopérateurs réunis devant la maison des coopératives\ngallery:\n  - src: atelier.jpg\n    alt: Un atelier en petits groupes autour des tables\n    caption: Les ateliers de l’après-midi\n    credit: Anne Martin\n  - src: vote.jpg\n    alt: Les délégués votent à main levée\n---\nLa journée en images.\n\n![Le buffet partagé en fin de journée](buffet.jpg)\n";
        self.file("content/actualites/galerie/index.md", page)
            .file("content/actualites/galerie/une.jpg", photo(1600, 900))
            .file("content/actualites/galerie/buffet.jpg", photo(1000, 750))
            .file("content/actualites/galerie/atelier.jpg", photo(900, 600))
            .file("content/actualites/galerie/vote.jpg", photo(600, 800))
    }

    /// Writes a file (creating its folders) of a site already in use.
    pub fn rewrite(&self, path: &str, content: &[u8]) -> &Site {
        let target = self.root().join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, content).unwrap();
        self
    }

    /// The bytes of an output file of `public/`.
    pub fn public_bytes(&self, path: &str) -> Vec<u8> {
        let p = self.root().join("public").join(path);
        std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }

    /// The site's folder.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `ruche --root <site> args…`.
    pub fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_ruche"))
            .arg("--root")
            .arg(self.root())
            .args(args)
            .output()
            .unwrap();
        Run { output }
    }

    /// `ruche --root <site> args…` with a home folder of its own (for `ruche publish`: its
    /// `.ssh/` and `.netrc`), no SSH agent, and the extra variables `env`; not started.
    pub fn command_in(&self, home: &Path, args: &[&str], env: &[(&str, &str)]) -> Command {
        self.command_of(Path::new(env!("CARGO_BIN_EXE_ruche")), home, args, env)
    }

    /// As [`Site::command_in`], with the copy of ruche at `program` (an installed one).
    pub fn command_of(
        &self,
        program: &Path,
        home: &Path,
        args: &[&str],
        env: &[(&str, &str)],
    ) -> Command {
        let mut command = Command::new(program);
        command
            .arg("--root")
            .arg(self.root())
            .args(args)
            .env("HOME", home)
            .env_remove("SSH_AUTH_SOCK")
            .env_remove("RUCHE_PUBLISH_PASSWORD")
            .env_remove("RUCHE_KEY_PASSPHRASE")
            .envs(env.iter().copied());
        command
    }

    /// Runs [`Site::command_in`] to its end.
    pub fn run_in(&self, home: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
        let output = self.command_in(home, args, env).output().unwrap();
        Run { output }
    }

    /// Reads an output file of `public/`.
    pub fn public(&self, path: &str) -> String {
        let p = self.root().join("public").join(path);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }

    /// Whether `public/<path>` exists.
    pub fn has(&self, path: &str) -> bool {
        self.root().join("public").join(path).exists()
    }

    /// Every file of `public/` with its bytes, sorted.
    pub fn snapshot(&self) -> Vec<(String, Vec<u8>)> {
        files_under(&self.root().join("public"), |path| {
            std::fs::read(path).unwrap()
        })
        .into_iter()
        .collect()
    }
}

/// Each file under `root` (relative path, with the platform's separator) with what `read`
/// takes from it (its bytes, its modification time…), sorted by path.
pub fn files_under<T>(
    root: &Path,
    read: impl Fn(&Path) -> T,
) -> std::collections::BTreeMap<String, T> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(root).unwrap();
            (rel.to_string_lossy().into_owned(), read(e.path()))
        })
        .collect()
}

/// The outcome of one run of the binary.
pub struct Run {
    output: Output,
}

impl Run {
    /// The outcome of a process started some other way.
    pub fn of(output: Output) -> Run {
        Run { output }
    }

    /// Asserts the exit status and returns self.
    pub fn status(self, code: i32) -> Run {
        assert_eq!(
            self.output.status.code(),
            Some(code),
            "stdout:\n{}\nstderr:\n{}",
            self.stdout(),
            self.stderr()
        );
        self
    }

    /// Asserts success.
    pub fn success(self) -> Run {
        self.status(0)
    }

    /// Asserts exit status 1 (the site has errors).
    pub fn failure(self) -> Run {
        self.status(1)
    }

    /// Asserts stderr contains `text`.
    pub fn stderr_contains(self, text: &str) -> Run {
        assert!(
            self.stderr().contains(text),
            "stderr lacks {text:?}:\n{}",
            self.stderr()
        );
        self
    }

    /// Asserts stdout contains `text`.
    pub fn stdout_contains(self, text: &str) -> Run {
        assert!(
            self.stdout().contains(text),
            "stdout lacks {text:?}:\n{}",
            self.stdout()
        );
        self
    }

    /// Standard error.
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    /// Standard output.
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }
}
