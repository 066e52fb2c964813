//! The real `ruche` binary on fixture sites: produced files, links, messages and exit codes.

use crate::support;

use support::Site;

#[test]
fn the_contract_site_comes_out_at_the_contract_urls() {
    let site = Site::fixture("contract");
    site.run(&["build"])
        .success()
        .stdout_contains("Site construit : 4 pages, 3 rubriques");
    for file in [
        "index.html",
        "actualites/index.html",
        "actualites/page/2/index.html",
        "actualites/formation-vie-cooperative/index.html",
        "actualites/formation-vie-cooperative/salle.svg",
        "actualites/assemblee-generale/index.html",
        "actualites/guide-de-redaction/index.html",
        "evenements/ag/index.html",
        "evenements/ag/event.ics",
        "tags/index.html",
        "tags/coopsday/index.html",
        "tags/vie-cooperative/index.html",
        "atom.xml",
        "actualites/atom.xml",
        "tags/coopsday/atom.xml",
        "calendar.ics",
        "sitemap.xml",
        "robots.txt",
        "404.html",
        "ag-2025/index.html",
        "extra.css",
        "style.css",
    ] {
        assert!(site.has(file), "missing public/{file}");
    }
    assert!(
        !site.has("actualites/brouillon/index.html"),
        "drafts are skipped"
    );
}

#[test]
fn every_link_honours_the_base_url_path() {
    let site = Site::fixture("contract");
    site.run(&["build"]).success();
    let html = site.public("actualites/formation-vie-cooperative/index.html");
    assert!(html
        .contains("href=\"https://x.org/journal/actualites/assemblee-generale/#ordre-du-jour\""));
    assert!(html.contains("href=\"https://x.org/journal/actualites/guide-de-redaction/\""));
    assert!(html.contains("https://x.org/journal/actualites/formation-vie-cooperative/salle.svg"));
    for href in html
        .split("href=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
    {
        let ok = href.starts_with("https://x.org/journal/")
            || href.starts_with('#')
            || href.starts_with("mailto:");
        assert!(ok, "link outside the site's path: {href}");
    }
}

#[test]
fn markdown_features_render() {
    let site = Site::fixture("contract");
    site.run(&["build"]).success();
    let html = site.public("actualites/formation-vie-cooperative/index.html");
    assert!(html.contains("<table>"));
    assert!(html.contains("footnote-definition"));
    assert!(html.contains("<h2 id=\"premiere-journee\">"));
    assert!(html.contains("language-rust") && html.contains("hl-"));
    let ag = site.public("actualites/assemblee-generale/index.html");
    assert!(ag.contains("type=\"checkbox\"") && ag.contains("<del>"));
    let alias = site.public("ag-2025/index.html");
    assert!(alias.contains("https://x.org/journal/actualites/assemblee-generale/"));
}

#[test]
fn drafts_base_url_and_output_options() {
    let site = Site::fixture("contract");
    let out = site.root().join("ailleurs");
    site.run(&[
        "build",
        "--drafts",
        "--base-url",
        "https://coop.example/",
        "--output",
        out.to_str().unwrap(),
    ])
    .success();
    let draft = std::fs::read_to_string(out.join("actualites/brouillon/index.html")).unwrap();
    assert!(draft.contains("https://coop.example/actualites/brouillon/"));
    assert!(
        !site.has("index.html"),
        "public/ is not written when --output is given"
    );
}

#[test]
fn a_failed_build_leaves_the_previous_public_byte_identical() {
    let site = Site::fixture("contract");
    site.run(&["build"]).success();
    let before = site.snapshot();
    let site = site.file("content/actualites/casse.md", "---\ntitle: [a, b]\n---\n");
    site.run(&["build"])
        .failure()
        .stderr_contains("content/actualites/casse.md:2:8")
        .stderr_contains("une liste a été donnée")
        .stderr_contains("rien n’a été écrit");
    assert_eq!(before, site.snapshot());
}

#[test]
fn bad_dates_and_broken_yaml_name_file_line_and_fix() {
    Site::new()
        .file("content/a.md", "---\ntitle: A\ndate: 2025-13-45\n---\n")
        .run(&["build"])
        .failure()
        .stderr_contains("content/a.md:3")
        .stderr_contains("2025-13-45")
        .stderr_contains("AAAA-MM-JJ");
    Site::new()
        .file("content/a.md", "---\ntitle: \"A\n---\n")
        .run(&["build"])
        .failure()
        .stderr_contains("content/a.md:")
        .stderr_contains("guillemet fermant");
    Site::new()
        .file("content/a.md", "---\ntitle: A\nBonjour\n")
        .run(&["build"])
        .failure()
        .stderr_contains("jamais fermé");
}

#[test]
fn two_sources_on_one_url_are_named_both() {
    Site::new()
        .file("content/a/b.md", "---\ntitle: B\n---\n")
        .file("content/a/2025-01-01-b/index.md", "---\ntitle: B2\n---\n")
        .run(&["build"])
        .failure()
        .stderr_contains("content/a/b.md")
        .stderr_contains("content/a/2025-01-01-b/index.md")
        .stderr_contains("/a/b/");
}

#[test]
fn unknown_keys_warn_with_a_suggestion_and_strict_makes_them_errors() {
    let site = Site::new().file("content/a.md", "---\ntitle: A\ndat: 2025-01-01\n---\n");
    site.run(&["build"])
        .success()
        .stderr_contains("content/a.md:3")
        .stderr_contains("vouliez-vous dire `date` ?");
    let strict = site.file(
        "site.yaml",
        "title: T\nbase_url: https://x.org\nstrict: true\n",
    );
    strict
        .run(&["build"])
        .failure()
        .stderr_contains("vouliez-vous dire `date` ?");
}

#[test]
fn site_yaml_mistakes_suggest_the_right_key() {
    Site::new()
        .file(
            "site.yaml",
            "title: T\nbase_url: https://x.org\nlanguge: fr\n",
        )
        .run(&["build"])
        .failure()
        .stderr_contains("site.yaml:3")
        .stderr_contains("vouliez-vous dire `language` ?");
}

#[test]
fn a_broken_internal_link_fails_with_source_and_target() {
    Site::new()
        .file(
            "content/a.md",
            "---\ntitle: A\n---\nVoir [x](@/nulle-part.md).\n",
        )
        .run(&["build"])
        .failure()
        .stderr_contains("content/a.md:4:6")
        .stderr_contains("content/nulle-part.md");
    Site::new()
        .file(
            "content/a.md",
            "---\ntitle: A\n---\nVoir [x](@/b.md#absent).\n",
        )
        .file("content/b.md", "---\ntitle: B\n---\n## Présent\n")
        .run(&["build"])
        .failure()
        .stderr_contains("#absent");
}

#[test]
fn usage_errors_exit_with_2() {
    Site::new().run(&["build", "--nope"]).status(2);
    Site::new().run(&["frobnicate"]).status(2);
}

#[test]
fn a_folder_without_site_yaml_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ruche"))
        .arg("--root")
        .arg(dir.path())
        .arg("build")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no site.yaml") && stderr.contains("ruche init"),
        "{stderr}"
    );
}

