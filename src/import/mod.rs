//! `ruche import`: another site's content → a new ruche site.
//!
//! In: a WordPress export (`.xml`), or the root folder of a Hugo, Jekyll or Zola site, or a
//! bare folder of Markdown posts. Out: a ruche site folder that builds as is, and a
//! [`report`]. The steps:
//! 1. [`detect`] the source's kind (or take `--from`);
//! 2. read it into a [`model::Source`] ([`wordpress`], [`jekyll`], [`folders`]): settings,
//!    sections, pages with front matter in ruche's keys ([`front`]) and old addresses
//!    ([`permalink`]);
//! 3. write the site ([`write`]): bodies converted ([`body`], [`wphtml`]), images copied next
//!    to their pages ([`media`]), addresses made unique and old ones kept as `aliases`
//!    ([`place`]);
//! 4. the report, in the site's language, returned and written to `DIR/IMPORT.md`.
//!
//! The source is only ever read. Nothing is written before the source has been read, and
//! nothing is written at all when it holds nothing to import.

pub mod body;
pub mod folders;
pub mod front;
pub mod jekyll;
pub mod media;
pub mod model;
pub mod permalink;
pub mod place;
pub mod report;
pub mod wordpress;
pub mod wphtml;
pub mod write;

use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Result};
use model::Source;
use report::{Counts, Note};

/// The kinds of source `ruche import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A WordPress export file (WXR, `.xml`).
    Wordpress,
    /// A Hugo site's root folder.
    Hugo,
    /// A Jekyll site's root folder.
    Jekyll,
    /// A Zola site's root folder.
    Zola,
    /// A folder of Markdown posts.
    Folder,
}

impl Format {
    /// Its name, as the report shows it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Wordpress => "WordPress",
            Format::Hugo => "Hugo",
            Format::Jekyll => "Jekyll",
            Format::Zola => "Zola",
            Format::Folder => "Markdown",
        }
    }
}

/// What to import, and where.
#[derive(Debug, Clone)]
pub struct Options {
    /// The export file or site folder.
    pub source: PathBuf,
    /// The new site's folder.
    pub dest: PathBuf,
    /// The source's kind, when not detected.
    pub from: Option<Format>,
    /// WordPress's `uploads` folder.
    pub uploads: Option<PathBuf>,
    /// The posts' old address pattern, Jekyll-style (`/news/:year/:month/:day/:title/`), for a
    /// source that does not say it (a bare folder of posts), or to correct what it says.
    pub permalink: Option<String>,
    /// Write into a folder that is not empty.
    pub force: bool,
}

/// What an import did.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The kind of source read.
    pub format: Format,
    /// The counts per kind.
    pub counts: Counts,
    /// Every place that needs a person.
    pub notes: Vec<Note>,
    /// The report's text (as written to `IMPORT.md`).
    pub report: String,
    /// The closing sentence for the terminal.
    pub closing: String,
}

/// The kind of source at `path`, or `None` when it is none of them.
pub fn detect(path: &Path) -> Option<Format> {
    if path.is_file() {
        let xml = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xml"));
        return xml.then_some(Format::Wordpress);
    }
    if !path.is_dir() {
        return None;
    }
    let has = |name: &str| path.join(name).exists();
    let zola = std::fs::read_to_string(path.join("config.toml"))
        .is_ok_and(|t| t.lines().any(|l| l.trim_start().starts_with("base_url")));
    if has("content") && (zola || has("zola.toml")) {
        return Some(Format::Zola);
    }
    let hugo_config = [
        "hugo.toml",
        "hugo.yaml",
        "hugo.json",
        "config.toml",
        "config.yaml",
    ];
    if has("content") && hugo_config.iter().any(|c| has(c)) {
        return Some(Format::Hugo);
    }
    if has("_config.yml") || has("_posts") {
        return Some(Format::Jekyll);
    }
    let any_markdown = !folders::markdown_files(path, true).is_empty();
    any_markdown.then_some(Format::Folder)
}

