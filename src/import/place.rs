//! Where each imported page goes, and which old addresses it keeps.
//!
//! In: the pages read from the source ([`Prepared`]) and the sections. Out: each page's file
//! under `content/` (a bundle `x/index.md` when it brings files along), a unique address
//! (a second page claiming one is renamed `x-2`), and its `aliases`: every old address that
//! differs from its ruche URL (see `content::url`) and that no other page holds.

use std::collections::{BTreeSet, HashMap};

use super::model::Doc;
use super::report::{Note, What};
use crate::content::url::{alias_path, page_path, section_path};

/// A page ready to be written.
#[derive(Debug)]
pub struct Prepared {
    /// The page as read, its front matter to be completed.
    pub doc: Doc,
    /// Its Markdown body, with reference placeholders.
    pub body: String,
    /// What each placeholder refers to.
    pub refs: Vec<(String, String)>,
    /// Files to copy into its bundle: (file on disk, name in the bundle).
    pub copies: Vec<(std::path::PathBuf, String)>,
    /// Whether it is written as a bundle folder.
    pub bundle: bool,
}

impl Prepared {
    /// Its file under `content/`, with `/`.
    pub fn content_path(&self) -> String {
        let dir = match self.doc.section.as_str() {
            "" => String::new(),
            s => format!("{s}/"),
        };
        if self.bundle {
            format!("{dir}{}/index.md", self.doc.name)
        } else {
            format!("{dir}{}.md", self.doc.name)
        }
    }

    /// Its output path (`news/x/`), as ruche will decide it.
    pub fn url_path(&self) -> String {
        page_path(
            &section_path(&self.doc.section),
            &self.doc.name,
            self.doc.front.slug.as_deref(),
        )
    }
}

/// Gives every page a unique address and file: the later of two pages that claim one is
/// renamed `name-2` (`-3`, …) and noted. `sections` are the section folders.
pub fn unique(pages: &mut [Prepared], sections: &[String], notes: &mut Vec<Note>) {
    let mut taken: BTreeSet<String> = sections.iter().map(|s| section_path(s)).collect();
    // Addresses ruche itself writes (taxonomy lists, the search index).
    taken.extend(RESERVED.iter().map(std::string::ToString::to_string));
    let mut files: BTreeSet<String> = BTreeSet::new();
    for page in pages.iter_mut() {
        let wanted = page.url_path();
        let mut n = 1;
        while taken.contains(&page.url_path()) || files.contains(&stem_of(page)) {
            n += 1;
            let base = page
                .doc
                .name
                .trim_end_matches(&format!("-{}", n - 1))
                .to_string();
            page.doc.name = format!("{base}-{n}");
            if let Some(slug) = &page.doc.front.slug {
                let base = slug.trim_end_matches(&format!("-{}", n - 1)).to_string();
                page.doc.front.slug = Some(format!("{base}-{n}"));
            }
        }
        if n > 1 {
            notes.push(Note::new(
                format!("content/{}", page.content_path()),
                0,
                What::Renamed(format!("/{wanted}")),
            ));
        }
        taken.insert(page.url_path());
        files.insert(stem_of(page));
    }
}

const RESERVED: &[&str] = &["tags/", "categories/", "authors/", "pagefind/"];

/// The file and folder names a page occupies (`news/x`), for both `x.md` and `x/index.md`.
fn stem_of(page: &Prepared) -> String {
    format!("{}/{}", page.doc.section, page.doc.name)
}

/// An old address as a path from the new site's root: the host dropped, then the site's base
/// path (`/blog` of `https://x.org/blog`).
pub fn site_path(old: &str, base_path: &str) -> String {
    let path = match old.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => old,
    };
    let path = path.split('#').next().unwrap_or("");
    let base = base_path.trim_end_matches('/');
    let path = match path.strip_prefix(base) {
        Some(rest) if !base.is_empty() && (rest.is_empty() || rest.starts_with('/')) => rest,
        _ => path,
    };
    let path = format!("/{}", path.trim_start_matches('/'));
    // `/notes/second` is served as `/notes/second/`; a file name (`x.html`) stays as it is.
    let last = path.rsplit('/').next().unwrap_or("");
    if last.is_empty() || last.contains('.') {
        path
    } else {
        format!("{path}/")
    }
}

/// Sets each page's `aliases` to its old addresses that differ from its new one; returns how
/// many were kept. An address already held by a page or by an earlier alias is noted instead.
pub fn aliases(
    pages: &mut [Prepared],
    sections: &[String],
    base_path: &str,
    notes: &mut Vec<Note>,
) -> usize {
    let mut owner: HashMap<String, usize> = HashMap::new();
    for s in sections
        .iter()
        .map(|s| section_path(s))
        .chain(RESERVED.iter().map(std::string::ToString::to_string))
    {
        owner.insert(format!("{s}index.html"), usize::MAX);
    }
    for (i, page) in pages.iter().enumerate() {
        owner.insert(format!("{}index.html", page.url_path()), i);
    }
    let mut kept = 0;
    for (i, page) in pages.iter_mut().enumerate() {
        let mut olds: Vec<String> = page
            .doc
            .old_urls
            .iter()
            .map(|u| site_path(u, base_path))
            .collect();
        olds.append(&mut page.doc.front.aliases);
        for old in olds {
            // A pattern token left unexpanded (a post with no date) is no address.
            if old.split('/').any(|s| s.starts_with(':')) {
                continue;
            }
            let Some(file) = alias_path(&old) else {
                continue;
            };
            match owner.get(&file) {
                Some(&o) if o == i => {}
                Some(_) => notes.push(Note::new(
                    format!("content/{}", page.content_path()),
                    0,
                    What::AddressTaken(old),
                )),
                None => {
                    owner.insert(file, i);
                    page.doc.front.aliases.push(old);
                    kept += 1;
                }
            }
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_addresses_lose_host_and_base_path() {
        assert_eq!(site_path("https://x.org/blog/2020/a/", "/blog"), "/2020/a/");
        assert_eq!(site_path("https://x.org/blogue/a/", "/blog"), "/blogue/a/");
        assert_eq!(site_path("https://x.org", ""), "/");
        assert_eq!(site_path("/news/a.html#x", ""), "/news/a.html");
        assert_eq!(site_path("notes/second", ""), "/notes/second/");
    }
}
