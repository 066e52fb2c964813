//! Bodies: Liquid tags, Hugo and Zola shortcodes → ruche Markdown.
//!
//! In: a body in its source syntax. Out: Markdown where the tags with a ruche equivalent are
//! converted — `{% highlight %}`/`{{< highlight >}}` → fenced code, `{% raw %}` unwrapped,
//! `figure` → an image with its caption, YouTube and Vimeo → an embedded player, `{% link %}`/
//! `{% post_url %}`/`{{< ref >}}`/`{{< relref >}}`/`@/…` → references to other pages, left as
//! placeholders for the writer to resolve ([`Converted::refs`]). Everything else stays as
//! written, for the report to list.

use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::model::Syntax;

/// A body once converted.
#[derive(Debug, Default)]
pub struct Converted {
    /// The Markdown, with reference placeholders ([`placeholder`]).
    pub body: String,
    /// What each placeholder refers to: (the key of the page, the text to put back when no
    /// page has that key). A placeholder stands for a whole `@/section/page.md`.
    pub refs: Vec<(String, String)>,
}

/// The text that stands for reference `i` until the writer knows every page's file.
pub fn placeholder(i: usize) -> String {
    format!("\u{E000}{i}\u{E001}")
}

/// A fixed pattern: compiled once; the module's tests compile every one of them.
fn re(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| unreachable!("{e}"))
}

static LIQUID_HIGHLIGHT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?s)\{%-?\s*highlight\s+([\w+#.-]+)[^%]*?-?%\}\r?\n?(.*?)\r?\n?\{%-?\s*endhighlight\s*-?%\}",
    )
});
static LIQUID_RAW: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?s)\{%-?\s*raw\s*-?%\}(.*?)\{%-?\s*endraw\s*-?%\}"));
static LIQUID_LINK: LazyLock<Regex> =
    LazyLock::new(|| re(r#"\{%-?\s*(link|post_url)\s+["']?([^\s"'%]+)["']?\s*-?%\}"#));
static HUGO_HIGHLIGHT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?s)\{\{[<%]\s*highlight\s+"?([\w+#.-]+)"?[^>%]*?[>%]\}\}\r?\n?(.*?)\r?\n?\{\{[<%]\s*/highlight\s*[>%]\}\}"#,
    )
});
static HUGO_SHORTCODE: LazyLock<Regex> =
    LazyLock::new(|| re(r"\{\{[<%]\s*(figure|youtube|vimeo|ref|relref)\b([^}]*?)/?\s*[>%]\}\}"));
static ZOLA_SHORTCODE: LazyLock<Regex> =
    LazyLock::new(|| re(r"\{\{\s*(youtube|vimeo)\s*\(([^)]*)\)\s*\}\}"));
