//! Measures photo handling: `cargo run --release --example images_bench -- DIR`.
//!
//! `cargo run --release --example images_bench -- DIR ROUNDS` alternates ROUNDS warm builds
//! with as many builds of the site without photos (default 3); `KEEP_CACHE=1` skips the first
//! build when DIR's cache is already full; ROUNDS 0 only writes the sites
//! (`scripts/images_hugo.sh` then times ruche against Hugo on them).
//!
//! Generates (once) two sites in DIR: `with/`, 100 pages each showing one generated
//! 12-megapixel JPEG (4000×3000, a different noisy gradient each), and `without/`, the same
//! pages without the photo. Then times, through the library as `ruche build` runs it:
//! the first build of `with/` with an empty cache (every copy encoded), then builds with the
//! cache warm alternated with builds of `without/`. Prints the medians. Peak memory
//! is measured on the binary: `/usr/bin/time -v target/release/ruche build --root DIR/with`
//! after `rm -rf DIR/with/.ruche-cache`.

use std::io::Cursor;
use std::path::Path;
use std::time::{Duration, Instant};

use rayon::prelude::*;

/// The allocator of the `ruche` binary, so the figures are those of `ruche build`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const PAGES: usize = 100;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().expect("usage: images_bench DIR [ROUNDS]"));
    let rounds: usize = args
        .next()
        .map_or(3, |r| r.parse().expect("ROUNDS is a number"));
    generate(&dir);
    if rounds == 0 {
        return;
    }
    let with = dir.join("with");
    let without = dir.join("without");
    if std::env::var_os("KEEP_CACHE").is_none() {
        let _ = std::fs::remove_dir_all(with.join(".ruche-cache"));
        let (cold, encoded) = build(&with);
        println!("first build, cache empty: {cold:.2?} ({encoded} copies encoded)");
    }
    // Alternated, so that a busy moment of the machine falls on both sides alike.
    let (mut warm, mut plain) = (Vec::new(), Vec::new());
    build(&without);
    for _ in 0..rounds {
        let (time, encoded) = build(&with);
        assert_eq!(encoded, 0, "the warm build encoded copies");
        warm.push(time);
        plain.push(build(&without).0);
    }
    let (warm, plain) = (median(warm), median(plain));
    println!("second build, cache warm (median of {rounds}): {warm:.2?}");
    println!("same site without photos (median of {rounds}): {plain:.2?}");
    let extra = warm.as_secs_f64() / plain.as_secs_f64() - 1.0;
    println!(
        "warm cache costs {:.1} % more than no photos",
        extra * 100.0
    );
}

fn build(root: &Path) -> (Duration, usize) {
    let opts = ruche::BuildOptions::new(root);
    let start = Instant::now();
    let built = ruche::build_to(&opts, &root.join("public")).expect("the site builds");
    (start.elapsed(), built.images_encoded)
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// Writes both sites, unless DIR already holds them.
fn generate(dir: &Path) {
    if dir.join("without/site.yaml").is_file() {
        return;
    }
    for site in ["with", "without"] {
        let root = dir.join(site);
        std::fs::create_dir_all(root.join("content/actualites")).expect("DIR is writable");
        std::fs::write(
            root.join("site.yaml"),
            "title: Bench\nbase_url: https://x.org\n",
        )
        .unwrap();
        std::fs::write(root.join("content/_index.md"), "---\ntitle: Accueil\n---\n").unwrap();
        let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        copy_dir(&theme, &root.join("themes/default"));
    }
    (0..PAGES).into_par_iter().for_each(|i| {
        let text =
            "La coopérative a réuni ses membres pour faire le point sur la saison. ".repeat(20);
        for (site, image) in [("with", true), ("without", false)] {
            let bundle = dir
                .join(site)
                .join(format!("content/actualites/recap-{i:03}"));
            std::fs::create_dir_all(&bundle).unwrap();
            let body = if image {
                format!(
                    "{text}\n\n![Les membres réunis dans la salle, vue {i}](photo.jpg)\n\n{text}\n"
                )
            } else {
                format!("{text}\n\n{text}\n")
            };
            let page = format!(
                "---\ntitle: Compte rendu {i}\ndate: 2025-01-{:02}\n---\n{body}",
                i % 28 + 1
            );
            std::fs::write(bundle.join("index.md"), page).unwrap();
        }
        let photo = photo(i as u32);
        let path = dir
            .join("with")
            .join(format!("content/actualites/recap-{i:03}/photo.jpg"));
        std::fs::write(path, photo).unwrap();
    });
}

/// A 4000×3000 JPEG (quality 90) that compresses like a photo: gradients and noise.
fn photo(seed: u32) -> Vec<u8> {
    let mut state = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
    let img = image::RgbImage::from_fn(4000, 3000, |x, y| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let noise = state & 31;
        [
            ((x / 16 + seed * 7 + noise) % 256) as u8,
            ((y / 12 + noise) % 256) as u8,
            (((x + y) / 28 + seed) % 256) as u8,
        ]
        .into()
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(Cursor::new(&mut out), 90)
        .encode_image(&img)
        .expect("encoding to memory");
    out
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).into_iter().flatten() {
        let Ok(rel) = entry.path().strip_prefix(from) else {
            continue;
        };
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