#[test]
fn init_then_new_then_build_works_as_is() {
    let dir = tempfile::tempdir().unwrap();
    let ruche = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_ruche"))
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    assert!(ruche(&["init", "journal"]).status.success());
    let again = ruche(&["init", "journal"]);
    assert_eq!(
        again.status.code(),
        Some(1),
        "init refuses a non-empty folder"
    );
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    let site = dir.path().join("journal");
    let new = ruche(&[
        "--root",
        "journal",
        "new",
        "actualites/formation-vie-cooperative",
        "--kind",
        "recap",
    ]);
    assert!(
        new.status.success(),
        "{}",
        String::from_utf8_lossy(&new.stderr)
    );
    assert!(String::from_utf8_lossy(&new.stdout).contains("formation-vie-cooperative.md"));
    let twice = ruche(&[
        "--root",
        "journal",
        "new",
        "actualites/formation-vie-cooperative",
    ]);
    assert_eq!(twice.status.code(), Some(1), "new never overwrites");
    let build = ruche(&["--root", "journal", "build", "--drafts"]);
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    assert!(site.join("public/actualites/bienvenue/index.html").exists());
    assert!(site
        .join("public/actualites/formation-vie-cooperative/event.ics")
        .exists());
}

#[test]
fn missing_images_are_named_with_their_line() {
    Site::new()
        .file(
            "content/a.md",
            "---\ntitle: A\n---\nTexte.\n\n![La salle](salle.jpg)\n",
        )
        .run(&["check"])
        .failure()
        .stderr_contains("content/a.md:6:1")
        .stderr_contains("`salle.jpg`");
    let site = Site::new()
        .file(
            "content/a/index.md",
            "---\ntitle: A\n---\n![La salle](salle.jpg)\n",
        )
        .file("content/a/salle.jpg", small_jpeg());
    site.run(&["build"]).success();
    // A photo is published as its copies beside the page (see tests/images.rs).
    assert!(site
        .public("a/index.html")
        .contains("src=\"https://x.org/a/salle-40w.jpg\""));
}

