//! The bad-input catalogue: every mistake a communications officer can make, fed to the real
//! binary. Each case builds a good site first, then breaks it and builds again, and checks:
//! - the exit status (1 for a mistake, 0 where the input is legal after all);
//! - a message naming the file and the line, with a hint saying how to fix it;
//! - never a panic, never a hang (the build is killed after [`LIMIT`] and the test fails);
//! - the previous `public/` left byte for byte as it was when the build fails.
//!
//! The file that vanishes during a build is tested on the library, where the moment it vanishes
//! can be chosen: between listing and reading, and between rendering and writing.

use crate::support;

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::Site;

/// How long one build may take before it counts as a hang. A debug build of the 10 MB cases
/// takes a few seconds; this is a deadline for a loaded machine, not a speed target.
const LIMIT: Duration = Duration::from_secs(60);

/// What one bounded run of the binary gave.
struct Outcome {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs `ruche --root <site> args…`, killing it and failing the test after [`LIMIT`].
fn run_bounded(site: &Site, args: &[&str]) -> Outcome {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ruche"))
        .arg("--root")
        .arg(site.root())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    // Both pipes are drained on their own threads, so a chatty build never blocks on a full one.
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = drain(Box::new(child.stdout.take().expect("stdout")));
    let stderr = drain(Box::new(child.stderr.take().expect("stderr")));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "`ruche {}` still ran after {LIMIT:?}: a hang",
                args.join(" ")
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let outcome = Outcome {
        code: status.code(),
        stdout: stdout.join().expect("stdout read"),
        stderr: stderr.join().expect("stderr read"),
    };
    assert!(
        !outcome.stderr.contains("panicked") && !outcome.stdout.contains("panicked"),
        "a panic:\n{}",
        outcome.stderr
    );
    outcome
}

/// A good site, built once; `snapshot` is its `public/`.
struct Built {
    site: Site,
    snapshot: Vec<(String, Vec<u8>)>,
}

fn good_site() -> Built {
    let site = Site::new().file(
        "content/actualites/bonjour.md",
        "---\ntitle: Bonjour\ndate: 2025-07-01\ntags: [Coopsday]\n---\nLe texte.\n\n## Suite\n",
    );
    let built = run_bounded(&site, &["build"]);
    assert_eq!(
        built.code,
        Some(0),
        "the good site builds:\n{}",
        built.stderr
    );
    let snapshot = site.snapshot();
    assert!(snapshot
        .iter()
        .any(|(p, _)| p == "actualites/bonjour/index.html"));
    Built { site, snapshot }
}

impl Built {
    /// Adds or replaces a file of the site.
    fn with(self, path: &str, content: impl AsRef<[u8]>) -> Built {
        Built {
            site: self.site.file(path, content),
            snapshot: self.snapshot,
        }
    }

    /// Builds, expects exit status 1 with a message holding every one of `words` (the first
    /// being the `file:line` place) and a hint, and `public/` untouched. Returns stderr.
    fn fails_with(&self, words: &[&str]) -> String {
        let run = run_bounded(&self.site, &["build"]);
        assert_eq!(
            run.code,
            Some(1),
            "stdout:\n{}\nstderr:\n{}",
            run.stdout,
            run.stderr
        );
        for word in words {
            assert!(
                run.stderr.contains(word),
                "stderr lacks {word:?}:\n{}",
                run.stderr
            );
        }
        assert!(
            run.stderr.contains("conseil : "),
            "no hint:\n{}",
            run.stderr
        );
        assert!(run.stderr.contains("rien n’a été écrit"), "{}", run.stderr);
        assert!(
            self.snapshot == self.site.snapshot(),
            "the previous public/ was changed by a failed build"
        );
        run.stderr
    }

