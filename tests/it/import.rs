//! `ruche import` on fixture sites written for it (a WordPress export, a Hugo, a Jekyll and a
//! Zola site) and on the real Jekyll news corpus: the files written, that each result builds
//! with no error, that every old address still leads to its page, that a second import gives
//! the same bytes, that the source is left untouched, and what bad input gives.

use crate::support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ruche::import::{self, Format, Imported, Options};
use ruche::BuildOptions;

pub(crate) fn fixture(name: &str) -> PathBuf {
    support::repo().join("tests/fixtures/import").join(name)
}

pub(crate) fn options(source: PathBuf, dest: &Path) -> Options {
    Options {
        source,
        dest: dest.to_path_buf(),
        from: None,
        uploads: None,
        permalink: None,
        force: false,
    }
}

/// Imports `opts` into a fresh folder (`opts.dest` is replaced) and returns it.
pub(crate) fn import_into(mut opts: Options) -> (tempfile::TempDir, Imported) {
    let dir = tempfile::tempdir().unwrap();
    opts.dest = dir.path().join("site");
    let imported =
        import::import_keeping_language(&opts).unwrap_or_else(|e| panic!("import failed: {e}"));
    (dir, imported)
}

pub(crate) fn site(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("site")
}

/// Every file under `root` with its bytes, by relative path.
fn files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    support::files_under(root, |path| std::fs::read(path).unwrap())
}

pub(crate) fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Builds the imported site through the library; any error fails the test.
pub(crate) fn build(root: &Path) -> ruche::output::Output {
    let opts = BuildOptions {
        today: chrono::NaiveDate::from_ymd_opt(2026, 1, 1),
        ..BuildOptions::new(root)
    };
    match ruche::build(&opts) {
        Ok(built) => built.output,
        Err(e) => panic!("the imported site does not build:\n{e}"),
    }
}

