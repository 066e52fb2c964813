//! The `ruche` command: a thin layer over [`ruche::cli::main`].

/// mimalloc (its v2): a build allocates and frees millions of small values (template values,
/// strings, Markdown events) from every core. Against the system allocator it takes 8 % fewer
/// instructions and about 18 % less user time on the benchmark sites (docs/benchmarks.md).
/// Its v3 was measured too: 1.95 GiB at the peak of a 100,000-article build, against 1.88 GiB
/// for v2 (the target is under 2 GiB).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    ruche::cli::main()
}