/// Imports `opts.source` into the new site `opts.dest`.
pub fn import(opts: &Options) -> Result<Imported> {
    let format = opts
        .from
        .or_else(|| detect(&opts.source))
        .ok_or_else(|| unknown(&opts.source))?;
    refuse_inside(&opts.source, &opts.dest)?;
    let mut src = read(format, opts)?;
    let language = language_of(src.language.as_deref());
    let french = language.starts_with("fr");
    if src.docs.is_empty() {
        let mut d = Diagnostic::error(
            &opts.source,
            report::nothing_found(french, &opts.source.display().to_string()),
        )
        .hint(report::nothing_found_hint(french));
        if let Some(first) = src.notes.first() {
            d.message = format!(
                "{} ({}: {})",
                d.message,
                first.file,
                report::sentence(&first.what, french)
            );
        }
        return Err(d.into());
    }
    src.language = Some(language.clone());
    crate::scaffold::skeleton(&opts.dest, opts.force)?;
    let mut notes = std::mem::take(&mut src.notes);
    let counts = write::write(src, &opts.dest, &language, &mut notes)?;
    let text = report::render(
        french,
        &format!("{} ({})", format.name(), opts.source.display()),
        &counts,
        &notes,
    );
    crate::fsx::write(&opts.dest.join("IMPORT.md"), &text)?;
    let closing = report::closing(
        french,
        &opts.dest.display().to_string(),
        counts.pages,
        notes.len(),
    );
    Ok(Imported {
        format,
        counts,
        notes,
        report: text,
        closing,
    })
}

fn unknown(source: &Path) -> crate::Error {
    let message = if source.exists() {
        format!("`{}` is not a WordPress export (.xml) nor a Hugo, Jekyll or Zola site, and holds no Markdown file", source.display())
    } else {
        format!("`{}` does not exist", source.display())
    };
    Diagnostic::error(source, message)
        .hint("give a WordPress export (.xml) or the root folder of a site; `--from wordpress|hugo|jekyll|zola|folder` forces the kind")
        .into()
}

/// The new site may not be written inside the source: the source is never modified.
fn refuse_inside(source: &Path, dest: &Path) -> Result<()> {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (source, dest) = (abs(source), abs(dest));
    if source.is_dir() && dest.starts_with(&source) {
        return Err(Diagnostic::error(
            &dest,
            "the new site would be written inside the source, which `ruche import` never modifies",
        )
        .hint("choose a folder outside the source, such as `../mon-site`")
        .into());
    }
    Ok(())
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

/// Reads the source; a source that cannot be opened at all is an error.
fn read(format: Format, opts: &Options) -> Result<Source> {
    let root = opts.source.as_path();
    let mut src = Source::default();
    match format {
        Format::Wordpress => {
            let language = peek_wxr_language(root);
            let section = posts_section(&language_of(language.as_deref()));
            wordpress::read(
                root,
                opts.uploads.as_deref(),
                section,
                &language_of(language.as_deref()),
                &mut src,
            )
            .map_err(|e| crate::Error::io(root, e))?;
        }
        Format::Jekyll => {
            let pattern = jekyll::settings(root, &mut src);
            let pattern = opts.permalink.clone().unwrap_or(pattern);
            let fallback = posts_section(&language_of(src.language.as_deref()));
            let section = jekyll::section_of(&pattern, fallback);
            jekyll::read(root, &pattern, &section, &mut src);
            src.static_dirs.push(root.to_path_buf());
        }
        Format::Hugo | Format::Zola | Format::Folder => read_folder(format, root, opts, &mut src),
    }
    Ok(src)
}

fn read_folder(format: Format, root: &Path, opts: &Options, src: &mut Source) {
    let mut permalinks = serde_json::Map::new();
    let flavour = match format {
        Format::Hugo => {
            hugo_settings(root, src, &mut permalinks);
            folders::Flavour::Hugo
        }
        Format::Zola => {
            zola_settings(root, src);
            folders::Flavour::Zola
        }
        _ => folders::Flavour::Folder,
    };
    let fallback = posts_section(&language_of(src.language.as_deref()));
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
    folders::read(root, &rules, src);
    src.static_dirs.push(root.join("static"));
    if flavour == folders::Flavour::Folder {
        src.static_dirs.push(root.to_path_buf());
    }
}

fn hugo_settings(
    root: &Path,
    src: &mut Source,
    permalinks: &mut serde_json::Map<String, serde_json::Value>,
) {
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
    if let Some(serde_json::Value::Object(map)) = config.get("permalinks") {
        match map.get("page") {
            Some(serde_json::Value::Object(page)) => permalinks.extend(page.clone()),
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
