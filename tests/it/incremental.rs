//! The preview's incremental rebuilds: after any sequence of edits, what it serves equals a
//! fresh full build of the same files.

use crate::support;

use std::path::PathBuf;

use proptest::prelude::*;
use ruche::serve::site::PipelineBuilder;
use ruche::serve::SiteBuilder;
use ruche::BuildOptions;
use support::Site;

/// One thing a writer might do between two saves.
#[derive(Debug, Clone)]
enum Edit {
    Body(usize, String),
    Heading(usize, String),
    Lead(usize, String),
    Title(usize, String),
    Add(String, u8),
    Delete(usize),
    Tag(usize, String),
    /// A new publication date (or one added): the page moves in its lists.
    Date(usize, u8, u8),
    /// The front matter's `tags:` replaced by one term, known or new.
    FrontTags(usize, String),
    /// The event moved to another day of March 2027.
    EventDay(u8),
    /// A new `slug:`: the page gets a new address, which the bodies linking to it must show.
    Slug(usize, String),
    /// The draft published (`draft: false`), or made a draft again.
    Publish(bool),
    /// The article `Add` made with these word and day deleted, if there is one.
    Unadd(String, u8),
    /// A new event page, a workshop on this day of April 2027, or deleted again.
    Workshop(u8, bool),
    Template(String),
    SectionText(String),
    Translation(String),
}

/// The pages edits are made to; the fourth, a bundle with an image, only gets new slugs.
const PAGES: [&str; 4] = [
    "content/actualites/assemblee-generale.md",
    "content/actualites/guide.md",
    "content/evenements/2027-03-12-ag.md",
    "content/actualites/2025-07-01-formation-vie-cooperative/index.md",
];

fn edit() -> impl Strategy<Value = Edit> {
    let word = "[a-zé]{1,8}";
    prop_oneof![
        (0..3usize, word).prop_map(|(i, w)| Edit::Body(i, w)),
        (0..3usize, word).prop_map(|(i, w)| Edit::Heading(i, w)),
        (0..3usize, word).prop_map(|(i, w)| Edit::Lead(i, w)),
        (0..3usize, word).prop_map(|(i, w)| Edit::Title(i, w)),
        (prop_oneof!["un", "deux", word], 1..4u8).prop_map(|(w, d)| Edit::Add(w, d)),
        (prop_oneof!["un", "deux"], 1..4u8).prop_map(|(w, d)| Edit::Unadd(w, d)),
        (1..4u8, any::<bool>()).prop_map(|(d, add)| Edit::Workshop(d, add)),
        (0..3usize).prop_map(Edit::Delete),
        (0..3usize, "[A-Z][a-z]{2,6}").prop_map(|(i, t)| Edit::Tag(i, t)),
        (0..3usize, 1..13u8, 1..29u8).prop_map(|(i, m, d)| Edit::Date(i, m, d)),
        (0..4usize, "[a-z]{3,8}").prop_map(|(i, w)| Edit::Slug(i, w)),
        any::<bool>().prop_map(Edit::Publish),
        (
            0..3usize,
            prop_oneof!["Coopsday", "Formation", "[A-Z][a-z]{2,6}"]
        )
            .prop_map(|(i, t)| Edit::FrontTags(i, t)),
        (1..29u8).prop_map(Edit::EventDay),
        word.prop_map(Edit::Template),
        word.prop_map(Edit::SectionText),
        word.prop_map(Edit::Translation),
    ]
}