/// The output file an address is served from (`/a/b/` → `a/b/index.html`).
fn file_of(url: &str) -> String {
    let path = url.trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// Asserts that each old address is served in `out`, by the page itself or by a redirect to
/// its new address.
fn assert_old_urls_lead_to(out: &ruche::output::Output, pairs: &[(&str, &str)]) {
    for (old, new) in pairs {
        let file = file_of(old);
        let Some(found) = out.files.get(&file) else {
            panic!(
                "the old address {old} ({file}) is not served; files: {:?}",
                out.files.keys().collect::<Vec<_>>()
            );
        };
        assert!(out.files.contains_key(&file_of(new)), "no page at {new}");
        if old != new {
            let text = String::from_utf8_lossy(&found.read().unwrap()).to_string();
            assert!(text.contains(new), "{old} does not lead to {new}: {text}");
        }
    }
}

pub(crate) fn assert_same_twice(opts: Options) {
    let (a, _) = import_into(opts.clone());
    let (b, _) = import_into(opts);
    assert_eq!(files(&site(&a)), files(&site(&b)), "two imports differ");
}

#[test]
fn a_wordpress_export_becomes_pages_with_covers_captions_and_videos() {
    let mut opts = options(fixture("wordpress/export.xml"), Path::new(""));
    opts.uploads = Some(fixture("wordpress/uploads"));
    let (dir, imported) = import_into(opts.clone());
    let root = site(&dir);
    assert_eq!(imported.format, Format::Wordpress);
    assert_eq!((imported.counts.pages, imported.counts.drafts), (5, 2));
    let ag = read(
        &root,
        "content/actualites/2024-03-12-assemblee-generale-2024/index.md",
    );
    for expected in [
        "title: Assemblée générale 2024\n",
        "date: 2024-03-12T10:00:00+01:00\n",
        "description: Le compte rendu de l'assemblée.\n",
        "authors:\n- Camille Martin\n",
        "categories:\n- Vie coopérative\n",
        "tags:\n- AG\n",
        "cover:\n  src: salle.png\n  alt: La salle du conseil, pleine\n",
        "**mardi** & tout",
        "<!-- more -->",
        "![Plan des parcelles](plan.png)\n\n<figcaption>Le plan des parcelles pour 2024</figcaption>",
        "src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ\" title=\"Vidéo YouTube\"",
    ] {
        assert!(ag.contains(expected), "missing {expected:?} in:\n{ag}");
    }
    assert!(!ag.contains("wp:"), "a block comment is left:\n{ag}");
    for copied in ["salle.png", "plan.png"] {
        let original = std::fs::read(fixture("wordpress/uploads/2024/03").join(copied)).unwrap();
        let bundle = root.join("content/actualites/2024-03-12-assemblee-generale-2024");
        assert_eq!(std::fs::read(bundle.join(copied)).unwrap(), original);
    }
    assert!(
        read(&root, "content/actualites/2024-04-01-idee-pour-la-fete.md").contains("draft: true")
    );
    let private = read(&root, "content/actualites/2024-04-02-note-interne.md");
    assert!(private.contains("draft: true") && private.contains("wordpress_status: private"));
    assert!(read(&root, "content/a-propos.md").contains("Nous cultivons des jardins partagés."));
    assert!(
        !root.join("content/menu-principal.md").exists(),
        "a menu item is no page"
    );
    let site_yaml = read(&root, "site.yaml");
    assert!(site_yaml.contains("title: Coop des Jardins") && site_yaml.contains("language: fr-FR"));
    assert!(site_yaml.contains("base_url: https://jardins.example.org"));
    // The report is French, like the site, and lists what needs a person.
    let report = read(&root, "IMPORT.md");
    assert_eq!(report, imported.report);
    assert!(report.starts_with("# Rapport d’import\n"), "{report}");
    assert!(
        report.contains("content/actualites/2024-06-21-photos-fete.md:14")
            && report.contains("gallery"),
        "{report}"
    );
    assert!(report.contains("absente.jpg"), "{report}");
    let out = build(&root);
    assert_old_urls_lead_to(
        &out,
        &[
            (
                "/2024/03/12/assemblee-generale-2024/",
                "/actualites/assemblee-generale-2024/",
            ),
            ("/2024/06/21/photos-fete/", "/actualites/photos-fete/"),
            ("/a-propos/", "/a-propos/"),
        ],
    );
    assert!(
        !out.files.contains_key("actualites/note-interne/index.html"),
        "a private post is published"
    );
    assert_same_twice(opts);
}

#[test]
fn a_hugo_site_keeps_its_permalinks_bundles_and_static_images() {
    let opts = options(fixture("hugo"), Path::new(""));
    let (dir, imported) = import_into(opts.clone());
    let root = site(&dir);
    assert_eq!(imported.format, Format::Hugo);
    let premier = read(&root, "content/posts/premier/index.md");
    for expected in [
        "updated: 2024-02-11\n",
        "description: Le tout premier atelier de réparation.\n",
        "authors:\n- Léa\n",
        "tags:\n- vélo\n- réparation\n",
        "extra:\n  toc: true\n",
        "![Logo](logo.png)",
        "```go\nfmt.Println(\"bonjour\")\n```",
        "youtube-nocookie.com/embed/w7Ft2ymGmfc",
    ] {
        assert!(
            premier.contains(expected),
            "missing {expected:?} in:\n{premier}"
        );
    }
    assert!(root.join("content/posts/premier/logo.png").is_file());
    let second = read(&root, "content/posts/second.md");
    assert!(
        second.contains("[premier atelier](@/posts/premier/index.md)"),
        "{second}"
    );
    assert!(
        second.contains("[la fête](@/posts/fete/index.md)"),
        "{second}"
    );
    assert!(second.contains("extra:\n  couleur: vert\n"), "{second}");
    let fete = read(&root, "content/posts/fete/index.md");
    assert!(
        fete.contains("cover:\n  src: photo.png")
            && fete.contains("<figcaption>La fête, en juin</figcaption>"),
        "{fete}"
    );
    assert!(root.join("content/posts/fete/photo.png").is_file());
    assert!(read(&root, "content/posts/_index.md").contains("title: Nos nouvelles"));
    assert!(read(&root, "site.yaml").contains("language: fr-FR"));
    assert!(
        imported.report.contains("content/posts/premier/index.md:")
            && imported.report.contains("tweet"),
        "{}",
        imported.report
    );
    let out = build(&root);
    assert_old_urls_lead_to(
        &out,
        &[
            ("/2024/02/premier-atelier/", "/posts/premier/"),
            ("/ancien/premier-atelier/", "/posts/premier/"),
            ("/2024/03/le-second/", "/posts/le-second/"),
            ("/2024/06/la-fete-des-ateliers/", "/posts/fete/"),
            ("/about/", "/about/"),
        ],
    );
    assert_same_twice(opts);
}

#[test]
fn a_jekyll_site_keeps_its_dated_addresses_and_converts_liquid() {
    let opts = options(fixture("jekyll"), Path::new(""));
    let (dir, imported) = import_into(opts.clone());
    let root = site(&dir);
    assert_eq!(imported.format, Format::Jekyll);
    let hello = read(&root, "content/news/2013-05-06-hello-world/index.md");
    for expected in [
        "date: 2013-05-06T02:12:52+02:00\n",
        "description: Our first post.\n",
        "authors:\n- Sam\n- Alex\n",
        "categories:\n- release\n",
        "[here](@/news/2014-01-02-second.md)",
        "```ruby\nputs \"hello\"\n```",
        "![A cat](cat.png)",
    ] {
        assert!(
            hello.contains(expected),
            "missing {expected:?} in:\n{hello}"
        );
    }
    assert!(root
        .join("content/news/2013-05-06-hello-world/cat.png")
        .is_file());
    let second = read(&root, "content/news/2014-01-02-second.md");
    assert!(
        second.contains("`{{ page.title }}`") && !second.contains("raw"),
        "{second}"
    );
    assert!(second.contains("[Missing](/assets/gone.png)"), "{second}");
    assert!(read(&root, "content/news/an-idea.md").contains("draft: true"));
    assert!(!root.join("content/readme.md").exists() && !root.join("content/README.md").exists());
    // English site, English report; the broken post is named with its line, the others kept.
    let report = &imported.report;
    assert!(
        report.contains("_posts/2015-01-01-broken.md:2") && report.contains("not imported"),
        "{report}"
    );
    assert!(
        report.contains("gone.png") && report.contains("{{ site.title }}"),
        "{report}"
    );
    let out = build(&root);
    assert_old_urls_lead_to(
        &out,
        &[
            ("/release/2013/05/06/hello-world/", "/news/hello-world/"),
            ("/second-post/", "/news/second/"),
            ("/about/", "/about/"),
        ],
    );
    assert_same_twice(opts);
}

#[test]
fn a_zola_site_keeps_its_paths_taxonomies_and_internal_links() {
    let opts = options(fixture("zola"), Path::new(""));
    let (dir, imported) = import_into(opts.clone());
    let root = site(&dir);
    assert_eq!(imported.format, Format::Zola);
    let first = read(&root, "content/blog/2020-01-01-first.md");
    assert!(
        first.contains("tags:\n- rust\n- web\n") && first.contains("extra:\n  mood: happy\n"),
        "{first}"
    );
    let second = read(&root, "content/blog/second/index.md");
    assert!(
        second.contains("[the first](@/blog/2020-01-01-first.md)"),
        "{second}"
    );
    assert!(second.contains("[missing one](#)"), "{second}");
    assert!(
        imported.report.contains("blog/nope.md"),
        "{}",
        imported.report
    );
    let out = build(&root);
    assert_old_urls_lead_to(
        &out,
        &[
            ("/blog/first/", "/blog/first/"),
            ("/old/first.html", "/blog/first/"),
            ("/notes/second/", "/blog/second/"),
        ],
    );
    assert_same_twice(opts);
}

#[test]
fn the_source_is_never_modified() {
    for name in ["hugo", "jekyll", "zola", "wordpress"] {
        let before = files(&fixture(name));
        let source = if name == "wordpress" {
            fixture("wordpress/export.xml")
        } else {
            fixture(name)
        };
        let mut opts = options(source, Path::new(""));
        opts.uploads = (name == "wordpress").then(|| fixture("wordpress/uploads"));
        let _ = import_into(opts);
        assert_eq!(before, files(&fixture(name)), "{name} changed");
    }
}

#[test]
fn a_truncated_export_keeps_the_items_before_the_break_and_names_the_line() {
    let full = std::fs::read_to_string(fixture("wordpress/export.xml")).unwrap();
    let cut = full.find("<title>Note interne</title>").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("coupe.xml");
    std::fs::write(&file, format!("{}</channel></item>", &full[..cut])).unwrap();
    let (out, imported) = import_into(options(file, Path::new("")));
    assert!(site(&out)
        .join("content/actualites/2024-03-12-assemblee-generale-2024.md")
        .is_file());
    assert!(site(&out)
        .join("content/actualites/2024-04-01-idee-pour-la-fete.md")
        .is_file());
    let note = imported
        .notes
        .iter()
        .find(|n| n.file == "coupe.xml")
        .expect("a note on the export");
    assert!(note.line > 1, "{note:?}");
    build(&site(&out));
}

#[test]
fn nothing_to_import_is_an_error_that_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("vide");
    std::fs::create_dir_all(&empty).unwrap();
    std::fs::write(empty.join("notes.txt"), "rien").unwrap();
    let dest = dir.path().join("site");
    let err = import::import_keeping_language(&options(empty.clone(), &dest)).unwrap_err();
    assert!(err.to_string().contains("vide"), "{err}");
    assert!(!dest.exists());
    let bad = dir.path().join("export.xml");
    std::fs::write(&bad, "<rss><channel><item><title>x</titl").unwrap();
    let err = import::import_keeping_language(&options(bad, &dest)).unwrap_err();
    assert!(err.to_string().contains("export.xml"), "{err}");
    assert!(!dest.exists());
    // A folder whose only post cannot be read: the binary says so with exit status 1, in the
    // language of the site it would have made (a bare folder says none: ruche's default,
    // French), whatever the system's.
    let broken = dir.path().join("casse");
    std::fs::create_dir_all(&broken).unwrap();
    std::fs::write(broken.join("a.md"), "---\ntitle: x\n").unwrap();
    let out = ruche_speaking("en_US.UTF-8")
        .arg("import")
        .arg(&broken)
        .arg(&dest)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!dest.exists());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let expected = format!(
        "erreur: {0}: rien d’importable dans `{0}` : ni article Markdown, ni élément d’export WordPress lisible (a.md : non importé, illisible (l’en-tête ouvert en ligne 1 par `---` n’est jamais fermé) ; corrigez la source",
        broken.display()
    );
    assert!(stderr.contains(&expected), "{stderr}");
    assert!(
        stderr.contains("conseil : donnez un fichier d’export WordPress"),
        "{stderr}"
    );
}

