//! axe-core over every page of the example site (and the contract fixture's articles, for
//! task lists and footnotes) in headless Chromium, in the light and the dark colour scheme: no
//! violation of WCAG 2.1 A and AA, nor of axe's best practices. The light run is on a desktop window, the dark one 500 px wide (the narrowest window headless
//! Chromium opens, below the theme's first breakpoint at 36rem: a phone's layout), so that
//! both layouts are checked without doubling the time.
//!
//! The site is built for a local address and served by a small static server, so that pages
//! load their stylesheets as they would once published (colour contrast depends on them).
//! Chromium is told the scheme with `--blink-settings=preferredColorScheme=…` (and the window
//! size) through a small wrapper script, since the shared browser helper takes a fixed set of
//! flags; the test checks that the page really sees the scheme and width asked for.
//!
//! The wrapper is handed to the browser helper directly, never through the environment that
//! the other tests of the binary share.

use crate::support;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use support::browser::Browser;
use support::checkers::{self, axe_violations, files_with, on_path, StaticServer};
use support::Site;

/// A browser in the colour scheme Blink numbers `blink` (0 dark, 1 light) at `width` pixels,
/// through the [`scheme_wrapper`] written in `tools`; `None` (a skip) only when no Chromium
/// is installed and the checkers are not required.
pub(crate) fn browser_in_scheme(
    tools: &Path,
    wrapper: Option<&Path>,
    blink: u8,
    width: u32,
) -> Option<Browser> {
    let flags = format!("--blink-settings=preferredColorScheme={blink} --window-size={width},740");
    std::fs::write(tools.join("flags"), flags).unwrap();
    let browser = Browser::launch_program_or_skip(wrapper);
    assert!(
        browser.is_some() || !checkers::required(),
        "RUCHE_REQUIRE_CHECKERS=1 but no browser: apt-get install chromium chromium-driver"
    );
    browser
}

/// Writes `dir/chromium`, which runs the real Chromium with the flags read from `dir/flags`
/// (after the helper's own, so that its window size is replaced). `None` when no Chromium is
/// installed.
pub(crate) fn scheme_wrapper(dir: &Path) -> Option<PathBuf> {
    let real = match std::env::var_os("RUCHE_CHROMIUM") {
        Some(path) => Some(PathBuf::from(path)).filter(|p| p.is_file()),
        None => ["chromium", "chromium-browser", "google-chrome"]
            .iter()
            .find_map(|name| on_path(name)),
    }?;
    let wrapper = dir.join("chromium");
    let script = format!(
        "#!/bin/sh\nexec '{}' \"$@\" $(cat '{}')\n",
        real.display(),
        dir.join("flags").display()
    );
    std::fs::write(&wrapper, script).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    Some(wrapper)
}

/// The pages of the built site `out`, as URL paths. Alias pages redirect at once (meta
/// refresh): the page they lead to is checked instead. Taxonomy terms share one template and
/// differ only in their lists: the first term of each taxonomy of the example's `site.yaml`
/// stands for the others, to keep the test short.
fn pages_to_check(out: &Path) -> Vec<String> {
    let mut seen_taxonomies: Vec<String> = Vec::new();
    let mut pages = Vec::new();
    for file in files_with(out, &[".html"]) {
        let html = std::fs::read_to_string(&file).unwrap();
        if html.contains("http-equiv=\"refresh\"") {
            continue;
        }
        let rel = file.strip_prefix(out).unwrap().to_string_lossy();
        let page = rel.trim_end_matches("index.html").to_string();
        if let [taxonomy @ ("tags" | "categories"), _term, ""] =
            page.split('/').collect::<Vec<_>>().as_slice()
        {
            if seen_taxonomies.iter().any(|t| t == taxonomy) {
                continue;
            }
            seen_taxonomies.push(taxonomy.to_string());
        }
        pages.push(page);
    }
    pages
}

/// Builds the site at `root` into `out` for a local address, and serves it there.
fn build_and_serve(root: &Path, out: PathBuf) -> (StaticServer, PathBuf) {
    let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    let build = Command::new(env!("CARGO_BIN_EXE_ruche"))
        .arg("--root")
        .arg(root)
        .args(["build", "--base-url", &base_url, "--output"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    (StaticServer::start(listener, out.clone()), out)
}

#[test]
fn no_axe_violation_on_any_page_in_light_or_dark() {
    let Some(axe) = checkers::axe_source() else {
        return;
    };
    let tools = tempfile::tempdir().unwrap();
    let wrapper = scheme_wrapper(tools.path());

    let example = build_and_serve(&support::repo(), tools.path().join("example"));
    let pages = pages_to_check(&example.1);
    assert!(pages.len() > 10, "{pages:?}");
    // The contract fixture's articles show what the example does not: task lists, footnotes.
    let contract_site = Site::fixture("contract").with_photo_page();
    let contract = build_and_serve(contract_site.root(), tools.path().join("contract"));
    let articles: Vec<String> = pages_to_check(&contract.1)
        .into_iter()
        .filter(|p| p.starts_with("actualites/") && p.matches('/').count() == 2)
        .filter(|p| !p.starts_with("actualites/page/"))
        .collect();
    assert!(articles.len() >= 3, "{articles:?}");
    let checks: Vec<(&StaticServer, &String)> = pages
        .iter()
        .map(|p| (&example.0, p))
        .chain(articles.iter().map(|p| (&contract.0, p)))
        .collect();

    let mut problems = Vec::new();
    // Blink numbers the schemes 0 dark, 1 light.
    for (scheme, blink, width) in [("light", 1, 1280), ("dark", 0, 500)] {
        let browser = browser_in_scheme(tools.path(), wrapper.as_deref(), blink, width);
        let Some(browser) = browser else {
            return;
        };
        for (server, page) in &checks {
            browser.goto(&format!("{}/{page}", server.url()));
            let dark = browser
                .eval("return matchMedia('(prefers-color-scheme: dark)').matches")
                .unwrap();
            assert_eq!(
                dark,
                (scheme == "dark"),
                "the {scheme} scheme is not in effect"
            );
            let inner = browser.eval("return window.innerWidth").unwrap();
            assert_eq!(inner, width, "the window is not {width} px wide");
            for violation in axe_violations(&browser, &axe) {
                problems.push(format!("[{scheme}] {}/{page}: {violation}", server.url()));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} violations:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
