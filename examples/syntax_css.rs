//! Prints the default theme's `syntax.css`: `cargo run --example syntax_css > themes/default/static/syntax.css`.

fn main() {
    print!("{}", ruche::markdown::highlight::theme_css());
}
