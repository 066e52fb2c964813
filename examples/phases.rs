//! Where a build's time goes, stage by stage: `cargo run --release --example phases -- SITE [OUT]`
//!
//! Runs the same stages as `ruche build` through the public API (`site::load`, `render::render`,
//! `Output::write_atomically`) and prints the wall time of each, and of dropping the built site,
//! which `ruche build` also pays before it exits.

use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(root) = args.first() else {
        eprintln!("usage: phases SITE_DIR [OUT_DIR]");
        std::process::exit(2);
    };
    let out = args
        .get(1)
        .map_or_else(|| std::path::Path::new(root).join("public"), Into::into);
    let opts = ruche::BuildOptions::new(root);
    let t = Instant::now();
    let site = ruche::site::load(&opts).unwrap_or_else(|e| fail(e));
    let load = t.elapsed();
    let t = Instant::now();
    let output =
        ruche::render::render(&site, false, opts.today(&site.config)).unwrap_or_else(|e| fail(e));
    let render = t.elapsed();
    let bytes: usize = output
        .files
        .values()
        .map(|f| match f {
            ruche::output::OutFile::Bytes(b) => b.len(),
            ruche::output::OutFile::Copy(_) => 0,
        })
        .sum();
    let t = Instant::now();
    output.write_atomically(&out).unwrap_or_else(|e| fail(e));
    let write = t.elapsed();
    let t = Instant::now();
    drop(output);
    drop(site);
    let free = t.elapsed();
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    println!(
        "load {:.0} ms · render {:.0} ms · write {:.0} ms · free {:.0} ms · {} MiB rendered",
        ms(load),
        ms(render),
        ms(write),
        ms(free),
        bytes >> 20
    );
}

fn fail(e: ruche::Error) -> ! {
    eprintln!("{e}");
    std::process::exit(1);
}