/// Applies an edit on disk and returns the paths a watcher would report.
fn apply(site: &Site, edit: &Edit) -> Vec<PathBuf> {
    let root = site.root();
    let write = |rel: &str, text: String| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        vec![path]
    };
    let read = |rel: &str| std::fs::read_to_string(root.join(rel)).ok();
    match edit {
        Edit::Body(i, w) => match read(PAGES[*i]) {
            Some(text) => write(PAGES[*i], format!("{text}\nEncore {w}.\n")),
            None => vec![],
        },
        Edit::Heading(i, w) => match read(PAGES[*i]) {
            Some(text) => write(PAGES[*i], format!("{text}\n## Partie {w}\n\nSuite.\n")),
            None => vec![],
        },
        // A new first paragraph: the summary that lists, terms and feeds show.
        Edit::Lead(i, w) => match read(PAGES[*i]) {
            Some(text) => write(PAGES[*i], text.replacen("\n---\n", &format!("\n---\n{w} d'abord.\n\n"), 1)),
            None => vec![],
        },
        Edit::Title(i, w) => match read(PAGES[*i]) {
            Some(text) => write(PAGES[*i], text.replacen("title: ", &format!("title: {w} "), 1)),
            None => vec![],
        },
        Edit::Add(w, day) => write(
            &format!("content/actualites/2025-05-{day:02}-{w}.md"),
            format!("---\ntitle: Nouvelle {w}\ntags: [Coopsday]\n---\nTexte {w} et [lien](@/actualites/guide.md).\n"),
        ),
        Edit::Workshop(day, true) => write(
            &format!("content/evenements/atelier-{day}.md"),
            format!("---\ntitle: Atelier {day}\ndate: 2027-01-{day:02}\nevent:\n  start: 2027-04-{day:02}T14:00:00+02:00\n  location: Salle commune\n---\nVenez nombreux.\n"),
        ),
        Edit::Workshop(day, false) => {
            let path = root.join(format!("content/evenements/atelier-{day}.md"));
            match std::fs::remove_file(&path) {
                Ok(()) => vec![path],
                Err(_) => vec![],
            }
        }
        Edit::Unadd(w, day) => {
            let path = root.join(format!("content/actualites/2025-05-{day:02}-{w}.md"));
            match std::fs::remove_file(&path) {
                Ok(()) => vec![path],
                Err(_) => vec![],
            }
        }
        Edit::Delete(i) => {
            let path = root.join(PAGES[*i]);
            let _ = std::fs::remove_file(&path);
            vec![path]
        }
        Edit::Tag(i, t) => match read(PAGES[*i]) {
            Some(text) => write(PAGES[*i], format!("{text}\nVive le #{t} !\n")),
            None => vec![],
        },
        Edit::Date(i, month, day) => match read(PAGES[*i]) {
            Some(text) => write(PAGES[*i], set_key(&text, "date", &format!("2025-{month:02}-{day:02}"))),
            None => vec![],
        },
        Edit::FrontTags(i, t) => match read(PAGES[*i]) {
            Some(text) => write(PAGES[*i], set_key(&text, "tags", &format!("[{t}]"))),
            None => vec![],
        },
        Edit::Slug(i, w) => match read(PAGES[*i]) {
            Some(text) => write(PAGES[*i], set_key(&text, "slug", w)),
            None => vec![],
        },
        Edit::Publish(publish) => {
            let draft = "content/actualites/2025-08-01-brouillon.md";
            match read(draft) {
                Some(text) => write(draft, set_key(&text, "draft", &(!publish).to_string())),
                None => vec![],
            }
        }
        Edit::EventDay(day) => match read(PAGES[2]) {
            Some(text) => write(PAGES[2], text.replace("2027-03-12T", &format!("2027-03-{day:02}T"))),
            None => vec![],
        },
        Edit::Template(w) => write(
            "templates/page.html",
            format!("{{% extends \"base.html\" %}}{{% block content %}}<h1>{{{{ page.title }}}}</h1><p>{w}</p>{{{{ page.content | safe }}}}<p>{{{{ section.title }}}}</p>{{% endblock content %}}"),
        ),
        Edit::SectionText(w) => write("content/actualites/_index.md", format!("---\ntitle: Actualités {w}\nsort_by: date\n---\nToutes les nouvelles {w}.\n")),
        Edit::Translation(w) => match read("themes/default/translations.yaml") {
            Some(text) => write("themes/default/translations.yaml", text.replacen("fr:\n", &format!("fr:\n  read_more: \"Lire {w}\"\n"), 1)),
            None => vec![],
        },
    }
}

