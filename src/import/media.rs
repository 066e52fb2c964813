//! The images a body uses, and the template syntax it still holds.
//!
//! In: a page's Markdown and where its source sat. Out: the images found on disk, copied into
//! the page's bundle and pointed at by their new name ([`Images`]); the missing ones turned
//! into plain links (so the site still builds) and listed; and every tag or shortcode left in
//! the text outside code, with its line ([`leftovers`]).

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use pulldown_cmark::{Event, Options, Parser, Tag};
use regex::Regex;

/// Where a page's images are looked for.
pub struct Lookup<'a> {
    /// The folder of the page's source file (relative paths).
    pub dir: Option<&'a Path>,
    /// Folders standing for the site root (`/images/x.png`).
    pub roots: &'a [PathBuf],
}

/// What the image pass did to one body.
#[derive(Debug, Default)]
pub struct Images {
    /// The body with image paths rewritten.
    pub body: String,
    /// Files to copy into the bundle: (file on disk, name in the bundle).
    pub copies: Vec<(PathBuf, String)>,
    /// Local images not found, as written (now links).
    pub missing: Vec<String>,
    /// Addresses of other sites left as they are.
    pub kept: Vec<String>,
}

impl Lookup<'_> {
    /// The file an image path stands for, if it exists. URLs are not files.
    pub fn find(&self, src: &str) -> Option<PathBuf> {
        if src.contains("://") || src.starts_with("data:") || src.starts_with("//") {
            return None;
        }
        let clean = src.split(['?', '#']).next().unwrap_or("");
        let clean = percent_encoding::percent_decode_str(clean).decode_utf8_lossy();
        if clean.split('/').any(|p| p == "..") && self.dir.is_none() {
            return None;
        }
        let candidates: Vec<PathBuf> = match clean.strip_prefix('/') {
            Some(rooted) => self.roots.iter().map(|r| r.join(rooted)).collect(),
            None => self.dir.iter().map(|d| d.join(clean.as_ref())).collect(),
        };
        candidates.into_iter().find(|p| p.is_file())
    }
}

/// A name for a copied file in a bundle: its own file name, made safe.
pub fn bundle_name(path: &Path) -> String {
    let name = path
        .file_name()
        .map_or("file".into(), |n| n.to_string_lossy().to_string());
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// Finds each inline image of `body`: copies the local ones into the bundle (`in_bundle`
/// says which relative paths the bundle already holds), turns the missing ones into links.
pub fn images(body: &str, lookup: &Lookup<'_>, in_bundle: &dyn Fn(&str) -> bool) -> Images {
    rewrite_images(body, &|src| lookup.find(src), in_bundle)
}

/// Like [`images`], with `find` telling which file an image path or address stands for.
pub fn rewrite_images(
    body: &str,
    find: &dyn Fn(&str) -> Option<PathBuf>,
    in_bundle: &dyn Fn(&str) -> bool,
) -> Images {
    let mut out = Images::default();
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    for (event, range) in Parser::new_ext(body, Options::all()).into_offset_iter() {
        let Event::Start(Tag::Image { dest_url, .. }) = event else {
            continue;
        };
        let dest = dest_url.to_string();
        let external = dest.contains("://") || dest.starts_with("data:") || dest.starts_with("//");
        if dest.is_empty() || in_bundle(dest.trim_start_matches("./")) {
            continue;
        }
        let written = &body[range.clone()];
        let Some(at) = written.rfind("](").map(|i| i + 2) else {
            continue;
        };
        match find(&dest) {
            Some(file) => {
                let name = bundle_name(&file);
                if let Some(pos) = written[at..].find(&dest) {
                    let start = range.start + at + pos;
                    edits.push((start..start + dest.len(), name.clone()));
                }
                if !out.copies.iter().any(|(_, n)| *n == name) {
                    out.copies.push((file, name));
                }
            }
            None if external => out.kept.push(dest),
            None => {
                // A missing local image would stop the build: a link keeps the reference.
                edits.push((range.start..range.start + 1, String::new()));
                out.missing.push(dest);
            }
        }
    }
    let mut text = body.to_string();
    edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    for (range, with) in edits {
        text.replace_range(range, &with);
    }
    out.body = text;
    out
}

/// Rewrites each inline link whose destination `find` knows (an old address of an imported
/// page → `@/section/page.md`); returns the body and how many were rewritten.
pub fn rewrite_links(body: &str, find: &dyn Fn(&str) -> Option<String>) -> (String, usize) {
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    for (event, range) in Parser::new_ext(body, Options::all()).into_offset_iter() {
        let Event::Start(Tag::Link { dest_url, .. }) = event else {
            continue;
        };
        let Some(target) = find(&dest_url) else {
            continue;
        };
        let written = &body[range.clone()];
        let Some(at) = written.rfind("](").map(|i| i + 2) else {
            continue;
        };
        if let Some(pos) = written[at..].find(dest_url.as_ref()) {
            let start = range.start + at + pos;
            edits.push((start..start + dest_url.len(), target));
        }
    }
    let count = edits.len();
    let mut text = body.to_string();
    edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    for (range, with) in edits {
        text.replace_range(range, &with);
    }
    (text, count)
}

static TEMPLATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\{\{[<%].*?[>%]\}\}|\{%.*?%\}|\{\{.*?\}\}|<!--\s*/?wp:[^>]*-->|\[/?[a-z_]+(?:\s[^\]\n]*)?\]")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// The WordPress-style shortcodes worth listing (`[gallery]`, `[contact-form-7 …]`); other
/// `[words]` are Markdown link texts.
fn is_shortcode(found: &str) -> bool {
    let name = found
        .trim_start_matches("[/")
        .trim_start_matches('[')
        .split([' ', ']'])
        .next()
        .unwrap_or("");
    found.starts_with('[')
        && (found.contains('=') || found.starts_with("[/") || KNOWN_SHORTCODES.contains(&name))
}

