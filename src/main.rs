//! The `ruche` command: a thin layer over [`ruche::cli::main`].

fn main() -> std::process::ExitCode {
    ruche::cli::main()
}
