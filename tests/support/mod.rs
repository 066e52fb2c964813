//! Small helpers for the integration tests: a site in a temporary folder, the real binary.

#![allow(dead_code)]

pub mod browser;
pub mod checkers;
pub mod http;
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
        let public = self.root().join("public");
        let mut out: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(&public)
            .into_iter()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e
                    .path()
                    .strip_prefix(&public)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                (rel, std::fs::read(e.path()).unwrap())
            })
            .collect();
        out.sort();
        out
    }
}

/// The outcome of one run of the binary.
pub struct Run {
    output: Output,
}

impl Run {
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
