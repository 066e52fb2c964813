//! A WordPress body (HTML with shortcodes and block comments) → clean Markdown.
//!
//! In: the HTML of `content:encoded` and the uploads folder. Out: Markdown made by htmd, where
//! the block comments (`<!-- wp:… -->`) are gone, classic-editor paragraphs (blank lines)
//! kept, `[caption]` became an image with its caption, YouTube and Vimeo (an `<iframe>`,
//! `[embed]`, `[youtube]` or a video address alone on its line) an embedded player,
//! `<!--more-->` ruche's `<!-- more -->`, and the images of the uploads folder files to copy
//! into the page's bundle. Other shortcodes stay visible, for the report.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use htmd::element_handler::Handlers;
use htmd::{Element, HtmlToMarkdown};
use regex::{Captures, Regex};

use super::body::{figure, video};
use super::media;

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| unreachable!("{e}"))
}

static BLOCK_COMMENT: LazyLock<Regex> = LazyLock::new(|| re(r"<!--\s*/?wp:[^>]*?-->"));
static MORE: LazyLock<Regex> = LazyLock::new(|| re(r"<!--\s*more\s*-->"));
static CAPTION: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?s)\[(?:wp_)?caption[^\]]*\](.*?)\[/(?:wp_)?caption\]"));
static IMG_SRC: LazyLock<Regex> = LazyLock::new(|| re(r#"<img[^>]*?\ssrc\s*=\s*["']([^"']+)["']"#));
static IMG_ALT: LazyLock<Regex> = LazyLock::new(|| re(r#"<img[^>]*?\salt\s*=\s*["']([^"']*)["']"#));
static TAG: LazyLock<Regex> = LazyLock::new(|| re(r"<[^>]*>"));
static EMBED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?m)\[embed[^\]]*\]\s*(\S+?)\s*\[/embed\]|\[(?:youtube|vimeo)\s+([^\]\s]+)[^\]]*\]|^\s*(?:<p>\s*)?(?:<div[^>]*>\s*)?(https?://(?:www\.)?(?:youtube\.com/watch\?v=|youtu\.be/|vimeo\.com/)[^\s<"]+)\s*(?:</div>)?\s*(?:</p>)?\s*$"#,
    )
});
static VIDEO_ID: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:youtube(?:-nocookie)?\.com/(?:watch\?v=|embed/)|youtu\.be/)([\w-]{6,})|vimeo\.com/(?:video/)?(\d+)",
    )
});
static BLOCK_START: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^\s*<(p|div|h[1-6]|ul|ol|li|table|blockquote|pre|figure|hr|iframe|form|section|dl|address)\b",
    )
});

/// A body once converted.
#[derive(Debug, Default)]
pub struct Converted {
    /// The Markdown.
    pub markdown: String,
    /// Uploads to copy into the page's bundle: (file, name).
    pub copies: Vec<(PathBuf, String)>,
    /// Upload addresses whose file was not found.
    pub missing: Vec<String>,
    /// How many block comments, captions, embeds and `more` marks were converted.
    pub converted: usize,
}

/// The HTML → Markdown converter, made once for a whole export.
pub struct Converter {
    htmd: HtmlToMarkdown,
    lang: RefCell<String>,
}

impl Default for Converter {
    fn default() -> Self {
        Converter::new()
    }
}

/// A YouTube or Vimeo player for an address, if it is one.
fn video_of(url: &str, lang: &str) -> Option<String> {
    let c = VIDEO_ID.captures(url)?;
    match (c.get(1), c.get(2)) {
        (Some(id), _) => Some(video("youtube", id.as_str(), lang)),
        (_, Some(id)) => Some(video("vimeo", id.as_str(), lang)),
        _ => None,
    }
}

impl Converter {
    /// A converter that drops scripts and styles and turns video iframes into players.
    pub fn new() -> Converter {
        let htmd = HtmlToMarkdown::builder()
            .skip_tags(vec!["script", "style", "noscript"])
            .add_handler(vec!["iframe"], |_: &dyn Handlers, el: Element| {
                let src = el
                    .attrs
                    .iter()
                    .find(|a| &*a.name.local == "src")
                    .map(|a| a.value.to_string())?;
                // The site's language is not known inside a handler; the title is English
                // here and put into French below for French sites.
                Some(
                    video_of(&src, "en")
                        .unwrap_or_else(|| format!("\n[{src}]({src})\n"))
                        .into(),
                )
            })
            .build();
        Converter {
            htmd,
            lang: RefCell::new("en".into()),
        }
    }

    /// Sets the site language, for the players' titles.
    pub fn set_language(&self, lang: &str) {
        *self.lang.borrow_mut() = lang.to_string();
    }