/// `text` with the front matter's `key:` line set to `value` (added after the first line when
/// missing).
fn set_key(text: &str, key: &str, value: &str) -> String {
    let line = format!("{key}: {value}");
    let prefix = format!("{key}:");
    let end = text[4..].find("\n---").map_or(text.len(), |k| k + 4);
    match text[..end].lines().find(|l| l.starts_with(&prefix)) {
        Some(old) => text.replacen(old, &line, 1),
        None => text.replacen("---\n", &format!("---\n{line}\n"), 1),
    }
}

/// The preview's address in these tests.
const URL: &str = "http://127.0.0.1:1111/journal";

/// The preview's builder of `site` at [`URL`] (with the drafts shown or not), and its first
/// build.
fn preview(site: &Site, drafts: bool) -> (PipelineBuilder, ruche::output::Output) {
    let opts = BuildOptions {
        drafts,
        ..BuildOptions::new(site.root())
    };
    let mut builder = PipelineBuilder::new(opts, URL);
    let first = builder.build_all().unwrap();
    (builder, first)
}

fn full_build(site: &Site, base_url: &str) -> Option<ruche::output::Output> {
    full_build_with(site, base_url, false)
}

/// A fresh build of the preview, with or without the drafts.
fn full_build_with(site: &Site, base_url: &str, drafts: bool) -> Option<ruche::output::Output> {
    full_build_result(site, base_url, drafts).ok()
}

fn full_build_result(
    site: &Site,
    base_url: &str,
    drafts: bool,
) -> Result<ruche::output::Output, ruche::Error> {
    let opts = BuildOptions {
        base_url: Some(base_url.into()),
        serve: true,
        drafts,
        ..BuildOptions::new(site.root())
    };
    ruche::build(&opts).map(|b| b.output)
}

/// What a failed build says: each diagnostic's place and message, in order.
fn said(error: &ruche::Error) -> Vec<(String, String)> {
    error
        .diagnostics
        .iter()
        .map(|d| (d.location(), d.message.clone()))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: support::proptest_cases(24),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_sequence_of_edits_serves_what_a_fresh_build_gives(edits in prop::collection::vec(edit(), 1..6)) {
        let site = Site::fixture("contract");
        // A page on a term's list from the start, so that body edits reach term pages.
        apply(&site, &Edit::Tag(0, "Coopsday".into()));
        let (mut builder, _) = preview(&site, false);
        for edit in &edits {
            let changed = apply(&site, edit);
            let incremental = builder.rebuild(&changed);
            let fresh = full_build_result(&site, URL, false);
            prop_assert_eq!(incremental.is_ok(), fresh.is_ok(), "after {:?}", edit);
            // Both failed: the preview shows what a fresh build reports, no more, no less.
            if let (Err(a), Err(b)) = (&incremental, &fresh) {
                prop_assert_eq!(said(a), said(b), "after {:?}", edit);
            }
            if let (Ok(a), Ok(b)) = (incremental, fresh) {
                let a_keys: Vec<&String> = a.files.keys().collect();
                let b_keys: Vec<&String> = b.files.keys().collect();
                prop_assert_eq!(a_keys, b_keys, "after {:?}", edit);
                for (path, file) in &b.files {
                    prop_assert!(a.files[path] == *file, "{} differs after {:?}", path, edit);
                }
            }
        }
    }
}

/// Whether output `path` of `after` is the very bytes of `before` (reused, not rendered again).
fn reused(before: &ruche::output::Output, after: &ruche::output::Output, path: &str) -> bool {
    match (&before.files[path], &after.files[path]) {
        (ruche::output::OutFile::Bytes(a), ruche::output::OutFile::Bytes(b)) => {
            std::sync::Arc::ptr_eq(a, b)
        }
        _ => false,
    }
}