/// The binary, on a system whose language is `lang` (a `LANG` value such as `fr_FR.UTF-8`,
/// with nothing that would take precedence over it).
fn ruche_speaking(lang: &str) -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_ruche"));
    command
        .env_remove("LANGUAGE")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", lang);
    command
}

#[test]
fn a_source_that_is_no_site_is_refused_in_the_systems_language() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("photos");
    std::fs::create_dir_all(&source).unwrap();
    std::fs::write(source.join("notes.txt"), "rien").unwrap();
    let dest = dir.path().join("site");
    // Before the source is known to be a site, no site's language applies: the system's does.
    let refused = |lang: &str| {
        let out = ruche_speaking(lang)
            .arg("import")
            .arg(&source)
            .arg(&dest)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{lang}");
        assert!(!dest.exists(), "{lang}: something was written");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let shown = source.display();
    let english = refused("en_US.UTF-8");
    for expected in [
        format!("error: {shown}: `{shown}` is not a WordPress export (.xml) nor a Hugo, Jekyll or Zola site, and holds no Markdown file\n"),
        "hint: give a WordPress export (.xml) or the root folder of a site; `--from wordpress|hugo|jekyll|zola|folder` forces the kind\n".into(),
        "1 error in 1 file: nothing was written.".into(),
    ] {
        assert!(english.contains(&expected), "missing {expected:?} in:\n{english}");
    }
    let french = refused("fr_FR.UTF-8");
    for expected in [
        format!("`{shown}` n’est ni un export WordPress (.xml) ni un site Hugo, Jekyll ou Zola, et ne contient aucun fichier Markdown\n"),
        "conseil : donnez un fichier d’export WordPress (.xml) ou le dossier racine d’un site ; `--from wordpress|hugo|jekyll|zola|folder` force le format\n".into(),
        "1 erreur dans 1 fichier : rien n’a été écrit.".into(),
    ] {
        assert!(french.contains(&expected), "missing {expected:?} in:\n{french}");
    }
}

