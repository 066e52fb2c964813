//! The site search, end to end: `ruche build` writes a Pagefind index that holds exactly the
//! published pages (read back with Pagefind's own JavaScript, in Node), French inflections
//! find each other, drafts, scheduled pages and `search: false` pages are never found; in a
//! real browser, a word typed in the header's field shows the right article on the search
//! page, with no axe violation; `search: false` in site.yaml leaves no index, field or page.

use crate::support;

use std::net::TcpListener;
use std::process::Command;

use ruche::serve::site::PipelineBuilder;
use ruche::serve::{Preview, ServeOptions};
use ruche::BuildOptions;
use serde_json::{json, Value};
use support::browser::Browser;
use support::checkers::{self, StaticServer};
use support::Site;

const ASSEMBLY: &str = "/actualites/assemblee-de-printemps/";
const GARDEN: &str = "/actualites/jardin-partage/";
const ABOUT: &str = "/a-propos/";

/// A small French site: three published pages, and a draft, a scheduled page and a page
/// opted out of search, each with a word found nowhere else.
pub(crate) fn site(site_yaml: &str) -> Site {
    Site::new()
        .file("site.yaml", site_yaml)
        .file(
            "static/images/ruche.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 2 1\"><rect width=\"2\" height=\"1\" fill=\"#f2b134\"/></svg>",
        )
        .file("content/actualites/_index.md", "---\ntitle: Actualités\n---\n")
        .file(
            "content/actualites/2025-03-01-assemblee-de-printemps.md",
            "---\ntitle: Assemblée de printemps\ntags: [Gouvernance]\ncover:\n  src: /images/ruche.svg\n  alt: Une ruche\n---\nChaque coopérative du réseau a voté le budget.\n",
        )
        .file(
            "content/actualites/2025-04-01-jardin-partage.md",
            "---\ntitle: Le jardin partagé\ntags: [Jardin]\n---\nLes habitants plantent des tomates.\n",
        )
        .file(
            "content/actualites/2025-05-01-projet.md",
            "---\ntitle: Projet en cours\ndraft: true\n---\nUn zèbre dans la coopérative.\n",
        )
        .file(
            "content/actualites/2099-01-01-annonce.md",
            "---\ntitle: Annonce\n---\nUne girafe dans la coopérative.\n",
        )
        .file(
            "content/mentions-legales.md",
            "---\ntitle: Mentions légales\nsearch: false\n---\nUn hippopotame dans la coopérative.\n",
        )
        .file(
            "content/a-propos.md",
            "---\ntitle: À propos\n---\nLe réseau des coopératives d’habitants.\n",
        )
}

/// Builds `site` for a local address and serves it there.
pub(crate) fn build_and_serve(site: &Site) -> StaticServer {
    let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    site.run(&["build", "--base-url", &base_url]).success();
    StaticServer::start(listener, site.root().join("public"))
}

/// Chromium, or `None` with a message; a failure under `RUCHE_REQUIRE_CHECKERS=1`.
fn browser_or_skip() -> Option<Browser> {
    let browser = Browser::launch_or_skip();
    assert!(
        browser.is_some() || !checkers::required(),
        "RUCHE_REQUIRE_CHECKERS=1 but no browser: apt-get install chromium chromium-driver"
    );
    browser
}

/// Asks the index of the site served at `url` each query with Pagefind's JavaScript; `None`
/// without Node.
fn query(url: &str, queries: &Value) -> Option<Vec<Vec<Value>>> {
    let node = checkers::find_or_skip("node (apt-get install nodejs)", checkers::on_path("node"))?;
    let script = support::repo().join("tests/it/support/pagefind-query.mjs");
    let output = Command::new(node)
        .arg(script)
        .arg(url)
        .arg(queries.to_string())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(serde_json::from_slice(&output.stdout).unwrap())
}

fn urls(results: &[Value]) -> Vec<&str> {
    let mut urls: Vec<&str> = results.iter().map(|r| r["url"].as_str().unwrap()).collect();
    urls.sort_unstable();
    urls
}

