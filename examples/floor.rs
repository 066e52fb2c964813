//! The floor: the least work any generator must do for a site — read every Markdown file,
//! render it with pulldown-cmark alone, and write one HTML file per page, in parallel.
//!
//! `cargo run --release --example floor -- SITE_DIR OUT_DIR`
//!
//! Same Markdown options as ruche, same output layout (`section/name/index.html`, one folder per
//! page), no templates, no lists, no feeds, no link checks, no typography. A full generator
//! cannot go below this; `scripts/bench.sh` reports how far above it ruche is.

use std::path::{Path, PathBuf};
use std::time::Instant;

use pulldown_cmark::Parser;
use rayon::prelude::*;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [site, out] = args.as_slice() else {
        eprintln!("usage: floor SITE_DIR OUT_DIR");
        std::process::exit(2);
    };
    let start = Instant::now();
    let content = Path::new(site).join("content");
    let files = markdown_files(&content);
    let out = Path::new(out);
    let written: std::io::Result<usize> = files
        .par_iter()
        .map(|rel| render_one(&content, rel, out))
        .sum();
    match written {
        Ok(bytes) => println!(
            "floor: {} files, {} KiB of HTML in {} ms",
            files.len(),
            bytes / 1024,
            start.elapsed().as_millis()
        ),
        Err(e) => {
            eprintln!("floor: {e}");
            std::process::exit(1);
        }
    }
}

/// Every `.md` under `content/`, relative to it.
fn markdown_files(content: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(content)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| {
            e.path()
                .strip_prefix(content)
                .unwrap_or(e.path())
                .to_path_buf()
        })
        .collect()
}

/// Renders `content/rel` to `out/rel-without-.md/index.html`; returns the bytes written.
fn render_one(content: &Path, rel: &Path, out: &Path) -> std::io::Result<usize> {
    let text = std::fs::read_to_string(content.join(rel))?;
    let body = strip_front_matter(&text);
    let options = ruche::markdown::OPTIONS;
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, Parser::new_ext(body, options));
    let dir = out.join(rel.with_extension(""));
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join("index.html"), &html)?;
    Ok(html.len())
}

/// The text after the closing `---` of the front matter (all of it when there is none).
fn strip_front_matter(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("---\n") else {
        return text;
    };
    match rest.find("\n---\n") {
        Some(end) => &rest[end + 5..],
        None => text,
    }
}