#[test]
fn the_site_is_not_written_inside_its_source() {
    let dir = tempfile::tempdir().unwrap();
    support::copy_dir(&fixture("jekyll"), dir.path());
    let err = import::import_keeping_language(&options(
        dir.path().to_path_buf(),
        &dir.path().join("new"),
    ))
    .unwrap_err();
    assert!(err.to_string().contains("inside the source"), "{err}");
}

#[test]
fn the_jekyll_news_corpus_builds_and_keeps_every_dated_address() {
    let corpus = support::repo().join("../shared/corpora/jekyll-news");
    if !corpus.is_dir() {
        eprintln!("skipped: {} is absent", corpus.display());
        return;
    }
    let mut opts = options(corpus.clone(), Path::new(""));
    opts.permalink = Some("/news/:year/:month/:day/:title/".into());
    let (dir, imported) = import_into(opts);
    assert_eq!(imported.format, Format::Folder);
    assert_eq!(imported.counts.pages, 102);
    let out = build(&site(&dir));
    for entry in std::fs::read_dir(&corpus).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        let Some(stem) = name
            .strip_suffix(".markdown")
            .or_else(|| name.strip_suffix(".md"))
        else {
            continue;
        };
        let (date, slug) = stem.split_at(10);
        let old = format!("news/{}/{slug}/index.html", date.replace('-', "/")).replace("/-", "/");
        assert!(out.files.contains_key(&old), "{old} is not served");
    }
    // Jekyll dated this post by its front matter (`date: 2019-08-20 10:00:00 -0500`).
    assert!(out
        .files
        .contains_key("news/2019/08/20/jekyll-4-0-0-released/index.html"));
}