/// A real 40×30 JPEG: a file named `.jpg` that is not one is an error now.
fn small_jpeg() -> Vec<u8> {
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(40, 30, [90, 120, 200].into()))
        .write_to(
            &mut std::io::Cursor::new(&mut out),
            image::ImageFormat::Jpeg,
        )
        .unwrap();
    out
}

#[test]
fn two_builds_of_the_same_input_are_byte_identical() {
    let site = Site::fixture("contract");
    site.run(&["build"]).success();
    let first = site.snapshot();
    site.run(&["build"]).success();
    assert_eq!(first, site.snapshot());
    let ics = site.public("calendar.ics");
    assert!(ics.contains("UID:evenements-ag@x.org"), "{ics}");
}

/// `ruche build` writes each file as its worker renders it; the preview renders into memory.
/// Both, and a build on one thread, give the same files with the same bytes.
#[test]
fn a_streamed_build_equals_the_site_in_memory_and_a_build_on_one_thread() {
    let site = Site::fixture("contract");
    site.run(&["build"]).success();
    let written = site.snapshot();
    let opts = ruche::BuildOptions::new(site.root());
    let in_memory = |built: ruche::Built| -> Vec<(String, Vec<u8>)> {
        built
            .output
            .files
            .iter()
            .map(|(path, file)| (path.clone(), file.read().unwrap().to_vec()))
            .collect()
    };
    assert_eq!(written, in_memory(ruche::build(&opts).unwrap()));
    let one_thread = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let sequential = one_thread.install(|| ruche::build(&opts)).unwrap();
    assert_eq!(written, in_memory(sequential));
}

