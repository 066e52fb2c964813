//! The import's report: counts per kind and every place that needs a person.
//!
//! In: the [`Note`]s gathered by the readers and the writer, and the [`Counts`]. Out: a
//! Markdown text, printed by the command and written to `IMPORT.md`, in French for a French
//! site and in English otherwise. Every sentence of the report is in this file, both
//! languages side by side, so that they can move into a message catalogue as they are.

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

/// The report's text, in French when `french`.
pub fn render(french: bool, from: &str, counts: &Counts, notes: &[Note]) -> String {
    let mut out = String::new();
    let t = |fr: &'static str, en: &'static str| if french { fr } else { en };
    let _ = writeln!(out, "# {}\n", t("Rapport d'import", "Import report"));
    let _ = writeln!(out, "{} {from}.\n", t("Importé depuis", "Imported from"));
    let rows = [
        (t("pages", "pages"), counts.pages),
        (t("dont brouillons", "of which drafts"), counts.drafts),
        (t("rubriques", "sections"), counts.sections),
        (
            t("fichiers copiés (images…)", "files copied (images…)"),
            counts.files,
        ),
        (
            t("anciennes adresses gardées", "old addresses kept"),
            counts.aliases,
        ),
        (t("balises converties", "tags converted"), counts.converted),
    ];
    for (label, n) in rows {
        let colon = if french { " :" } else { ":" };
        let _ = writeln!(out, "- {label}{colon} {n}");
    }
    let _ = writeln!(out);
    if notes.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            t("Rien à reprendre à la main.", "Nothing needs a person.")
        );
        return out;
    }
    let _ = writeln!(
        out,
        "## {} ({})\n",
        t("À reprendre à la main", "Needs a person"),
        notes.len()
    );
    for note in notes {
        let place = if note.line > 0 {
            format!("{}:{}", note.file, note.line)
        } else {
            note.file.clone()
        };
        let colon = if french { " :" } else { ":" };
        let _ = writeln!(out, "- `{place}`{colon} {}", sentence(&note.what, french));
    }
    out
}

/// What to do, in one sentence.
pub fn sentence(what: &What, french: bool) -> String {
    let code = |s: &str| s.replace('`', "'").chars().take(80).collect::<String>();
    match (what, french) {
        (What::Unreadable(why), true) => format!("non importé, illisible ({why}) ; corrigez la source puis relancez l'import, ou recopiez-le à la main"),
        (What::Unreadable(why), false) => format!("not imported, unreadable ({why}); fix the source and import again, or copy it by hand"),
        (What::BadDate(d), true) => format!("date illisible « {d} », gardée sous `extra.date` ; écrivez-la `AAAA-MM-JJ` dans `date:`"),
        (What::BadDate(d), false) => format!("unreadable date \"{d}\", kept under `extra.date`; write it as `YYYY-MM-DD` in `date:`"),
        (What::Template(s), true) => format!("balise sans équivalent laissée telle quelle `{}` : remplacez-la par du Markdown ou supprimez-la", code(s)),
        (What::Template(s), false) => format!("tag with no ruche equivalent left as written `{}`: replace it with Markdown or remove it", code(s)),
        (What::MissingImage(s), true) => format!("image introuvable `{}`, changée en lien : ajoutez le fichier à côté de la page et remettez `![…](…)`", code(s)),
        (What::MissingImage(s), false) => format!("image not found `{}`, turned into a link: put the file next to the page and write `![…](…)` again", code(s)),
        (What::MissingUpload(s), true) => format!("fichier absent du dossier uploads `{}`, l'ancienne adresse est gardée : donnez `--uploads` avec ce fichier, ou copiez-le à côté de la page", code(s)),
        (What::MissingUpload(s), false) => format!("file not in the uploads folder `{}`, its old address is kept: give `--uploads` with that file, or copy it next to the page", code(s)),
        (What::UnresolvedLink(s), true) => format!("lien vers une page non importée `{}`, laissé tel quel : pointez-le vers une page du site (`@/rubrique/page.md`) ou une adresse complète", code(s)),
        (What::UnresolvedLink(s), false) => format!("link to a page that was not imported `{}`, left as written: point it at a page of the site (`@/section/page.md`) or a full address", code(s)),
        (What::LinkToDraft(s), true) => format!("lien vers un brouillon `{}`, laissé tel quel : remettez le lien (`@/rubrique/page.md`) quand le brouillon sera publié", code(s)),
        (What::LinkToDraft(s), false) => format!("link to a draft `{}`, left as written: link it again (`@/section/page.md`) once the draft is published", code(s)),
        (What::AddressTaken(s), true) => format!("l'ancienne adresse `{}` est déjà celle d'une autre page : elle n'est pas gardée ici", code(s)),
        (What::AddressTaken(s), false) => format!("the old address `{}` already belongs to another page: it is not kept here", code(s)),
        (What::Renamed(s), true) => format!("une autre page avait déjà l'adresse `{}` : celle-ci a été renommée, vérifiez son adresse", code(s)),
        (What::Renamed(s), false) => format!("another page already had the address `{}`: this one was renamed, check its address", code(s)),
    }
}

/// The sentence the command ends with: where the report is, and whether anything needs a
/// person.
pub fn closing(french: bool, dir: &str, pages: usize, notes: usize) -> String {
    let s = |n: usize| if n > 1 { "s" } else { "" };
    if french {
        let (p, n) = (s(pages), s(notes));
        format!("{pages} page{p} importée{p} dans {dir} ; {notes} point{n} à reprendre (voir {dir}/IMPORT.md). Ensuite : `ruche serve --root {dir}`.")
    } else {
        let (p, n) = (s(pages), if notes == 1 { " needs" } else { "s need" });
        format!("{pages} page{p} imported into {dir}; {notes} place{n} a person (see {dir}/IMPORT.md). Next: `ruche serve --root {dir}`.")
    }
}

/// The message when nothing usable was found in the source.
pub fn nothing_found(french: bool, source: &str) -> String {
    if french {
        format!("rien d'importable dans `{source}` : ni article Markdown, ni élément d'export WordPress lisible")
    } else {
        format!("nothing to import in `{source}`: no Markdown post and no readable WordPress export item")
    }
}

/// The hint that goes with [`nothing_found`].
pub fn nothing_found_hint(french: bool) -> &'static str {
    if french {
        "donnez un fichier d'export WordPress (.xml) ou le dossier racine d'un site Hugo, Jekyll ou Zola ; `--from` force le format"
    } else {
        "give a WordPress export (.xml) or the root folder of a Hugo, Jekyll or Zola site; `--from` forces the format"
    }
}