static ZOLA_LINK: LazyLock<Regex> = LazyLock::new(|| re(r"\]\(@/([^)\s#]+)(#[^)\s]*)?\)"));
static ATTR: LazyLock<Regex> =
    LazyLock::new(|| re(r#"(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))|"([^"]*)"|(\S+)"#));

/// Converts a body written in `syntax`; `lang` is the site's language (for the embeds' titles).
pub fn convert(body: &str, syntax: Syntax, lang: &str) -> Converted {
    let mut out = Converted::default();
    let text = match syntax {
        Syntax::Liquid => liquid(body, &mut out.refs),
        Syntax::Hugo => hugo(body, lang, &mut out.refs),
        Syntax::Zola => zola(body, lang, &mut out.refs),
        Syntax::WordPress | Syntax::Markdown => body.to_string(),
    };
    out.body = text;
    out
}

fn fenced(lang: &str, code: &str) -> String {
    let fence = if code.contains("```") { "~~~~" } else { "```" };
    format!(
        "{fence}{lang}\n{}\n{fence}",
        code.trim_end_matches(['\n', '\r'])
    )
}

fn add_ref(refs: &mut Vec<(String, String)>, key: &str, written: &str) -> String {
    refs.push((key.to_string(), written.to_string()));
    placeholder(refs.len() - 1)
}

fn liquid(body: &str, refs: &mut Vec<(String, String)>) -> String {
    let text = LIQUID_HIGHLIGHT.replace_all(body, |c: &Captures<'_>| fenced(&c[1], &c[2]));
    let text = LIQUID_LINK.replace_all(&text, |c: &Captures<'_>| add_ref(refs, &c[2], &c[0]));
    LIQUID_RAW.replace_all(&text, "$1").into_owned()
}

/// The named (`key="v"`) and positional values of a shortcode's arguments.
fn args(raw: &str) -> (Vec<(String, String)>, Vec<String>) {
    let mut named = Vec::new();
    let mut positional = Vec::new();
    for c in ATTR.captures_iter(raw) {
        let value = |i: usize| c.get(i).map(|m| m.as_str().to_string());
        match c.get(1) {
            Some(key) => named.push((
                key.as_str().to_string(),
                value(2)
                    .or_else(|| value(3))
                    .or_else(|| value(4))
                    .unwrap_or_default(),
            )),
            None => positional.extend(value(5).or_else(|| value(6))),
        }
    }
    (named, positional)
}

fn get<'a>(named: &'a [(String, String)], key: &str) -> Option<&'a str> {
    named
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

fn hugo(body: &str, lang: &str, refs: &mut Vec<(String, String)>) -> String {
    let text = HUGO_HIGHLIGHT.replace_all(body, |c: &Captures<'_>| fenced(&c[1], &c[2]));
    HUGO_SHORTCODE
        .replace_all(&text, |c: &Captures<'_>| {
            let (named, positional) = args(&c[2]);
            let first = positional.first().map(String::as_str);
            match &c[1] {
                "figure" => match get(&named, "src") {
                    Some(src) => {
                        let caption = get(&named, "caption").or(get(&named, "title"));
                        let alt = get(&named, "alt").or(caption).unwrap_or("");
                        figure(src, alt, caption.unwrap_or(""))
                    }
                    None => c[0].to_string(),
                },
                kind @ ("youtube" | "vimeo") => match get(&named, "id").or(first) {
                    Some(id) => video(kind, id, lang),
                    None => c[0].to_string(),
                },
                _ => match first.or(get(&named, "path")) {
                    Some(target) => add_ref(refs, target, &c[0]),
                    None => c[0].to_string(),
                },
            }
        })
        .into_owned()
}

fn zola(body: &str, lang: &str, refs: &mut Vec<(String, String)>) -> String {
    let text = ZOLA_SHORTCODE.replace_all(body, |c: &Captures<'_>| {
        let (named, _) = args(&c[2]);
        match get(&named, "id") {
            Some(id) => video(&c[1], id, lang),
            None => c[0].to_string(),
        }
    });
    ZOLA_LINK
        .replace_all(&text, |c: &Captures<'_>| {
            // A link ruche cannot resolve would fail the build: `#` keeps the text a link.
            // The anchor goes with the writer's resolution (it is dropped there).
            format!("]({})", add_ref(refs, &c[1], "#"))
        })
        .into_owned()
}

/// An image with a caption: a Markdown image (so ruche resizes it) inside `<figure>`.
pub fn figure(src: &str, alt: &str, caption: &str) -> String {
    let alt = alt.replace(['[', ']'], "").replace('\n', " ");
    let src = if src.contains([' ', '(', ')']) {
        format!("<{src}>")
    } else {
        src.to_string()
    };
    let image = format!("![{}]({src})", alt.trim());
    if caption.trim().is_empty() {
        return format!("\n{image}\n");
    }
    let mut escaped = String::new();
    let _ = pulldown_cmark_escape::escape_html(&mut escaped, caption.trim());
    format!("\n<figure>\n\n{image}\n\n<figcaption>{escaped}</figcaption>\n</figure>\n")
}

/// A YouTube or Vimeo player, as an `<iframe>` with a title (for screen readers) that loads
/// only when scrolled to, followed by a plain link for readers whose browser blocks it.
pub fn video(kind: &str, id: &str, lang: &str) -> String {
    let id: String = id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .collect();
    let (name, embed, watch) = if kind == "vimeo" {
        (
            "Vimeo",
            format!("https://player.vimeo.com/video/{id}"),
            format!("https://vimeo.com/{id}"),
        )
    } else {
        (
            "YouTube",
            format!("https://www.youtube-nocookie.com/embed/{id}"),
            format!("https://www.youtube.com/watch?v={id}"),
        )
    };
    let (title, link) = if lang.starts_with("fr") {
        (format!("Vidéo {name}"), format!("Voir la vidéo sur {name}"))
    } else {
        (
            format!("{name} video"),
            format!("Watch the video on {name}"),
        )
    };
    format!(
        "\n<iframe src=\"{embed}\" title=\"{title}\" width=\"560\" height=\"315\" loading=\"lazy\" allowfullscreen></iframe>\n\n[{link}]({watch})\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn liquid_tags_become_markdown() {
        let body = "a\n{% highlight ruby linenos %}\nputs 1\n{% endhighlight %}\n{% raw %}{{ x }}{% endraw %} [p]({% post_url 2010-07-21-name %}) {% include x.html %}";
        let out = convert(body, Syntax::Liquid, "en");
        assert!(out.body.contains("```ruby\nputs 1\n```"), "{}", out.body);
        assert!(out.body.contains("{{ x }}") && !out.body.contains("raw"));
        assert_eq!(out.refs[0].0, "2010-07-21-name");
        assert!(out.body.contains(&format!("[p]({})", placeholder(0))));
        assert!(out.body.contains("{% include x.html %}"));
    }

    #[test]
    fn hugo_shortcodes_become_markdown() {
        let body = "{{< figure src=\"a.jpg\" alt=\"Une salle\" caption=\"La salle\" >}}\n{{< youtube w7Ft2ymGmfc >}}\n[x]({{< ref \"posts/b.md\" >}})\n{{< highlight go \"linenos=table\" >}}\nx\n{{< /highlight >}}\n{{< tweet 1 >}}";
        let out = convert(body, Syntax::Hugo, "fr");
        assert!(out.body.contains("![Une salle](a.jpg)"), "{}", out.body);
        assert!(out.body.contains("<figcaption>La salle</figcaption>"));
        assert!(out
            .body
            .contains("youtube-nocookie.com/embed/w7Ft2ymGmfc\" title=\"Vidéo YouTube\""));
        assert_eq!(out.refs[0].0, "posts/b.md");
        assert!(out.body.contains("```go\nx\n```"));
        assert!(out.body.contains("{{< tweet 1 >}}"));
    }

    #[test]
    fn zola_links_and_videos() {
        let out = convert(
            "[a](@/blog/x.md#h) {{ vimeo(id=\"123\") }}",
            Syntax::Zola,
            "en",
        );
        assert_eq!(out.refs[0].0, "blog/x.md");
        assert!(
            out.body.contains(&format!("]({})", placeholder(0))),
            "{}",
            out.body
        );
        assert!(out.body.contains("player.vimeo.com/video/123"));
    }
}