#[test]
fn feeds_and_sitemap_parse_with_real_parsers() {
    let site = Site::fixture("contract");
    site.run(&["build"]).success();
    let feed = feed_rs::parser::parse(site.public("atom.xml").as_bytes()).expect("valid Atom");
    let titles: Vec<String> = feed
        .entries
        .iter()
        .map(|e| e.title.as_ref().unwrap().content.clone())
        .collect();
    assert_eq!(
        titles,
        vec![
            "AG 2027",
            "Formation Vie coopérative",
            "Assemblée générale",
            "Guide"
        ]
    );
    let entry = &feed.entries[1];
    assert_eq!(
        entry.links[0].href,
        "https://x.org/journal/actualites/formation-vie-cooperative/"
    );
    assert!(entry.published.is_some() && entry.content.is_some() && entry.summary.is_some());
    let term = feed_rs::parser::parse(site.public("tags/coopsday/atom.xml").as_bytes()).unwrap();
    assert_eq!(term.entries.len(), 1);
    let sitemap = site.public("sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).expect("well-formed sitemap");
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(locs.contains(&"https://x.org/journal/actualites/assemblee-generale/"));
    assert!(locs.iter().all(|l| l.starts_with("https://x.org/journal/")));
    assert!(sitemap.contains("<lastmod>2025-06-15</lastmod>"));
    assert!(site
        .public("robots.txt")
        .contains("Sitemap: https://x.org/journal/sitemap.xml"));
}

#[test]
fn french_titles_get_french_spacing_but_english_sites_do_not() {
    let site = Site::new().file(
        "content/a.md",
        "---\ntitle: \"Pourquoi coopérer ? Réponse : ensemble\"\n---\nTexte.\n",
    );
    site.run(&["build"]).success();
    assert!(site
        .public("a/index.html")
        .contains("Pourquoi coopérer\u{202F}? Réponse\u{A0}: ensemble"));
    let english = Site::new()
        .file(
            "site.yaml",
            "title: T\nbase_url: https://x.org\nlanguage: en\n",
        )
        .file(
            "content/a.md",
            "---\ntitle: \"Why? Because: together\"\n---\nText.\n",
        );
    english.run(&["build"]).success();
    assert!(english
        .public("a/index.html")
        .contains("Why? Because: together"));
}

#[test]
fn broken_links_can_be_turned_into_warnings() {
    Site::new()
        .file(
            "site.yaml",
            "title: T\nbase_url: https://x.org\nbroken_links: warning\n",
        )
        .file(
            "content/a.md",
            "---\ntitle: A\n---\nVoir [x](@/nulle-part.md).\n",
        )
        .run(&["build"])
        .success()
        .stderr_contains("avertissement: content/a.md:4:6");
}

#[test]
fn check_reports_every_problem_at_once_and_writes_nothing() {
    let site = Site::new()
        .file("content/a.md", "---\ntitle: A\ndate: 2025-02-30\n---\n")
        .file(
            "content/b.md",
            "---\ntitle: B\n---\nVoir [x](@/absent.md) et ![img](absent.png).\n",
        )
        .file("content/c.md", "---\ntitle: C\ncover:\n  src: c.jpg\n---\n")
        .file(
            "templates/page.html",
            "{% if page.title %}\n{{ page.title }\n",
        );
    let run = site.run(&["check"]).failure();
    let stderr = run.stderr();
    for expected in [
        "content/a.md:3",
        "content/b.md:4:6",
        "absent.png",
        "content/c.md:",
        "`alt`",
        "templates/page.html:2",
        "5 erreurs dans 4 fichiers : corrigez les erreurs avant de publier",
    ] {
        assert!(
            stderr.contains(expected),
            "check lacks {expected:?}:\n{stderr}"
        );
    }
    assert!(!site.root().join("public").exists());
}

/// A tiny loopback web server: `/ok` answers 200, anything else 404; counts the requests.
fn link_target_server() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let hits = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = hits.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(50) {
            let Ok(mut stream) = stream else { continue };
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let mut buf = [0u8; 2048];
            let n = stream.read(&mut buf).unwrap_or(0);
            let request = String::from_utf8_lossy(&buf[..n]);
            let status = if request.split_whitespace().nth(1) == Some("/ok") {
                "200 OK"
            } else {
                "404 Not Found"
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
            );
        }
    });
    (base, hits)
}

#[test]
fn check_external_names_dead_links_and_caches_live_ones() {
    let (base, hits) = link_target_server();
    let site = Site::new().file(
        "content/a.md",
        format!("---\ntitle: A\n---\nUn [bon lien]({base}/ok).\n\nUn [lien mort]({base}/parti).\n"),
    );
    site.run(&["check"]).success();
    assert_eq!(
        hits.load(std::sync::atomic::Ordering::SeqCst),
        0,
        "plain check asks no site"
    );
    site.run(&["check", "--external"])
        .failure()
        .stderr_contains("content/a.md:6:4")
        .stderr_contains(&format!("{base}/parti"))
        .stderr_contains("404");
    let cache =
        std::fs::read_to_string(site.root().join(".ruche-cache/external-links.json")).unwrap();
    assert!(cache.contains(&format!("{base}/ok")));
    let before = hits.load(std::sync::atomic::Ordering::SeqCst);
    site.run(&["check", "--external"]).failure();
    let asked = hits.load(std::sync::atomic::Ordering::SeqCst) - before;
    assert_eq!(
        asked, 1,
        "the live link comes from the cache; only the dead one is asked again"
    );
}

/// The `content` of `<meta property|name="key" content="…">` in a page.
fn meta(html: &str, key: &str) -> Option<String> {
    let at = html.find(&format!("=\"{key}\" content=\""))?;
    let rest = &html[at + key.len() + 13..];
    Some(rest[..rest.find('"')?].to_string())
}

/// The JSON-LD documents of a page, parsed.
fn json_ld(html: &str) -> Vec<serde_json::Value> {
    html.split("<script type=\"application/ld+json\">")
        .skip(1)
        .map(|s| serde_json::from_str(&s[..s.find("</script>").unwrap()]).expect("valid JSON-LD"))
        .collect()
}

