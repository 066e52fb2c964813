//! Internal links: `@/section/page.md#anchor` and `./page.md` → the target's URL.
//!
//! In: every page's and section's source path (relative to `content/`) with its absolute URL.
//! Out: for each link of a body, the URL to write, or the missing target to report. Anchors
//! are checked later, once every target's heading ids are known.

use std::sync::Arc;

use ahash::AHashMap;

/// An internal link found in a body, to check its anchor once every page is rendered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InternalLink {
    /// The target's path relative to `content/`.
    pub target: String,
    /// The `#anchor`, if any.
    pub anchor: Option<String>,
    /// Where the link is in the source file.
    pub line: usize,
    /// Column of the link.
    pub column: usize,
}

/// What a link destination turned out to be.
pub enum Resolved {
    /// Not a link to a content file: left as written.
    External,
    /// A content file that exists.
    Internal {
        /// The URL to write in the HTML.
        url: String,
        /// The link, for the anchor check.
        link: InternalLink,
    },
    /// A content file that does not exist (its path relative to `content/`).
    Missing(String),
}

/// Every linkable source of the site, with its absolute URL. Made once per load; copies share
/// the table (the Markdown stage, the template functions and the preview's cache all hold one).
#[derive(Debug, Default, Clone)]
pub struct Links {
    by_rel: Arc<AHashMap<String, String>>,
    /// Sources that exist but could not be read (broken front matter): a link to one is not
    /// a second mistake to report.
    unreadable: Arc<ahash::AHashSet<String>>,
}

impl Links {
    /// Registers a page or section (`actualites/x.md`, `actualites/_index.md`).
    pub fn insert(&mut self, rel: &str, permalink: String) {
        Arc::make_mut(&mut self.by_rel).insert(rel.to_string(), permalink);
    }

    /// Marks a source that exists but could not be read.
    pub fn mark_unreadable(&mut self, rel: &str) {
        Arc::make_mut(&mut self.unreadable).insert(rel.to_string());
    }

    /// Whether a source exists but could not be read.
    pub fn is_unreadable(&self, rel: &str) -> bool {
        self.unreadable.contains(rel)
    }

    /// Forgets a page or section whose file is gone.
    pub fn remove(&mut self, rel: &str) {
        Arc::make_mut(&mut self.by_rel).remove(rel);
    }

    /// The absolute URL of a source, if it exists.
    pub fn get(&self, rel: &str) -> Option<&str> {
        self.by_rel.get(rel).map(String::as_str)
    }

    /// Resolves a link destination written in the file `from` (relative to `content/`).
    pub fn resolve(&self, dest: &str, from: &str) -> Resolved {
        let Some(target_and_anchor) = internal_target(dest, from) else {
            return Resolved::External;
        };
        let (target, anchor) = match target_and_anchor.split_once('#') {
            Some((t, a)) => (t.to_string(), Some(a.to_string()).filter(|a| !a.is_empty())),
            None => (target_and_anchor, None),
        };
        match self.by_rel.get(&target) {
            Some(url) => {
                let url = match &anchor {
                    Some(a) => format!("{url}#{a}"),
                    None => url.clone(),
                };
                let link = InternalLink {
                    target,
                    anchor,
                    line: 0,
                    column: 0,
                };
                Resolved::Internal { url, link }
            }
            None => Resolved::Missing(target),
        }
    }
}

/// `@/a/b.md#x` → `a/b.md#x`; `./c.md` written in `a/b.md` → `a/c.md`; anything that is not a
/// link to a `.md` file → `None`.
fn internal_target(dest: &str, from: &str) -> Option<String> {
    if let Some(rest) = dest.strip_prefix("@/") {
        return Some(normalize(rest));
    }
    let path = dest.split(['#', '?']).next().unwrap_or("");
    let has_scheme = path.split_once(':').is_some_and(|(s, _)| !s.contains('/'));
    if has_scheme || path.starts_with('/') || !crate::names::is_markdown(path) {
        return None;
    }
    let dir = from.rsplit_once('/').map_or("", |(d, _)| d);
    Some(normalize(&format!("{dir}/{dest}")))
}

/// Resolves `.` and `..` segments; `..` never climbs above `content/`.
fn normalize(path: &str) -> String {
    let (path, anchor) = match path.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (path, None),
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    match anchor {
        Some(a) => format!("{joined}#{a}"),
        None => joined,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links() -> Links {
        let mut l = Links::default();
        l.insert("actualites/b.md", "https://x.org/j/actualites/b/".into());
        l.insert(
            "actualites/c/index.md",
            "https://x.org/j/actualites/c/".into(),
        );
        l.insert("_index.md", "https://x.org/j/".into());
        l
    }

    fn url(dest: &str, from: &str) -> Option<String> {
        match links().resolve(dest, from) {
            Resolved::Internal { url, .. } => Some(url),
            _ => None,
        }
    }

    #[test]
    fn at_links_and_relative_links_resolve_to_urls() {
        assert_eq!(
            url("@/actualites/b.md#jour-1", "x.md").as_deref(),
            Some("https://x.org/j/actualites/b/#jour-1")
        );
        assert_eq!(
            url("./b.md", "actualites/a.md").as_deref(),
            Some("https://x.org/j/actualites/b/")
        );
        assert_eq!(
            url("../b.md", "actualites/c/index.md").as_deref(),
            Some("https://x.org/j/actualites/b/")
        );
        assert_eq!(
            url("@/_index.md", "a.md").as_deref(),
            Some("https://x.org/j/")
        );
    }

    #[test]
    fn external_links_are_left_alone_and_missing_ones_named() {
        assert!(matches!(
            links().resolve("https://x.org/a.md", "a.md"),
            Resolved::External
        ));
        assert!(matches!(
            links().resolve("/static/doc.md", "a.md"),
            Resolved::External
        ));
        assert!(matches!(
            links().resolve("#local", "a.md"),
            Resolved::External
        ));
        match links().resolve("@/actualites/nope.md", "a.md") {
            Resolved::Missing(t) => assert_eq!(t, "actualites/nope.md"),
            _ => panic!("expected a missing target"),
        }
    }
}
