//! Properties of the whole page pipeline, on generated input: whatever a content file holds,
//! loading and rendering end in a site or in diagnostics, never in a panic; and whatever the
//! slugs, aliases and names, every output path stays inside the output folder.
//!
//! Each case is a small temporary site with the default theme; case counts are kept small so
//! that `cargo test` stays fast. Slugs themselves are checked in
//! `src/text/slug.rs`.

use crate::support;

use std::path::Path;

use proptest::prelude::*;
use ruche::output::Output;
use ruche::BuildOptions;
use support::Site;

/// `cases` per property locally ([`support::proptest_cases`]: more in CI).
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases: support::proptest_cases(cases),
        // A failure is reported with its input; no file of regressions is kept in the tree.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Loads and renders the site at `root` through the library, as `ruche build` does.
/// `Err` carries the diagnostics, which must name a file or say why they cannot.
fn pipeline(root: &Path) -> Result<Output, ruche::Error> {
    let opts = BuildOptions {
        today: chrono::NaiveDate::from_ymd_opt(2025, 7, 1),
        ..BuildOptions::new(root)
    };
    let site = ruche::site::load(&opts)?;
    ruche::render::render(&site, false, opts.today(&site.config))
}

/// A French site (typography and hashtags on) whose content the properties rewrite.
fn site() -> Site {
    Site::new().file(
        "content/actualites/_index.md",
        "---\ntitle: Actualités\n---\n",
    )
}

/// Every error names its file and has a message; a Markdown or YAML mistake is not a crash.
fn check_diagnostics(error: &ruche::Error) -> Result<(), TestCaseError> {
    prop_assert!(!error.diagnostics.is_empty());
    for d in &error.diagnostics {
        prop_assert!(!d.message.is_empty());
        prop_assert!(d.file.is_some(), "a diagnostic without a file: {d}");
    }
    Ok(())
}

/// Every output path is relative, with no empty, `.` or `..` segment and no backslash.
fn check_paths(output: &Output) -> Result<(), TestCaseError> {
    for key in output.files.keys() {
        prop_assert!(!key.is_empty() && !key.starts_with('/'), "{key:?}");
        prop_assert!(!key.contains('\\') && !key.contains('\0'), "{key:?}");
        for segment in key.split('/') {
            prop_assert!(
                !segment.is_empty() && segment != "." && segment != "..",
                "{key:?} has a bad segment"
            );
            prop_assert!(segment.len() <= 255, "a segment too long for a file name");
        }
        prop_assert!(Path::new(key).is_relative());
    }
    Ok(())
}

/// Pieces that Markdown, the typography and the hashtags treat specially.
fn markdown_piece() -> impl Strategy<Value = String> {
    let fixed = prop::sample::select(vec![
        "\n",
        "\n\n",
        "# ",
        "## Titre {#ancre}\n",
        "> ",
        "- ",
        "1. ",
        "- [ ] ",
        "- [x] ",
        "*",
        "**",
        "_",
        "~~",
        "`",
        "```rust\n",
        "```\n",
        "~~~\n",
        "    ",
        "[lien](",
        "@/actualites/a.md",
        "](",
        ")",
        "[",
        "]",
        "![image](",
        "https://x.org/a?b=c#d",
        "<!-- more -->",
        "<div>",
        "</div>",
        "<script>",
        "&amp;",
        "&#233;",
        "#Coopsday",
        "#Économie-sociale",
        "C#",
        "#1",
        "l’#ESS",
        " : ",
        " ; ",
        " ! ",
        " ? ",
        "« ",
        " »",
        "\"",
        "'",
        "...",
        "--",
        "|",
        "| a | b |\n|---|---|\n",
        "[^1]",
        "[^1]: note\n",
        "\\",
        "{",
        "}",
        "{{ x }}",
        "{% if %}",
        "\t",
        "\r\n",
        "\u{feff}",
        "\u{202f}",
        "é",
        "e\u{301}",
        "🐝",
        "\u{0}",
        "---\n",
    ]);
    prop_oneof![
        4 => fixed.prop_map(str::to_string),
        1 => "[a-zA-Zéà0-9 ]{1,12}",
        1 => any::<String>().prop_map(|s| s.chars().take(8).collect()),
    ]
}

fn markdown() -> impl Strategy<Value = String> {
    prop::collection::vec(markdown_piece(), 0..40).prop_map(|pieces| pieces.concat())
}

