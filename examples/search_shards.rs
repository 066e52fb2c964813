//! The search index cut into shards, each made on its own thread, to weigh against one index:
//! `cargo run --release --example search_shards -- SITE [SHARDS] [OUT]`
//!
//! Not what `ruche build` does (it makes one index, which Pagefind's own interface reads
//! whole): a measurement for issue 20. Loads the site, deals its records round-robin into
//! SHARDS (default 2) and makes a Pagefind index of each on its own thread, twice, printing
//! the wall time of each round. With OUT, shard K's files go to `OUT/K/pagefind/`, for
//! `scripts/search_query_bytes.mjs --merge` to count what a search of them all downloads.

use std::time::Instant;

/// The allocator of the `ruche` binary, so the figures are those of `ruche build`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(root) = args.first() else {
        eprintln!("usage: search_shards SITE_DIR [SHARDS] [OUT_DIR]");
        std::process::exit(2);
    };
    let shards: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(2).max(1);
    let opts = ruche::BuildOptions::new(root);
    let site = ruche::site::load(&opts).unwrap_or_else(|e| fail(e));
    for round in 1..=2 {
        let start = Instant::now();
        let mut dealt: Vec<Vec<ruche::search::Record>> = (0..shards).map(|_| Vec::new()).collect();
        let records = ruche::search::records(&site, opts.today(&site.config));
        for (i, record) in records.into_iter().enumerate() {
            dealt[i % shards].push(record);
        }
        let language = &site.config.language;
        let indexes: Vec<ruche::search::Indexed> = std::thread::scope(|scope| {
            let running: Vec<_> = dealt
                .into_iter()
                .map(|records| scope.spawn(move || ruche::search::build(records, language)))
                .collect();
            running
                .into_iter()
                .map(|t| {
                    t.join()
                        .expect("an index thread panicked")
                        .unwrap_or_else(|e| fail(e))
                })
                .collect()
        });
        let pages: Vec<usize> = indexes.iter().map(|i| i.pages).collect();
        println!(
            "round {round}: {shards} shards in {} ms (pages {pages:?})",
            start.elapsed().as_millis()
        );
        if let (Some(out), 2) = (args.get(2), round) {
            for (k, indexed) in indexes.iter().enumerate() {
                for (path, bytes) in &indexed.files {
                    let target = std::path::Path::new(out).join(k.to_string()).join(path);
                    if let Some(parent) = target.parent() {
                        std::fs::create_dir_all(parent).unwrap_or_else(|e| fail(e));
                    }
                    std::fs::write(target, bytes).unwrap_or_else(|e| fail(e));
                }
            }
        }
    }
}

fn fail(e: impl std::fmt::Display) -> ! {
    eprintln!("{e}");
    std::process::exit(1);
}
