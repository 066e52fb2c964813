//! What templates can call beyond tera itself: `include_cached`.

mod support;

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
        "`fragment.html` failed",
        "Field `nope` is not defined",
        "fragment.html:1:9",
        "content/actualites/bonjour.md",
    ] {
        assert!(err.contains(words), "{words:?} missing:\n{err}");
    }
}
