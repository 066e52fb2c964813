//! The import's report: counts per kind and every place that needs a person.
//!
//! In: the [`Note`]s gathered by the readers and the writer, and the [`Counts`]. Out: a
//! Markdown text, printed by the command and written to `IMPORT.md`, in the new site's
//! language whatever the language of the process (the report belongs to the site). The
//! sentences are the `import-…` messages of `i18n/<language>/import.ftl`.

use std::fmt::Write;

/// What needs a person at one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum What {
    /// A file or item that could not be read, with the reason; it was not imported.
    Unreadable(String),
    /// A date that could not be read; kept under `extra.date`.
    BadDate(String),
    /// Template syntax with no ruche equivalent, left as written.
    Template(String),
    /// A WordPress gallery whose images are not all in the export and the uploads folder,
    /// left as written.
    Gallery(String),
    /// An image that was not found; it became a plain link.
    MissingImage(String),
    /// An upload whose file was not found; its old address is kept.
    MissingUpload(String),
    /// A link to a page that was not imported; left as written.
    UnresolvedLink(String),
    /// A link to a page imported as a draft, which is not built; left as written.
    LinkToDraft(String),
    /// An old address already taken by another page; not kept.
    AddressTaken(String),
    /// A page whose address another page already had; given a new name.
    Renamed(String),
}

/// One place that needs a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The file (in the source for reading problems, under the new site otherwise).
    pub file: String,
    /// The line, 0 when the whole file or item is meant.
    pub line: usize,
    /// What to do there.
    pub what: What,
}

impl Note {
    /// A note about `file` at `line`.
    pub fn new(file: impl AsRef<std::path::Path>, line: usize, what: What) -> Note {
        Note {
            file: file.as_ref().to_string_lossy().replace('\\', "/"),
            line,
            what,
        }
    }
}

/// What was imported, by kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Pages written.
    pub pages: usize,
    /// Of which drafts.
    pub drafts: usize,
    /// Sections written.
    pub sections: usize,
    /// Images and other files copied.
    pub files: usize,
    /// Old addresses kept as aliases.
    pub aliases: usize,
    /// Tags, embeds and links converted.
    pub converted: usize,
}

/// The report's text, in the site's language `lang`.
pub fn render(lang: &str, from: &str, counts: &Counts, notes: &[Note]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", site_t!("import-report-title", lang));
    let _ = writeln!(
        out,
        "{}\n",
        site_t!("import-report-from", lang, from = from)
    );
    let rows = [
        site_t!("import-report-pages", lang, count = counts.pages),
        site_t!("import-report-drafts", lang, count = counts.drafts),
        site_t!("import-report-sections", lang, count = counts.sections),
        site_t!("import-report-files", lang, count = counts.files),
        site_t!("import-report-aliases", lang, count = counts.aliases),
        site_t!("import-report-converted", lang, count = counts.converted),
    ];
    for row in rows {
        let _ = writeln!(out, "- {row}");
    }
    let _ = writeln!(out);
    if notes.is_empty() {
        let _ = writeln!(out, "{}", site_t!("import-report-nothing", lang));
        return out;
    }
    let needs = site_t!("import-report-needs", lang, count = notes.len());
    let _ = writeln!(out, "## {needs}\n");
    for note in notes {
        let place = if note.line > 0 {
            format!("{}:{}", note.file, note.line)
        } else {
            note.file.clone()
        };
        let what = sentence(&note.what, lang);
        let _ = writeln!(
            out,
            "- {}",
            site_t!("import-report-note", lang, place = place, what = what)
        );
    }
    out
}

/// What to do, in one sentence in the site's language `lang`.
pub fn sentence(what: &What, lang: &str) -> String {
    // A piece of the source shown between backticks: a backtick inside would end it early.
    let code = |s: &str| s.replace('`', "'").chars().take(80).collect::<String>();
    match what {
        What::Unreadable(why) => site_t!("import-note-unreadable", lang, reason = why),
        What::BadDate(d) => site_t!("import-note-bad-date", lang, date = d),
        What::Template(s) => site_t!("import-note-template", lang, code = code(s)),
        What::Gallery(s) => site_t!("import-note-gallery", lang, code = code(s)),
        What::MissingImage(s) => site_t!("import-note-missing-image", lang, code = code(s)),
        What::MissingUpload(s) => site_t!("import-note-missing-upload", lang, code = code(s)),
        What::UnresolvedLink(s) => site_t!("import-note-unresolved-link", lang, code = code(s)),
        What::LinkToDraft(s) => site_t!("import-note-link-to-draft", lang, code = code(s)),
        What::AddressTaken(s) => site_t!("import-note-address-taken", lang, code = code(s)),
        What::Renamed(s) => site_t!("import-note-renamed", lang, code = code(s)),
    }
}

/// The sentence the command ends with, in the site's language `lang`: where the report is,
/// and whether anything needs a person.
pub fn closing(lang: &str, dir: &str, pages: usize, notes: usize) -> String {
    site_t!(
        "import-closing",
        lang,
        dir = dir,
        pages = pages,
        notes = notes
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_closing_line_counts_in_each_language() {
        assert_eq!(
            closing("en", "site", 1, 1),
            "1 page imported into site; 1 place needs a person (see site/IMPORT.md). Next: `ruche serve --root site`."
        );
        assert_eq!(
            closing("en-GB", "site", 3, 0),
            "3 pages imported into site; 0 places need a person (see site/IMPORT.md). Next: `ruche serve --root site`."
        );
        assert_eq!(
            closing("fr-FR", "site", 1, 2),
            "1 page importée dans site ; 2 points à reprendre (voir site/IMPORT.md). Ensuite : `ruche serve --root site`."
        );
    }

    #[test]
    fn the_report_is_in_the_sites_language_whatever_the_process_speaks() {
        let counts = Counts {
            pages: 2,
            drafts: 1,
            ..Counts::default()
        };
        let notes = [Note::new("a.md", 3, What::Template("{% x `y` %}".into()))];
        let fr = render("fr-FR", "Hugo (src)", &counts, &notes);
        assert!(fr.starts_with("# Rapport d’import\n\nImporté depuis Hugo (src).\n\n- pages : 2\n- dont brouillons : 1\n"), "{fr}");
        assert!(fr.contains("\n## À reprendre à la main (1)\n\n- `a.md:3` : balise sans équivalent laissée telle quelle `{% x 'y' %}` : remplacez-la"), "{fr}");
        let en = render("en", "Hugo (src)", &counts, &[]);
        assert!(
            en.starts_with("# Import report\n\nImported from Hugo (src).\n\n- pages: 2\n"),
            "{en}"
        );
        assert!(
            en.ends_with("- tags converted: 0\n\nNothing needs a person.\n"),
            "{en}"
        );
    }
}
