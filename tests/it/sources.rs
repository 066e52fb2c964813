//! What a site's files become, whoever wrote them: Markdown under every extension and with
//! YAML or TOML front matter is read as a page and never published raw, the litter of editors
//! and systems is neither published nor watched, another system's template syntax is shown
//! and reported, dates follow the site's time zone, and a site without a theme folder gets
//! the built-in default theme.

use crate::support;

use support::Site;

/// Every file of `public/`, relative, with `/`.
fn published(site: &Site) -> Vec<String> {
    site.snapshot().into_iter().map(|(rel, _)| rel).collect()
}

fn site_with_foreign_files() -> Site {
    Site::new()
        .file(
            "content/actualites/_index.markdown",
            "---\ntitle: Les actualités\n---\nTout ce qui se passe.\n",
        )
        .file(
            "content/actualites/brouillon.markdown",
            "---\ntitle: Brouillon secret\ndraft: true\n---\nPas encore.\n",
        )
        .file(
            "content/actualites/2024-03-02-compte-rendu.MDOWN",
            "---\ntitle: Compte rendu\n---\nLe texte.\n",
        )
        .file(
            "content/actualites/assemblee.Mkd",
            "---\ntitle: Assemblée\n---\nVoir le [compte rendu](./2024-03-02-compte-rendu.MDOWN).\n",
        )
        .file(
            "content/actualites/visite/index.markdown",
            "---\ntitle: Visite\n---\n![La salle](salle.svg)\n",
        )
        .file("content/actualites/visite/salle.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        .file(
            "content/actualites/visite/notes.md",
            "---\ntitle: Mes notes\n---\nÀ ne pas publier.\n",
        )
}

/// Names editors, office suites, browsers and file managers leave beside people's files.
const LITTER: [&str; 8] = [
    "~$rapport.docx",
    ".~lock.rapport.odt#",
    ".DS_Store",
    "Thumbs.db",
    ".article.md.swp",
    "programme.pdf.crdownload",
    "article.md~",
    "#article.md#",
];

#[test]
fn every_markdown_extension_is_a_page_and_none_is_published_raw() {
    let site = site_with_foreign_files();
    site.run(&["build"]).success();
    let files = published(&site);
    for file in &files {
        let name = file.rsplit('/').next().unwrap().to_lowercase();
        assert!(
            ![".md", ".markdown", ".mdown", ".mkd"]
                .iter()
                .any(|ext| name.ends_with(ext)),
            "a source file was published: {file}"
        );
    }
    for file in [
        "actualites/index.html",
        "actualites/compte-rendu/index.html",
        "actualites/assemblee/index.html",
        "actualites/visite/index.html",
        "actualites/visite/salle.svg",
    ] {
        assert!(site.has(file), "missing public/{file}");
    }
    assert!(site
        .public("actualites/index.html")
        .contains("Les actualités"));
    assert!(site
        .public("actualites/assemblee/index.html")
        .contains("href=\"https://x.org/actualites/compte-rendu/\""));
    assert!(
        !site.has("actualites/brouillon/index.html"),
        "a draft is not built"
    );
    let all: String = site
        .snapshot()
        .into_iter()
        .map(|(_, bytes)| String::from_utf8_lossy(&bytes).into_owned())
        .collect();
    assert!(!all.contains("Brouillon secret"), "the draft leaked");
    assert!(!all.contains("À ne pas publier"), "a bundle's notes leaked");
}

#[test]
fn a_draft_saved_as_markdown_is_built_with_drafts_only() {
    let site = site_with_foreign_files();
    site.run(&["build", "--drafts"]).success();
    assert!(site
        .public("actualites/brouillon/index.html")
        .contains("Brouillon secret"));
}

#[test]
fn a_markdown_file_inside_a_bundle_is_a_warning_not_a_page() {
    let site = site_with_foreign_files();
    site.run(&["check"])
        .success()
        .stderr_contains("content/actualites/visite/notes.md")
        .stderr_contains("n’est pas publié");
}

#[test]
fn two_section_files_in_one_folder_are_an_error_naming_both() {
    let site = site_with_foreign_files().file(
        "content/actualites/_index.md",
        "---\ntitle: Actualités\n---\n",
    );
    site.run(&["build"])
        .failure()
        .stderr_contains("content/actualites/_index.md")
        .stderr_contains("content/actualites/_index.markdown");
}

