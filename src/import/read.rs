//! Reading a source in two steps, so that the new site's language is known before its pages
//! are read, and what is said about them (a front matter that cannot be read) is in it.
//!
//! In: the source's kind and the [`Options`]. Out: [`settings`] gives the source's own
//! settings (title, address, language, in a [`Source`]), the language chosen for the new site
//! and how to read the pages; [`Settings::read_pages`] then reads the pages into that
//! [`Source`].

use std::path::Path;

use serde_json::{Map, Value};

use super::model::Source;
use super::{folders, jekyll, wordpress, Format, Options};
use crate::error::Result;

/// A source whose settings are read, and how to read its pages.
pub struct Settings {
    /// The settings so far; the pages are added by [`Settings::read_pages`].
    src: Source,
    /// The new site's language code (`fr`, `en-US`), from the source, else ruche's default.
    pub language: String,
    pages: Pages,
}

/// How a kind of source lays out its pages, as its settings say.
enum Pages {
    Wordpress,
    /// The posts' address pattern.
    Jekyll(String),
    Folder(folders::Flavour, Map<String, Value>),
}

/// Reads the settings of the source `opts.source`, of kind `format`.
pub fn settings(format: Format, opts: &Options) -> Settings {
    let root = opts.source.as_path();
    let mut src = Source::default();
    let mut permalinks = Map::new();
    let pages = match format {
        Format::Wordpress => {
            src.language = peek_wxr_language(root);
            Pages::Wordpress
        }
        Format::Jekyll => Pages::Jekyll(jekyll::settings(root, &mut src)),
        Format::Hugo => {
            hugo_settings(root, &mut src, &mut permalinks);
            Pages::Folder(folders::Flavour::Hugo, permalinks)
        }
        Format::Zola => {
            zola_settings(root, &mut src);
            Pages::Folder(folders::Flavour::Zola, permalinks)
        }
        Format::Folder => Pages::Folder(folders::Flavour::Folder, permalinks),
    };
    let language = language_of(src.language.as_deref());
    Settings {
        src,
        language,
        pages,
    }
}

impl Settings {
    /// Reads the pages; a source that cannot be opened at all is an error.
    pub fn read_pages(self, opts: &Options) -> Result<Source> {
        let Settings {
            mut src,
            language,
            pages,
        } = self;
        let root = opts.source.as_path();
        let fallback = posts_section(&language);
        match pages {
            Pages::Wordpress => {
                let uploads = opts.uploads.as_deref();
                wordpress::read(root, uploads, fallback, &language, &mut src)
                    .map_err(|e| crate::Error::io(root, e))?;
            }
            Pages::Jekyll(pattern) => {
                let pattern = opts.permalink.clone().unwrap_or(pattern);
                let section = jekyll::section_of(&pattern, fallback);
                jekyll::read(root, &pattern, &section, &mut src);
                src.static_dirs.push(root.to_path_buf());
            }
            Pages::Folder(flavour, permalinks) => {
                let section = match &opts.permalink {
                    Some(p) => jekyll::section_of(p, fallback),
                    None => fallback.to_string(),
                };
                let rules = folders::Rules {
                    flavour,
                    posts_section: &section,
                    pattern: opts.permalink.as_deref(),
                    permalinks,
                };
                folders::read(root, &rules, &mut src);
                src.static_dirs.push(root.join("static"));
                if flavour == folders::Flavour::Folder {
                    src.static_dirs.push(root.to_path_buf());
                }
            }
        }
        Ok(src)
    }
}

/// The language code of the new site: the source's (`fr-FR` → `fr-FR`, `en_US` → `en-US`),
/// else ruche's default, `fr`.
fn language_of(raw: Option<&str>) -> String {
    let code = raw.unwrap_or("fr").trim().replace('_', "-");
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or("").to_ascii_lowercase();
    if !(2..=3).contains(&primary.len()) || !primary.chars().all(|c| c.is_ascii_alphabetic()) {
        return "fr".into();
    }
    match parts
        .next()
        .filter(|r| r.len() == 2 && r.chars().all(|c| c.is_ascii_alphabetic()))
    {
        Some(region) => format!("{primary}-{}", region.to_ascii_uppercase()),
        None => primary,
    }
}

/// The section that holds the posts of a site in `language`.
fn posts_section(language: &str) -> &'static str {
    if language.starts_with("fr") {
        "actualites"
    } else {
        "news"
    }
}

fn hugo_settings(root: &Path, src: &mut Source, permalinks: &mut Map<String, Value>) {
    let file = ["hugo.toml", "hugo.yaml", "config.toml", "config.yaml"]
        .iter()
        .map(|f| root.join(f))
        .find(|p| p.is_file());
    let Some(config) = file.and_then(|f| folders::read_config(&f, &mut src.notes)) else {
        return;
    };
    let t = |k: &str| folders::text(&config, k);
    src.title = t("title");
    src.base_url = t("baseURL").or_else(|| t("baseurl"));
    src.language = t("languageCode").or_else(|| t("defaultContentLanguage"));
    src.description = config
        .get("params")
        .and_then(|p| p.get("description"))
        .and_then(|d| d.as_str())
        .map(str::to_string);
    if let Some(Value::Object(map)) = config.get("permalinks") {
        match map.get("page") {
            Some(Value::Object(page)) => permalinks.extend(page.clone()),
            _ => permalinks.extend(map.clone()),
        }
    }
}

fn zola_settings(root: &Path, src: &mut Source) {
    let file = ["zola.toml", "config.toml"]
        .iter()
        .map(|f| root.join(f))
        .find(|p| p.is_file());
    let Some(config) = file.and_then(|f| folders::read_config(&f, &mut src.notes)) else {
        return;
    };
    src.title = folders::text(&config, "title");
    src.base_url = folders::text(&config, "base_url");
    src.language = folders::text(&config, "default_language");
    src.description = folders::text(&config, "description");
}

/// The `<language>` of an export, read from its first lines, so that the posts' section and
/// the players' titles are in the site's language from the first item on.
fn peek_wxr_language(file: &Path) -> Option<String> {
    use std::io::Read;
    let mut head = vec![0; 64 * 1024];
    let n = std::fs::File::open(file)
        .and_then(|mut f| f.read(&mut head))
        .ok()?;
    let head = String::from_utf8_lossy(&head[..n]);
    let start = head.find("<language>")? + "<language>".len();
    let end = head[start..].find("</language>")? + start;
    Some(head[start..end].trim().to_string())
}
