//! The preview over real HTTP, with a fake builder: what is served, what is refused, and what
//! the open pages are told when the sources change. Then the same in a real headless browser.

use crate::support;

use std::net::TcpStream;

use ruche::serve::ServeOptions;
use support::browser::Browser;
use support::http::{get, raw_get, raw_get_with, LiveSocket};
use support::site::FakeSite;

#[test]
fn pages_are_served_from_memory_under_the_path_prefix() {
    let site = FakeSite::new().page("bonjour", "Bonjour les coopérateurs");
    let preview = site.start("/journal/");
    assert!(preview.url().ends_with("/journal/"), "{}", preview.url());

    let page = get(&format!("{}bonjour/", preview.url()));
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert!(page
        .body
        .contains("<main id=\"text\">Bonjour les coopérateurs</main>"));
    // The builder was given the local base URL, prefix kept, so links work in the preview.
    let css_link = format!("href=\"{}style.css\"", preview.url());
    assert!(page.body.contains(&css_link), "{}", page.body);
    let script = "<script src=\"/__ruche/livereload.js\" data-ruche-build=";
    let at = page.body.find(script).expect("the live-reload script");
    assert!(page.body[at..].contains("</script></body></html>"));

    let css = get(&format!("{}style.css", preview.url()));
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert_eq!(css.header("cache-control"), Some("no-store"));
    assert!(!css.body.contains("<script"), "only HTML gets the script");

    let js = get(&format!("http://{}/__ruche/livereload.js", preview.addr()));
    assert_eq!(js.status, 200);
    assert!(js.body.contains("WebSocket"));
    assert!(
        !site.root().join("public").exists(),
        "the preview never writes public/"
    );
}

#[test]
fn other_sites_cannot_read_the_preview_nor_its_socket() {
    let site = FakeSite::new().page("bonjour", "Brouillon confidentiel");
    let preview = site.start("/");
    let addr = preview.addr();
    let (status, _) = raw_get(addr, "/bonjour/");
    assert_eq!(status, 200);
    // DNS rebinding: another site's name pointed at this computer.
    let (status, raw) = raw_get_with(addr, "/bonjour/", "Host: evil.example\r\n");
    assert_eq!(status, 403, "{raw}");
    assert!(!raw.contains("Brouillon confidentiel"));
    // A WebSocket opened by another site's page: only the status line is read, since an
    // accepted upgrade keeps the connection open.
    let upgrade = |origin: &str| {
        use std::io::{BufRead, Write};
        let mut stream = TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .unwrap();
        let request = format!(
            "GET /__ruche/livereload HTTP/1.1\r\nHost: {addr}\r\nOrigin: {origin}\r\n\
             Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\
             Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
        );
        stream.write_all(request.as_bytes()).unwrap();
        let mut line = String::new();
        std::io::BufReader::new(stream)
            .read_line(&mut line)
            .unwrap();
        line.split(' ').nth(1).unwrap_or("").to_string()
    };
    assert_eq!(upgrade("https://evil.example"), "403");
    assert_eq!(upgrade(&format!("http://{addr}")), "101");
}

#[test]
fn missing_pages_get_the_sites_404_and_folders_get_their_slash() {
    let site = FakeSite::new().page("bonjour", "Bonjour");
    let preview = site.start("/journal/");
    let url = preview.url();

    let missing = get(&format!("{url}nulle-part/"));
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Perdu !"), "the site's own 404.html");
    assert!(missing.body.contains("/__ruche/livereload.js"));
    assert_eq!(missing.header("cache-control"), Some("no-store"));

    let folder = get(&format!("{url}bonjour"));
    assert!(matches!(folder.status, 302 | 307), "{}", folder.status);
    assert_eq!(folder.header("location"), Some("/journal/bonjour/"));

    let root = get(&format!("http://{}/", preview.addr()));
    assert!(matches!(root.status, 302 | 307));
    assert_eq!(root.header("location"), Some("/journal/"));
    let bare_prefix = get(&format!("http://{}/journal", preview.addr()));
    assert_eq!(bare_prefix.header("location"), Some("/journal/"));

    let outside = get(&format!("http://{}/bonjour/", preview.addr()));
    assert_eq!(
        outside.status, 404,
        "pages exist only under the prefix, as once published"
    );
}

