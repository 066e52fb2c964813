//! Measures `ruche import`: the 102 Jekyll news posts imported then built, and a generated
//! 5,000-post WordPress export imported.
//!
//! `cargo run --release --example import_bench` runs both; `-- jekyll` or `-- wxr` one of
//! them, so that `/usr/bin/time -v target/release/examples/import_bench wxr` gives the peak
//! memory of the export's import alone. The Jekyll corpus is read from `../shared/corpora/`
//! (skipped with a message when absent); the export is written into a temporary folder.

use std::fmt::Write;
use std::path::Path;
use std::time::Instant;

use ruche::import::{import, Options};
use ruche::BuildOptions;

/// The allocator of the `ruche` binary, so the figures are those of `ruche import`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let which = std::env::args().nth(1).unwrap_or_default();
    let scratch = tempfile::tempdir().expect("a temporary folder");
    if which.is_empty() || which == "jekyll" {
        jekyll(scratch.path());
    }
    if which.is_empty() || which == "wxr" {
        wxr(scratch.path(), 5_000);
    }
}

fn options(source: &Path, dest: &Path) -> Options {
    Options {
        source: source.to_path_buf(),
        dest: dest.to_path_buf(),
        from: None,
        uploads: None,
        permalink: None,
        force: false,
    }
}

fn jekyll(scratch: &Path) {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/jekyll-news");
    if !corpus.is_dir() {
        println!("jekyll: skipped, {} is absent", corpus.display());
        return;
    }
    let dest = scratch.join("jekyll");
    let start = Instant::now();
    let mut opts = options(&corpus, &dest);
    opts.permalink = Some("/news/:year/:month/:day/:title/".into());
    let imported = import(&opts).expect("the corpus imports");
    let imported_in = start.elapsed();
    let built =
        ruche::build_to(&BuildOptions::new(&dest), &dest.join("public")).expect("it builds");
    let total = start.elapsed();
    println!(
        "jekyll: {} posts imported in {:.0} ms, built ({} files) in {:.0} ms, together {:.0} ms",
        imported.counts.pages,
        imported_in.as_secs_f64() * 1e3,
        built.files,
        (total - imported_in).as_secs_f64() * 1e3,
        total.as_secs_f64() * 1e3
    );
}

fn wxr(scratch: &Path, posts: usize) {
    let file = scratch.join("export.xml");
    std::fs::write(&file, export(posts)).expect("write the export");
    let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
    let start = Instant::now();
    let imported = import(&options(&file, &scratch.join("wxr"))).expect("the export imports");
    println!(
        "wxr: {} posts ({:.1} MiB export) imported in {:.2} s",
        imported.counts.pages,
        size as f64 / 1048576.0,
        start.elapsed().as_secs_f64()
    );
}

/// A WordPress export of `posts` posts with block comments, a caption, a video, categories
/// and tags, about 3 KB of HTML each.
fn export(posts: usize) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel><title>Bench</title><link>https://bench.example.org</link><language>fr-FR</language>\n");
    let paragraph = "<!-- wp:paragraph -->\n<p>La coopérative a réuni ses membres pour parler des <strong>projets</strong> de l'année, des <a href=\"https://example.org\">partenaires</a> et du budget.</p>\n<!-- /wp:paragraph -->\n";
    for i in 0..posts {
        let day = 1 + i % 28;
        let month = 1 + (i / 28) % 12;
        let _ = write!(
            out,
            "<item><title>Article numéro {i}</title><link>https://bench.example.org/2024/{month:02}/{day:02}/article-{i}/</link><dc:creator>admin</dc:creator><content:encoded><![CDATA[{}<!-- wp:heading --><h2>Partie {i}</h2><!-- /wp:heading -->\n[caption id=\"a{i}\"]<img src=\"https://bench.example.org/wp-content/uploads/2024/01/p{i}.jpg\" alt=\"Photo {i}\" /> Légende {i}[/caption]\n<ul><li>un</li><li>deux</li></ul>\n<iframe src=\"https://www.youtube.com/embed/abcdefgh{i}\"></iframe>]]></content:encoded><excerpt:encoded><![CDATA[Résumé {i}]]></excerpt:encoded><wp:post_id>{i}</wp:post_id><wp:post_date>2024-{month:02}-{day:02} 10:00:00</wp:post_date><wp:post_date_gmt>2024-{month:02}-{day:02} 09:00:00</wp:post_date_gmt><wp:post_name>article-{i}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type><category domain=\"category\" nicename=\"vie\"><![CDATA[Vie coopérative]]></category><category domain=\"post_tag\" nicename=\"t{}\"><![CDATA[Thème {}]]></category></item>\n",
            paragraph.repeat(8),
            i % 20,
            i % 20
        );
    }
    out.push_str("</channel></rss>\n");
    out
}
