//! ruche's search index step alone: `cargo run --release --example search_bench -- SITE [ROUNDS] [OUT]`
//!
//! Loads the site once, then, ROUNDS times (default 3), takes the records of the published
//! pages (`search::records`: the Markdown read again as text) and makes the Pagefind index
//! (`search::build`), and prints each round's wall time and the median. With OUT, the last
//! index's files are written under OUT (what `ruche build` puts in `public/pagefind/`), for
//! `scripts/search_bench.sh` to compare with the Pagefind command-line tool's.

use std::time::{Duration, Instant};

/// The allocator of the `ruche` binary, so the figures are those of `ruche build`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(root) = args.first() else {
        eprintln!("usage: search_bench SITE_DIR [ROUNDS] [OUT_DIR]");
        std::process::exit(2);
    };
    let rounds: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(3);
    let opts = ruche::BuildOptions::new(root);
    let site = ruche::site::load(&opts).unwrap_or_else(|e| fail(e));
    let mut times: Vec<Duration> = Vec::new();
    let mut last = None;
    for _ in 0..rounds {
        let start = Instant::now();
        let records = ruche::search::records(&site, opts.today(&site.config));
        let indexed = ruche::search::build(records, &site.config.language);
        let indexed = indexed.unwrap_or_else(|e| fail(e));
        times.push(start.elapsed());
        println!(
            "index step: {:.0} ms ({} pages, {} files)",
            ms(*times.last().unwrap_or(&Duration::ZERO)),
            indexed.pages,
            indexed.files.len()
        );
        last = Some(indexed);
    }
    times.sort();
    if let Some(median) = times.get(times.len() / 2) {
        println!("median: {:.0} ms", ms(*median));
    }
    if let (Some(out), Some(indexed)) = (args.get(2), last) {
        for (path, bytes) in indexed.files {
            let target = std::path::Path::new(out).join(path);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).unwrap_or_else(|e| fail(e));
            }
            std::fs::write(target, bytes).unwrap_or_else(|e| fail(e));
        }
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn fail(e: impl std::fmt::Display) -> ! {
    eprintln!("{e}");
    std::process::exit(1);
}