#[test]
fn the_litter_of_editors_and_systems_is_never_published() {
    let mut site = Site::new()
        .file("content/a.md", "---\ntitle: A\n---\nTexte.\n")
        .file("static/.htaccess", "ErrorDocument 404 /404.html\n")
        .file(
            "static/.well-known/security.txt",
            "Contact: mailto:x@x.org\n",
        )
        .file("static/.git/config", "[core]\n")
        .file("content/.git/HEAD", "ref: refs/heads/main\n");
    for name in LITTER {
        site = site
            .file(&format!("content/{name}"), "x")
            .file(&format!("static/docs/{name}"), "x");
    }
    site.run(&["build"]).success();
    let files = published(&site);
    for name in LITTER {
        assert!(
            !files.iter().any(|f| f.ends_with(name)),
            "{name} was published: {files:?}"
        );
    }
    assert!(!files.iter().any(|f| f.contains(".git")), "{files:?}");
    assert!(site.has(".htaccess") && site.has(".well-known/security.txt"));
}

#[test]
fn toml_front_matter_is_read_with_the_same_keys_as_yaml() {
    let site = Site::new()
        .file(
            "content/blog/_index.md",
            "+++\ntitle = \"Le blog\"\nsort_by = \"date\"\n+++\nLes billets de l'équipe.\n",
        )
        .file(
            "content/blog/premier.md",
            "+++\ntitle = \"Premier billet\"\ndate = 2023-12-04\ndescription = \"Un début\"\ntags = [\"Coopsday\"]\n[taxonomies]\ncategories = [\"Vie coopérative\"]\n[extra]\nlieu = \"Paris\"\n+++\nBonjour.\n",
        );
    site.run(&["build"]).success();
    let section = site.public("blog/index.html");
    assert!(section.contains("Le blog") && section.contains("Premier billet"));
    assert!(
        !section.contains("+++") && !section.contains("sort_by"),
        "front matter printed"
    );
    let page = site.public("blog/premier/index.html");
    assert!(page.contains("Premier billet") && page.contains("2023-12-04"));
    assert!(site.has("tags/coopsday/index.html"));
    assert!(site.has("categories/vie-cooperative/index.html"));
}

#[test]
fn toml_mistakes_name_the_file_the_line_and_the_fix() {
    let site = Site::new().file(
        "content/a.md",
        "+++\ntitle = \"A\"\ndate = 2023-13-45\n+++\nTexte.\n",
    );
    site.run(&["build"])
        .failure()
        .stderr_contains("content/a.md:3");
    let site = Site::new().file("content/b.md", "+++\ndate = 2023-12-04\n+++\nTexte.\n");
    site.run(&["build"])
        .failure()
        .stderr_contains("content/b.md")
        .stderr_contains("pas de titre")
        .stderr_contains("title = ");
    let site = Site::new().file("content/c.md", "+++\ntitle = [\"A\"\n+++\nTexte.\n");
    site.run(&["build"])
        .failure()
        .stderr_contains("content/c.md:2")
        .stderr_contains("TOML");
    let site = Site::new().file(
        "content/d.md",
        "+++\ntitle = \"D\"\ndat = 2023-12-04\n+++\nTexte.\n",
    );
    site.run(&["build"])
        .success()
        .stderr_contains("content/d.md:3")
        .stderr_contains("`date`");
}

#[test]
fn shortcodes_are_shown_as_written_with_a_warning_naming_the_line() {
    let site = Site::new().file(
        "content/a.md",
        "---\ntitle: A\n---\nLa vidéo :\n\n{{< youtube \"dQw4\" >}}\n",
    );
    site.run(&["build"])
        .success()
        .stderr_contains("content/a.md:6:1")
        .stderr_contains("shortcode Hugo");
    let html = site.public("a/index.html");
    assert!(
        html.contains("{{&lt; youtube &quot;dQw4&quot; &gt;}}"),
        "{html}"
    );
}

#[test]
fn a_cms_utc_midnight_is_shown_on_the_day_of_the_site_timezone() {
    let page = "---\ntitle: AG\ndate: 2023-12-04T23:00:00Z\n---\nTexte.\n";
    let site = Site::new().file("content/ag.md", page);
    site.run(&["build"]).success();
    assert!(site.public("ag/index.html").contains("4 décembre 2023"));
    let site = Site::new()
        .file(
            "site.yaml",
            "title: Test\nbase_url: https://x.org\ntimezone: Europe/Paris\n",
        )
        .file("content/ag.md", page);
    site.run(&["build"]).success();
    let html = site.public("ag/index.html");
    assert!(html.contains("5 décembre 2023"), "{html}");
    assert!(html.contains("2023-12-05T00:00:00+01:00"), "{html}");
}