#[test]
fn a_slash_redirect_never_leads_to_another_host() {
    let site = FakeSite::new().page("example.org", "Une section nommée comme un domaine");
    let preview = site.start("/");
    let (status, raw) = raw_get(preview.addr(), "//example.org");
    assert_eq!(status, 307);
    assert!(raw.contains("location: /example.org/\r\n"), "{raw}");
}

#[test]
fn traversal_attempts_never_leave_the_output() {
    let site = FakeSite::new().page("bonjour", "Bonjour");
    site.write("secret.txt", "SECRET-DU-SITE");
    let preview = site.start("/journal/");
    let addr = preview.addr();
    // `style.css` is a copied file: its source is on disk, next to `secret.txt`'s folder.
    for target in [
        "/journal/../secret.txt",
        "/journal/..%2fsecret.txt",
        "/journal/%2e%2e/secret.txt",
        "/journal/%2E%2E/%2E%2E/etc/passwd",
        "/..%2f..%2fetc/passwd",
        "/journal/..%2f..%2f..%2fetc/passwd",
        "/journal/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/journal/style.css/../../secret.txt",
        "/journal/static/style.css",
        "/journal/..%5csecret.txt",
        "/journal/..\\secret.txt",
        "/journal/style.css%00.html",
        "/journal//etc/passwd",
        "/journal/%2fetc%2fpasswd",
        "/etc/passwd",
        &format!("/journal/{}", site.root().join("secret.txt").display()),
    ] {
        let (status, raw) = raw_get(addr, target);
        assert!(matches!(status, 400 | 404), "{target} answered {status}");
        assert!(
            !raw.contains("SECRET-DU-SITE"),
            "{target} leaked the site folder"
        );
        assert!(!raw.contains("root:"), "{target} leaked /etc/passwd");
    }
    let (status, raw) = raw_get(addr, "/journal/./style.css");
    assert_eq!(status, 200, "a harmless dot segment still finds the file");
    assert!(raw.contains("color"));
}

#[test]
fn edits_errors_and_fixes_reach_the_open_pages() {
    let site = FakeSite::new().page("bonjour", "Bonjour");
    let preview = site.start("/");
    let page_url = format!("{}bonjour/", preview.url());
    let (mut events, hello) = LiveSocket::open(preview.addr());
    let first_build = hello["build"].as_str().expect("a build tag").to_string();

    site.write("content/bonjour.txt", "Bonsoir");
    let reload = events.expect("reload");
    assert_ne!(reload["build"], first_build);
    assert!(get(&page_url).body.contains(">Bonsoir<"));

    site.write("content/bonjour.txt", "Bonsoir\nCeci est BROKEN ici");
    let error = events.expect("error");
    assert_eq!(error["kept_last_build"], true);
    let problem = &error["diagnostics"][0];
    assert_eq!(problem["file"], "content/bonjour.txt");
    assert_eq!(problem["line"], 2);
    assert_eq!(problem["column"], 10);
    assert_eq!(problem["source_line"], "Ceci est BROKEN ici");
    assert_eq!(problem["hint"], "Retirez-le.");
    assert!(problem["message"]
        .as_str()
        .is_some_and(|m| m.contains("BROKEN")));
    assert!(
        get(&page_url).body.contains(">Bonsoir<"),
        "the last good build stays"
    );

    // A page opened now learns about the error as soon as it connects.
    let (mut late, _) = LiveSocket::open(preview.addr());
    assert_eq!(late.expect("error"), error);

    site.write("content/bonjour.txt", "Bonne nuit");
    events.expect("reload");
    late.expect("reload");
    assert!(get(&page_url).body.contains(">Bonne nuit<"));
}

