//! Micro-benchmarks of the two per-page costs of a build: the Markdown pass and the page template.
//!
//! `cargo bench --bench render`
//!
//! - `markdown/*`: one article's body through `ruche::markdown::render` (French typography,
//!   heading ids, internal links, and for `with-code` a syntect-highlighted block and a table).
//! - `template/page`: one article through the real default theme's `page.html`, exactly as
//!   `render::pages` does it for a page (context, page view, section view, tera render), on a
//!   small site loaded with `ruche::site::load` in a temporary folder.
//! - `template/site`: `ruche::render::render` of that whole small site (every page, list,
//!   feed and the sitemap), for the fixed cost around the per-page work.
//!
//! The articles are two of `examples/gen_site`'s, kept in `benches/fixtures/`.

use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion};
use ruche::markdown::{self, Links};

const WITH_CODE: &str = include_str!("fixtures/article-code.md");
const PLAIN: &str = include_str!("fixtures/article-plain.md");

/// The byte where the body starts, after the closing `---` of the front matter.
fn body_start(text: &str) -> usize {
    text[4..].find("\n---\n").map_or(0, |i| i + 4 + 5)
}

/// `@/a/b.md` targets of a text.
fn link_targets(text: &str) -> Vec<String> {
    text.split("](@/")
        .skip(1)
        .filter_map(|rest| rest.split(')').next())
        .map(str::to_string)
        .collect()
}

fn markdown_benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("markdown");
    for (name, text) in [("with-code", WITH_CODE), ("plain", PLAIN)] {
        let source: Arc<str> = Arc::from(text);
        let start = body_start(text);
        let mut links = Links::default();
        for target in link_targets(text) {
            let url = format!(
                "https://journal.exemple.coop/{}/",
                target.trim_end_matches(".md")
            );
            links.insert(&target, url);
        }
        let file = Path::new("content/actualites/article.md");
        let cx = markdown::Context {
            links: &links,
            file,
            rel: "actualites/article.md",
            source: &source,
            body_start: start,
            french: true,
            assets_url: "https://journal.exemple.coop/actualites/",
            pictures: None,
            hashtag_base: Some("https://journal.exemple.coop/tags/"),
        };
        // The first highlighted block loads syntect's definitions; keep that out of the timing.
        let (_, errors) = markdown::render(&text[start..], &cx);
        assert!(errors.is_empty(), "{errors:?}");
        group.bench_function(name, |b| {
            b.iter(|| markdown::render(black_box(&text[start..]), &cx));
        });
    }
    group.finish();
}

/// A small site in a temporary folder: the two articles, a page for each of their link
/// targets, and the repository's default theme.
fn small_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let root = dir.path();
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create folder");
        std::fs::write(path, text).expect("write");
    };
    write(
        "site.yaml",
        "title: Le Journal\nbase_url: https://journal.exemple.coop\nlanguage: fr\npaginate_by: 10\n",
    );
    write("content/_index.md", "---\ntitle: Accueil\n---\n");
    write(
        "content/actualites/_index.md",
        "---\ntitle: Actualités\n---\n",
    );
    write("content/actualites/2016-03-17-avec-code.md", WITH_CODE);
    write("content/actualites/2014-12-03-sans-code.md", PLAIN);
    for (k, target) in link_targets(WITH_CODE)
        .into_iter()
        .chain(link_targets(PLAIN))
        .enumerate()
    {
        let page = format!(
            "---\ntitle: Article lié {k}\ndate: 2020-01-0{}\n---\n\nTexte.\n",
            1 + k % 9
        );
        write(&format!("content/{target}"), &page);
    }
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    for entry in walkdir::WalkDir::new(&theme) {
        let entry = entry.expect("the default theme");
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(&theme).expect("inside the theme");
            let text = std::fs::read(entry.path()).expect("read the theme");
            let target = root.join("themes/default").join(rel);
            std::fs::create_dir_all(target.parent().expect("a parent")).expect("create folder");
            std::fs::write(target, text).expect("write the theme");
        }
    }
    dir
}

fn template_benches(c: &mut Criterion) {
    let dir = small_site();
    let opts = ruche::BuildOptions::new(dir.path());
    let site = ruche::site::load(&opts).expect("the small site loads");
    let today = chrono::NaiveDate::from_ymd_opt(2025, 6, 1).expect("a date");
    let fps = ruche::render::deps::Fingerprints::compute(&site, false, today);
    let mut views = std::collections::HashMap::new();
    let renderer = ruche::render::Renderer::new(
        &site,
        false,
        today,
        &fps,
        &mut views,
        ruche::progress::Progress::none(),
    )
    .expect("the theme loads");
    let i = site
        .pages
        .iter()
        .position(|p| p.file.rel.ends_with("avec-code.md"))
        .expect("the article");
    let page = &site.pages[i];
    let shown = page.file.shown.display().to_string();
    let mut group = c.benchmark_group("template");
    // What `render::pages` does for `Job::Page` (its `render_job` is private).
    group.bench_function("page", |b| {
        b.iter(|| {
            let mut cx = renderer.context(&page.path);
            cx.insert_value("page", renderer.views.pages[i].clone());
            cx.insert_value(
                "section",
                renderer.views.shallow_sections[page.section].clone(),
            );
            renderer
                .templates
                .render("page.html", &cx, &shown)
                .expect("the page renders")
        });
    });
    group.bench_function("site", |b| {
        b.iter(|| ruche::render::render(black_box(&site), false, today).expect("renders"));
    });
    group.finish();
}

criterion_group!(benches, markdown_benches, template_benches);
criterion_main!(benches);
