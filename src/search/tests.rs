use super::*;
use crate::site::{load, BuildOptions};

fn site(files: &[(&str, &str)]) -> (tempfile::TempDir, Site) {
    let dir = tempfile::tempdir().unwrap();
    for (rel, text) in files {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    // The scheduled pages kept, as the preview keeps them: `records` decides by its day.
    let opts = BuildOptions {
        future: true,
        ..BuildOptions::new(dir.path())
    };
    let site = load(&opts).unwrap();
    (dir, site)
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn only_published_pages_that_did_not_opt_out_are_records() {
    let (_dir, site) = site(&[
        ("site.yaml", "title: T\nbase_url: https://x.org/journal\n"),
        (
            "content/actualites/a.md",
            "---\ntitle: A\ndate: 2025-01-02\ntags: [Coop, Énergie]\n---\nLa **coop**érative *vote*.\n\n## Suite\n\nFin.\n",
        ),
        ("content/actualites/futur.md", "---\ntitle: F\ndate: 2030-01-01\n---\nPlus tard.\n"),
        ("content/actualites/cache.md", "---\ntitle: C\nsearch: false\n---\nCaché.\n"),
        ("content/actualites/brouillon.md", "---\ntitle: B\ndraft: true\n---\nPas prêt.\n"),
        ("content/actualites/_index.md", "---\ntitle: Actualités\n---\nLa liste.\n"),
    ]);
    let records = records(&site, day("2026-01-01"));
    assert_eq!(records.len(), 1, "{records:#?}");
    let a = &records[0];
    assert_eq!(a.url, "/actualites/a/");
    assert_eq!(a.source, std::path::Path::new("content/actualites/a.md"));
    assert_eq!(a.text, "A. La coopérative vote. Suite Fin.");
    assert_eq!(a.section, "Actualités");
    assert_eq!(a.tags, ["Coop", "Énergie"]);
    assert_eq!(a.date.as_deref(), Some("2025-01-02"));
    assert_eq!(a.date_shown.as_deref(), Some("2 janvier 2025"));
    // Once its day has come, the scheduled page is published, and found.
    assert_eq!(super::records(&site, day("2030-01-01")).len(), 2);
}

#[test]
fn a_site_without_search_has_no_records_and_no_search_page() {
    let (_dir, site) = site(&[
        (
            "site.yaml",
            "title: T\nbase_url: https://x.org\nsearch: false\n",
        ),
        ("content/a.md", "---\ntitle: A\n---\nTexte.\n"),
    ]);
    assert!(records(&site, day("2026-01-01")).is_empty());
    assert_eq!(page_path(&site.config), None);
}

#[test]
fn the_search_assets_are_the_search_files_at_the_top_of_static() {
    assert!(is_search_asset("search.js") && is_search_asset("search.css"));
    assert!(!is_search_asset("style.css"));
    assert!(
        !is_search_asset("images/search.png"),
        "a picture of the site's own"
    );
    assert!(!is_search_asset("research.pdf"));
}

#[test]
fn the_search_page_is_named_in_the_site_language() {
    let page = ("content/a.md", "---\ntitle: A\n---\n");
    let (_dir, fr) = site(&[("site.yaml", "title: T\nbase_url: https://x.org\n"), page]);
    assert_eq!(page_path(&fr.config), Some("recherche/"));
    let (_dir, en) = site(&[
        (
            "site.yaml",
            "title: T\nbase_url: https://x.org\nlanguage: en\n",
        ),
        page,
    ]);
    assert_eq!(page_path(&en.config), Some("search/"));
}

#[test]
fn the_index_holds_every_record_and_warns_about_a_page_without_words() {
    let (_dir, site) = site(&[
        ("site.yaml", "title: T\nbase_url: https://x.org\n"),
        (
            "content/a.md",
            "---\ntitle: Assemblée\n---\nLes coopératives votent.\n",
        ),
        ("content/b.md", "---\ntitle: \"…\"\n---\n"),
    ]);
    let mut recs = records(&site, day("2026-01-01"));
    recs.sort_by(|a, b| a.url.cmp(&b.url));
    let indexed = build(recs, "fr").unwrap();
    assert_eq!(indexed.pages, 1);
    assert_eq!(indexed.warnings.len(), 1, "{:?}", indexed.warnings);
    let warning = &indexed.warnings[0];
    assert_eq!(
        warning.file.as_deref(),
        Some(std::path::Path::new("content/b.md"))
    );
    let names: Vec<&str> = indexed.files.iter().map(|(p, _)| p.as_str()).collect();
    for wanted in [
        "pagefind/pagefind.js",
        "pagefind/pagefind-entry.json",
        "pagefind/wasm.fr.pagefind",
    ] {
        assert!(names.contains(&wanted), "{wanted} missing from {names:?}");
    }
    assert!(
        names.iter().any(|n| n.ends_with(".pf_fragment")),
        "{names:?}"
    );
}

/// Pagefind's allocations are made without transparent huge pages (see `index::build`).
#[cfg(target_os = "linux")]
#[test]
fn indexing_turns_transparent_huge_pages_off_for_the_process() {
    let (_dir, site) = site(&[
        ("site.yaml", "title: T\nbase_url: https://x.org\n"),
        ("content/a.md", "---\ntitle: A\n---\nUn mot.\n"),
    ]);
    build(records(&site, day("2026-01-01")), "fr").unwrap();
    assert_eq!(
        rustix::thread::transparent_huge_pages_are_disabled().ok(),
        Some(true)
    );
}

#[test]
fn a_very_long_page_is_cut_with_a_warning() {
    let long = "coopérative ".repeat(MAX_TEXT / 10);
    let (_dir, site) = site(&[
        ("site.yaml", "title: T\nbase_url: https://x.org\n"),
        (
            "content/long.md",
            &format!("---\ntitle: Long\n---\n{long}\n"),
        ),
    ]);
    let recs = records(&site, day("2026-01-01"));
    assert!(recs[0].truncated);
    assert!(recs[0].text.len() <= MAX_TEXT && recs[0].text.ends_with("coopérative"));
    let indexed = build(recs, "fr").unwrap();
    assert_eq!(indexed.pages, 1);
    assert_eq!(indexed.warnings.len(), 1);
    assert!(
        indexed.warnings[0].message.contains("too long"),
        "{:?}",
        indexed.warnings
    );
}