#[test]
fn the_index_holds_exactly_the_published_pages() {
    let site = site("title: Test\nbase_url: https://x.org\n");
    let server = build_and_serve(&site);
    assert!(site.has("pagefind/pagefind.js") && site.has("pagefind/pagefind-entry.json"));
    let queries = json!([
        { "term": null },
        { "term": "coopératives" },
        { "term": "zèbre" },
        { "term": "girafe" },
        { "term": "hippopotame" },
        { "term": null, "filters": { "tags": "Gouvernance" } },
        { "term": null, "filters": { "section": "Actualités" } },
    ]);
    let Some(answers) = query(&server.url(), &queries) else {
        return;
    };
    assert_eq!(urls(&answers[0]), [ABOUT, ASSEMBLY, GARDEN]);
    // « coopératives » finds the page that only says « coopérative » (French stemming).
    assert!(urls(&answers[1]).contains(&ASSEMBLY), "{:?}", answers[1]);
    assert!(!urls(&answers[1]).contains(&GARDEN), "{:?}", answers[1]);
    for (k, word) in [
        (2, "the draft's"),
        (3, "the scheduled page's"),
        (4, "the opted-out page's"),
    ] {
        assert!(
            answers[k].is_empty(),
            "{word} word was found: {:?}",
            answers[k]
        );
    }
    assert_eq!(urls(&answers[5]), [ASSEMBLY]);
    assert_eq!(urls(&answers[6]), [ASSEMBLY, GARDEN]);
    let assembly = answers[1].iter().find(|r| r["url"] == ASSEMBLY).unwrap();
    assert_eq!(assembly["title"], "Assemblée de printemps");
    assert_eq!(assembly["date"], "1er mars 2025");
    assert!(assembly["image"]
        .as_str()
        .unwrap()
        .ends_with("/images/ruche.svg"));
    assert!(
        assembly["excerpt"]
            .as_str()
            .unwrap()
            .contains("<mark>coopérative</mark>"),
        "{assembly}"
    );
}

#[test]
fn a_page_opted_out_and_the_pages_of_lists_are_not_in_the_index_but_the_search_page_is_built() {
    let site = site("title: Test\nbase_url: https://x.org\n");
    site.run(&["build"]).success();
    let page = site.public("recherche/index.html");
    assert!(page.contains("data-search-page"), "{page}");
    assert!(page.contains("/pagefind/"), "{page}");
    // Without scripts, the page says why and leads to the tags and sections.
    assert!(
        page.contains("La recherche a besoin de JavaScript"),
        "{page}"
    );
    assert!(page.contains("https://x.org/tags/") && page.contains("https://x.org/actualites/"));
    let home = site.public("index.html");
    assert!(
        home.contains("action=\"https://x.org/recherche/\""),
        "{home}"
    );
    assert!(site.has("search.js") && page.contains("search.js"));
}

#[test]
fn an_english_site_has_its_search_page_at_search() {
    let site = site("title: Test\nbase_url: https://x.org\nlanguage: en\n");
    site.run(&["build"]).success();
    assert!(site.has("search/index.html") && !site.has("recherche/index.html"));
    assert!(site.has("pagefind/wasm.en.pagefind"));
    assert!(site
        .public("index.html")
        .contains("action=\"https://x.org/search/\""));
}

#[test]
fn search_false_in_site_yaml_removes_the_index_the_field_and_the_page() {
    let site = site("title: Test\nbase_url: https://x.org\nsearch: false\n");
    site.run(&["build"]).success();
    assert!(site.has("index.html"));
    assert!(!site.has("pagefind"), "an index was written");
    assert!(!site.has("recherche"), "the search page was written");
    assert!(!site.public("index.html").contains("site-search"));
    // Nor any of its files: Pagefind's, the theme's search script or styles.
    let files: Vec<String> = site.snapshot().into_iter().map(|(path, _)| path).collect();
    let search_files: Vec<&String> = files
        .iter()
        .filter(|p| p.contains("pagefind") || p.rsplit('/').next().unwrap().starts_with("search"))
        .collect();
    assert!(search_files.is_empty(), "{search_files:?}");
    assert!(files.iter().any(|p| p == "style.css"), "{files:?}");
    let html = |p: &&String| std::path::Path::new(p.as_str()).extension() == Some("html".as_ref());
    for page in files.iter().filter(html) {
        let html = site.public(page);
        assert!(
            !html.contains("search.js") && !html.contains("pagefind"),
            "{page}"
        );
    }
}

