//! What a publish sends, replaces and removes, decided without touching the network.
//!
//! In: the built files (path → [`Entry`]: content hash and size), the manifest found on the
//! server (what ruche published last time), or, the first time, the files already there
//! ([`Found`]: their sizes, and their hashes where the server can tell them). Out: a
//! [`Plan`] — the uploads in the safe order (assets, then pages, then the home page, feeds and
//! sitemap) and the removals, which always come last.
//!
//! Pure functions: the unit tests below pin the order and the choices.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The manifest's name at the root of the remote folder.
pub const MANIFEST: &str = ".ruche-manifest.json";

/// The suffix of the temporary name a file is uploaded under before it is renamed into place.
pub const TEMP_SUFFIX: &str = ".ruche-tmp";

/// The suffix an old file is moved aside under, on a server that cannot rename over a file.
pub const OLD_SUFFIX: &str = ".ruche-old";

/// One published file: its SHA-256 (hex) and size in bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// SHA-256 of the content, lowercase hex.
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
}

/// What ruche published last time, kept on the server as [`MANIFEST`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Written by (`ruche`), so a person finding the file knows where it comes from.
    pub generator: String,
    /// Path (relative, `/`-separated) → what was sent.
    pub files: BTreeMap<String, Entry>,
}

impl Manifest {
    /// The manifest describing `files`.
    pub fn of(files: &BTreeMap<String, Entry>) -> Manifest {
        Manifest {
            generator: "ruche".into(),
            files: files.clone(),
        }
    }
}

/// The files on a server that has no manifest: each one's size, and the SHA-256 (hex) of
/// those the server could hash itself (FTP's `HASH`; most servers cannot).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Found {
    /// Path (relative, `/`-separated) → size in bytes.
    pub sizes: BTreeMap<String, u64>,
    /// Path → SHA-256, for files whose size matched the built one's and the server hashed.
    pub hashes: BTreeMap<String, String>,
}

/// Why a file is in the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Not on the server yet.
    New,
    /// On the server with other content.
    Replaced,
}

/// The order group a file belongs to: what others link to goes first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    /// Stylesheets, scripts, images, the search index, calendars: what pages point to.
    Asset,
    /// Every HTML page but the home page.
    Page,
    /// The home page, the feeds and the sitemap: what announces the new pages.
    Front,
}

/// One file to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    /// Path relative to the site's root, `/`-separated.
    pub path: String,
    /// Size in bytes.
    pub size: u64,
    /// New or replaced.
    pub change: Change,
    /// Its order group.
    pub phase: Phase,
}

/// Everything a publish does, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Files to send, assets first, then pages, then the home page, feeds and sitemap.
    pub uploads: Vec<Upload>,
    /// Files ruche published before and the site no longer has; removed after every upload.
    pub removals: Vec<String>,
    /// Files already on the server as they are.
    pub unchanged: usize,
}

impl Plan {
    /// Number and total size of the uploads of one kind.
    pub fn count(&self, change: Change) -> (usize, u64) {
        self.uploads
            .iter()
            .filter(|u| u.change == change)
            .fold((0, 0), |(n, bytes), u| (n + 1, bytes + u.size))
    }

    /// Total bytes to send.
    pub fn bytes(&self) -> u64 {
        self.uploads.iter().map(|u| u.size).sum()
    }

    /// Whether there is nothing to do (the manifest may still need writing).
    pub fn is_empty(&self) -> bool {
        self.uploads.is_empty() && self.removals.is_empty()
    }
}

/// The order group of a site path.
pub fn phase_of(path: &str) -> Phase {
    let root_level = !path.contains('/');
    let is = |ext: &str| {
        std::path::Path::new(path)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case(ext))
    };
    if path == "index.html" || is("xml") || (root_level && is("txt")) {
        Phase::Front
    } else if is("html") || is("htm") {
        Phase::Page
    } else {
        Phase::Asset
    }
}