#[test]
fn pages_carry_social_search_and_schema_org_metadata() {
    let site = Site::fixture("contract");
    site.run(&["build"]).success();
    let html = site.public("actualites/formation-vie-cooperative/index.html");
    let url = "https://x.org/journal/actualites/formation-vie-cooperative/";
    assert!(html.contains(&format!("<link rel=\"canonical\" href=\"{url}\">")));
    assert_eq!(meta(&html, "og:url").as_deref(), Some(url));
    assert_eq!(meta(&html, "og:type").as_deref(), Some("article"));
    assert_eq!(
        meta(&html, "og:title").as_deref(),
        Some("Formation Vie coopérative")
    );
    assert_eq!(
        meta(&html, "og:image").as_deref(),
        Some("https://x.org/journal/actualites/formation-vie-cooperative/salle.svg")
    );
    assert!(meta(&html, "article:published_time")
        .unwrap()
        .starts_with("2025-07-01"));
    assert_eq!(
        meta(&html, "twitter:card").as_deref(),
        Some("summary_large_image")
    );
    let article = &json_ld(&html)[0];
    assert_eq!(article["@type"], "NewsArticle");
    assert_eq!(article["headline"], "Formation Vie coopérative");
    assert_eq!(article["datePublished"], "2025-07-01");

    let event_page = site.public("evenements/ag/index.html");
    let event = &json_ld(&event_page)[0];
    assert_eq!(event["@type"], "Event");
    assert_eq!(event["startDate"], "2027-03-12T09:30:00+01:00");
    assert_eq!(event["location"]["@type"], "Place");
    assert_eq!(
        event["location"]["address"]["streetAddress"],
        "1 rue de Paris, 75001 Paris"
    );
    assert_eq!(event["eventStatus"], "https://schema.org/EventScheduled");
    assert!(
        event_page.contains("12 mars 2027, 9 h 30 – 17 h"),
        "French dates on the event card"
    );
    assert!(event_page.contains("https://x.org/journal/evenements/ag/event.ics"));
}

#[test]
fn json_ld_cannot_close_its_script_element() {
    let title = "Atelier </script><script>alert(1)</script> & « coopérer »";
    let site = Site::new().file(
        "content/atelier.md",
        format!(
            "---\ntitle: '{title}'\ndate: 2025-07-01\ndescription: 'Un <b>gras</b> passage'\nauthors: [Ana, Léo]\n---\n\nTexte.\n"
        ),
    );
    site.run(&["build"]).success();
    let html = site.public("atelier/index.html");
    let script = "<script type=\"application/ld+json\">";
    let start = html.find(script).expect("a JSON-LD block") + script.len();
    let text = &html[start..start + html[start..].find("</script>").unwrap()];
    assert!(!text.contains('<'), "`<` is escaped: {text}");
    let article = &json_ld(&html)[0];
    assert_eq!(article["@type"], "NewsArticle");
    assert_eq!(article["description"], "Un <b>gras</b> passage");
    assert_eq!(article["author"][1]["name"], "Léo");
    assert_eq!(article["dateModified"], "2025-07-01");
    assert_eq!(article["publisher"]["url"], "https://x.org/");
    assert!(
        article["headline"]
            .as_str()
            .unwrap()
            .starts_with("Atelier </script><script>alert(1)</script> &"),
        "the title comes back whole: {}",
        article["headline"]
    );
}

#[test]
fn an_event_without_a_date_is_in_the_calendar_once() {
    let site = Site::fixture("contract");
    std::fs::write(
        site.root().join("content/evenements/atelier.md"),
        "---\ntitle: Atelier\nevent:\n  start: 2027-04-02T14:00:00+02:00\n---\nVenez.\n",
    )
    .unwrap();
    site.run(&["build"]).success();
    let ics = site.public("calendar.ics");
    let uids: Vec<&str> = ics.lines().filter(|l| l.starts_with("UID:")).collect();
    assert_eq!(
        uids,
        ["UID:evenements-ag@x.org", "UID:evenements-atelier@x.org"],
        "{ics}"
    );
}