#[test]
fn an_unrelated_edit_reuses_the_other_pages() {
    let site = Site::fixture("contract");
    let (mut builder, before) = preview(&site, false);
    let changed = apply(&site, &Edit::Body(0, "neuf".into()));
    let after = builder.rebuild(&changed).unwrap();
    let page = |o: &ruche::output::Output, p: &str| o.files[p].read().unwrap();
    assert_ne!(
        page(&before, "actualites/assemblee-generale/index.html"),
        page(&after, "actualites/assemblee-generale/index.html")
    );
    // The same allocation: the guide was not rendered again, its bytes were reused.
    let same = |p: &str| reused(&before, &after, p);
    assert!(
        same("actualites/guide-de-redaction/index.html"),
        "an untouched page is reused"
    );
    assert!(same("evenements/ag/index.html"));
}

#[test]
fn a_new_address_renders_again_only_the_bodies_linking_to_it() {
    let site = Site::fixture("contract");
    let (mut builder, before) = preview(&site, false);
    // The training recap links to the general assembly and to the guide.
    let recap = "actualites/formation-vie-cooperative/index.html";
    // A page added elsewhere gives no link of the recap a new address: its body and its page
    // are reused, though the site's table of addresses changed.
    let new_page = site.root().join("content/evenements/atelier.md");
    std::fs::write(
        &new_page,
        "---\ntitle: Atelier\n---\nUn atelier sans lien.\n",
    )
    .unwrap();
    let added = builder.rebuild(std::slice::from_ref(&new_page)).unwrap();
    assert!(added.files.contains_key("evenements/atelier/index.html"));
    assert!(
        reused(&before, &added, recap),
        "the recap was rendered again"
    );
    // The ten newest pages changed, but only the home shows them: the other lists are reused.
    assert!(!reused(&before, &added, "index.html"));
    assert!(
        reused(&before, &added, "actualites/index.html"),
        "a list that does not show `latest` was rendered again"
    );
    // The guide's new address reaches the recap's link.
    let changed = apply(&site, &Edit::Slug(1, "guide-pratique".into()));
    let moved = builder.rebuild(&changed).unwrap();
    let html = String::from_utf8(moved.files[recap].read().unwrap().to_vec()).unwrap();
    assert!(
        html.contains("href=\"http://127.0.0.1:1111/journal/actualites/guide-pratique/\""),
        "{html}"
    );
    assert!(moved == full_build(&site, URL).unwrap());
}

#[test]
fn a_body_edit_patches_the_last_build_and_other_edits_load_again() {
    let site = Site::fixture("contract");
    let (mut builder, _) = preview(&site, false);
    let mut check = |edit: Edit, patched: bool| {
        let changed = apply(&site, &edit);
        let incremental = builder.rebuild(&changed).unwrap();
        assert_eq!(builder.last_was_patched(), patched, "after {edit:?}");
        // The patched build warns exactly as a fresh one does (the editorial lint's warnings
        // about the fixture's articles).
        let said = |w: &[ruche::error::Diagnostic]| -> Vec<String> {
            w.iter().map(ToString::to_string).collect()
        };
        let fresh = preview(&site, false).0;
        assert_eq!(
            said(builder.last_warnings()),
            said(fresh.last_warnings()),
            "after {edit:?}"
        );

        assert!(
            incremental == full_build(&site, URL).unwrap(),
            "after {edit:?}, the preview differs from a fresh build"
        );
    };
    check(Edit::Body(0, "neuf".into()), true);
    check(Edit::Heading(1, "deux".into()), true);
    check(Edit::Body(2, "trois".into()), true);
    // A new hashtag adds a term: its pages and feed join the output.
    check(Edit::Tag(0, "Nouveau".into()), true);
    check(Edit::Body(0, "encore".into()), true);
    check(Edit::Lead(0, "résumé".into()), true);
    // A new title shows on the page, its lists, its neighbours' links, feeds and calendars.
    check(Edit::Title(1, "Titre".into()), true);
    check(Edit::Title(2, "Assemblée".into()), true);
    // A new date moves the page in its lists; a front-matter term already on the site moves
    // it into that term's list. Both are patched.
    check(Edit::Date(0, 3, 2), true);
    check(Edit::Date(1, 3, 20), true);
    check(Edit::FrontTags(1, "Coopsday".into()), true);
    // Past the training of 2025-07-01: the two swap in the Coopsday term's list and feed.
    check(Edit::Date(1, 8, 1), true);
    check(Edit::EventDay(20), true);
    // A new slug moves the page, its alias's target, its event's calendar file or its
    // bundle's image, and the links leading to it.
    check(Edit::Slug(1, "pratique".into()), true);
    check(Edit::Slug(0, "ag".into()), true);
    check(Edit::Slug(2, "assemblee".into()), true);
    check(Edit::Slug(3, "recap".into()), true);
    // A term the site did not have: its pages and feed join the output; replaced, they go.
    check(Edit::FrontTags(2, "Inédit".into()), true);
    check(Edit::FrontTags(2, "Coopsday".into()), true);
    // A new article in a section the site has is patched in, and a deleted one out.
    check(Edit::Add("nouvelle".into(), 3), true);
    check(Edit::Body(1, "après".into()), true);
    // A load from the caches after it still finds it (the listing of content/ has it).
    check(Edit::SectionText("toutes".into()), false);
    check(Edit::Add("autre".into(), 4), true);
    check(Edit::Unadd("nouvelle".into(), 3), true);
    check(Edit::SectionText("encore".into()), false);
    // An event page comes and goes, with its calendar file; the site's last event going
    // takes its calendar link off every page, which loads the site.
    check(Edit::Workshop(2, true), true);
    check(Edit::Workshop(2, false), true);
    check(Edit::Delete(2), false);
    // A draft published joins the site as a new page would; made a draft again, it leaves it.
    check(Edit::Publish(true), true);
    check(Edit::Publish(false), false);
    check(Edit::Template("gabarit".into()), false);
    check(Edit::Body(1, "enfin".into()), true);
}

