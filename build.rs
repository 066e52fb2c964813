//! Rebuild when the default theme changes: `ruche init` embeds it with include_dir.

fn main() {
    println!("cargo:rerun-if-changed=themes/default");
}
