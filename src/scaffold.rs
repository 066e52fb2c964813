//! `ruche new` and `ruche init`: files written for the user, ready to edit.
//!
//! In: a content path and a kind (`new`), or a folder (`init`). Out: files on disk, never
//! over an existing one. The theme that `init` writes is the repository's own
//! `themes/default`, embedded at compile time: one source of truth for the example site,
//! the tests and new sites.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::error::{Diagnostic, Error, Result};
use crate::fsx;

/// The kinds of file `ruche new` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// A news article.
    Article,
    /// The recap of a training session or an event that took place.
    Recap,
    /// An event to come.
    Event,
}

/// Writes `content/<path>.md` and returns its path.
pub(crate) fn new_page(root: &Path, path: &str, kind: Kind, today: NaiveDate) -> Result<PathBuf> {
    let clean: Vec<&str> = path
        .trim_end_matches(".md")
        .split(['/', '\\'])
        .filter(|p| !p.is_empty() && *p != "." && *p != "..")
        .collect();
    let Some(name) = clean.last() else {
        return Err(Error::msg(crate::t!("new-no-name")));
    };
    let target = root.join("content").join(format!("{}.md", clean.join("/")));
    if target.exists() {
        return Err(Diagnostic::error(&target, crate::t!("new-exists"))
            .hint(crate::t!("new-exists-hint"))
            .into());
    }
    if let Some(parent) = target.parent() {
        fsx::create_dir_all(parent)?;
    }
    fsx::write(&target, page_text(&title_of(name), kind, today))?;
    Ok(target)
}

/// `2025-07-01-mon-article` → `Mon article`.
fn title_of(name: &str) -> String {
    let name = crate::text::dates::parse_date_prefix(name).map_or(name, |(_, rest)| rest);
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    chars.next().map_or_else(
        || "Nouvel article".into(),
        |c| c.to_uppercase().chain(chars).collect(),
    )
}

/// The gallery a recap offers, commented out: the photos go in the article's folder (make the
/// page a bundle, `nom-de-l-article/index.md`, to keep them beside it).
const RECAP_GALLERY: &str =
    "# Galerie photos : enlevez les « # » et mettez les photos dans le dossier de l'article.
# Chaque photo a besoin d'un texte « alt » qui dit ce qu'elle montre.
# gallery:
#   - src: photo-1.jpg
#     alt: \"Les participants réunis autour de la table\"
#     caption: \"L'ouverture de la session\"
#     credit: \"Prénom Nom\"
#   - src: photo-2.jpg
#     alt: \"Ce que montre la deuxième photo\"
";

fn page_text(title: &str, kind: Kind, today: NaiveDate) -> String {
    let title = title.replace('"', "'");
    let mut text = format!(
        "---\ntitle: \"{title}\"\ndate: {today}\ndescription: \"Une phrase qui résume l'article, pour les listes et les réseaux sociaux.\"\ndraft: true  # passez à false (ou supprimez la ligne) pour publier\ntags: []\nauthors: []\n"
    );
    if kind != Kind::Article {
        let day = if kind == Kind::Event {
            today + chrono::Days::new(30)
        } else {
            today
        };
        text.push_str(&format!(
            "event:\n  start: {day}  # ou {day}T09:30:00+01:00 avec l'heure\n  end: {day}    # dernier jour (facultatif)\n  location: \"Nom du lieu\"\n  address: \"Adresse, code postal, ville\"\n  organizers: [\"Votre organisation\"]\n  speakers:\n    - name: \"Prénom Nom\"\n      role: \"Fonction\"\n"
        ));
    }
    if kind == Kind::Recap {
        text.push_str(RECAP_GALLERY);
    }
    text.push_str("---\n");
    text.push_str(match kind {
        Kind::Article => "Le premier paragraphe sert de résumé dans les listes.\n\n<!-- more -->\n\n## Un intertitre\n\nLa suite de l'article.\n",
        Kind::Recap => "En quelques lignes : ce qui s'est passé, avec qui, et ce qu'on en retient.\n\n<!-- more -->\n\n## Première journée\n\n## Deuxième journée\n\n## À retenir\n",
        Kind::Event => "Présentez l'événement : pour qui, pourquoi venir, comment s'inscrire.\n\n<!-- more -->\n\n## Programme\n\n## Inscription\n",
    });
    text
}