#[test]
fn a_new_slug_taking_another_page_s_address_is_an_error_naming_both() {
    let site = Site::fixture("contract");
    let (mut builder, _) = preview(&site, false);
    let changed = apply(&site, &Edit::Slug(1, "assemblee-generale".into()));
    let error = builder.rebuild(&changed).unwrap_err().to_string();
    assert!(
        error.contains("both want the URL /actualites/assemblee-generale/"),
        "{error}"
    );
    assert!(
        error.contains("guide.md") && error.contains("assemblee-generale.md"),
        "{error}"
    );
    // Fixed: the next save builds again what a fresh build gives.
    let changed = apply(&site, &Edit::Slug(1, "guide-pratique".into()));
    let fixed = builder.rebuild(&changed).unwrap();
    assert!(fixed == full_build(&site, URL).unwrap());
}

#[test]
fn a_template_asking_for_a_page_s_address_shows_its_new_one() {
    let site = Site::fixture("contract");
    let template = site.root().join("templates/404.html");
    std::fs::create_dir_all(template.parent().unwrap()).unwrap();
    std::fs::write(
        template,
        "<a href=\"{{ get_url(path='@/actualites/guide.md') }}\">Le guide</a>",
    )
    .unwrap();
    let (mut builder, _) = preview(&site, false);
    let changed = apply(&site, &Edit::Slug(1, "pratique".into()));
    let after = builder.rebuild(&changed).unwrap();
    assert!(builder.last_was_patched());
    let html = String::from_utf8(after.files["404.html"].read().unwrap().to_vec()).unwrap();
    assert!(html.contains("/journal/actualites/pratique/"), "{html}");
    assert!(after == full_build(&site, URL).unwrap());
}

#[test]
fn with_the_drafts_shown_a_draft_published_is_patched() {
    let site = Site::fixture("contract");
    let (mut builder, _) = preview(&site, true);
    for publish in [true, false] {
        let changed = apply(&site, &Edit::Publish(publish));
        let incremental = builder.rebuild(&changed).unwrap();
        assert!(builder.last_was_patched(), "publish: {publish}");
        assert!(incremental == full_build_with(&site, URL, true).unwrap());
    }
}

