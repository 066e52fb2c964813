//! Measures the preview's rebuild after a one-page edit, the way `ruche serve` does it:
//! `cargo run --release --example edit_bench -- SITE_DIR [PAGE.md]`.
//!
//! With `--title`, the page's title is edited instead (`cargo run --release --example edit_bench
//! -- SITE_DIR [PAGE.md] --title`); with `--date`, its date, which moves it in every list; with
//! `--slug`, its address; with `--new`, each save is a new article beside the page, and the
//! ten articles are then deleted one by one, each deletion timed too; with `--photo`, the page
//! is given a photo, and each save replaces it with one of another size.
//!
//! Builds the site once in memory, then appends a sentence to one page ten times, timing each
//! `rebuild` (read, parse, render what depends on the page) plus the comparison with the
//! previous output that decides between a reload and a stylesheet swap. Prints each time and
//! the median. The page is restored at the end.

use std::path::PathBuf;
use std::time::Instant;

use ruche::serve::site::PipelineBuilder;
use ruche::serve::SiteBuilder;
use ruche::BuildOptions;

/// The allocator of the `ruche` binary, so the figures are those of `ruche serve`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "support/mod.rs"]
mod support;
use support::{first_page, Edit};

fn main() {
    let (flags, positional): (Vec<String>, Vec<String>) =
        std::env::args().skip(1).partition(|a| a.starts_with("--"));
    let edit = Edit::from_flags(&flags);
    let mut args = positional.into_iter();
    let root = PathBuf::from(args.next().expect("usage: edit_bench SITE_DIR [PAGE.md]"));
    let root = root.canonicalize().expect("the site folder exists");
    let page = match args.next() {
        Some(p) => root.join(p),
        None => first_page(&root.join("content")),
    };
    let original = std::fs::read_to_string(&page).expect("the page is readable");
    edit.prepare(&page, &original);
    let mut builder = PipelineBuilder::new(BuildOptions::new(&root), "http://127.0.0.1:1111");
    let start = Instant::now();
    let mut previous = builder.build_all().expect("the site builds");
    println!(
        "full build: {:.0} ms, {} files",
        start.elapsed().as_secs_f64() * 1e3,
        previous.files.len()
    );
    let mut times = Vec::new();
    for round in 0..10 {
        let target = edit.save(&page, &original, round);
        let start = Instant::now();
        let output = builder
            .rebuild(std::slice::from_ref(&target))
            .expect("the site rebuilds");
        let changed = output
            .files
            .iter()
            .filter(|(k, v)| previous.files.get(*k) != Some(*v))
            .count();
        let ms = start.elapsed().as_secs_f64() * 1e3;
        println!("edit {round}: {ms:.1} ms, {changed} files changed");
        times.push(ms);
        previous = output;
    }
    if edit == Edit::New {
        let mut deletions = Vec::new();
        for round in 0..10 {
            let target = edit.target(&page, round);
            std::fs::remove_file(&target).expect("delete the new article");
            let start = Instant::now();
            builder
                .rebuild(std::slice::from_ref(&target))
                .expect("the site rebuilds");
            let ms = start.elapsed().as_secs_f64() * 1e3;
            println!("deletion {round}: {ms:.1} ms");
            deletions.push(ms);
        }
        deletions.sort_by(f64::total_cmp);
        println!("median deletion: {:.1} ms", deletions[deletions.len() / 2]);
    }
    edit.undo(&page, &original, 10);
    times.sort_by(f64::total_cmp);
    println!("median one-page rebuild: {:.1} ms", times[times.len() / 2]);
}
