//! One language per site (issue 21): the same mistakes told by the real binary in French on a
//! French site and in English on an English one — in `build`, in `check` and its JSON — and,
//! outside any site, in the system's language.

use crate::support;

use support::Site;

/// A site in `language` with three mistakes of three kinds: an unknown front matter key, a
/// page without a title, and a link to a page that does not exist.
fn site_with_mistakes(language: &str) -> Site {
    Site::new()
        .file(
            "site.yaml",
            format!("title: T\nbase_url: https://x.org\nlanguage: {language}\n"),
        )
        .file(
            "content/a.md",
            "---\ntitle: A\ndat: 2025-07-01\n---\nVoir [la suite](@/absent.md).\n",
        )
        .file("content/b.md", "---\ndraft: false\n---\nSans titre.\n")
}

#[test]
fn the_same_mistakes_are_told_in_the_language_of_the_site() {
    let cases = [
        (
            "fr",
            [
                "avertissement: content/a.md:3:1: `dat` n’est pas une clé d’en-tête connue",
                "conseil : vouliez-vous dire `date` ?",
                "erreur: content/b.md:1:1: cette page n’a pas de titre",
                "le lien vers `@/absent.md` mène à `content/absent.md`, qui n’existe pas",
                "2 erreurs et 1 avertissement dans 2 fichiers : rien n’a été écrit.",
            ],
            ["error", "warning", "hint", "does not exist", "no title"],
        ),
        (
            "en",
            [
                "warning: content/a.md:3:1: `dat` is not a known front matter key",
                "hint: did you mean `date`?",
                "error: content/b.md:1:1: this page has no title",
                "the link to `@/absent.md` points to `content/absent.md`, which does not exist",
                "2 errors and 1 warning in 2 files: nothing was written.",
            ],
            ["erreur", "avertissement", "conseil", "n’existe", "vouliez"],
        ),
    ];
    for (language, said, never) in cases {
        let site = site_with_mistakes(language);
        let build = site.run(&["build"]).failure();
        let stderr = build.stderr();
        for words in said {
            assert!(
                stderr.contains(words),
                "{language}: {words:?} missing:\n{stderr}"
            );
        }
        for word in never {
            assert!(
                !stderr.contains(word),
                "{language}: {word:?} said:\n{stderr}"
            );
        }
        // `check` says the same, and its JSON carries the same sentences with codes that do
        // not depend on the language.
        let check = site.run(&["check"]).failure();
        assert!(check.stderr().contains(said[2]), "{}", check.stderr());
        let json = site.run(&["check", "--format", "json"]).failure();
        let value: serde_json::Value = serde_json::from_str(&json.stdout()).unwrap();
        let untitled = value["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["file"] == "content/b.md")
            .expect("the page without a title");
        assert_eq!(untitled["severity"], "error");
        let message = untitled["message"].as_str().unwrap();
        assert!(said[2].ends_with(message), "{language}: {message}");
    }
}

#[test]
fn outside_a_site_the_system_language_is_spoken() {
    let nowhere = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let site = Site::new();
    std::fs::remove_file(site.root().join("site.yaml")).unwrap();
    let cases = [
        (
            "fr_FR.UTF-8",
            "aucun fichier site.yaml dans",
            "rien n’a été écrit",
        ),
        (
            "en_GB.UTF-8",
            "no site.yaml was found in",
            "nothing was written",
        ),
        // A language ruche does not speak gets English.
        (
            "de_DE.UTF-8",
            "no site.yaml was found in",
            "nothing was written",
        ),
    ];
    for (locale, said, closing) in cases {
        // Every variable the system's language is read from, whatever the machine has.
        let env = [
            ("LANGUAGE", locale),
            ("LC_ALL", locale),
            ("LC_MESSAGES", locale),
            ("LANG", locale),
        ];
        let run = site.run_in(home.path(), &["build"], &env).failure();
        let stderr = run.stderr();
        assert!(stderr.contains(said), "{locale}:\n{stderr}");
        assert!(stderr.contains(closing), "{locale}:\n{stderr}");
        let init = Site::command_in(&site, home.path(), &["init"], &env)
            .arg(nowhere.path().join(locale))
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&init.stdout);
        let ready = if locale.starts_with("fr") {
            "Un nouveau site est prêt"
        } else {
            "A new site is ready"
        };
        assert!(stdout.contains(ready), "{locale}:\n{stdout}");
    }
}

#[test]
fn the_help_speaks_the_language_of_the_site_or_of_the_system() {
    let home = tempfile::tempdir().unwrap();
    let french = Site::new();
    let run = french.run(&["--help"]).success();
    let out = run.stdout();
    assert!(out.contains("Utilisation : ruche"), "{out}");
    assert!(out.contains("Construit le site dans public/"), "{out}");
    assert!(
        !out.contains("Usage:") && !out.contains("Print help"),
        "{out}"
    );
    let run = french.run(&["help", "new"]).success();
    assert!(
        run.stdout().contains("`recap` (compte rendu"),
        "{}",
        run.stdout()
    );
    // Outside a site, the system's language.
    let nowhere = Site::new();
    std::fs::remove_file(nowhere.root().join("site.yaml")).unwrap();
    let en = "en_US.UTF-8";
    let env = [
        ("LANGUAGE", en),
        ("LC_ALL", en),
        ("LC_MESSAGES", en),
        ("LANG", en),
    ];
    let run = nowhere
        .run_in(home.path(), &["check", "--help"], &env)
        .success();
    let out = run.stdout();
    assert!(out.contains("Usage: ruche check"), "{out}");
    assert!(
        out.contains("Check the whole site without writing anything"),
        "{out}"
    );
}