#[test]
fn a_deleted_page_is_patched_out_and_its_address_goes_with_it() {
    let site = Site::fixture("contract");
    let (mut builder, _) = preview(&site, false);
    let added = apply(&site, &Edit::Add("nouvelle".into(), 3));
    builder.rebuild(&added).unwrap();
    let page = "actualites/2025-05-03-nouvelle/index.html";
    let removed = apply(&site, &Edit::Unadd("nouvelle".into(), 3));
    let after = builder.rebuild(&removed).unwrap();
    assert!(builder.last_was_patched());
    assert!(!after.files.contains_key(page));
    assert!(after == full_build(&site, URL).unwrap());
    // A new link to it is broken, as in a fresh build.
    let linking = site.root().join("content/actualites/lien.md");
    std::fs::write(
        &linking,
        "---\ntitle: Lien\n---\n[La nouvelle](@/actualites/2025-05-03-nouvelle.md)\n",
    )
    .unwrap();
    let error = builder
        .rebuild(std::slice::from_ref(&linking))
        .unwrap_err()
        .to_string();
    assert!(error.contains("does not exist"), "{error}");
}

#[test]
fn a_new_event_whose_calendar_file_is_taken_is_the_error_a_fresh_build_gives() {
    let site = Site::fixture("contract");
    let taken = site.root().join("content/evenements/atelier-2/event.ics");
    std::fs::create_dir_all(taken.parent().unwrap()).unwrap();
    std::fs::write(&taken, "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n").unwrap();
    let (mut builder, _) = preview(&site, false);
    let changed = apply(&site, &Edit::Workshop(2, true));
    let error = builder.rebuild(&changed).unwrap_err().to_string();
    assert!(full_build(&site, URL).is_none(), "a fresh build fails too");
    assert!(error.contains("evenements/atelier-2/event.ics"), "{error}");
}

/// A patch that gives up half-way (here, on an anchor another page links to, removed by the
/// save) leaves the caches as the last good build left them: the failed rebuild reports what
/// a fresh build reports, and the save that puts the heading back serves a fresh build.
#[test]
fn a_patch_that_gives_up_leaves_nothing_half_changed() {
    let site = Site::new()
        .file(
            "site.yaml",
            "title: T\nbase_url: http://127.0.0.1:1111/journal\n",
        )
        .file(
            "content/a.md",
            "---\ntitle: A\ndate: 2025-01-02\n---\nVoir [le programme](@/b.md#programme).\n",
        )
        .file(
            "content/b.md",
            "---\ntitle: B\ndate: 2025-01-01\n---\nTexte.\n\n## Programme\n\nLe détail.\n",
        );
    let (mut builder, _) = preview(&site, false);
    let b = site.root().join("content/b.md");
    std::fs::write(
        &b,
        "---\ntitle: B\ndate: 2025-01-01\n---\nTexte.\n\n## Autre\n",
    )
    .unwrap();
    let failed = builder.rebuild(std::slice::from_ref(&b)).unwrap_err();
    let fresh = full_build_result(&site, URL, false).unwrap_err();
    let said = |e: &ruche::error::Error| -> Vec<String> {
        e.diagnostics.iter().map(ToString::to_string).collect()
    };
    assert_eq!(said(&failed), said(&fresh));
    assert!(
        said(&failed).iter().any(|d| d.contains("#programme")),
        "{:?}",
        said(&failed)
    );
    std::fs::write(
        &b,
        "---\ntitle: B\ndate: 2025-01-01\n---\nTexte.\n\n## Programme\n\nLe détail revu.\n",
    )
    .unwrap();
    let fixed = builder.rebuild(std::slice::from_ref(&b)).unwrap();
    assert!(
        fixed == full_build(&site, URL).unwrap(),
        "the fix serves a fresh build"
    );
}

/// The `<img>` tags of `html` whose `src` names `name`, each as its attributes.
fn imgs_of<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    html.split("<img ")
        .skip(1)
        .map(|s| s.split('>').next().unwrap())
        .filter(|tag| attr(tag, "src").contains(name))
        .collect()
}