#[test]
fn calendars_parse_back_with_an_independent_parser() {
    let site = Site::fixture("contract");
    site.run(&["build"]).success();
    let ics = site.public("calendar.ics");
    let calendar = ical::IcalParser::new(ics.as_bytes())
        .next()
        .expect("a calendar")
        .expect("valid iCalendar");
    assert_eq!(calendar.events.len(), 1);
    let prop = |name: &str| {
        calendar.events[0]
            .properties
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
            .unwrap_or_default()
    };
    assert_eq!(prop("SUMMARY"), "AG 2027");
    assert_eq!(prop("DTSTART"), "20270312T083000Z");
    assert_eq!(prop("DTEND"), "20270312T160000Z");
    assert!(prop("LOCATION").contains("Maison des coop"));
    assert_eq!(prop("UID"), "evenements-ag@x.org");
    assert!(
        ics.lines().all(|l| l.len() <= 75),
        "lines are folded at 75 octets"
    );
    assert_eq!(
        site.public("evenements/ag/event.ics")
            .matches("BEGIN:VEVENT")
            .count(),
        1
    );
}

#[test]
fn events_sections_list_upcoming_events_first_then_past_ones() {
    let site = Site::new()
        .file(
            "content/agenda/_index.md",
            "---\ntitle: Agenda\nsort_by: event\n---\n",
        )
        .file(
            "content/agenda/passe.md",
            "---\ntitle: Passé récent\nevent:\n  start: 2025-06-30\n  end: 2025-07-01\n---\n",
        )
        .file(
            "content/agenda/ancien.md",
            "---\ntitle: Très ancien\nevent:\n  start: 2020-01-01\n---\n",
        )
        .file(
            "content/agenda/loin.md",
            "---\ntitle: Lointain\nevent:\n  start: 2099-01-01\n---\n",
        )
        .file(
            "content/agenda/proche.md",
            "---\ntitle: Proche\nevent:\n  start: 2098-01-01\n---\n",
        );
    site.run(&["build"]).success();
    let html = site.public("agenda/index.html");
    let order: Vec<usize> = ["Proche", "Lointain", "Passé récent", "Très ancien"]
        .iter()
        .map(|t| html.find(t).unwrap_or_else(|| panic!("{t} missing")))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
}

#[test]
fn an_event_that_ends_before_it_starts_is_an_error_on_its_line() {
    Site::new()
        .file(
            "content/e.md",
            "---\ntitle: E\nevent:\n  start: 2025-07-01\n  end: 2025-06-30\n---\n",
        )
        .run(&["build"])
        .failure()
        .stderr_contains("content/e.md:5")
        .stderr_contains("se termine avant de commencer");
}

#[test]
fn english_sites_get_english_dates_and_theme_strings() {
    let site = Site::new()
        .file(
            "site.yaml",
            "title: T\nbase_url: https://x.org\nlanguage: en\n",
        )
        .file(
            "content/a.md",
            "---\ntitle: A\ndate: 2025-07-01\n---\nText.\n",
        );
    site.run(&["build"]).success();
    let html = site.public("a/index.html");
    assert!(html.contains("July 1, 2025"), "English date");
    assert!(!html.contains("juillet"));
    assert!(html.contains("lang=\"en\""));
}

#[test]
fn hashtags_become_tags_unless_turned_off() {
    let site = Site::new().file("content/a.md", "---\ntitle: A\n---\nVive le #Coopsday !\n");
    site.run(&["build"]).success();
    assert!(site
        .public("a/index.html")
        .contains("href=\"https://x.org/tags/coopsday/\""));
    assert!(site
        .public("tags/coopsday/index.html")
        .contains("https://x.org/a/"));
    let off = site.file(
        "site.yaml",
        "title: T\nbase_url: https://x.org\nhashtags: false\n",
    );
    off.run(&["build"]).success();
    assert!(!off.has("tags/coopsday/index.html"));
}

#[test]
fn aliases_redirect_and_feeds_respect_their_limit() {
    let site = Site::fixture("contract");
    site.run(&["build"]).success();
    let alias = site.public("ag-2025/index.html");
    let target = "https://x.org/journal/actualites/assemblee-generale/";
    assert!(alias.contains(&format!(
        "<meta http-equiv=\"refresh\" content=\"0; url={target}\">"
    )));
    assert!(alias.contains(&format!("<link rel=\"canonical\" href=\"{target}\">")));
    assert!(alias.contains(&format!("<a href=\"{target}\">")));
    let limited = site.file(
        "site.yaml",
        "title: T\nbase_url: https://x.org/journal\nfeed_limit: 2\n",
    );
    limited.run(&["build"]).success();
    let feed = feed_rs::parser::parse(limited.public("atom.xml").as_bytes()).unwrap();
    assert_eq!(feed.entries.len(), 2);
}