/// Decides what to send and remove. With a manifest, a file is sent when its hash differs from
/// the one published; without one (the first publish, or a manifest lost), a file already on
/// the server with the same size (and the same hash, where the server gave one) is taken as
/// published, and nothing is removed: only what ruche itself published, as the manifest
/// says, is ever removed.
pub fn plan(
    local: &BTreeMap<String, Entry>,
    published: Option<&Manifest>,
    found: Option<&Found>,
) -> Plan {
    let mut out = Plan::default();
    for (path, entry) in local {
        let change = match (published, found) {
            (Some(m), _) => match m.files.get(path) {
                Some(old) if old.sha256 == entry.sha256 => None,
                Some(_) => Some(Change::Replaced),
                None => Some(Change::New),
            },
            (None, Some(found)) => match found.sizes.get(path) {
                Some(&size) if size == entry.size => match found.hashes.get(path) {
                    Some(hash) if *hash != entry.sha256 => Some(Change::Replaced),
                    _ => None,
                },
                Some(_) => Some(Change::Replaced),
                None => Some(Change::New),
            },
            (None, None) => Some(Change::New),
        };
        match change {
            Some(change) => out.uploads.push(Upload {
                path: path.clone(),
                size: entry.size,
                change,
                phase: phase_of(path),
            }),
            None => out.unchanged += 1,
        }
    }
    // Stable: within a group the paths keep their sorted order.
    out.uploads.sort_by_key(|u| u.phase);
    if let Some(m) = published {
        out.removals = m
            .files
            .keys()
            .filter(|p| !local.contains_key(*p) && p.as_str() != MANIFEST)
            .cloned()
            .collect();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(hash: &str, size: u64) -> Entry {
        Entry {
            sha256: hash.into(),
            size,
        }
    }

    fn files(list: &[(&str, &str, u64)]) -> BTreeMap<String, Entry> {
        list.iter()
            .map(|(p, h, s)| (p.to_string(), entry(h, *s)))
            .collect()
    }

    #[test]
    fn assets_go_first_then_pages_then_the_front_files() {
        let local = files(&[
            ("atom.xml", "a", 1),
            ("index.html", "b", 1),
            ("actualites/x/index.html", "c", 1),
            ("actualites/x/photo-480.webp", "d", 1),
            ("sitemap.xml", "e", 1),
            ("style.css", "f", 1),
            ("robots.txt", "g", 1),
            ("actualites/atom.xml", "h", 1),
            ("404.html", "i", 1),
        ]);
        let p = plan(&local, None, None);
        let order: Vec<&str> = p.uploads.iter().map(|u| u.path.as_str()).collect();
        assert_eq!(
            order,
            [
                "actualites/x/photo-480.webp",
                "style.css",
                "404.html",
                "actualites/x/index.html",
                "actualites/atom.xml",
                "atom.xml",
                "index.html",
                "robots.txt",
                "sitemap.xml",
            ]
        );
        assert!(p.uploads.iter().all(|u| u.change == Change::New));
    }

    #[test]
    fn with_a_manifest_only_changed_and_new_files_are_sent_and_old_ones_removed() {
        let local = files(&[
            ("a.css", "1", 3),
            ("b/index.html", "2", 5),
            ("c.js", "3", 1),
        ]);
        let old = Manifest::of(&files(&[
            ("a.css", "1", 3),
            ("b/index.html", "old", 5),
            ("gone/index.html", "9", 9),
        ]));
        let p = plan(&local, Some(&old), None);
        let sent: Vec<(&str, Change)> = p
            .uploads
            .iter()
            .map(|u| (u.path.as_str(), u.change))
            .collect();
        assert_eq!(
            sent,
            [("c.js", Change::New), ("b/index.html", Change::Replaced)]
        );
        assert_eq!(p.removals, ["gone/index.html"]);
        assert_eq!(p.unchanged, 1);
        assert_eq!(p.count(Change::Replaced), (1, 5));
        assert_eq!(p.bytes(), 6);
    }

    #[test]
    fn without_a_manifest_sizes_and_the_servers_hashes_decide_and_nothing_is_removed() {
        let local = files(&[
            ("a.css", "1", 3),
            ("b.css", "2", 4),
            ("c.css", "3", 5),
            ("d.css", "4", 6),
            ("e.css", "5", 7),
        ]);
        let found = Found {
            sizes: [
                ("a.css", 3),
                ("b.css", 40),
                ("d.css", 6),
                ("e.css", 7),
                (".htaccess", 12),
            ]
            .map(|(p, size)| (p.to_string(), size))
            .into(),
            // The server hashed d and e: d is the same, e is not.
            hashes: [("d.css", "4"), ("e.css", "other")]
                .map(|(p, h)| (p.to_string(), h.to_string()))
                .into(),
        };
        let p = plan(&local, None, Some(&found));
        let sent: Vec<(&str, Change)> = p
            .uploads
            .iter()
            .map(|u| (u.path.as_str(), u.change))
            .collect();
        assert_eq!(
            sent,
            [
                ("b.css", Change::Replaced),
                ("c.css", Change::New),
                ("e.css", Change::Replaced)
            ]
        );
        assert!(p.removals.is_empty(), "{:?}", p.removals);
        assert_eq!(p.unchanged, 2);
    }

    #[test]
    fn files_ruche_never_published_are_never_removed() {
        let local = files(&[("index.html", "1", 1)]);
        let old = Manifest::of(&files(&[("index.html", "1", 1), ("old.html", "2", 1)]));
        let p = plan(&local, Some(&old), None);
        assert_eq!(p.removals, ["old.html"]);
        assert!(p.uploads.is_empty() && !p.is_empty());
        let again = plan(&local, Some(&Manifest::of(&local)), None);
        assert!(again.is_empty());
    }

    #[test]
    fn the_manifest_reads_back_what_it_wrote() {
        let m = Manifest::of(&files(&[("a b/é.html", "ff", 7)]));
        let text = serde_json::to_string(&m).unwrap();
        assert_eq!(serde_json::from_str::<Manifest>(&text).unwrap(), m);
    }
}
