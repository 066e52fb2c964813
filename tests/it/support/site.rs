//! A fake site and its fake builder, to run the real preview without the real pipeline.
//!
//! The site is a temporary folder: `content/<name>.txt` becomes `<name>/index.html` with the
//! text in `<main id="text">`, `static/*` is copied as is, a text containing `BROKEN` fails
//! the build with a diagnostic pointing at it, as the real pipeline does for a bad date, and
//! one containing `PANIC` makes the builder panic, as a bug in ruche would.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use ruche::error::{Diagnostic, Error, Result};
use ruche::output::Output;
use ruche::serve::{Preview, ServeOptions, SiteBuilder};

/// A site in a temporary folder.
pub struct FakeSite {
    dir: tempfile::TempDir,
    rebuilt: Arc<Mutex<Vec<PathBuf>>>,
}

impl FakeSite {
    /// A site with a stylesheet and no page.
    pub fn new() -> Self {
        let site = FakeSite {
            dir: tempfile::tempdir().expect("a temporary folder"),
            rebuilt: Arc::default(),
        };
        site.write("content/.keep", "");
        site.write("static/style.css", "main { color: rgb(0, 0, 0); }");
        site
    }

    /// Adds `content/<name>.txt`.
    pub fn page(self, name: &str, text: &str) -> Self {
        self.write(&format!("content/{name}.txt"), text);
        self
    }

    /// The site root.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file the way editors save: into a scratch file, then renamed over the target,
    /// so that the preview never sees it half written.
    pub fn write(&self, relative: &str, text: &str) {
        let target = self.root().join(relative);
        std::fs::create_dir_all(target.parent().expect("a parent folder")).expect("mkdir");
        let scratch = self.root().join(".scratch");
        std::fs::write(&scratch, text).expect("write the scratch file");
        std::fs::rename(&scratch, &target).expect("rename over the target");
    }

    /// Deletes a file.
    pub fn remove(&self, relative: &str) {
        std::fs::remove_file(self.root().join(relative)).expect("remove");
    }

    /// Renames a file inside the site.
    pub fn rename(&self, from: &str, to: &str) {
        std::fs::rename(self.root().join(from), self.root().join(to)).expect("rename");
    }

    /// Every path the builder's `rebuild` was given so far.
    pub fn rebuilt_paths(&self) -> Vec<PathBuf> {
        self.rebuilt.lock().expect("the log").clone()
    }

    /// Options for a preview of this site on a free port, under `base_path`.
    pub fn options(&self, base_path: &str) -> ServeOptions {
        ServeOptions {
            port: 0,
            base_path: base_path.into(),
            ..ServeOptions::new(self.root())
        }
    }

    /// Starts the preview under `base_path`, on a free port.
    pub fn start(&self, base_path: &str) -> Preview {
        self.start_with(self.options(base_path))
    }

    /// Starts the preview with these options.
    pub fn start_with(&self, options: ServeOptions) -> Preview {
        let root = self.root().to_path_buf();
        let rebuilt = self.rebuilt.clone();
        Preview::start(options, move |base_url| {
            Ok(FakeBuilder {
                root,
                base_url: base_url.to_string(),
                rebuilt,
            })
        })
        .expect("the preview starts")
    }
}

/// Builds a [`FakeSite`].
pub struct FakeBuilder {
    root: PathBuf,
    base_url: String,
    rebuilt: Arc<Mutex<Vec<PathBuf>>>,
}

impl SiteBuilder for FakeBuilder {
    fn build_all(&mut self) -> Result<Output> {
        self.build()
    }

    fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Output> {
        assert!(changed.iter().all(|p| p.is_absolute()), "{changed:?}");
        self.rebuilt
            .lock()
            .expect("the log")
            .extend_from_slice(changed);
        self.build()
    }
}

impl FakeBuilder {
    fn build(&self) -> Result<Output> {
        let mut out = Output::default();
        out.insert_bytes("404.html", "<html><body><h1>Perdu !</h1></body></html>");
        for (name, path) in files_in(&self.root.join("content"))? {
            let Some(stem) = name.strip_suffix(".txt") else {
                continue;
            };
            let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
            assert!(!text.contains("PANIC"), "the fake builder panics on PANIC");
            check(&name, &text)?;
            let css = format!("{}/style.css", self.base_url);
            let html = format!(
                "<!doctype html><html><head><meta charset=\"utf-8\"><title>{stem}</title>\
                 <link rel=\"stylesheet\" href=\"{css}\"></head>\
                 <body><main id=\"text\">{text}</main></body></html>"
            );
            out.insert_bytes(format!("{stem}/index.html"), html);
        }
        for (name, path) in files_in(&self.root.join("static"))? {
            out.insert_copy(name, path);
        }
        Ok(out)
    }
}

/// Fails like the real pipeline: file, line, column, source and hint.
fn check(name: &str, text: &str) -> Result<()> {
    for (index, line) in text.lines().enumerate() {
        if let Some(column) = line.find("BROKEN") {
            return Err(Diagnostic::error(
                format!("content/{name}"),
                "Le mot BROKEN n'a rien à faire ici.",
            )
            .at(index + 1, column + 1)
            .with_source(Arc::from(text))
            .hint("Retirez-le.")
            .into());
        }
    }
    Ok(())
}

fn files_in(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    let mut files: Vec<(String, PathBuf)> = entries
        .filter_map(std::result::Result::ok)
        .map(|entry| {
            (
                entry.file_name().to_string_lossy().into_owned(),
                entry.path(),
            )
        })
        .filter(|(_, path)| path.is_file())
        .collect();
    files.sort();
    Ok(files)
}
