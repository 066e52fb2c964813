//! Fenced code → HTML with syntect's CSS classes (prefixed `hl-`).
//!
//! The syntax definitions are loaded once, lazily, on the first code block of the process; the
//! colours live in the theme's `static/syntax.css` ([`theme_css`] generates it), so the HTML
//! carries classes only and light and dark schemes are a stylesheet matter.

use std::sync::OnceLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// A code block as `<pre><code>` with highlighting classes when the language is known.
pub fn code_block(code: &str, lang: Option<&str>) -> String {
    let lang = lang.map(str::trim).filter(|l| !l.is_empty());
    let class = lang.map_or(String::new(), |l| {
        format!(" class=\"language-{}\"", escape(l))
    });
    let data = lang.map_or(String::new(), |l| format!(" data-lang=\"{}\"", escape(l)));
    let body = lang
        .and_then(|l| highlight(code, l))
        .unwrap_or_else(|| escape(code));
    format!("<pre class=\"code\"{data}><code{class}>{body}</code></pre>\n")
}

fn highlight(code: &str, lang: &str) -> Option<String> {
    let set = syntaxes();
    let syntax = set
        .find_syntax_by_token(lang)
        .or_else(|| set.find_syntax_by_extension(lang))?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        // A syntax that fails on odd input falls back to plain text rather than failing the page.
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    Some(generator.finalize())
}

/// The stylesheet for the classes: a light theme, and a dark one under `prefers-color-scheme`.
pub fn theme_css() -> String {
    let themes = syntect::highlighting::ThemeSet::load_defaults();
    let css = |name: &str| {
        themes
            .themes
            .get(name)
            .and_then(|t| syntect::html::css_for_theme_with_class_style(t, CLASS_STYLE).ok())
            .unwrap_or_default()
    };
    let dark = css("base16-ocean.dark")
        .lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n");
    format!(
        "/* Code highlighting for ruche's default theme. Generated from syntect's themes; regenerate with\n   `cargo run --example syntax_css > themes/default/static/syntax.css`. */\n{}\n@media (prefers-color-scheme: dark) {{\n{}\n}}\n",
        css("InspiredGitHub").trim_end(),
        dark.trim_end()
    )
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_languages_get_classes_unknown_ones_plain_text() {
        let html = code_block("title: <Bonjour>\n", Some("yaml"));
        assert!(html
            .starts_with("<pre class=\"code\" data-lang=\"yaml\"><code class=\"language-yaml\">"));
        assert!(html.contains("hl-"), "{html}");
        assert!(html.contains("&lt;Bonjour&gt;"));
        let plain = code_block("a < b\n", Some("nonexistent-lang"));
        assert!(plain.contains("a &lt; b") && !plain.contains("hl-"));
        let none = code_block("x\n", None);
        assert_eq!(none, "<pre class=\"code\"><code>x\n</code></pre>\n");
    }

    #[test]
    fn the_shipped_stylesheet_matches_the_classes_we_emit() {
        let shipped = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/themes/default/static/syntax.css"
        ))
        .expect("the default theme ships syntax.css");
        assert_eq!(
            shipped,
            theme_css(),
            "regenerate with `cargo run --example syntax_css`"
        );
    }
}