#[test]
fn an_unknown_timezone_suggests_the_nearest_one() {
    let site = Site::new().file(
        "site.yaml",
        "title: Test\nbase_url: https://x.org\ntimezone: Europe/Pari\n",
    );
    site.run(&["build"])
        .failure()
        .stderr_contains("site.yaml:3")
        .stderr_contains("Europe/Paris");
}

#[test]
fn a_site_without_a_theme_folder_gets_the_built_in_default_theme() {
    let with_folder = Site::new().file("content/a.md", "---\ntitle: A\n---\nTexte.\n");
    with_folder.run(&["build"]).success();
    let without = Site::new().file("content/a.md", "---\ntitle: A\n---\nTexte.\n");
    std::fs::remove_dir_all(without.root().join("themes")).unwrap();
    without.run(&["build"]).success();
    assert_eq!(
        with_folder.snapshot(),
        without.snapshot(),
        "the built-in theme is the repository's themes/default"
    );
    // A site's own themes/default/ still wins.
    let own = Site::new()
        .file("content/a.md", "---\ntitle: A\n---\nTexte.\n")
        .file(
            "themes/default/static/style.css",
            "body { color: rebeccapurple }",
        );
    own.run(&["build"]).success();
    assert!(own.public("style.css").contains("rebeccapurple"));
    let other = Site::new().file(
        "site.yaml",
        "title: T\nbase_url: https://x.org\ntheme: maison\n",
    );
    other
        .run(&["build"])
        .failure()
        .stderr_contains("le thème `maison` est introuvable");
}

#[test]
fn a_page_dated_after_today_is_scheduled_until_its_day() {
    let site = Site::new()
        .file(
            "content/actualites/_index.md",
            "---\ntitle: Actualités\n---\n",
        )
        .file(
            "content/actualites/hier.md",
            "---\ntitle: Hier\ndate: 2020-01-01\ntags: [Coopsday]\n---\nTexte.\n",
        )
        .file(
            "content/actualites/demain.md",
            "---\ntitle: Annonce future\ndate: 2999-06-01\ntags: [Coopsday]\n---\nTexte.\n",
        );
    site.run(&["build"])
        .success()
        .stdout_contains("content/actualites/demain.md sera en ligne le 1er juin 2999");
    assert!(!site.has("actualites/demain/index.html"));
    for (_, bytes) in site.snapshot() {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("Annonce future"),
            "a scheduled page is in no list, feed, term or sitemap"
        );
    }
    site.run(&["check"])
        .success()
        .stderr_contains("content/actualites/demain.md")
        .stderr_contains("programmée");
    site.run(&["build", "--future"]).success();
    let page = site.public("actualites/demain/index.html");
    assert!(
        page.contains("Programmé pour le") && page.contains("noindex"),
        "{page}"
    );
    assert!(site
        .public("tags/coopsday/index.html")
        .contains("Annonce future"));
}

#[test]
fn titles_and_dates_are_written_the_french_way() {
    let site = Site::new().file(
        "content/a.md",
        "---\ntitle: \"L'avril des coop : \\\"bilan\\\"\"\ndate: 2025-07-01\n---\nTexte.\n",
    );
    site.run(&["build"]).success();
    let html = site.public("a/index.html");
    assert!(
        html.contains("<h1>L’avril des coop\u{a0}: «\u{202f}bilan\u{202f}»</h1>"),
        "{html}"
    );
    assert!(html.contains("1<sup>er</sup> juillet 2025"), "{html}");
}