#[test]
fn a_builder_that_panics_leaves_the_last_good_build_served() {
    let site = FakeSite::new().page("bonjour", "Bonjour");
    let preview = site.start("/");
    let page_url = format!("{}bonjour/", preview.url());
    let (mut events, _) = LiveSocket::open(preview.addr());
    site.write("content/bonjour.txt", "PANIC");
    let error = events.expect("error");
    assert_eq!(error["kept_last_build"], true);
    assert!(error["diagnostics"][0]["message"]
        .as_str()
        .is_some_and(|m| m.contains("internal error")));
    assert!(get(&page_url).body.contains(">Bonjour<"), "still served");
    // The next save builds again, from scratch.
    site.write("content/bonjour.txt", "Bonsoir");
    events.expect("reload");
    assert!(get(&page_url).body.contains(">Bonsoir<"));
}

#[test]
fn a_fix_back_to_the_last_good_text_just_clears_the_error() {
    let site = FakeSite::new().page("bonjour", "Bonjour");
    let preview = site.start("/");
    let (mut events, hello) = LiveSocket::open(preview.addr());
    site.write("content/bonjour.txt", "BROKEN");
    events.expect("error");
    site.write("content/bonjour.txt", "Bonjour");
    assert_eq!(events.expect("clear")["build"], hello["build"]);
}

#[test]
fn a_stylesheet_edit_swaps_styles_without_a_reload() {
    let site = FakeSite::new().page("bonjour", "Bonjour");
    let preview = site.start("/");
    let (mut events, _) = LiveSocket::open(preview.addr());
    site.write("static/style.css", "main { color: rgb(200, 0, 0); }");
    let css = events.expect("css");
    assert_eq!(css["files"], serde_json::json!(["style.css"]));
    assert!(get(&format!("{}style.css", preview.url()))
        .body
        .contains("200"));
}

#[test]
fn creations_deletions_and_renames_all_reach_the_builder() {
    let site = FakeSite::new().page("a", "A");
    let preview = site.start("/");
    let (mut events, _) = LiveSocket::open(preview.addr());
    let content = site.root().join("content");

    site.write("content/b.txt", "B");
    events.expect("reload");
    site.rename("content/b.txt", "content/c.txt");
    events.expect("reload");
    site.remove("content/a.txt");
    events.expect("reload");
    // A save as vim makes it: swap file, probe file, backup by renaming, new file, no backup.
    site.write("content/.c.txt.swp", "vim's swap file");
    site.write("content/4913", "");
    site.remove("content/4913");
    site.rename("content/c.txt", "content/c.txt~");
    site.write("content/c.txt", "C");
    site.remove("content/c.txt~");
    events.expect("reload");

    let rebuilt = site.rebuilt_paths();
    for name in ["b.txt", "c.txt", "a.txt"] {
        assert!(
            rebuilt.contains(&content.join(name)),
            "{name} in {rebuilt:?}"
        );
    }
    for noise in [".c.txt.swp", "4913", "c.txt~"] {
        assert!(
            !rebuilt.contains(&content.join(noise)),
            "{noise} in {rebuilt:?}"
        );
    }
    assert_eq!(get(&format!("{}a/", preview.url())).status, 404);
    assert!(get(&format!("{}c/", preview.url())).body.contains(">C<"));
}

#[test]
fn a_failed_first_build_shows_the_error_then_recovers() {
    let site = FakeSite::new().page("bonjour", "BROKEN dès le début");
    let preview = site.start("/");
    let page = get(&format!("{}bonjour/", preview.url()));
    assert_eq!(page.status, 503);
    assert!(
        page.body.contains("/__ruche/livereload.js"),
        "so the overlay shows"
    );
    let (mut events, _) = LiveSocket::open(preview.addr());
    let error = events.expect("error");
    assert_eq!(error["diagnostics"][0]["line"], 1);
    assert_eq!(error["kept_last_build"], false);

    site.write("content/bonjour.txt", "Bonjour");
    events.expect("reload");
    assert_eq!(get(&format!("{}bonjour/", preview.url())).status, 200);
}

#[test]
fn stopping_says_goodbye_to_open_pages_and_leaves_the_site_as_it_was() {
    let site = FakeSite::new().page("bonjour", "Bonjour");
    let before = listing(site.root());
    let preview = site.start("/");
    let addr = preview.addr();
    let (mut page, _) = LiveSocket::open(addr);
    // Returns although a page is still connected: it is told to go, not waited for.
    preview.stop();
    assert_eq!(page.expect_close(), 1001, "going away");
    assert!(TcpStream::connect(addr).is_err(), "the port is closed");
    assert_eq!(
        listing(site.root()),
        before,
        "no public/, no temporary folder"
    );
}