mod properties {
    //! Whatever an export or a front matter holds, the import ends in a site or in a message,
    //! never in a panic; and a site it writes builds.

    use super::*;
    use proptest::prelude::*;

    fn config() -> ProptestConfig {
        let cases = std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(24);
        ProptestConfig {
            cases,
            failure_persistence: None,
            ..ProptestConfig::default()
        }
    }

    /// Pieces an export is made of, and some that break it.
    fn wxr_piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("<item>".to_string()),
            Just("</item>".to_string()),
            Just("<title>".to_string()),
            Just("</title>".to_string()),
            Just("<wp:post_type><![CDATA[post]]></wp:post_type>".to_string()),
            Just("<wp:post_type>page</wp:post_type>".to_string()),
            Just("<wp:status>draft</wp:status>".to_string()),
            Just("<wp:post_name>a</wp:post_name>".to_string()),
            Just("<wp:post_date>2024-01-02 03:04:05</wp:post_date>".to_string()),
            Just("<link>https://x.org/a/</link>".to_string()),
            Just("<content:encoded><![CDATA[".to_string()),
            Just("]]></content:encoded>".to_string()),
            Just("[caption]<img src=\"/wp-content/uploads/a.jpg\"> x[/caption]".to_string()),
            Just("<!-- wp:paragraph -->".to_string()),
            Just("&amp;&#233;&bogus;".to_string()),
            Just("<category domain=\"post_tag\">t</category>".to_string()),
            Just("<wp:post_type>attachment</wp:post_type>".to_string()),
            Just("<wp:post_id>1</wp:post_id><wp:post_parent>1</wp:post_parent>".to_string()),
            Just("<wp:attachment_url>https://x.org/wp-content/uploads/2024/03/plan.png</wp:attachment_url>".to_string()),
            Just("[gallery ids=\"1,x\"][gallery]".to_string()),
            "[ -~]{0,12}",
            "\\PC{0,8}",
        ]
    }

    fn front_line() -> impl Strategy<Value = String> {
        let key = prop_oneof![
            Just("title"),
            Just("date"),
            Just("tags"),
            Just("categories"),
            Just("author"),
            Just("image"),
            Just("draft"),
            Just("slug"),
            Just("aliases"),
            Just("permalink"),
            Just("excerpt"),
            Just("extra"),
            Just("weight"),
            Just("lastmod"),
            Just("x"),
        ];
        let value = prop_oneof![
            Just("2024-02-30".to_string()),
            Just("[a, b]".to_string()),
            Just("{src: a.png}".to_string()),
            Just("true".to_string()),
            Just("/:year/:title/".to_string()),
            Just("../../x".to_string()),
            "[ -~]{0,10}",
        ];
        (key, value).prop_map(|(k, v)| format!("{k}: {v}"))
    }

    proptest! {
        #![proptest_config(config())]

        #[test]
        fn any_export_imports_or_says_why(pieces in proptest::collection::vec(wxr_piece(), 0..40)) {
            let dir = tempfile::tempdir().unwrap();
            let file = dir.path().join("export.xml");
            let text = format!("<?xml version=\"1.0\"?><rss><channel><title>T</title>{}", pieces.concat());
            std::fs::write(&file, text).unwrap();
            let dest = dir.path().join("site");
            // With real uploads, so that covers and galleries find their files.
            let mut opts = options(file, &dest);
            opts.uploads = Some(fixture("wordpress/uploads"));
            if import::import_keeping_language(&opts).is_ok() {
                build(&dest);
            }
        }

        #[test]
        fn any_front_matter_imports_or_says_why(
            lines in proptest::collection::vec(front_line(), 0..8),
            body in "[ -~\n]{0,60}",
            toml in any::<bool>(),
        ) {
            let dir = tempfile::tempdir().unwrap();
            let source = dir.path().join("posts");
            std::fs::create_dir_all(&source).unwrap();
            let text = if toml {
                let keys: Vec<String> = lines.iter().map(|l| l.replacen(": ", " = ", 1)).collect();
                format!("+++\n{}\n+++\n{body}", keys.join("\n"))
            } else {
                format!("---\n{}\n---\n{body}", lines.join("\n"))
            };
            std::fs::write(source.join("2024-01-02-post.md"), text).unwrap();
            let dest = dir.path().join("site");
            let mut opts = options(source, &dest);
            opts.permalink = Some("/:year/:month/:title/".into());
            if import::import_keeping_language(&opts).is_ok() {
                build(&dest);
            }
        }
    }
}

#[test]
fn the_command_prints_the_report_and_where_the_site_is() {
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("journal");
    // On an English system, the new site's language (the Hugo site's `fr-FR`) wins.
    let out = ruche_speaking("en_US.UTF-8")
        .args(["import", "--from", "hugo"])
        .arg(fixture("hugo"))
        .arg(&dest)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.starts_with("# Rapport d’import\n"), "{stdout}");
    let shown = dest.display();
    assert!(
        stdout.contains(&format!(" pages importées dans {shown} ; ")),
        "{stdout}"
    );
    assert!(
        stdout.ends_with(&format!(
            " (voir {shown}/IMPORT.md). Ensuite : `ruche serve --root {shown}`.\n"
        )),
        "{stdout}"
    );
    assert!(
        dest.join("themes/default/templates/page.html").is_file(),
        "the theme, as init writes it"
    );
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_ruche"))
        .arg("import")
        .arg(fixture("hugo"))
        .arg(&dest)
        .output()
        .unwrap();
    assert_eq!(
        again.status.code(),
        Some(1),
        "a folder that is not empty is refused"
    );
}
