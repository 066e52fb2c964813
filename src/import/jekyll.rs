//! A Jekyll site: `_config.yml`, `_posts/`, `_drafts/` and the pages with front matter.
//!
//! In: the site's root folder. Out: a [`Source`] whose posts sit in one section, each with the
//! address Jekyll gave it: its own `permalink`, else the site's (`date`, `pretty`, `none`,
//! `ordinal` or a pattern, also read from `collections.posts` and `defaults`), the date taken
//! from the front matter or the file name (`2013-05-06-x.markdown`). Pages keep their
//! `permalink` or `/path/name.html`.

use std::path::Path;

use serde_json::{Map, Value};

use super::folders::{self, markdown_files, rel, text, title_of_dir};
use super::front::{self, translate};
use super::model::{Doc, Source, Syntax};
use super::permalink::{self, Facts};
use super::report::{Note, What};
use crate::text::dates::parse_date_prefix;

/// Reads `_config.yml` into the site settings and returns the posts' permalink pattern.
pub fn settings(root: &Path, src: &mut Source) -> String {
    let Some(config) = folders::read_config(&root.join("_config.yml"), &mut src.notes) else {
        return "date".into();
    };
    src.title = text(&config, "title");
    src.description = text(&config, "description");
    src.language = text(&config, "lang").or_else(|| text(&config, "locale"));
    let url = text(&config, "url").unwrap_or_default();
    let baseurl = text(&config, "baseurl").unwrap_or_default();
    if !url.is_empty() {
        src.base_url = Some(format!("{}{}", url.trim_end_matches('/'), baseurl));
    }
    posts_pattern(&config).unwrap_or_else(|| "date".into())
}

/// The posts' pattern: `collections.posts.permalink`, a `defaults` entry for posts, or the
/// site's `permalink`.
fn posts_pattern(config: &Map<String, Value>) -> Option<String> {
    let collection = config
        .get("collections")
        .and_then(|c| c.get("posts"))
        .and_then(|p| p.get("permalink"))
        .and_then(Value::as_str);
    let defaults = config
        .get("defaults")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|d| {
            let scope = d.get("scope");
            let kind = scope.and_then(|s| s.get("type")).and_then(Value::as_str);
            let path = scope.and_then(|s| s.get("path")).and_then(Value::as_str);
            kind == Some("posts") || path == Some("_posts")
        })
        .find_map(|d| d.get("values")?.get("permalink")?.as_str());
    collection
        .or(defaults)
        .or_else(|| config.get("permalink").and_then(Value::as_str))
        .map(str::to_string)
}

/// The section the posts go to: the first fixed segment of their pattern (`/news/:year/…` →
/// `news`), else `fallback`.
pub fn section_of(pattern: &str, fallback: &str) -> String {
    pattern
        .split('/')
        .find(|s| !s.is_empty())
        .filter(|s| {
            !s.contains(':') && !matches!(*s, "date" | "pretty" | "none" | "ordinal" | "weekdate")
        })
        .map(crate::text::slug::slugify)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| fallback.to_string())
}

/// Reads the posts, drafts and pages of the Jekyll site at `root` into `src`.
pub fn read(root: &Path, pattern: &str, section: &str, src: &mut Source) {
    for (dir, draft) in [("_posts", false), ("_drafts", true)] {
        for path in markdown_files(&root.join(dir), false) {
            if let Some((mut doc, own)) = read_one(root, &path, src) {
                doc.front.draft |= draft;
                place_post(&mut doc, own.as_deref().unwrap_or(pattern), section);
                if draft {
                    // Jekyll never published a draft: it had no address to keep.
                    doc.old_urls.clear();
                }
                src.docs.push(doc);
            }
        }
    }
    for path in markdown_files(root, true) {
        let starts_with_front = std::fs::read(&path).is_ok_and(|b| b.starts_with(b"---"));
        let name = path.file_stem().map(|n| n.to_string_lossy().to_lowercase());
        if !starts_with_front || name.as_deref() == Some("index") {
            continue;
        }
        if let Some((mut doc, own)) = read_one(root, &path, src) {
            let shown = doc.origin.clone();
            let stem = shown.rsplit_once('.').map_or(shown.as_str(), |(s, _)| s);
            let old = own.map_or_else(
                || format!("/{stem}.html"),
                |p| permalink::jekyll(&p, &Facts::default()),
            );
            doc.old_urls.push(old);
            doc.section = String::new();
            src.docs.push(doc);
        }
    }
}

/// Reads one file, with its own `permalink` if it has one; a note when it cannot be read.
fn read_one(root: &Path, path: &Path, src: &mut Source) -> Option<(Doc, Option<String>)> {
    let shown = rel(root, path);
    let text = folders::read_text(path, &shown, &mut src.notes)?;
    let split = front::split(Path::new(&shown), &text)
        .map_err(|d| {
            src.notes
                .push(Note::new(&shown, d.line, What::Unreadable(d.message)));
        })
        .ok()?;
    let stem = path.file_stem()?.to_string_lossy().to_string();
    let (mut front, found) = translate(split.keys, &title_of_dir(&stem));
    if let Some(bad) = &found.bad_date {
        src.notes
            .push(Note::new(&shown, 1, What::BadDate(bad.clone())));
    }
    let file_date = parse_date_prefix(&stem).map(|(d, _)| d.to_string());
    if front.date.is_none() {
        front.date = file_date;
    }
    let doc = Doc {
        keys: vec![shown.clone(), stem.clone()],
        origin: shown,
        body_line: split.body_line,
        section: String::new(),
        name: stem,
        front,
        body: split.body.to_string(),
        syntax: Syntax::Liquid,
        old_urls: found.aliases,
        dir: path.parent().map(Path::to_path_buf),
        bundle_files: Vec::new(),
        attachments: Vec::new(),
        converted: 0,
    };
    Some((doc, found.permalink))
}

/// A post's section and address under `pattern` (the site's, or the post's own).
fn place_post(doc: &mut Doc, pattern: &str, section: &str) {
    doc.section = section.to_string();
    let facts = Facts::of(&doc.front, &doc.name, section);
    doc.old_urls.push(permalink::jekyll(pattern, &facts));
    push_file_date_url(doc, pattern, facts);
}

/// Jekyll dates a post by its front matter, read in the site's time zone, which the export
/// may not say: the address with the file name's date is kept too when it differs, so the
/// post's address is kept whichever day Jekyll settled on.
pub fn push_file_date_url(doc: &mut Doc, pattern: &str, mut facts: Facts) {
    let Some((day, _)) = parse_date_prefix(&doc.name) else {
        return;
    };
    if facts.date != Some(day) {
        facts.date = Some(day);
        let url = permalink::jekyll(pattern, &facts);
        if !doc.old_urls.contains(&url) {
            doc.old_urls.push(url);
        }
    }
}