#[test]
fn a_page_without_words_is_a_warning_naming_it_not_a_failed_build() {
    let site = Site::new().file("content/vide.md", "---\ntitle: \"…\"\n---\n");
    let run = site.run(&["build"]).success();
    let said = format!("{}{}", run.stdout(), run.stderr());
    assert!(said.contains("content/vide.md"), "{said}");
    assert!(
        said.contains("cette page n’a aucun mot à indexer : la recherche ne la trouvera pas"),
        "{said}"
    );
    assert!(site.has("pagefind/pagefind.js"));
}

#[test]
fn typing_in_the_header_field_shows_the_article_on_the_search_page_without_axe_violations() {
    let Some(axe) = checkers::axe_source() else {
        return;
    };
    let site = site("title: Test\nbase_url: https://x.org\n");
    let server = build_and_serve(&site);
    let Some(browser) = browser_or_skip() else {
        return;
    };
    browser.goto(&format!("{}/actualites/", server.url()));
    browser.type_into("#site-search-q", "coopératives\u{E007}");
    let titles = "[...document.querySelectorAll('.search-results .card__title')]\
                  .map(t => t.textContent).join('|')";
    browser.wait_until(
        "the search page to show the assembly",
        &format!(
            "return location.pathname === '/recherche/' && {titles}.includes('Assemblée de printemps')"
        ),
    );
    let shown = browser.eval(&format!("return {titles}")).unwrap();
    let shown = shown.as_str().unwrap();
    for hidden in ["Projet en cours", "Annonce", "Mentions légales"] {
        assert!(!shown.contains(hidden), "{hidden} was found: {shown}");
    }
    // The count is announced, the words marked, the cover shown.
    let status = browser
        .eval("return document.querySelector('[role=status]').textContent")
        .unwrap();
    assert!(
        status.as_str().unwrap().contains("pour « coopératives »"),
        "{status}"
    );
    let marked = browser
        .eval(
            "return [...document.querySelectorAll('.search-results mark')].map(m => m.textContent)",
        )
        .unwrap();
    assert!(marked.as_array().is_some_and(|m| !m.is_empty()), "{marked}");
    let cover = browser
        .eval("return document.querySelector('.search-results img')?.getAttribute('alt')")
        .unwrap();
    assert_eq!(cover, "Une ruche");
    let violations = checkers::axe_violations(&browser, &axe);
    assert!(violations.is_empty(), "{}", violations.join("\n"));

    // On the search page's own field, a word of the draft finds nothing.
    browser
        .eval("document.querySelector('#search-q').value = ''")
        .unwrap();
    browser.type_into("#search-q", "zèbre");
    browser.wait_until(
        "no result for the draft's word",
        "return document.querySelector('[role=status]').textContent.includes('Aucun résultat')",
    );
}

