//! Links between imported pages and sections, once every one's file is known.
//!
//! In: the prepared pages and sections, their bodies holding reference placeholders
//! ([`super::body::placeholder`]) and links written as old addresses. Out: each placeholder
//! replaced with the ruche link of the page (`@/section/page.md`) or section
//! (`@/section/_index.md`) it names ([`Targets`]), or put back as written and noted; each
//! link to an old address of an imported page made a ruche link ([`OldAddresses`]).

use std::collections::HashMap;

use super::body::placeholder;
use super::media;
use super::place::{self, Prepared};
use super::report::{Counts, Note, What};
use super::sections::PreparedSection;

/// The ruche link of every name under which a page or section can be referred to; `None`
/// for a draft, which is not built by default, so a link to it would stop the build.
pub struct Targets {
    by_key: HashMap<String, Option<String>>,
}

impl Targets {
    /// The names of `pages` and `sections`. A page wins a name both claim (`{{< ref "x" >}}`
    /// with a page `x.md` and a folder `x/`), unless the name says `_index`.
    pub fn new(pages: &[Prepared], sections: &[PreparedSection]) -> Targets {
        let mut by_key: HashMap<String, Option<String>> = HashMap::new();
        for page in pages {
            let target = (!page.doc.front.draft).then(|| format!("@/{}", page.content_path()));
            for key in &page.doc.keys {
                for variant in key_variants(key) {
                    by_key.entry(variant).or_insert_with(|| target.clone());
                }
            }
        }
        for section in sections {
            let file = section.content_path();
            let target = Some(format!("@/{file}"));
            if section.doc.dir.is_empty() {
                // Hugo's `{{< ref "/" >}}` is the home page.
                by_key
                    .entry(String::new())
                    .or_insert_with(|| target.clone());
            }
            for variant in key_variants(&file) {
                by_key.entry(variant).or_insert_with(|| target.clone());
            }
        }
        Targets { by_key }
    }

    /// Replaces each placeholder of `body` (refs[i] for placeholder i) with its ruche link,
    /// or puts the text back and notes it (at `origin`) when no page or section has that name.
    pub fn resolve(
        &self,
        origin: &str,
        body: &mut String,
        refs: &[(String, String)],
        notes: &mut Vec<Note>,
        counts: &mut Counts,
    ) {
        for (i, (key, written)) in refs.iter().enumerate() {
            // The anchor is dropped: the page's heading ids may differ from the old site's,
            // and ruche checks every anchor.
            let bare = key.split('#').next().unwrap_or(key);
            let found = key_variants(bare)
                .into_iter()
                .find_map(|v| self.by_key.get(&v));
            let with = match found {
                Some(Some(target)) => target.clone(),
                Some(None) => {
                    notes.push(Note::new(origin, 0, What::LinkToDraft(key.clone())));
                    written.clone()
                }
                None => {
                    // Liquid and shortcodes put back are listed with their line anyway.
                    if media::leftovers(written).is_empty() {
                        notes.push(Note::new(origin, 0, What::UnresolvedLink(key.clone())));
                    }
                    written.clone()
                }
            };
            counts.converted += usize::from(matches!(found, Some(Some(_))));
            *body = body.replace(&placeholder(i), &with);
        }
    }
}

/// The old addresses of the imported pages, for the links written as one
/// (`https://site.org/2020/01/x/`, `/2020/01/x/`, as WordPress bodies hold them).
pub struct OldAddresses {
    by_path: HashMap<String, String>,
    host: Option<String>,
    base_path: String,
}

impl OldAddresses {
    /// The old addresses and aliases of `pages` (drafts excepted, since they are not built),
    /// on the site at `base_url` whose path is `base_path`.
    pub fn new(pages: &[Prepared], base_url: Option<&str>, base_path: &str) -> OldAddresses {
        let mut by_path: HashMap<String, String> = HashMap::new();
        for page in pages.iter().filter(|p| !p.doc.front.draft) {
            let target = format!("@/{}", page.content_path());
            let olds = page.doc.old_urls.iter().chain(&page.doc.front.aliases);
            for old in olds {
                by_path
                    .entry(place::site_path(old, base_path))
                    .or_insert_with(|| target.clone());
            }
        }
        let host = base_url
            .and_then(|u| u.split_once("://"))
            .map(|(_, rest)| rest.split('/').next().unwrap_or("").to_ascii_lowercase());
        OldAddresses {
            by_path,
            host,
            base_path: base_path.to_string(),
        }
    }

    /// Makes each link of `body` to an old address `@/section/page.md`, which ruche checks;
    /// returns how many were.
    pub fn relink(&self, body: &mut String) -> usize {
        let find = |dest: &str| -> Option<String> {
            let ours = match dest.split_once("://") {
                Some((_, rest)) => {
                    let dest_host = rest.split('/').next().unwrap_or("").to_ascii_lowercase();
                    self.host.as_deref() == Some(dest_host.as_str())
                }
                None => dest.starts_with('/') && !dest.starts_with("//"),
            };
            let path = place::site_path(dest, &self.base_path);
            ours.then(|| self.by_path.get(&path).cloned())?
        };
        let (text, n) = media::rewrite_links(body, &find);
        *body = text;
        n
    }
}

/// The spellings under which a page can be named: with or without folder, extension, leading
/// `/` or a trailing `/index` (`/_index` for a section).
fn key_variants(key: &str) -> Vec<String> {
    let key = key.trim().trim_matches('/');
    let no_ext = key
        .rsplit_once('.')
        .filter(|(_, e)| !e.contains('/'))
        .map_or(key, |(s, _)| s);
    let no_index = no_ext
        .strip_suffix("/index")
        .or_else(|| no_ext.strip_suffix("/_index"))
        .unwrap_or(no_ext);
    let last = no_index.rsplit('/').next().unwrap_or(no_index);
    let mut out = vec![
        key.to_string(),
        no_ext.to_string(),
        no_index.to_string(),
        last.to_string(),
    ];
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_tried_with_and_without_its_folder_extension_and_index() {
        assert_eq!(
            key_variants("/posts/fete/index.md"),
            [
                "posts/fete/index.md",
                "posts/fete/index",
                "posts/fete",
                "fete"
            ]
        );
        assert_eq!(
            key_variants("blog/_index.md"),
            ["blog/_index.md", "blog/_index", "blog"]
        );
        assert_eq!(key_variants("/"), [""]);
    }
}