/// A YAML scalar, list or map a person might type, or get wrong.
fn yaml_value() -> impl Strategy<Value = String> {
    let scalar = prop_oneof![
        Just("2025-07-01".to_string()),
        Just("2025-13-45".to_string()),
        Just("2025-07-01T09:30:00+02:00".to_string()),
        Just("true".to_string()),
        Just("~".to_string()),
        Just("12".to_string()),
        Just("-3".to_string()),
        Just("\"guillemets\"".to_string()),
        Just("'ouvert".to_string()),
        Just("../../x".to_string()),
        Just("/ancienne/adresse/".to_string()),
        "[a-zA-Z0-9éà'’ .:/#-]{0,20}",
        any::<String>().prop_map(|s| format!("{:?}", s.chars().take(10).collect::<String>())),
    ];
    prop_oneof![
        3 => scalar.clone(),
        1 => prop::collection::vec(scalar.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(", "))),
        1 => prop::collection::vec(scalar.clone(), 1..3)
            .prop_map(|v| v.iter().map(|s| format!("\n  - {s}")).collect()),
        1 => (scalar.clone(), scalar).prop_map(|(a, b)| format!("\n  src: {a}\n  alt: {b}")),
        1 => Just("\n  start: 2025-07-01\n  end: 2025-06-01".to_string()),
        1 => Just("{".to_string()),
    ]
}

/// Text a person types as a value: words, French punctuation, a hashtag, quotes.
fn text() -> impl Strategy<Value = String> {
    "[a-zA-Zéèàç0-9 '’:;!?«»#-]{1,24}".prop_map(|t| format!("{t:?}"))
}

/// A value that fits `key` most of the time, and anything a person might type otherwise, so
/// that most cases get through loading and exercise the templates too.
fn value_for(key: &str) -> BoxedStrategy<String> {
    let list = || prop::collection::vec(text(), 0..4).prop_map(|v| format!("[{}]", v.join(", ")));
    let fitting: BoxedStrategy<String> = match key {
        "date" | "updated" => prop::sample::select(vec![
            "2025-07-01",
            "2024-02-29",
            "2025-07-01T09:30:00+02:00",
            "2025-07-01 09:30",
        ])
        .prop_map(str::to_string)
        .boxed(),
        "draft" => prop::sample::select(vec!["true", "false"]).prop_map(str::to_string).boxed(),
        "weight" => any::<i32>().prop_map(|n| n.to_string()).boxed(),
        "template" => prop::sample::select(vec!["page.html", "section.html", "index.html"])
            .prop_map(str::to_string)
            .boxed(),
        "aliases" => prop::collection::vec("(/|\\.\\./)?[a-z/.]{1,12}", 0..3)
            .prop_map(|v| format!("{v:?}"))
            .boxed(),
        "authors" | "tags" | "categories" => list().boxed(),
        "cover" => text()
            .prop_map(|alt| format!("\n  src: https://x.org/photo.jpg\n  alt: {alt}"))
            .boxed(),
        "event" => (text(), list())
            .prop_map(|(place, names)| {
                format!(
                    "\n  start: 2025-07-01T09:00:00+02:00\n  end: 2025-07-02\n  location: {place}\n  organizers: {names}\n  speakers: [{{name: Camille, role: {place}}}]"
                )
            })
            .boxed(),
        "extra" => text().prop_map(|t| format!("{{note: {t}}}")).boxed(),
        _ => text().boxed(),
    };
    prop_oneof![4 => fitting, 1 => yaml_value()].boxed()
}

/// Front matter lines: usually a title, then known keys (and a typo) each at most once.
fn front_matter() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        8 => prop::sample::select(vec![
            "date", "updated", "description", "draft", "slug", "aliases", "authors", "cover",
            "template", "weight", "event", "extra", "tags", "categories", "dat",
        ])
        .prop_map(str::to_string),
        1 => "[a-z_]{1,8}",
    ];
    let pair = key.prop_flat_map(|k| {
        let value = value_for(&k);
        (Just(k), value)
    });
    let title = prop_oneof![9 => text().prop_map(Some), 1 => Just(None)];
    (title, prop::collection::vec(pair, 0..6)).prop_map(|(title, pairs)| {
        let mut seen = Vec::new();
        let mut lines: String = title.map(|t| format!("title: {t}\n")).unwrap_or_default();
        for (k, v) in pairs {
            if !seen.contains(&k) {
                lines.push_str(&format!("{k}: {v}\n"));
                seen.push(k);
            }
        }
        lines
    })
}