/// Two letters wait: Pagefind would fetch every part of the index they begin. A third letter,
/// or Enter, searches.
#[test]
fn the_search_page_waits_for_a_third_letter_or_enter_before_fetching_the_index() {
    let site = site("title: Test\nbase_url: https://x.org\n");
    let server = build_and_serve(&site);
    let Some(browser) = browser_or_skip() else {
        return;
    };
    browser.goto(&format!("{}/recherche/", server.url()));
    // Pagefind fetches its index from a worker, out of this page's sight; the page itself
    // imports pagefind/pagefind.js first.
    let chunks = "return performance.getEntriesByType('resource')\
                  .filter(e => e.name.includes('/pagefind/')).length";
    let status = "document.querySelector('[role=status]').textContent";
    let titles = "[...document.querySelectorAll('.search-results .card__title')]\
                  .map(t => t.textContent).join('|')";

    browser.type_into("#search-q", "co");
    browser.wait_until(
        "the hint for two letters",
        &format!("return {status}.includes('au moins trois lettres')"),
    );
    // Longer than the 200 ms the field waits after a key: nothing was fetched.
    std::thread::sleep(std::time::Duration::from_millis(600));
    assert_eq!(browser.eval(chunks).unwrap(), 0);
    assert_eq!(browser.eval(&format!("return {titles}")).unwrap(), "");

    browser.type_into("#search-q", "o");
    browser.wait_until(
        "the assembly found from three letters",
        &format!("return {titles}.includes('Assemblée de printemps')"),
    );
    // The count above could see Pagefind being fetched: now it does.
    let fetched = browser.eval(chunks).unwrap();
    assert!(fetched.as_u64().is_some_and(|n| n > 0), "{fetched}");

    // Two letters and Enter search at once.
    browser
        .eval("document.querySelector('#search-q').value = ''")
        .unwrap();
    browser.type_into("#search-q", "pr");
    browser.wait_until(
        "the hint again, the results gone",
        &format!("return {status}.includes('au moins trois lettres') && {titles} === ''"),
    );
    browser.type_into("#search-q", "\u{E007}");
    browser.wait_until(
        "the assembly found from two letters and Enter",
        &format!("return {titles}.includes('Assemblée de printemps')"),
    );
}

#[test]
fn the_preview_serves_an_index_and_makes_it_again_after_a_save() {
    let site = site("title: Test\nbase_url: https://x.org/journal\n");
    let options = ServeOptions {
        port: 0,
        base_path: "/journal/".into(),
        ..ServeOptions::new(site.root())
    };
    let root = site.root().to_path_buf();
    let preview = Preview::start(options, move |url| {
        Ok(PipelineBuilder::new(BuildOptions::new(root), url))
    })
    .unwrap();
    let url = preview.url().to_string();
    let word = json!([{ "term": "ornithorynque" }]);
    // The index comes after the first build, in the background.
    let found = wait_for(&url, &json!([{ "term": "coopératives" }]), |a| {
        !a[0].is_empty()
    });
    let Some(found) = found else {
        return;
    };
    assert!(
        urls(&found[0]).contains(&"/journal/actualites/assemblee-de-printemps/"),
        "{found:?}"
    );
    assert!(query(&url, &word).unwrap()[0].is_empty());

    // The search page, open on the word before it is written anywhere, reloads once the
    // index that holds it is ready.
    let browser = Browser::launch_or_skip();
    if let Some(browser) = &browser {
        browser.goto(&format!("{url}recherche/?q=ornithorynque"));
        browser.wait_until(
            "the search page to say nothing was found",
            "return document.querySelector('[role=status]').textContent.includes('Aucun résultat')",
        );
    }
    let garden = "content/actualites/2025-04-01-jardin-partage.md";
    let text = std::fs::read_to_string(site.root().join(garden)).unwrap();
    std::fs::write(
        site.root().join(garden),
        text + "Un ornithorynque au potager.\n",
    )
    .unwrap();
    let found = wait_for(&url, &word, |a| !a[0].is_empty()).unwrap();
    assert_eq!(urls(&found[0]), ["/journal/actualites/jardin-partage/"]);
    if let Some(browser) = &browser {
        browser.wait_until(
            "the search page to show the garden once reloaded",
            "return document.querySelector('.search-results .card__title')?.textContent === 'Le jardin partagé'",
        );
    }
    preview.stop();
}