/// Creates a new site in `dir`: site.yaml, the default theme, a home page and one article.
pub(crate) fn init(dir: &Path, force: bool, today: NaiveDate) -> Result<()> {
    skeleton(dir, force)?;
    let title = dir
        .file_name()
        .map_or("Mon journal".into(), |n| title_of(&n.to_string_lossy()));
    let files = [
        ("site.yaml", format!("title: \"{}\"\nbase_url: https://www.exemple.coop\nlanguage: fr\ndescription: \"Les nouvelles de notre coopérative.\"\n", title.replace('"', "'"))),
        ("content/_index.md", "---\ntitle: Accueil\n---\nBienvenue sur le journal de notre coopérative.\n".to_string()),
        ("content/actualites/_index.md", "---\ntitle: Actualités\nsort_by: date\n---\n".to_string()),
    ];
    for (path, text) in files {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            fsx::create_dir_all(parent)?;
        }
        if !target.exists() {
            fsx::write(&target, text)?;
        }
    }
    let article = dir.join("content/actualites/bienvenue.md");
    if !article.exists() {
        let text = page_text("Bienvenue sur notre journal", Kind::Article, today).replace(
            "draft: true  # passez à false (ou supprimez la ligne) pour publier\n",
            "",
        );
        fsx::write(&article, text)?;
    }
    Ok(())
}

/// The part of a new site that does not depend on its content: the default theme, `static/`
/// and `.gitignore`, in `dir`, which must be empty (or `force`). `ruche init` and
/// `ruche import` both start with it.
pub(crate) fn skeleton(dir: &Path, force: bool) -> Result<()> {
    let non_empty = std::fs::read_dir(dir)
        .map(|mut d| d.next().is_some())
        .unwrap_or(false);
    if non_empty && !force {
        return Err(
            Diagnostic::error(dir, crate::t!("init-not-empty", dir = dir))
                .hint(crate::t!("init-not-empty-hint"))
                .into(),
        );
    }
    fsx::create_dir_all(dir)?;
    let theme = dir.join("themes/default");
    fsx::create_dir_all(&theme)?;
    crate::theme::DEFAULT
        .extract(&theme)
        .map_err(|e| Error::io(&theme, e))?;
    fsx::create_dir_all(&dir.join("static"))?;
    for (path, text) in [
        ("static/.gitkeep", ""),
        (".gitignore", "/public\n/.ruche-cache\n"),
    ] {
        let target = dir.join(path);
        if !target.exists() {
            fsx::write(&target, text)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_come_from_the_file_name() {
        assert_eq!(title_of("mon-article"), "Mon article");
        assert_eq!(title_of("2025-07-01-formation_vie"), "Formation vie");
        assert_eq!(title_of(""), "Nouvel article");
    }

    #[test]
    fn new_refuses_to_overwrite_and_never_leaves_content() {
        let dir = tempfile::tempdir().unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let path = new_page(dir.path(), "../../actualites/a", Kind::Recap, day).unwrap();
        assert_eq!(path, dir.path().join("content/actualites/a.md"));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains("date: 2026-11-26")
                && text.contains("draft: true")
                && text.contains("event:")
        );
        assert!(new_page(dir.path(), "actualites/a", Kind::Article, day).is_err());
    }

    #[test]
    fn a_recap_offers_a_commented_gallery_that_parses_once_uncommented() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let recap = page_text("Bilan", Kind::Recap, day);
        assert!(recap.contains("# gallery:\n#   - src: photo-1.jpg\n#     alt: "));
        assert!(!page_text("Bilan", Kind::Article, day).contains("gallery"));
        let uncommented = recap
            .replace("\n# gallery:", "\ngallery:")
            .replace("\n#   ", "\n  ");
        let front = uncommented.split("---\n").nth(1).unwrap();
        let value: serde_yaml::Value = serde_yaml::from_str(front).unwrap();
        let gallery = value["gallery"].as_sequence().unwrap();
        assert_eq!(gallery.len(), 2);
        assert!(gallery
            .iter()
            .all(|g| g["alt"].as_str().is_some_and(|a| !a.is_empty())));
    }
}
