//! What templates can call beyond tera itself: `include_cached`.

use crate::support;

use support::Site;

fn site_with_fragment(fragment: &str) -> Site {
    Site::new()
        .file(
            "content/actualites/bonjour.md",
            "---\ntitle: Bonjour\ndate: 2025-07-01\n---\nLe texte.\n",
        )
        .file(
            "templates/page.html",
            concat!(
                "{% set secret = \"appelant\" %}",
                "<main>{{ include_cached(template=\"fragment.html\", p=page, level=2) }}",
                "{{ include_cached(template=\"fragment.html\", p=page, level=3) }}</main>",
            ),
        )
        .file("templates/fragment.html", fragment)
}

/// A fragment gets the variables passed, `site` and `t`, and nothing of the page calling it;
/// its HTML is written as is (not escaped again).
#[test]
fn a_cached_fragment_sees_only_what_it_is_given() {
    let site = site_with_fragment(concat!(
        "<p>{{ p.title }} h{{ level }} · {{ site.title }} · {{ t.read_more }}",
        " · {{ secret | default(value=\"rien\") }} · {{ current_url | default(value=\"nulle part\") }}</p>",
    ));
    site.run(&["build"]).success();
    let html = site.public("actualites/bonjour/index.html");
    assert_eq!(
        html,
        "<main><p>Bonjour h2 · Test · Lire la suite · rien · nulle part</p>\
         <p>Bonjour h3 · Test · Lire la suite · rien · nulle part</p></main>"
    );
}

/// A mistake inside a fragment names the call, the fragment's line and the page rendered.
#[test]
fn an_error_in_a_cached_fragment_names_the_call_and_the_fragment() {
    let site = site_with_fragment("<p>{{ p.nope.deeper }}</p>");
    let run = site.run(&["build"]).status(1);
    let err = run.stderr();
    for words in [
        "templates/page.html:1:",
        "`fragment.html` a échoué",
        "Field `nope` is not defined",
        "fragment.html:1:9",
        "content/actualites/bonjour.md",
    ] {
        assert!(err.contains(words), "{words:?} missing:\n{err}");
    }
}

/// The default theme's header marks the current link: "page" on the link's own address, "true"
/// inside it. An article's header is one fragment per section (and its own for an article in
/// the menu), and a list's pages after the first share one: each must mark the links exactly
/// as a header made for that output would.
#[test]
fn the_header_marks_the_current_link_on_every_kind_of_page() {
    let site = Site::new()
        .file(
            "site.yaml",
            "title: Test\nbase_url: https://x.org\npaginate_by: 1\ntaxonomies: [tags]\nextra:\n  menu_pages: [a-propos.md]\n",
        )
        .file("content/actualites/_index.md", "---\ntitle: Actualités\n---\n")
        .file("content/actualites/un.md", "---\ntitle: Un\ndate: 2025-07-01\ntags: [Coop]\n---\nTexte.\n")
        .file("content/actualites/deux.md", "---\ntitle: Deux\ndate: 2025-07-02\ntags: [Coop]\n---\nTexte.\n")
        .file("content/actualites/trois.md", "---\ntitle: Trois\ndate: 2025-07-04\n---\nTexte.\n")
        .file("content/actualites/regions/_index.md", "---\ntitle: Régions\n---\n")
        .file("content/actualites/regions/nord.md", "---\ntitle: Nord\ndate: 2025-07-03\n---\nTexte.\n")
        .file("content/evenements/_index.md", "---\ntitle: Événements\n---\n")
        .file("content/a-propos.md", "---\ntitle: À propos\n---\nQui nous sommes.\n");
    site.run(&["build"]).success();
    // What the header marks on one output: (link text or "brand", aria-current value).
    let marks = |path: &str| -> Vec<(String, String)> {
        let html = site.public(path);
        let header = &html
            [html.find("<header class=\"site-header\"").unwrap()..html.find("</header>").unwrap()];
        header
            .split("<a ")
            .skip(1)
            .filter_map(|link| {
                let value = link.split("aria-current=\"").nth(1)?.split('"').next()?;
                let name = if link.starts_with("class=\"brand\"") {
                    "brand".to_string()
                } else {
                    link.split('>').nth(1)?.split('<').next()?.to_string()
                };
                Some((name, value.to_string()))
            })
            .collect()
    };
    let mark = |name: &str, value: &str| vec![(name.to_string(), value.to_string())];
    assert_eq!(marks("index.html"), mark("brand", "page"));
    assert_eq!(marks("actualites/index.html"), mark("Actualités", "page"));
    assert_eq!(
        marks("actualites/page/2/index.html"),
        mark("Actualités", "true")
    );
    // Page 2 and after share one header per list: the same marks on each of them.
    assert_eq!(
        marks("actualites/page/3/index.html"),
        mark("Actualités", "true")
    );
    assert_eq!(
        marks("actualites/un/index.html"),
        mark("Actualités", "true")
    );
    assert_eq!(
        marks("actualites/regions/nord/index.html"),
        mark("Actualités", "true")
    );
    assert_eq!(marks("a-propos/index.html"), mark("À propos", "page"));
    assert_eq!(marks("evenements/index.html"), mark("Événements", "page"));
    assert_eq!(marks("tags/coop/index.html"), vec![]);
    assert_eq!(marks("tags/coop/page/2/index.html"), vec![]);
}