/// Queries the site at `url` until `done` holds of the answers (`None` without Node).
fn wait_for(
    url: &str,
    queries: &Value,
    done: impl Fn(&[Vec<Value>]) -> bool,
) -> Option<Vec<Vec<Value>>> {
    checkers::on_path("node")?;
    let start = std::time::Instant::now();
    loop {
        let ready = support::http::get(&format!("{url}pagefind/pagefind.js")).status == 200;
        if ready {
            let answers = query(url, queries)?;
            if done(&answers) {
                return Some(answers);
            }
        }
        assert!(
            start.elapsed() < support::http::DEADLINE,
            "the preview's index never answered {queries}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

#[test]
fn results_come_ten_at_a_time_and_the_button_for_more_hands_the_focus_to_the_next() {
    let mut site = Site::new().file(
        "content/actualites/_index.md",
        "---\ntitle: Actualités\n---\n",
    );
    for i in 10..=21 {
        site = site.file(
            &format!("content/actualites/2025-03-{i}-atelier-{i}.md"),
            format!("---\ntitle: Atelier {i}\n---\nUn atelier de la coopérative, numéro {i}.\n"),
        );
    }
    let server = build_and_serve(&site);
    let Some(browser) = browser_or_skip() else {
        return;
    };
    browser.goto(&format!("{}/recherche/?q=atelier", server.url()));
    let cards = "document.querySelectorAll('.search-results .card__title').length";
    browser.wait_until(
        "ten results and a button for more",
        &format!("return {cards} === 10 && !!document.querySelector('.search-more')"),
    );
    browser
        .eval("document.querySelector('.search-more').click(); return true")
        .unwrap();
    browser.wait_until(
        "the last two results, the button gone",
        &format!("return {cards} === 12 && !document.querySelector('.search-more')"),
    );
    let focused = browser
        .eval("return document.activeElement.textContent.trim()")
        .unwrap();
    let eleventh = browser
        .eval("return document.querySelectorAll('.search-results .card__title')[10].textContent.trim()")
        .unwrap();
    assert_eq!(
        focused, eleventh,
        "the focus is not on the first new result"
    );
}

/// The files of the index in `public/` with their bytes and, for each that is a file of the
/// cache (linked), its inode.
fn index_files(site: &Site) -> Vec<(String, Vec<u8>, Option<u64>)> {
    use std::os::unix::fs::MetadataExt;
    let cache = site.root().join(".ruche-cache/search");
    let inodes: Vec<u64> = walkdir::WalkDir::new(&cache)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.metadata().unwrap().ino())
        .collect();
    site.snapshot()
        .into_iter()
        .filter(|(path, _)| path.starts_with("pagefind/"))
        .map(|(path, bytes)| {
            let ino = std::fs::metadata(site.root().join("public").join(&path))
                .unwrap()
                .ino();
            (path, bytes, inodes.contains(&ino).then_some(ino))
        })
        .collect()
}

#[test]
fn a_build_whose_pages_say_the_same_reuses_the_last_index_and_a_new_word_makes_it_again() {
    let site = site("title: Test\nbase_url: https://x.org\n")
        .file("content/vide.md", "---\ntitle: \"…\"\n---\n");
    site.run(&["build"]).success();
    let first = index_files(&site);
    assert!(first.len() > 3, "{}", first.len());
    assert!(first.iter().all(|f| f.2.is_some()), "linked from the cache");
    // A file changed, not a word of a page: the same index, the same files of the cache
    // linked again (their inodes), and the page without words still named.
    site.rewrite("static/notes.txt", b"Ordre du jour");
    let run = site.run(&["build"]).success();
    let said = format!("{}{}", run.stdout(), run.stderr());
    assert!(said.contains("content/vide.md"), "{said}");
    assert_eq!(index_files(&site), first);
    // A word added to a page: the index is made again and finds it; the old one is gone.
    site.rewrite(
        "content/a-propos.md",
        "---\ntitle: À propos\n---\nLe réseau des coopératives d’habitants et un ornithorynque.\n"
            .as_bytes(),
    );
    let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    site.run(&["build", "--base-url", &base_url]).success();
    let again = index_files(&site);
    assert_ne!(again, first);
    assert!(again.iter().all(|f| f.2.is_some()));
    let kept = std::fs::read_dir(site.root().join(".ruche-cache/search")).unwrap();
    assert_eq!(kept.count(), 1, "only the last index is kept");
    let server = StaticServer::start(listener, site.root().join("public"));
    let Some(answers) = query(&server.url(), &json!([{ "term": "ornithorynque" }])) else {
        return;
    };
    assert_eq!(urls(&answers[0]), [ABOUT]);
}
