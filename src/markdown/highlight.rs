//! Fenced code → HTML with syntect's CSS classes (prefixed `hl-`).
//!
//! The syntax definitions are loaded once, lazily, on the first code block of the process; the
//! colours live in the theme's `static/syntax.css` ([`theme_css`] generates it), so the HTML
//! carries classes only and light and dark schemes are a stylesheet matter.

use std::sync::OnceLock;

use syntect::highlighting::{Color, Theme};
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

/// The light theme, drawn on `--code-bg` `#ffffff` in the default theme's light scheme.
const LIGHT_THEME: &str = "InspiredGitHub";
/// The dark theme, drawn on `--code-bg` `#2b303b` in the dark scheme.
const DARK_THEME: &str = "base16-ocean.dark";

/// The contrast every token colour reaches against its background: WCAG 2.1 AA's 4.5:1 for
/// normal text, with a little room for rounding in the browser.
pub const MIN_CONTRAST: f64 = 4.6;

/// The stylesheet for the classes: a light theme and a dark one, each under its own
/// `prefers-color-scheme` query so that no colour of one leaks into the other (a class only
/// the light theme styles would otherwise keep its light colour on the dark background).
/// A browser too old to know the query shows code in the page's plain code colours.
///
/// None of syntect's bundled themes reaches AA contrast for every token (comments and some
/// keywords are pale), so each colour is moved towards black on a light background, or towards
/// white on a dark one, just as far as needed; the hues stay the theme's.
pub fn theme_css() -> String {
    let themes = syntect::highlighting::ThemeSet::load_defaults();
    let css = |name: &str| {
        themes
            .themes
            .get(name)
            .map(readable_theme)
            .and_then(|t| syntect::html::css_for_theme_with_class_style(&t, CLASS_STYLE).ok())
            .unwrap_or_default()
            .lines()
            .map(|l| match l.trim_end() {
                "" => String::new(),
                l => format!("  {l}"),
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    format!(
        "/* Code highlighting for ruche's default theme. Generated from syntect's themes, colours\n   \
         adjusted to WCAG AA contrast; regenerate with\n   \
         `cargo run --example syntax_css > themes/default/static/syntax.css`. */\n\
         @media not all and (prefers-color-scheme: dark) {{\n{}\n}}\n\
         @media (prefers-color-scheme: dark) {{\n{}\n}}\n",
        css(LIGHT_THEME).trim_end(),
        css(DARK_THEME).trim_end()
    )
}

/// `theme` with every foreground colour readable on its background (the rule's own, else the
/// theme's).
fn readable_theme(theme: &Theme) -> Theme {
    let mut theme = theme.clone();
    let page = theme.settings.background.unwrap_or(Color::WHITE);
    if let Some(fg) = theme.settings.foreground.as_mut() {
        *fg = readable(*fg, page);
    }
    for item in &mut theme.scopes {
        let background = item.style.background.map_or(page, |b| over(b, page));
        if let Some(fg) = item.style.foreground.as_mut() {
            *fg = readable(*fg, background);
        }
    }
    theme
}

/// `fg` mixed towards black (on a light `bg`) or white (on a dark one) until it reaches
/// [`MIN_CONTRAST`] against `bg`.
fn readable(fg: Color, bg: Color) -> Color {
    let fg = over(fg, bg);
    let target = if luminance(bg) > 0.18 {
        Color::BLACK
    } else {
        Color::WHITE
    };
    (0..=100)
        .map(|step| mix(fg, target, f64::from(step) / 100.0))
        .find(|c| contrast(*c, bg) >= MIN_CONTRAST)
        .unwrap_or(target)
}

/// `fg` drawn over `bg`: an opaque colour.
fn over(fg: Color, bg: Color) -> Color {
    let alpha = f64::from(fg.a) / 255.0;
    let channel =
        |f: u8, b: u8| (f64::from(f) * alpha + f64::from(b) * (1.0 - alpha)).round() as u8;
    Color {
        r: channel(fg.r, bg.r),
        g: channel(fg.g, bg.g),
        b: channel(fg.b, bg.b),
        a: 255,
    }
}

fn mix(from: Color, to: Color, t: f64) -> Color {
    let channel = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
    Color {
        r: channel(from.r, to.r),
        g: channel(from.g, to.g),
        b: channel(from.b, to.b),
        a: 255,
    }
}

/// WCAG 2.1's relative luminance.
fn luminance(c: Color) -> f64 {
    let linear = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.039_28 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b)
}

/// WCAG 2.1's contrast ratio, from 1 to 21.
pub fn contrast(a: Color, b: Color) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Escapes text for HTML element content and attribute values: `&` `<` `>` `"` `'`, as
/// pulldown-cmark escapes the rest of the page.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_five_html_characters_are_escaped_and_nothing_else() {
        assert_eq!(
            escape(r#"<a href="x?a=1&b=2">l'été</a> é ’"#),
            "&lt;a href=&quot;x?a=1&amp;b=2&quot;&gt;l&#39;été&lt;/a&gt; é ’"
        );
    }

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
    fn every_token_colour_passes_aa_on_its_background_in_both_schemes() {
        let themes = syntect::highlighting::ThemeSet::load_defaults();
        for (name, code_bg) in [(LIGHT_THEME, "#ffffff"), (DARK_THEME, "#2b303b")] {
            let theme = readable_theme(&themes.themes[name]);
            let page = theme.settings.background.unwrap();
            // The default theme's `--code-bg` is the theme's own background.
            let hex = format!("#{:02x}{:02x}{:02x}", page.r, page.g, page.b);
            assert_eq!(hex, code_bg, "{name}");
            for item in &theme.scopes {
                let bg = item.style.background.map_or(page, |b| over(b, page));
                if let Some(fg) = item.style.foreground {
                    let ratio = contrast(fg, bg);
                    assert!(ratio >= 4.5, "{name}: {:?} is {ratio:.2}:1", item.scope);
                }
            }
        }
        // A pale grey comment on white is darkened, a dark blue on dark is lightened.
        let grey = Color {
            r: 0x96,
            g: 0x98,
            b: 0x96,
            a: 255,
        };
        assert!(contrast(readable(grey, Color::WHITE), Color::WHITE) >= MIN_CONTRAST);
        let navy = Color {
            r: 0x18,
            g: 0x36,
            b: 0x91,
            a: 255,
        };
        let dark = Color {
            r: 0x2b,
            g: 0x30,
            b: 0x3b,
            a: 255,
        };
        assert!(contrast(readable(navy, dark), dark) >= MIN_CONTRAST);
        assert_eq!(
            readable(Color::BLACK, Color::WHITE),
            Color::BLACK,
            "good colours stay"
        );
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