    /// Builds, expects success; returns the outcome for more checks.
    fn succeeds(&self) -> Outcome {
        let run = run_bounded(&self.site, &["build"]);
        assert_eq!(run.code, Some(0), "stderr:\n{}", run.stderr);
        run
    }
}

// Front matter -----------------------------------------------------------------------------

#[test]
fn an_unclosed_quote_names_the_line_and_asks_for_the_quote() {
    good_site()
        .with(
            "content/a.md",
            "---\ntitle: \"Bonjour\ndate: 2025-07-01\n---\nTexte.\n",
        )
        .fails_with(&["content/a.md:2:8", "jamais fermé", "guillemet fermant"]);
}

#[test]
fn an_impossible_date_names_the_line_and_shows_the_format() {
    good_site()
        .with("content/a.md", "---\ntitle: A\ndate: 2025-13-45\n---\n")
        .fails_with(&["content/a.md:3", "2025-13-45", "AAAA-MM-JJ"]);
}

#[test]
fn a_list_as_title_names_line_and_column() {
    good_site()
        .with("content/a.md", "---\ntitle: [a, b]\n---\n")
        .fails_with(&["content/a.md:2:8", "`title`", "une liste a été donnée"]);
}

#[test]
fn tab_indentation_is_named_as_such_even_when_nested() {
    let built = good_site().with("content/a.md", "---\ntitle: A\n\tdate: 2025-01-01\n---\n");
    built.fails_with(&["content/a.md:3", "tab", "utilisez des espaces"]);
    built
        .with(
            "content/a.md",
            "---\ntitle: A\nevent:\n\tstart: 2025-01-01\n---\n",
        )
        .fails_with(&["content/a.md:4", "tab", "utilisez des espaces"]);
}

#[test]
fn an_unclosed_front_matter_points_at_its_opening_line() {
    good_site()
        .with(
            "content/a.md",
            "---\ntitle: A\n\nLe texte, sans fin de l'en-tête.\n",
        )
        .fails_with(&["content/a.md:1:1", "jamais fermé", "`---`"]);
}

#[test]
fn an_unclosed_list_bracket_says_so() {
    good_site()
        .with(
            "content/a.md",
            "---\ntitle: [Bonjour\ndate: 2025-07-01\n---\n",
        )
        .fails_with(&[
            "content/a.md:2:8",
            "un crochet `[` ouvert ici n’est jamais fermé",
        ]);
}

// Templates ------------------------------------------------------------------------------------

#[test]
fn an_unknown_template_names_the_page_and_the_template() {
    good_site()
        .with("content/a.md", "---\ntitle: A\ntemplate: nope.html\n---\n")
        .fails_with(&["content/a.md", "`nope.html` n’existe pas", "templates/"]);
}

#[test]
fn an_unknown_template_names_the_line_of_the_setting() {
    good_site()
        .with("content/a.md", "---\ntitle: A\ntemplate: nope.html\n---\n")
        .fails_with(&["content/a.md:3", "nope.html"]);
}

#[test]
fn a_template_syntax_error_names_the_template_line() {
    good_site()
        .with(
            "templates/page.html",
            "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ page.title </h1>\n{% endblock content %}\n",
        )
        .fails_with(&["templates/page.html:", "syntaxe de tera"]);
}

#[test]
fn an_undefined_template_variable_names_the_template_line_and_the_page() {
    good_site()
        .with(
            "templates/page.html",
            "{% extends \"base.html\" %}\n{% block content %}\n<p>{{ page.auteur }}</p>\n{% endblock content %}\n",
        )
        .fails_with(&[
            "templates/page.html:3:",
            "`auteur` is not defined",
            "content/actualites/bonjour.md",
        ]);
}

/// tera checks the names a template uses once every template is parsed; each unknown one is
/// its own error on its own line, in the site's file or the theme's.
#[test]
fn unknown_filters_functions_and_includes_name_each_place() {
    good_site()
        .with(
            "templates/page.html",
            "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ page.title | majuscules }}</h1>\n{{ resume(page=page) }}{% include \"partials/absent.html\" %}\n{% endblock content %}\n",
        )
        .fails_with(&[
            "templates/page.html:3:21: Unknown filter `majuscules`",
            "templates/page.html:4:4: Unknown function `resume`",
            "templates/page.html:4:35: Unknown template `partials/absent.html`",
            "vérifiez l’orthographe",
            "3 erreurs",
        ]);
    good_site()
        .with(
            "themes/default/templates/partials/footer.html",
            "<footer>{{ site.title | inconnu }}</footer>\n",
        )
        .fails_with(&[
            "themes/default/templates/partials/footer.html:1:25: Unknown filter `inconnu`",
        ]);
}

// URLs and links -----------------------------------------------------------------------------

#[test]
fn two_pages_on_one_url_name_both_files() {
    good_site()
        .with(
            "content/actualites/2025-07-02-bonjour.md",
            "---\ntitle: Re\n---\n",
        )
        .fails_with(&[
            "content/actualites/2025-07-02-bonjour.md",
            "content/actualites/bonjour.md",
            "/actualites/bonjour/",
        ]);
}

#[test]
fn a_slug_that_takes_another_pages_url_names_its_line() {
    good_site()
        .with(
            "content/actualites/zz.md",
            "---\ntitle: Z\nslug: Bonjour\n---\n",
        )
        .fails_with(&[
            "content/actualites/zz.md:3",
            "content/actualites/bonjour.md",
            "slug",
        ]);
}

/// Copying the page's own address into its `aliases:` would replace the page with a redirect
/// to itself, an endless loop for readers.
#[test]
fn an_alias_to_the_pages_own_address_names_its_line() {
    good_site()
        .with(
            "content/actualites/bonjour.md",
            "---\ntitle: Bonjour\naliases: [/ancien/, /actualites/bonjour/]\n---\nLe texte.\n",
        )
        .fails_with(&[
            "content/actualites/bonjour.md:3",
            "`/actualites/bonjour/` est l’adresse même de cette page",
            "aliases:",
        ]);
}

#[test]
fn a_broken_internal_link_names_place_and_target() {
    good_site()
        .with(
            "content/a.md",
            "---\ntitle: A\n---\n\nLire [la suite](@/actualites/absent.md).\n",
        )
        .fails_with(&["content/a.md:5:6", "content/actualites/absent.md"]);
}

// Files ------------------------------------------------------------------------------------------

#[test]
fn a_file_that_is_not_utf8_names_the_first_bad_byte() {
    good_site()
        .with("content/a.md", b"---\ntitle: A\n---\nCaf\xe9 au lait\n")
        .fails_with(&["content/a.md:4:4", "pas du texte UTF-8", "UTF-8"]);
}

#[test]
fn an_empty_page_asks_for_a_title_but_an_empty_section_file_is_fine() {
    let built = good_site().with("content/vide.md", "");
    built.fails_with(&["content/vide.md:1", "pas de titre", "title:"]);
    let fine = good_site().with("content/rubrique/_index.md", "");
    fine.succeeds();
    assert!(fine.site.has("rubrique/index.html"));
}

#[test]
fn an_uppercase_md_extension_is_still_a_page() {
    let built = good_site().with(
        "content/actualites/Compte rendu.MD",
        "---\ntitle: Compte rendu\n---\nTexte.\n",
    );
    built.succeeds();
    assert!(built.site.has("actualites/compte-rendu/index.html"));
    assert!(!built.site.has("actualites/Compte rendu.MD"));
}

#[test]
fn windows_line_endings_are_read_like_any_other() {
    let built = good_site().with(
        "content/a.md",
        "---\r\ntitle: Fin de ligne\r\ndate: 2025-07-01\r\n---\r\nTexte : oui !\r\n",
    );
    built.succeeds();
    let html = built.site.public("a/index.html");
    assert!(html.contains("Fin de ligne") && html.contains("Texte\u{a0}: oui\u{202f}!"));
}

#[cfg(unix)]
#[test]
fn symlink_loops_in_content_are_skipped_with_a_warning_not_followed() {
    use std::os::unix::fs::symlink;
    let built = good_site();
    let content = built.site.root().join("content");
    symlink(".", content.join("boucle")).unwrap();
    symlink("../content", content.join("actualites/parent")).unwrap();
    symlink("b.md", content.join("a.md")).unwrap();
    symlink("a.md", content.join("b.md")).unwrap();
    let run = built.succeeds();
    for link in [
        "content/boucle",
        "content/actualites/parent",
        "content/a.md",
        "content/b.md",
    ] {
        assert!(
            run.stderr.contains(&format!(
                "avertissement: {link}: ceci est un lien symbolique"
            )),
            "{link}:\n{}",
            run.stderr
        );
    }
    assert!(run
        .stderr
        .contains("conseil : copiez le fichier ou le dossier"));
    let files: Vec<String> = built.site.snapshot().into_iter().map(|(p, _)| p).collect();
    assert!(
        files
            .iter()
            .all(|p| !p.contains("boucle") && !p.contains("parent")),
        "{files:?}"
    );
    assert!(built.site.has("actualites/bonjour/index.html"));
}

// Sizes ----------------------------------------------------------------------------------------

const TEN_MB: usize = 10 * 1024 * 1024;

#[test]
fn a_ten_megabyte_single_line_builds() {
    let sentence = "Une phrase : « vraiment » ! #Coop et https://x.org/a?b=c ; ";
    let line: String = sentence.chars().cycle().take(TEN_MB).collect();
    let built = good_site().with("content/gros.md", format!("---\ntitle: Gros\n---\n{line}"));
    built.succeeds();
    assert!(built.site.public("gros/index.html").len() > TEN_MB);
}

#[test]
fn a_ten_megabyte_hashtag_builds_with_a_short_tag_url() {
    let tag = "a".repeat(TEN_MB);
    let built = good_site().with("content/gros.md", format!("---\ntitle: Gros\n---\n#{tag}"));
    built.succeeds();
    let tag_folder = built
        .site
        .snapshot()
        .into_iter()
        .find_map(|(p, _)| p.strip_prefix("tags/a").map(str::to_string))
        .expect("the tag's page");
    assert!(tag_folder.len() < 200, "{}", tag_folder.len());
}

#[test]
fn five_thousand_nested_blockquotes_build() {
    let body = format!("{}Au fond.\n", "> ".repeat(5000));
    let built = good_site().with(
        "content/profond.md",
        format!("---\ntitle: Profond\n---\n{body}"),
    );
    built.succeeds();
    let html = built.site.public("profond/index.html");
    assert_eq!(html.matches("<blockquote>").count(), 5000);
}

// site.yaml --------------------------------------------------------------------------------------

#[test]
fn a_broken_site_yaml_names_its_line() {
    good_site()
        .with("site.yaml", "title: [Test\nbase_url: https://x.org\n")
        .fails_with(&["site.yaml:1:8", "jamais fermé"]);
}

#[test]
fn an_unknown_site_yaml_key_suggests_the_nearest() {
    good_site()
        .with(
            "site.yaml",
            "title: T\nbase_url: https://x.org\npaginate: 5\n",
        )
        .fails_with(&["site.yaml:3", "vouliez-vous dire `paginate_by` ?"]);
}

#[test]
fn a_taxonomy_named_like_a_path_is_refused_and_nothing_is_written_outside() {
    let built = good_site()
        .with(
            "site.yaml",
            "title: T\nbase_url: https://x.org\ntaxonomies: [tags, ../dehors]\n",
        )
        .with("content/a.md", "---\ntitle: A\n\"../dehors\": [x]\n---\n");
    built.fails_with(&["site.yaml:3", "`../dehors`", "taxonomie"]);
    assert!(!built.site.root().join("dehors").exists());
}

// A file that vanishes during the build --------------------------------------------------------

/// Between listing `content/` and reading it, a file is deleted (an editor's save by rename,
/// a sync client): the build skips it with a warning rather than failing or panicking.
#[test]
fn a_file_deleted_between_listing_and_reading_is_skipped_with_a_warning() {
    use ruche::content::{source, walk};
    let site = Site::new().file("content/a.md", "---\ntitle: A\n---\n");
    let config = ruche::config::Config::load(site.root()).unwrap();
    let entries = walk::walk(&site.root().join("content")).unwrap();
    assert!(entries.iter().any(|e| e.rel == "a.md"));
    std::fs::remove_file(site.root().join("content/a.md")).unwrap();
    let loaded = source::read_all(&config, &entries, None, ruche::progress::Progress::none());
    assert!(loaded.errors.is_empty());
    assert_eq!(loaded.warnings.len(), 1);
    let warning = &loaded.warnings[0];
    assert_eq!(
        warning.file.as_deref(),
        Some(std::path::Path::new("content/a.md"))
    );
    assert!(warning
        .message
        .contains("deleted while the site was being built"));
}

/// Between rendering and writing, a copied file (a bundle's image) is deleted: the write fails
/// naming the file, and the previous `public/` is left as it was.
#[test]
fn a_file_deleted_before_it_is_copied_fails_the_write_and_keeps_public() {
    let site = Site::new()
        .file(
            "content/a/index.md",
            "---\ntitle: A\n---\n![La salle](salle.svg)\n",
        )
        .file(
            "content/a/salle.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        );
    let public = site.root().join("public");
    let opts = ruche::BuildOptions::new(site.root());
    ruche::build_to(&opts, &public).unwrap();
    let before = site.snapshot();
    let built = ruche::build(&opts).unwrap();
    std::fs::remove_file(site.root().join("content/a/salle.svg")).unwrap();
    let error = built.output.write_atomically(&public).unwrap_err();
    let text = error.to_string();
    assert!(
        text.contains("salle.svg") && text.contains("was not found"),
        "{text}"
    );
    assert_eq!(before, site.snapshot());
    assert_no_staging_folder(&site);
}

/// `ruche build` writes pages into its staging folder while others are still rendering: a
/// template that fails on one page among many stops the build with the previous `public/` as
/// it was and no half-written staging folder left beside it.
#[test]
fn a_template_failing_mid_build_leaves_public_and_no_staging_folder() {
    let mut site = Site::new();
    for i in 0..40 {
        site = site.file(
            &format!("content/actualites/article-{i}.md"),
            format!("---\ntitle: Article {i}\n---\nTexte {i}.\n"),
        );
    }
    let public = site.root().join("public");
    let opts = ruche::BuildOptions::new(site.root());
    ruche::build_to(&opts, &public).unwrap();
    let before = site.snapshot();
    let site = site.file(
        "content/actualites/article-39.md",
        "---\ntitle: Article 39\ntemplate: casse.html\n---\nTexte.\n",
    );
    let site = site.file("templates/casse.html", "{{ page.auteur }}");
    let error = ruche::build_to(&opts, &public).unwrap_err().to_string();
    assert!(error.contains("`auteur` is not defined"), "{error}");
    assert_eq!(before, site.snapshot());
    assert_no_staging_folder(&site);
}

/// No `.ruche-…` staging folder is left beside `public/` (the cache, `.ruche-cache`, is kept).
fn assert_no_staging_folder(site: &Site) {
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".ruche-") && n != ".ruche-cache")
        .collect();
    assert!(leftovers.is_empty(), "staging folders left: {leftovers:?}");
}
