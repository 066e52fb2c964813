//! The search page with results shown, in the dark colour scheme: axe-core finds no violation
//! on a desktop window nor on a phone's width (the light scheme is checked by the browser test
//! of `search.rs`). Chromium is told the scheme through the wrapper of `accessibility.rs`.

use crate::accessibility::{browser_in_scheme, scheme_wrapper};
use crate::search::{build_and_serve, site};
use crate::support::checkers;

#[test]
fn the_search_page_with_results_has_no_axe_violation_in_the_dark_scheme() {
    let Some(axe) = checkers::axe_source() else {
        return;
    };
    let site = site("title: Test\nbase_url: https://x.org\n");
    let server = build_and_serve(&site);
    let tools = tempfile::tempdir().unwrap();
    let wrapper = scheme_wrapper(tools.path());
    let mut problems = Vec::new();
    // Blink numbers the schemes 0 dark, 1 light; 500 px is below the theme's first breakpoint.
    for width in [1280, 500] {
        let browser = browser_in_scheme(tools.path(), wrapper.as_deref(), 0, width);
        let Some(browser) = browser else {
            return;
        };
        // What the header's field leads to: the search page asked for a word.
        browser.goto(&format!("{}/recherche/?q=coop%C3%A9ratives", server.url()));
        browser.wait_until(
            "the results, with their marked words and a cover",
            "return document.querySelectorAll('.search-results .card__title').length >= 2 \
             && document.querySelector('.search-results mark') !== null \
             && document.querySelector('.search-results img')?.complete === true",
        );
        let dark = browser
            .eval("return matchMedia('(prefers-color-scheme: dark)').matches")
            .unwrap();
        assert_eq!(dark, true, "the dark scheme is not in effect");
        let inner = browser.eval("return window.innerWidth").unwrap();
        assert_eq!(inner, width, "the window is not {width} px wide");
        for violation in checkers::axe_violations(&browser, &axe) {
            problems.push(format!("[dark, {width} px] {violation}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