const KNOWN_SHORTCODES: &[&str] = &[
    "gallery",
    "audio",
    "video",
    "playlist",
    "embed",
    "caption",
    "wp_caption",
    "contact-form",
    "contact-form-7",
    "shortcode",
    "su_button",
    "vc_row",
    "vc_column",
    "et_pb_section",
];

/// Each piece of template syntax left in `body` outside code, with its 1-based line.
pub fn leftovers(body: &str) -> Vec<(usize, String)> {
    let mut code: Vec<Range<usize>> = Vec::new();
    let mut links: Vec<Range<usize>> = Vec::new();
    for (event, range) in Parser::new_ext(body, Options::all()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) | Event::Code(_) => code.push(range),
            Event::Start(Tag::Link { .. }) => links.push(range),
            _ => {}
        }
    }
    TEMPLATE
        .find_iter(body)
        .filter(|m| !code.iter().any(|r| r.contains(&m.start())))
        .filter(|m| {
            !m.as_str().starts_with('[')
                || (is_shortcode(m.as_str()) && !links.iter().any(|r| r.start == m.start()))
        })
        .map(|m| {
            (
                body[..m.start()].matches('\n').count() + 1,
                m.as_str().to_string(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn found_images_are_renamed_and_missing_ones_become_links() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("images")).unwrap();
        std::fs::write(dir.path().join("images/a b.png"), b"x").unwrap();
        let roots = [dir.path().to_path_buf()];
        let lookup = Lookup {
            dir: None,
            roots: &roots,
        };
        let out = images(
            "![A](</images/a b.png>) and ![B](gone.png) ![C](https://x.org/c.png)",
            &lookup,
            &|_| false,
        );
        assert_eq!(
            out.body,
            "![A](<a-b.png>) and [B](gone.png) ![C](https://x.org/c.png)"
        );
        assert_eq!(out.copies[0].1, "a-b.png");
        assert_eq!(out.missing, ["gone.png"]);
    }

    #[test]
    fn leftovers_skip_code_and_link_texts() {
        let body = "a {{ site.x }}\n`{% no %}`\n```\n{{< no >}}\n```\n[a link](x) [gallery ids=\"1\"]\n{{< tweet 1 >}}";
        let found: Vec<String> = leftovers(body)
            .into_iter()
            .map(|(l, s)| format!("{l}:{s}"))
            .collect();
        assert_eq!(
            found,
            [
                "1:{{ site.x }}",
                "6:[gallery ids=\"1\"]",
                "7:{{< tweet 1 >}}"
            ]
        );
    }
}
