//! The real `ruche serve` binary on the contract fixture, driven by headless Chromium: edits,
//! errors, fixes and new pages reach the open page, and `public/` is never written.

use crate::support;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use support::browser::Browser;
use support::Site;

/// `ruche serve` running in the background; killed when dropped.
struct Serve {
    child: Child,
    url: String,
}

impl Serve {
    fn start(site: &Site) -> Serve {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ruche"))
            .arg("--root")
            .arg(site.root())
            .args(["serve", "--port", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let url = loop {
            let line = lines.next().expect("serve printed its address").unwrap();
            if let Some(rest) = line.split("http://").nth(1) {
                break format!("http://{}", rest.split_whitespace().next().unwrap());
            }
        };
        // Keep reading stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Serve { child, url }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn the_real_preview_follows_edits_errors_fixes_and_new_pages() {
    let Some(browser) = Browser::launch_or_skip() else {
        return;
    };
    let site = Site::fixture("contract");
    let serve = Serve::start(&site);
    assert!(
        serve.url.ends_with("/journal/"),
        "the path prefix is kept: {}",
        serve.url
    );
    let article = "content/actualites/assemblee-generale.md";
    browser.goto(&format!("{}actualites/assemblee-generale/", serve.url));
    browser.wait_until(
        "the article",
        "return (document.querySelector('h1')?.textContent || '').includes('Assemblée générale')",
    );

    let root = site.root();
    let text = std::fs::read_to_string(root.join(article)).unwrap();
    std::fs::write(
        root.join(article),
        text.replace("Le texte.", "Un texte tout neuf."),
    )
    .unwrap();
    browser.wait_until(
        "the edit",
        "return document.body.textContent.includes('Un texte tout neuf.')",
    );

    std::fs::write(root.join(article), "---\ntitle: [cassé\n---\n").unwrap();
    let overlay = "const h = document.getElementById('ruche-error-overlay'); return h && h.shadowRoot ? h.shadowRoot.textContent : null";
    let shown = browser.wait_until("the error overlay", overlay);
    assert!(
        shown
            .as_str()
            .unwrap_or("")
            .contains("assemblee-generale.md"),
        "{shown}"
    );

    std::fs::write(root.join(article), text.replace("Le texte.", "Réparé.")).unwrap();
    browser.wait_until("the fix", "return document.body.textContent.includes('Réparé.') && !document.getElementById('ruche-error-overlay')?.shadowRoot?.textContent?.includes('erreur')");

    // On the section's page before the new file appears: a reload the article page had still
    // pending can no longer cancel the navigation, and the list must follow the creation itself.
    let on_section = "return location.pathname.endsWith('/actualites/')";
    for _ in 0..3 {
        browser.goto(&format!("{}actualites/", serve.url));
        if browser.eval(on_section) == Ok(serde_json::Value::Bool(true)) {
            break;
        }
    }
    browser.wait_until(
        "the section",
        "return location.pathname.endsWith('/actualites/') && document.body.textContent.includes('Assemblée générale')",
    );
    std::fs::write(
        root.join("content/actualites/nouvelle.md"),
        "---\ntitle: Une nouvelle page\ndate: 2030-01-01\n---\nBonjour.\n",
    )
    .unwrap();
    browser.wait_until(
        "the new page in its section",
        "return document.body.textContent.includes('Une nouvelle page')",
    );
    assert!(!root.join("public").exists(), "serve never writes public/");
}

/// The same mistake, on a French site and on an English one: the overlay over the open page
/// says it in the site's language, hint included, with no word of the other language.
#[test]
fn the_overlay_speaks_the_language_of_the_site() {
    let Some(browser) = Browser::launch_or_skip() else {
        return;
    };
    let cases = [
        (
            "fr",
            [
                "La dernière modification contient une erreur",
                "content/a.md, ligne 2, colonne 8",
                "jamais fermé",
                "Conseil\u{a0}: une liste",
            ],
            "line 2",
        ),
        (
            "en",
            [
                "The last change has an error",
                "content/a.md, line 2, column 8",
                "never closed",
                "Hint: a list",
            ],
            "ligne",
        ),
    ];
    for (language, said, never) in cases {
        let site = Site::new()
            .file(
                "site.yaml",
                format!("title: T\nbase_url: https://x.org\nlanguage: {language}\n"),
            )
            .file("content/a.md", "---\ntitle: Bonjour\n---\nLe texte.\n");
        let serve = Serve::start(&site);
        browser.goto(&format!("{}a/", serve.url));
        browser.wait_until(
            "the page",
            "return (document.querySelector('h1')?.textContent || '').includes('Bonjour')",
        );
        std::fs::write(
            site.root().join("content/a.md"),
            "---\ntitle: [cassé\n---\n",
        )
        .unwrap();
        let overlay = "const h = document.getElementById('ruche-error-overlay'); \
                       return h && h.shadowRoot ? h.shadowRoot.textContent : null";
        let shown = browser.wait_until("the error overlay", overlay);
        let shown = shown.as_str().unwrap_or_default();
        for words in said {
            assert!(
                shown.contains(words),
                "{language}: {words:?} missing:\n{shown}"
            );
        }
        assert!(
            !shown.contains(never),
            "{language}: {never:?} shown:\n{shown}"
        );
    }
}

/// The editorial lint in the preview: saving a page whose link text says nothing shows the
/// warning in a panel beside the page, in the site's language, and fixing it hides the panel.
#[test]
fn the_lint_of_the_file_saved_is_shown_beside_the_page() {
    let Some(browser) = Browser::launch_or_skip() else {
        return;
    };
    let site = Site::new().file(
        "content/a.md",
        "---\ntitle: Bonjour\ndescription: Un article.\n---\nLe texte.\n",
    );
    let serve = Serve::start(&site);
    browser.goto(&format!("{}a/", serve.url));
    browser.wait_until(
        "the page",
        "return (document.querySelector('h1')?.textContent || '').includes('Bonjour')",
    );
    let panel = "const h = document.getElementById('ruche-warnings'); \
                 return h && h.shadowRoot ? h.shadowRoot.textContent : null";
    std::fs::write(
        site.root().join("content/a.md"),
        "---\ntitle: Bonjour\ndescription: Un article.\n---\nLe programme est [ici](https://x.org/p).\n",
    )
    .unwrap();
    let shown = browser.wait_until("the lint panel", panel);
    let shown = shown.as_str().unwrap_or_default();
    for words in [
        "1 point à revoir dans le fichier enregistré",
        "content/a.md, ligne 5, colonne 18",
        "le texte de ce lien, `ici`, ne dit pas où il mène",
    ] {
        assert!(shown.contains(words), "{words:?} missing:\n{shown}");
    }
    // The panel is beside the page, not over it: the page keeps the focus.
    let focus = browser.eval("return document.activeElement === document.body");
    assert_eq!(focus, Ok(serde_json::Value::Bool(true)));
    std::fs::write(
        site.root().join("content/a.md"),
        "---\ntitle: Bonjour\ndescription: Un article.\n---\nLe [programme de la journée](https://x.org/p).\n",
    )
    .unwrap();
    browser.wait_until(
        "the panel gone",
        "return document.body.textContent.includes('programme de la journée') \
         && !document.getElementById('ruche-warnings')",
    );
}