fn listing(root: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut paths: Vec<_> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .map(walkdir::DirEntry::into_path)
        .collect();
    paths.sort();
    paths
}

#[test]
fn a_real_browser_follows_edits_errors_and_fixes() {
    let Some(browser) = Browser::launch_or_skip() else {
        return;
    };
    let site = FakeSite::new().page("bonjour", "Bonjour");
    let preview = site.start("/journal/");
    let page_url = format!("{}bonjour/", preview.url());
    let text = "return document.getElementById('text')?.textContent";
    let overlay = "const host = document.getElementById('ruche-error-overlay'); \
                   return host && host.shadowRoot ? host.shadowRoot.textContent : null";
    let color = "return getComputedStyle(document.getElementById('text')).color";

    browser.goto(&page_url);
    browser.wait_until("the page", &format!("{text} === 'Bonjour'"));

    site.write("content/bonjour.txt", "Bonsoir");
    browser.wait_until(
        "the edit, without the test reloading",
        &format!("{text} === 'Bonsoir'"),
    );

    browser
        .eval("window.notReloaded = true")
        .expect("a mark on this page");
    site.write("static/style.css", "main { color: rgb(200, 0, 0); }");
    browser.wait_until("the new style", &format!("{color} === 'rgb(200, 0, 0)'"));
    let kept = browser.eval("return window.notReloaded === true");
    assert_eq!(
        kept,
        Ok(serde_json::json!(true)),
        "styles swap without a reload"
    );

    site.write("content/bonjour.txt", "Bonsoir\nCeci est BROKEN ici");
    let shown = browser.wait_until("the overlay naming the file", overlay);
    let shown = shown.as_str().unwrap_or_default();
    assert!(shown.contains("The last change has an error"), "{shown}");
    assert!(
        shown.contains("content/bonjour.txt, line 2, column 10"),
        "{shown}"
    );
    assert!(shown.contains("Ceci est BROKEN ici"), "{shown}");
    let role = "return document.getElementById('ruche-error-overlay').shadowRoot\
                .querySelector('[role=alertdialog]').getAttribute('aria-labelledby')";
    assert_eq!(
        browser.eval(role),
        Ok(serde_json::json!("ruche-error-title"))
    );

    browser.goto(&page_url);
    browser.wait_until("the overlay on a page opened during the error", overlay);

    site.write("content/bonjour.txt", "Bonne nuit");
    browser.wait_until(
        "the fix, overlay gone",
        &format!("{text} === 'Bonne nuit' && !document.getElementById('ruche-error-overlay')"),
    );

    // `ruche serve` stopped and started again: the page reconnects and sees it is stale.
    let port = preview.addr().port();
    preview.stop();
    site.write("content/bonjour.txt", "Rebonjour");
    let options = ServeOptions {
        port,
        ..site.options("/journal/")
    };
    let _restarted = site.start_with(options);
    browser.wait_until(
        "the restarted server's page",
        &format!("{text} === 'Rebonjour'"),
    );
}

#[test]
fn many_preview_tabs_all_load_and_follow_edits() {
    let Some(browser) = Browser::launch_or_skip() else {
        return;
    };
    let site = FakeSite::new().page("bonjour", "Bonjour");
    let preview = site.start("/");
    let page_url = format!("{}bonjour/", preview.url());
    let text = "return document.getElementById('text')?.textContent";
    // Browsers keep at most six HTTP/1.1 connections per host: more tabs than that must still
    // load, so the live-reload connection must not be one of them.
    for tab in 0..7 {
        if tab > 0 {
            browser.open_tab();
        }
        browser.goto(&page_url);
        browser.wait_until(&format!("tab {tab}"), &format!("{text} === 'Bonjour'"));
    }
    site.write("content/bonjour.txt", "Bonsoir");
    browser.for_each_tab(|tab| {
        browser.wait_until(
            &format!("the edit in tab {tab}"),
            &format!("{text} === 'Bonsoir'"),
        );
    });
}