#[test]
fn check_reports_errors_and_warnings_together_grouped_and_as_json() {
    let mut site = Site::new()
        .file("content/casse.md", "---\ntitle: [Casse\n---\nTexte.\n")
        .file(
            "templates/page.html",
            "{% if page.title %}\n{{ page.title }\n",
        );
    for i in 0..8 {
        site = site.file(
            &format!("content/p{i}.md"),
            format!("---\ntitle: P{i}\ncouleur: bleu\n---\nTexte.\n"),
        );
    }
    let run = site.run(&["check"]).failure();
    let stderr = run.stderr();
    assert!(stderr.contains("content/casse.md:2"), "{stderr}");
    assert!(stderr.contains("templates/page.html:2"), "{stderr}");
    assert!(
        stderr.contains("── 8 × avertissement : `…` n’est pas une clé d’en-tête connue"),
        "{stderr}"
    );
    assert!(stderr.contains("… et 5 autres du même genre"), "{stderr}");
    assert!(
        stderr.contains("2 erreurs et 8 avertissements dans 10 fichiers"),
        "{stderr}"
    );
    let verbose = site.run(&["check", "--verbose"]).failure();
    assert_eq!(
        verbose
            .stderr()
            .matches("`couleur` n’est pas une clé")
            .count(),
        8
    );
    let json = site.run(&["check", "--format", "json"]).failure();
    let value: serde_json::Value = serde_json::from_str(&json.stdout()).unwrap();
    assert_eq!(value["errors"], 2);
    assert_eq!(value["warnings"], 8);
    assert_eq!(value["ok"], false);
    assert!(value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["file"] == "templates/page.html" && d["line"] == 2));
}

#[test]
fn links_to_a_page_that_could_not_be_read_are_said_once_with_its_error() {
    let site = Site::new()
        .file("content/casse.md", "---\ntitle: [Casse\n---\nTexte.\n")
        .file(
            "content/a.md",
            "---\ntitle: A\n---\nVoir [la page](@/casse.md).\n",
        )
        .file(
            "content/b.md",
            "---\ntitle: B\n---\nVoir [la page](@/casse.md).\n",
        );
    let run = site.run(&["check"]).failure();
    let stderr = run.stderr();
    assert!(!stderr.contains("qui n’existe pas"), "{stderr}");
    assert_eq!(
        stderr.matches("2 liens d’autres pages mènent ici").count(),
        1,
        "{stderr}"
    );
    assert!(stderr.contains("content/casse.md:2"), "{stderr}");
}

#[test]
fn the_editorial_lint_warns_in_check_only_where_a_rule_is_broken() {
    let long = "Un titre ".repeat(13);
    let site = Site::new()
        .file(
            "content/mauvais.md",
            format!("---\ntitle: {long}\ndate: 2025-01-01\n---\nIntro.\n\n#### Trop bas\n\nPour le programme, [cliquez ici](https://x.org/p).\nVoir <https://x.org/q>.\n\n# Un\n\n# Deux\n"),
        )
        .file(
            "content/bon.md",
            "---\ntitle: Court\ndate: 2025-01-02\ndescription: Le résumé.\n---\nIntro.\n\n## Partie\n\n### Sous-partie\n\nVoir [le programme de la formation](https://x.org/p).\n",
        )
        .file(
            "content/suite.md",
            "---\ntitle: Avec suite\ndate: 2025-01-03\n---\nIntro.\n\n<!-- more -->\n\nLa suite.\n",
        );
    let run = site.run(&["check", "--verbose"]).success();
    let stderr = run.stderr();
    for expected in [
        "content/mauvais.md:2:1: ce titre compte",
        "content/mauvais.md:7:1: cet intertitre de niveau 4 suit un intertitre de niveau 1",
        "content/mauvais.md:9:20: le texte de ce lien, `cliquez ici`",
        "content/mauvais.md:10:6: le texte de ce lien, `https://x.org/q`",
        "content/mauvais.md:14:1: un deuxième titre de niveau 1",
        "content/mauvais.md:5:1: cet article n’a ni `description` ni `<!-- more -->`",
    ] {
        assert!(stderr.contains(expected), "lacks {expected:?}:\n{stderr}");
    }
    assert!(!stderr.contains("content/bon.md"), "{stderr}");
    assert!(!stderr.contains("content/suite.md"), "{stderr}");
    // The lint is check's: a build does not repeat it.
    let build = site.run(&["build"]).success();
    assert!(
        !build.stderr().contains("cliquez ici"),
        "{}",
        build.stderr()
    );
    let strict = site.file(
        "site.yaml",
        "title: Test\nbase_url: https://x.org\nstrict: true\n",
    );
    strict
        .run(&["check"])
        .failure()
        .stderr_contains("cliquez ici");
}

#[test]
fn an_accented_old_address_is_kept_as_the_server_will_look_for_it() {
    let site = Site::new().file(
        "content/fete.md",
        "---\ntitle: Fête\naliases: [\"/actualit%C3%A9s/f%C3%AAte-d-%C3%A9t%C3%A9/\"]\n---\nTexte.\n",
    );
    site.run(&["build"]).success();
    let redirect = site.public("actualités/fête-d-été/index.html");
    assert!(redirect.contains("https://x.org/fete/"), "{redirect}");
}