/// The value of `attr="…"` in the attributes of a tag.
fn attr<'a>(tag: &'a str, attr: &str) -> &'a str {
    let needle = format!("{attr}=\"");
    let at = tag
        .match_indices(&needle)
        .find(|(i, _)| *i == 0 || tag.as_bytes()[i - 1] == b' ')
        .unwrap_or_else(|| panic!("no {attr} in {tag}"))
        .0;
    tag[at + needle.len()..].split('"').next().unwrap()
}

/// Asserts that every `<img>` of output `page` showing `name` says `width`×`height`, and that
/// every entry of its `srcset` is served, the widest being `width`.
fn assert_shown_at(output: &ruche::output::Output, page: &str, name: &str, size: (u32, u32)) {
    let html = String::from_utf8(output.files[page].read().unwrap().to_vec()).unwrap();
    let imgs = imgs_of(&html, name);
    assert!(!imgs.is_empty(), "{page} shows no {name}: {html}");
    for tag in imgs {
        assert_eq!(attr(tag, "width"), size.0.to_string(), "{page}: {tag}");
        assert_eq!(attr(tag, "height"), size.1.to_string(), "{page}: {tag}");
        let srcset = attr(tag, "srcset");
        for entry in srcset.split(", ") {
            let (url, w) = entry.split_once(' ').unwrap();
            let path = url.strip_prefix(&format!("{URL}/")).unwrap();
            assert!(
                output.files.contains_key(path),
                "{page}: {url} is not served"
            );
            let w: u32 = w.trim_end_matches('w').parse().unwrap();
            assert!(w <= size.0, "{page}: {entry} wider than the photo");
        }
        assert!(
            srcset.ends_with(&format!(" {}w", size.0)),
            "{page}: {srcset}"
        );
    }
}

/// A photo replaced by one of another size under the same name (the writer cropped it) shows
/// at its new size on every page that shows it — in a body, as a cover or in a gallery, from
/// its bundle or from `static/` — without an edit of those pages, and the pages that do not
/// show it are not rendered again.
#[test]
fn a_photo_replaced_by_one_of_another_size_shows_at_its_new_size() {
    let jpeg = |w, h| crate::images::photo(w, h, image::ImageFormat::Jpeg);
    let cover = "cover:\n  src: /img/une.jpg\n  alt: Le conseil vote\n";
    let gallery = "gallery:\n  - src: tribune.jpg\n    alt: Les délégués à la tribune\n";
    let site = Site::new()
        .file(
            "content/actu/salle/index.md",
            "---\ntitle: Salle\n---\n![La salle pleine](salle.jpg)\n",
        )
        .file("content/actu/salle/salle.jpg", jpeg(800, 600))
        .file(
            "content/actu/vote.md",
            format!("---\ntitle: Vote\n{cover}---\nLe vote.\n"),
        )
        .file(
            "content/actu/plan.md",
            "---\ntitle: Plan\n---\n![Le conseil vote à main levée](/img/une.jpg)\n",
        )
        .file("static/img/une.jpg", jpeg(800, 600))
        .file(
            "content/actu/recap/index.md",
            format!("---\ntitle: Recap\n{gallery}---\nLe compte rendu.\n"),
        )
        .file("content/actu/recap/tribune.jpg", jpeg(800, 600))
        .file(
            "content/actu/autre.md",
            "---\ntitle: Autre\n---\nSans photo.\n",
        );
    let (mut builder, before) = preview(&site, false);
    assert_shown_at(&before, "actu/salle/index.html", "salle", (800, 600));

    // A body's photo, from its bundle.
    let salle = site.root().join("content/actu/salle/salle.jpg");
    std::fs::write(&salle, jpeg(600, 800)).unwrap();
    let after = builder.rebuild(std::slice::from_ref(&salle)).unwrap();
    assert_shown_at(&after, "actu/salle/index.html", "salle", (600, 800));
    assert!(!after.files.contains_key("actu/salle/salle-800w.jpg"));
    for untouched in ["actu/autre/index.html", "actu/vote/index.html"] {
        assert!(
            reused(&before, &after, untouched),
            "{untouched} rendered again"
        );
    }

    // A cover and a body's photo, from static/.
    let une = site.root().join("static/img/une.jpg");
    std::fs::write(&une, jpeg(600, 800)).unwrap();
    let after = builder.rebuild(std::slice::from_ref(&une)).unwrap();
    assert_shown_at(&after, "actu/vote/index.html", "une", (600, 800));
    assert_shown_at(&after, "actu/plan/index.html", "une", (600, 800));
    // The list's card of the cover, and the social card (600×315: 1200×630 at half size).
    assert_shown_at(&after, "actu/index.html", "une", (600, 800));
    let vote =
        String::from_utf8(after.files["actu/vote/index.html"].read().unwrap().to_vec()).unwrap();
    assert!(
        vote.contains("<meta property=\"og:image:width\" content=\"600\">"),
        "{vote}"
    );
    assert!(
        vote.contains("<meta property=\"og:image:height\" content=\"315\">"),
        "{vote}"
    );

    // A gallery's photo.
    let tribune = site.root().join("content/actu/recap/tribune.jpg");
    std::fs::write(&tribune, jpeg(600, 800)).unwrap();
    let after = builder.rebuild(std::slice::from_ref(&tribune)).unwrap();
    assert_shown_at(&after, "actu/recap/index.html", "tribune", (600, 800));

    // A body edit afterwards is still patched, and shows the new size.
    let page = site.root().join("content/actu/salle/index.md");
    std::fs::write(
        &page,
        "---\ntitle: Salle\n---\n![La salle pleine](salle.jpg)\n\nSuite.\n",
    )
    .unwrap();
    let after = builder.rebuild(std::slice::from_ref(&page)).unwrap();
    assert!(builder.last_was_patched());
    assert_shown_at(&after, "actu/salle/index.html", "salle", (600, 800));
}

