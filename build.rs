//! Rebuild when what is embedded with include_dir changes: the default theme (`ruche init`,
//! sites without a theme) and the message catalogues.

fn main() {
    println!("cargo:rerun-if-changed=themes/default");
    println!("cargo:rerun-if-changed=i18n");
}