    /// Converts one body; `uploads` is where its images are looked for.
    pub fn convert(&self, html: &str, uploads: Option<&Path>) -> Converted {
        let lang = self.lang.borrow().clone();
        let mut saved: Vec<String> = Vec::new();
        let mut keep = |markdown: String| {
            saved.push(markdown);
            format!("\n\n<p>RUCHEKEEP{}X</p>\n\n", saved.len() - 1)
        };
        let blocks = BLOCK_COMMENT.find_iter(html).count();
        let html = paragraphs(&BLOCK_COMMENT.replace_all(html, ""));
        let html = MORE.replace_all(&html, |_: &Captures<'_>| keep("<!-- more -->".into()));
        let html = CAPTION.replace_all(&html, |c: &Captures<'_>| keep(caption(&c[1])));
        let html = EMBED.replace_all(&html, |c: &Captures<'_>| {
            embed(c, &lang).map_or_else(|| c[0].to_string(), &mut keep)
        });
        let markdown = self
            .htmd
            .convert(&html)
            .unwrap_or_else(|_| TAG.replace_all(&html, "").into_owned());
        let mut markdown = tidy(&restore(&markdown, &saved));
        if lang.starts_with("fr") {
            markdown = in_french(&markdown);
        }
        let mut out = uploads_into_bundle(markdown, uploads);
        out.converted = blocks + saved.len();
        out
    }
}

/// The image of a `[caption]` shortcode's inside, with the text around it as its caption.
fn caption(inner: &str) -> String {
    let attr = |re: &Regex| {
        re.captures(inner)
            .map(|m| m[1].to_string())
            .unwrap_or_default()
    };
    let text = TAG.replace_all(inner, "").trim().to_string();
    let text =
        quick_xml::escape::unescape(&text).map_or(text.clone(), std::borrow::Cow::into_owned);
    figure(&attr(&IMG_SRC), &attr(&IMG_ALT), &text)
}

/// The player for an `[embed]`, `[youtube]` or a video address alone on its line.
fn embed(c: &Captures<'_>, lang: &str) -> Option<String> {
    let url = c
        .get(1)
        .or(c.get(2))
        .or(c.get(3))
        .map_or("", |m| m.as_str());
    if url.contains('/') {
        video_of(url, lang)
    } else {
        Some(video("youtube", url, lang))
    }
}

/// The players made by the iframe handler, which cannot know the site's language, put into
/// French.
fn in_french(markdown: &str) -> String {
    markdown
        .replace("title=\"YouTube video\"", "title=\"Vidéo YouTube\"")
        .replace("title=\"Vimeo video\"", "title=\"Vidéo Vimeo\"")
        .replace(
            "[Watch the video on YouTube]",
            "[Voir la vidéo sur YouTube]",
        )
        .replace("[Watch the video on Vimeo]", "[Voir la vidéo sur Vimeo]")
}

/// Puts the kept Markdown back in place of its placeholder paragraphs.
fn restore(markdown: &str, saved: &[String]) -> String {
    static KEPT: LazyLock<Regex> = LazyLock::new(|| re(r"RUCHEKEEP(\d+)X"));
    KEPT.replace_all(markdown, |c: &Captures<'_>| {
        c[1].parse::<usize>()
            .ok()
            .and_then(|i| saved.get(i))
            .cloned()
            .unwrap_or_default()
    })
    .into_owned()
}

/// At most one blank line between blocks, outside fenced code.
pub fn tidy(markdown: &str) -> String {
    let mut out = String::new();
    let mut blank = 0;
    let mut in_code = false;
    for line in markdown.trim().lines() {
        if line.trim_start().starts_with("```") || line.trim_start().starts_with("~~~") {
            in_code = !in_code;
        }
        blank = if line.trim().is_empty() { blank + 1 } else { 0 };
        if blank < 2 || in_code {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The classic editor stores paragraphs as blank lines and line breaks as newlines, which
/// HTML ignores: they become `<p>` and `<br>` as WordPress itself shows them.
fn paragraphs(html: &str) -> String {
    if html.contains("<p>") || html.contains("<p ") {
        return html.to_string();
    }
    let mut out = String::new();
    for chunk in html.replace("\r\n", "\n").split("\n\n") {
        let chunk = chunk.trim();
        if chunk.is_empty() {
            continue;
        }
        if BLOCK_START.is_match(chunk) {
            out.push_str(chunk);
        } else {
            out.push_str("<p>");
            out.push_str(&chunk.replace('\n', "<br>"));
            out.push_str("</p>");
        }
        out.push('\n');
    }
    out
}

/// Images of the uploads folder: copied into the bundle, pointed at by name.
fn uploads_into_bundle(markdown: String, uploads: Option<&Path>) -> Converted {
    let find = |src: &str| -> Option<PathBuf> {
        src.contains("/uploads/").then_some(())?;
        super::wordpress::upload_file(uploads?, src)
    };
    let mut out = Converted::default();
    let found = media::rewrite_images(&markdown, &find, &|_| false);
    for (file, name) in found.copies {
        if !out.copies.iter().any(|(_, n)| *n == name) {
            out.copies.push((file, name));
        }
    }
    out.missing = found
        .kept
        .into_iter()
        .filter(|u| u.contains("/uploads/"))
        .collect();
    out.markdown = found.body;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wordpress_bodies_become_markdown() {
        let conv = Converter::new();
        let html = "<!-- wp:paragraph -->\n<p>Hello <strong>you</strong></p>\n<!-- /wp:paragraph -->\n<!--more-->\n[caption id=\"a\" align=\"alignnone\"]<img src=\"https://x.org/wp-content/uploads/2020/01/a.jpg\" alt=\"A room\" /> The room[/caption]\n<iframe src=\"https://www.youtube.com/embed/abcdefgh\"></iframe>\n<p>[gallery ids=\"1,2\"]</p>";
        let md = conv.convert(html, None).markdown;
        assert!(md.starts_with("Hello **you**"), "{md}");
        assert!(!md.contains("wp:"), "{md}");
        assert!(md.contains("<!-- more -->"), "{md}");
        assert!(
            md.contains("![A room](https://x.org/wp-content/uploads/2020/01/a.jpg)"),
            "{md}"
        );
        assert!(md.contains("<figcaption>The room</figcaption>"), "{md}");
        assert!(md.contains("youtube-nocookie.com/embed/abcdefgh"), "{md}");
        assert!(md.contains("gallery ids"), "{md}");
    }

    #[test]
    fn classic_paragraphs_are_kept() {
        let md = Converter::new()
            .convert("One\nline\n\nTwo\n\nhttps://youtu.be/abcdefgh\n", None)
            .markdown;
        assert!(md.starts_with("One  \nline\n\nTwo"), "{md}");
        assert!(md.contains("youtube-nocookie.com/embed/abcdefgh"), "{md}");
    }
}