proptest! {
    #![proptest_config(config(24))]

    #[test]
    fn arbitrary_bytes_as_a_content_file_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let site = site().file("content/actualites/a.md", &bytes);
        match pipeline(site.root()) {
            Ok(output) => check_paths(&output)?,
            Err(error) => check_diagnostics(&error)?,
        }
    }
}

proptest! {
    #![proptest_config(config(40))]

    #[test]
    fn arbitrary_front_matter_and_markdown_never_panic(
        yaml in front_matter(),
        body in markdown(),
        index_body in markdown(),
    ) {
        let site = site()
            .file("content/actualites/a.md", format!("---\n{yaml}---\n{body}"))
            .file("content/actualites/b.md", format!("---\ntitle: B\n---\n{index_body}\n## Ancre\n"));
        match pipeline(site.root()) {
            Ok(output) => check_paths(&output)?,
            Err(error) => check_diagnostics(&error)?,
        }
    }

    #[test]
    fn output_paths_never_leave_the_output_folder(
        slug in "[a-zA-Z./\\\\ é%-]{0,24}",
        aliases in prop::collection::vec("(\\.\\./|/|\\./|[a-z]{1,4}/|%2e%2e/|\\\\){0,5}[a-z.]{0,6}(\\.html)?", 0..4),
        folder in "[a-zA-Zé. -]{1,12}",
        tag in "[a-zA-Z./ é-]{1,16}",
    ) {
        let aliases: Vec<String> = aliases.iter().map(|a| format!("{a:?}")).collect();
        let page = format!(
            "---\ntitle: Chemin\nslug: {slug:?}\naliases: [{}]\ntags: [{tag:?}]\n---\nTexte.\n",
            aliases.join(", ")
        );
        let dir = folder.trim();
        prop_assume!(!dir.is_empty() && !dir.starts_with('.'));
        let site = site().file(&format!("content/{dir}/page.md"), page);
        match pipeline(site.root()) {
            Ok(output) => check_paths(&output)?,
            // Two sources on one URL (an alias onto the home, say) is a fair refusal.
            Err(error) => check_diagnostics(&error)?,
        }
    }
}

proptest! {
    #![proptest_config(config(24))]

    #[test]
    fn taxonomy_names_never_lead_out_of_the_output_folder(
        name in "(\\.\\./|/|[a-z]{1,4}/|\\\\){0,3}[a-zA-Z._ -]{0,8}",
        term in "[a-zA-Z./ -]{1,10}",
    ) {
        let site = site()
            .file("site.yaml", format!("title: T\nbase_url: https://x.org\ntaxonomies: [{name:?}]\n"))
            .file("content/actualites/a.md", format!("---\ntitle: A\n{name:?}: [{term:?}]\n---\n"));
        match pipeline(site.root()) {
            Ok(output) => check_paths(&output)?,
            Err(error) => check_diagnostics(&error)?,
        }
    }
}

/// A symbolic link in `content/` pointing outside the site is not followed: nothing of what it
/// points at reaches the output, whether it names a file or a folder.
#[cfg(unix)]
#[test]
fn symlinks_out_of_the_site_are_not_followed_into_the_output() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.md"),
        "---\ntitle: SECRET\n---\nSECRET\n",
    )
    .unwrap();
    std::fs::write(outside.path().join("secret.txt"), "SECRET").unwrap();
    let site = Site::new().file("content/a.md", "---\ntitle: A\n---\nTexte.\n");
    let content = site.root().join("content");
    symlink(outside.path(), content.join("dehors")).unwrap();
    symlink(outside.path().join("secret.md"), content.join("secret.md")).unwrap();
    symlink(
        outside.path().join("secret.txt"),
        content.join("secret.txt"),
    )
    .unwrap();
    symlink("/etc/passwd", content.join("passwd")).unwrap();
    let output = pipeline(site.root()).expect("the site builds without the links");
    for (key, file) in &output.files {
        let bytes = file.read().unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("SECRET") && !text.contains("root:"),
            "{key} leaks"
        );
        assert!(!key.contains("dehors") && !key.contains("secret") && !key.contains("passwd"));
        if let ruche::output::OutFile::Copy(source) = file {
            assert!(
                source.starts_with(site.root()),
                "{key} is copied from {source:?}"
            );
        }
    }
    assert!(output.files.contains_key("a/index.html"));
}
