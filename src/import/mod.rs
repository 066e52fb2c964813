//! `ruche import`: another site's content → a new ruche site.
//!
//! In: a WordPress export (`.xml`), or the root folder of a Hugo, Jekyll or Zola site, or a
//! bare folder of Markdown posts. Out: a ruche site folder that builds as is, and a
//! [`report`]. The steps:
//! 1. [`detect`] the source's kind (or take `--from`);
//! 2. read it into a [`model::Source`] ([`read`]: first its settings, which decide the new
//!    site's language, then with [`wordpress`], [`jekyll`], [`folders`] its sections and
//!    pages, with front matter in ruche's keys ([`front`]) and old addresses ([`permalink`]));
//! 3. write the site ([`write`](mod@write)): pages' and sections' ([`sections`]) bodies
//!    converted ([`body`], [`wphtml`]), images copied next to them ([`media`]), addresses
//!    made unique and old ones kept as `aliases` ([`place`]), references to other pages and
//!    sections made ruche links ([`links`]);
//! 4. the report, in the site's language, returned and written to `DIR/IMPORT.md`.
//!
//! What the import says comes from `i18n/<language>/import.ftl`: in the process's language
//! (the system's) until the source's settings are read, in the new site's language from then
//! on. [`import`] makes the site's language the process's, so that the command's errors and
//! last lines are in it; the report and the closing line are written in it explicitly, so that
//! they never depend on what another thread of the process chose.
//!
//! The source is only ever read. Nothing is written before the source has been read, and
//! nothing is written at all when it holds nothing to import.

/// A message in the language `lang` (the new site's), whatever the process's:
/// `site_t!("import-closing", lang, pages = 3)`. The id is checked by the catalogue test
/// like any `t!`.
macro_rules! site_t {
    ($id:literal, $lang:expr $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::i18n::text_for(
            $lang,
            $id,
            &[$((stringify!($name), $crate::i18n::Arg::arg(&$value))),*],
        )
    };
}

pub mod attachments;
pub mod body;
pub mod folders;
pub mod front;
pub mod jekyll;
pub mod links;
pub mod media;
pub mod model;
pub mod permalink;
pub mod place;
pub mod read;
pub mod report;
pub mod sections;
pub mod wordpress;
pub mod wphtml;
pub mod write;

use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Result};
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

/// Imports `opts.source` into the new site `opts.dest`, as `ruche import` does: once the new
/// site's language is known, it becomes the language of every later message of the process.
pub fn import(opts: &Options) -> Result<Imported> {
    let (format, settings) = start(opts)?;
    crate::i18n::set_language(&settings.language);
    finish(format, settings, opts)
}

/// [`import`] without changing the process's language, for a caller that is not the command
/// (tests, running side by side in one process): the report and the closing line are in the
/// site's language all the same.
pub fn import_keeping_language(opts: &Options) -> Result<Imported> {
    let (format, settings) = start(opts)?;
    finish(format, settings, opts)
}

/// The source's kind and settings, once it is known that it can be imported where asked.
fn start(opts: &Options) -> Result<(Format, read::Settings)> {
    let format = opts
        .from
        .or_else(|| detect(&opts.source))
        .ok_or_else(|| unknown(&opts.source))?;
    refuse_inside(&opts.source, &opts.dest)?;
    Ok((format, read::settings(format, opts)))
}

/// Reads the pages, then writes the site with its report; an error when the source holds
/// nothing to import.
fn finish(format: Format, settings: read::Settings, opts: &Options) -> Result<Imported> {
    let language = settings.language.clone();
    let mut src = settings.read_pages(opts)?;
    let lang = language.as_str();
    if src.docs.is_empty() {
        return Err(nothing_found(&opts.source, src.notes.first(), lang));
    }
    src.language = Some(language.clone());
    crate::scaffold::skeleton(&opts.dest, opts.force)?;
    let mut notes = std::mem::take(&mut src.notes);
    let counts = write::write(src, &opts.dest, lang, &mut notes)?;
    let from = format!("{} ({})", format.name(), opts.source.display());
    let text = report::render(lang, &from, &counts, &notes);
    crate::fsx::write(&opts.dest.join("IMPORT.md"), &text)?;
    let dir = opts.dest.display().to_string();
    let closing = report::closing(lang, &dir, counts.pages, notes.len());
    Ok(Imported {
        format,
        counts,
        notes,
        report: text,
        closing,
    })
}

/// The error for a source with nothing to import, in the site's language `lang`, with the
/// first problem met (often the reason, e.g. a broken export).
fn nothing_found(source: &Path, first: Option<&Note>, lang: &str) -> crate::Error {
    let mut message = site_t!("import-nothing-found", lang, source = source);
    if let Some(first) = first {
        let note = report::sentence(&first.what, lang);
        message = site_t!(
            "import-nothing-found-because",
            lang,
            message = message,
            file = first.file,
            note = note
        );
    }
    Diagnostic::error(source, message)
        .hint(site_t!("import-nothing-found-hint", lang))
        .into()
}

fn unknown(source: &Path) -> crate::Error {
    let message = if source.exists() {
        crate::t!("import-not-a-source", source = source)
    } else {
        crate::t!("import-source-missing", source = source)
    };
    Diagnostic::error(source, message)
        .hint(crate::t!("import-source-hint"))
        .into()
}

/// The new site may not be written inside the source: the source is never modified.
fn refuse_inside(source: &Path, dest: &Path) -> Result<()> {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (source, dest) = (abs(source), abs(dest));
    if source.is_dir() && dest.starts_with(&source) {
        return Err(Diagnostic::error(&dest, crate::t!("import-inside-source"))
            .hint(crate::t!("import-inside-source-hint"))
            .into());
    }
    Ok(())
}