/// A template's `resize_image` copy stays served when its output is reused by a later
/// rebuild, and a photo replaced by one of another size gives that output its new size.
#[test]
fn a_template_s_resized_photo_follows_its_file_and_stays_served() {
    let jpeg = |w, h| crate::images::photo(w, h, image::ImageFormat::Jpeg);
    let template = "{% set r = resize_image(path=\"/img/logo.jpg\", width=100, op=\"fit\", format=\"auto\") %}\
        <img src=\"{{ r.url }}\" width=\"{{ r.width }}\" height=\"{{ r.height }}\">{{ page.content | safe }}";
    let site = Site::new()
        .file("templates/page.html", template)
        .file("static/img/logo.jpg", jpeg(800, 600))
        .file("content/actu/_index.md", "---\ntitle: Actu\n---\n")
        .file("content/actu/a.md", "---\ntitle: A\n---\nTexte.\n")
        .file(
            "content/autre/_index.md",
            "---\ntitle: Autre\n---\nIntro.\n",
        );
    let (mut builder, before) = preview(&site, false);
    let shown = |output: &ruche::output::Output| {
        let html =
            String::from_utf8(output.files["actu/a/index.html"].read().unwrap().to_vec()).unwrap();
        let tag = imgs_of(&html, "logo")[0].to_string();
        let path = attr(&tag, "src").strip_prefix(&format!("{URL}/")).unwrap();
        assert!(output.files.contains_key(path), "{path} is not served");
        (
            attr(&tag, "width").to_string(),
            attr(&tag, "height").to_string(),
        )
    };
    assert_eq!(shown(&before), ("100".into(), "75".into()));
    // Another section's text: a load from the caches, which reuses the page.
    let autre = site.root().join("content/autre/_index.md");
    std::fs::write(&autre, "---\ntitle: Autre\n---\nIntro revue.\n").unwrap();
    let after = builder.rebuild(std::slice::from_ref(&autre)).unwrap();
    assert!(reused(&before, &after, "actu/a/index.html"));
    assert_eq!(shown(&after), ("100".into(), "75".into()));
    let logo = site.root().join("static/img/logo.jpg");
    std::fs::write(&logo, jpeg(600, 800)).unwrap();
    let after = builder.rebuild(std::slice::from_ref(&logo)).unwrap();
    assert_eq!(shown(&after), ("100".into(), "133".into()));
}
