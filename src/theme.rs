//! Where a site's theme comes from: its folder under `themes/`, or the default theme built
//! into ruche.
//!
//! In: the [`Config`]. Out: the theme's templates, static files and `translations.yaml`, each
//! with the name shown in messages. `themes/default/` of this repository is embedded at compile
//! time: one source of truth for the example site, the tests, `ruche init`, and a site that has
//! no `themes/default/` folder of its own (a folder with `site.yaml` and `content/` is a
//! complete site; its own `themes/default/` still wins).

use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir, DirEntry};

use crate::config::Config;

/// The default theme, as this repository's `themes/default/` was when ruche was built.
pub(crate) static DEFAULT: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A site's theme.
pub(crate) enum Theme {
    /// A folder of the site (`themes/<name>/`).
    Folder(PathBuf),
    /// The default theme built into ruche.
    BuiltIn,
}

impl Theme {
    /// The site's theme, or `None` when `theme:` names a folder that does not exist.
    pub(crate) fn of(config: &Config) -> Option<Theme> {
        let dir = config.theme_dir();
        if dir.is_dir() {
            Some(Theme::Folder(dir))
        } else {
            (config.theme == "default").then_some(Theme::BuiltIn)
        }
    }

    /// The files of the built-in theme under `sub` (`templates`, `static`), as paths relative
    /// to `sub` with `/` and their bytes, in name order; litter names skipped.
    pub(crate) fn built_in_files(sub: &str) -> Vec<(String, &'static [u8])> {
        let mut out = Vec::new();
        if let Some(dir) = DEFAULT.get_dir(sub) {
            collect(dir, Path::new(sub), &mut out);
        }
        out.sort();
        out
    }

    /// The built-in theme's file at `path` (`translations.yaml`).
    pub(crate) fn built_in_file(path: &str) -> Option<&'static [u8]> {
        DEFAULT.get_file(path).map(include_dir::File::contents)
    }
}

fn collect(dir: &Dir<'static>, base: &Path, out: &mut Vec<(String, &'static [u8])>) {
    for entry in dir.entries() {
        let name = entry.path().file_name().map(|n| n.to_string_lossy());
        if name.is_some_and(|n| crate::names::is_ignored(&n)) {
            continue;
        }
        match entry {
            DirEntry::Dir(d) => collect(d, base, out),
            DirEntry::File(f) => {
                let rel = f.path().strip_prefix(base).unwrap_or(f.path());
                let rel = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                out.push((rel, f.contents()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_theme_has_its_templates_and_styles() {
        let templates = Theme::built_in_files("templates");
        assert!(templates.iter().any(|(name, _)| name == "page.html"));
        assert!(
            templates.iter().any(|(name, _)| name.contains('/')),
            "partials in folders"
        );
        let statics = Theme::built_in_files("static");
        assert!(statics
            .iter()
            .any(|(name, _)| Path::new(name).extension() == Some("css".as_ref())));
        assert!(Theme::built_in_file("translations.yaml").is_some());
    }
}
