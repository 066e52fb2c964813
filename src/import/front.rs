//! Foreign front matter → ruche's keys.
//!
//! In: a Markdown file's text (YAML between `---` or TOML between `+++`). Out: the keys as a
//! JSON map and the body with the line it starts on ([`split`]), then a [`Front`] in ruche's
//! keys ([`translate`]): `image` → `cover`, `excerpt`/`summary` → `description`, `author` →
//! `authors`, `lastmod` → `updated`, Zola's `[taxonomies]` flattened, `draft`/`published`/
//! `status` → `draft`, every other key under `extra`. The keys that say where the page was
//! (`permalink`, `url`, `path`, `aliases`, `redirect_from`) are handed back apart.

use std::path::Path;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::model::{Cover, Front};
use crate::error::Diagnostic;
use crate::yaml::Yaml;

/// A file's front matter as a map, and its body.
#[derive(Debug)]
pub struct Split<'a> {
    /// The keys.
    pub keys: Map<String, Value>,
    /// The body text.
    pub body: &'a str,
    /// The 1-based line where the body starts.
    pub body_line: usize,
}

/// Splits `text` (the file `file`) into front matter and body, parsing the front matter.
pub fn split<'a>(file: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let fence = ["---", "+++"]
        .into_iter()
        .find(|f| text.lines().next().is_some_and(|l| l.trim_end() == *f));
    let Some(fence) = fence else {
        return Ok(Split {
            keys: Map::new(),
            body: text,
            body_line: 1,
        });
    };
    let after_open = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut offset = after_open;
    for (line, l) in (2..).zip(text[after_open..].split_inclusive('\n')) {
        if l.trim_end() == fence {
            let raw = &text[after_open..offset];
            let keys = if fence == "---" {
                parse_yaml(file, text, raw)?
            } else {
                parse_toml(file, raw)?
            };
            return Ok(Split {
                keys,
                body: &text[offset + l.len()..],
                body_line: line + 1,
            });
        }
        offset += l.len();
    }
    Err(
        Diagnostic::error(file, crate::t!("import-front-unclosed", fence = fence))
            .at(1, 1)
            .hint(crate::t!("import-front-unclosed-hint", fence = fence)),
    )
}

fn parse_yaml(file: &Path, text: &str, raw: &str) -> Result<Map<String, Value>, Diagnostic> {
    let source: Arc<str> = Arc::from(text);
    let yaml = Yaml {
        text: raw,
        file,
        source: &source,
        line_offset: 1,
    };
    match yaml.parse_value(&crate::t!("import-front-fix-hint"))? {
        Value::Object(map) => Ok(map),
        Value::Null => Ok(Map::new()),
        _ => Err(Diagnostic::error(file, crate::t!("import-front-not-keys")).at(2, 1)),
    }
}

fn parse_toml(file: &Path, raw: &str) -> Result<Map<String, Value>, Diagnostic> {
    match raw.parse::<toml::Table>() {
        Ok(table) => Ok(toml_map(table)),
        Err(e) => {
            let (line, column) = e.span().map_or((1, 1), |span| {
                let before = &raw[..span.start.min(raw.len())];
                let line = before.matches('\n').count() + 1;
                let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                (line, column)
            });
            let reason = e.message();
            Err(
                Diagnostic::error(file, crate::t!("import-front-toml", reason = reason))
                    .at(line + 1, column)
                    .hint(crate::t!("import-front-fix-hint")),
            )
        }
    }
}

/// A TOML table as JSON, dates written as text (as the build reads TOML front matter).
pub fn toml_map(table: toml::Table) -> Map<String, Value> {
    match crate::content::matter::json_of(toml::Value::Table(table)) {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// What [`translate`] found besides the front matter itself.
#[derive(Debug, Default)]
pub struct Found {
    /// The page's own address rule (`permalink`, `url`, `path`), if any.
    pub permalink: Option<String>,
    /// Old addresses listed in the source (`aliases`, `redirect_from`).
    pub aliases: Vec<String>,
    /// A date that could not be read, kept under `extra`.
    pub bad_date: Option<String>,
}

/// The keys that mean the same in ruche under another name, or that say where a page was.
const COVER_KEYS: &[&str] = &["cover", "image", "featured_image", "thumbnail", "banner"];
const DESCRIPTION_KEYS: &[&str] = &["description", "excerpt", "summary"];
const UPDATED_KEYS: &[&str] = &["updated", "lastmod", "last_modified_at", "modified"];

/// Translates foreign keys into a [`Front`]; `fallback_title` is used when there is no title.
pub fn translate(mut keys: Map<String, Value>, fallback_title: &str) -> (Front, Found) {
    let mut found = Found::default();
    let mut front = Front {
        title: take_text(&mut keys, "title").unwrap_or_else(|| fallback_title.to_string()),
        ..Front::default()
    };
    if let Some(raw) = keys.remove("date").as_ref().and_then(text_of) {
        match normalize_date(&raw) {
            Some(d) => front.date = Some(d),
            None => found.bad_date = Some(raw),
        }
    }
    front.updated = first_text(&mut keys, UPDATED_KEYS).and_then(|d| normalize_date(&d));
    front.description = first_text(&mut keys, DESCRIPTION_KEYS).filter(|d| !d.trim().is_empty());
    front.draft = is_draft(&mut keys);
    front.slug = take_text(&mut keys, "slug").filter(|s| !s.trim().is_empty());
    found.permalink = ["permalink", "url", "path"]
        .iter()
        .find_map(|k| take_text(&mut keys, k));
    for key in ["aliases", "redirect_from"] {
        found
            .aliases
            .extend(keys.remove(key).map(list_of).unwrap_or_default());
    }
    people_and_terms(&mut keys, &mut front);
    front.cover = COVER_KEYS
        .iter()
        .find_map(|k| keys.remove(*k).and_then(|v| cover_of(v, &front.title)));
    front.weight = keys.remove("weight").and_then(|w| w.as_i64());
    if let Some(date) = &found.bad_date {
        front
            .extra
            .insert("date".into(), Value::String(date.clone()));
    }
    for key in ["extra", "params"] {
        if let Some(Value::Object(map)) = keys.remove(key) {
            front.extra.extend(map);
        }
    }
    front.extra.extend(keys);
    front.authors.dedup();
    (front, found)
}

/// `author`/`authors`, Zola's `[taxonomies]` (its `authors` too), `tags`, `tag`,
/// `categories`, `category` → `authors` and the taxonomies.
fn people_and_terms(keys: &mut Map<String, Value>, front: &mut Front) {
    for key in ["authors", "author"] {
        if let Some(v) = keys.remove(key) {
            front.authors.extend(names_of(v));
        }
    }
    if let Some(Value::Object(taxonomies)) = keys.remove("taxonomies") {
        for (name, terms) in taxonomies {
            let target = if name == "authors" { "authors" } else { &name };
            let terms = list_of(terms);
            if target == "authors" {
                front.authors.extend(terms);
            } else {
                add_terms(front, target, terms);
            }
        }
    }
    for (from, to) in [
        ("tags", "tags"),
        ("tag", "tags"),
        ("categories", "categories"),
    ] {
        if let Some(v) = keys.remove(from) {
            add_terms(front, to, words_of(v));
        }
    }
    if let Some(v) = keys.remove("category") {
        add_terms(front, "categories", list_of(v));
    }
}

fn add_terms(front: &mut Front, taxonomy: &str, terms: Vec<String>) {
    let list = front.taxonomies.entry(taxonomy.to_string()).or_default();
    for term in terms {
        if !term.trim().is_empty() && !list.contains(&term) {
            list.push(term);
        }
    }
}

fn take_text(keys: &mut Map<String, Value>, key: &str) -> Option<String> {
    let value = keys.remove(key)?;
    match text_of(&value) {
        Some(text) => Some(text),
        None => {
            // Not text (a list, a map): kept for the templates rather than lost.
            keys.insert(format!("{key}_original"), value);
            None
        }
    }
}

fn first_text(keys: &mut Map<String, Value>, names: &[&str]) -> Option<String> {
    let key = names.iter().find(|k| keys.contains_key(**k))?;
    take_text(keys, key)
}

fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// `draft: true`, `published: false`, or a status that is not "published".
fn is_draft(keys: &mut Map<String, Value>) -> bool {
    let truthy = |v: &Value| matches!(v, Value::Bool(true)) || v.as_str() == Some("true");
    let falsy = |v: &Value| matches!(v, Value::Bool(false)) || v.as_str() == Some("false");
    let draft = keys.remove("draft").is_some_and(|v| truthy(&v));
    let unpublished = keys.remove("published").is_some_and(|v| falsy(&v));
    let status = keys
        .get("status")
        .and_then(Value::as_str)
        .is_some_and(|s| matches!(s, "draft" | "pending" | "private" | "future"));
    draft || unpublished || status
}

/// A list, or one text (a single term).
fn list_of(value: Value) -> Vec<String> {
    match value {
        Value::Array(items) => items.iter().filter_map(text_of).collect(),
        other => text_of(&other).into_iter().collect(),
    }
}

/// Jekyll writes `tags: a b c` for three tags; a list stays a list.
fn words_of(value: Value) -> Vec<String> {
    match value {
        Value::String(s) => s.split_whitespace().map(str::to_string).collect(),
        other => list_of(other),
    }
}

/// `author: Name`, `author: [a, b]`, `author: {name: …}` → names.
fn names_of(value: Value) -> Vec<String> {
    match value {
        Value::Object(map) => map
            .get("name")
            .or_else(|| map.get("display_name"))
            .and_then(text_of)
            .into_iter()
            .collect(),
        Value::Array(items) => items.into_iter().flat_map(names_of).collect(),
        other => text_of(&other).into_iter().collect(),
    }
}

/// `image: x.jpg`, `image: {src|path|url|image: x.jpg, alt: …}` → a cover.
fn cover_of(value: Value, title: &str) -> Option<Cover> {
    let (src, alt) = match value {
        Value::Object(map) => {
            let src = ["src", "path", "url", "image", "feature"]
                .iter()
                .find_map(|k| map.get(*k).and_then(text_of))?;
            let alt = ["alt", "caption", "title"]
                .iter()
                .find_map(|k| map.get(*k).and_then(text_of));
            (src, alt)
        }
        other => (text_of(&other)?, None),
    };
    let src = src.trim().to_string();
    (!src.is_empty()).then(|| Cover {
        src,
        alt: alt.unwrap_or_else(|| title.to_string()),
    })
}

/// A date as ruche reads it (`2013-05-06`, `2013-05-06T02:12:52+02:00`), from the forms other
/// generators accept (`2013-05-06 02:12:52 +0200`, TOML dates, …); `None` when unreadable.
pub fn normalize_date(raw: &str) -> Option<String> {
    use chrono::{DateTime, NaiveDate, NaiveDateTime};
    let s = raw.trim();
    let out = if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        d.to_rfc3339()
    } else if let Some(d) = [
        "%Y-%m-%d %H:%M:%S %z",
        "%Y-%m-%d %H:%M:%S%.f %z",
        "%Y-%m-%d %H:%M %z",
    ]
    .iter()
    .find_map(|f| DateTime::parse_from_str(s, f).ok())
    {
        d.to_rfc3339()
    } else if let Some(d) = [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
    {
        d.format("%Y-%m-%dT%H:%M:%S").to_string()
    } else {
        // The day alone when the rest is unreadable (`2023-01-29 18:30:22 2023 -0800`, which
        // Ruby reads): the day is what lists and addresses show.
        NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d")
            .ok()
            .filter(|_| s.len() == 10 || s.as_bytes().get(10) == Some(&b' '))?
            .to_string()
    };
    crate::text::dates::When::parse(&out).ok().map(|_| out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_from_other_generators_become_ruche_dates() {
        assert_eq!(
            normalize_date("2013-05-06 02:12:52 +0200").as_deref(),
            Some("2013-05-06T02:12:52+02:00")
        );
        assert_eq!(normalize_date("2020-01-02").as_deref(), Some("2020-01-02"));
        assert_eq!(
            normalize_date("2023-12-04T23:00:00Z").as_deref(),
            Some("2023-12-04T23:00:00+00:00")
        );
        assert_eq!(
            normalize_date("2020-01-02 10:30").as_deref(),
            Some("2020-01-02T10:30:00")
        );
        assert_eq!(
            normalize_date("2023-01-29 18:30:22 2023 -0800").as_deref(),
            Some("2023-01-29")
        );
        assert_eq!(normalize_date("hier"), None);
        assert_eq!(normalize_date("2020-13-45"), None);
    }

    #[test]
    fn keys_are_translated_and_the_rest_kept_under_extra() {
        let text = "---\ntitle: T\nexcerpt: E\nauthor: {name: Ana}\ncategories: a b\nimage: x.jpg\nlayout: post\nlastmod: 2020-01-02\npublished: false\n---\nbody\n";
        let s = split(Path::new("a.md"), text).unwrap();
        assert_eq!((s.body, s.body_line), ("body\n", 11));
        let (front, _) = translate(s.keys, "x");
        assert_eq!(front.description.as_deref(), Some("E"));
        assert_eq!(front.authors, ["Ana"]);
        assert_eq!(front.taxonomies["categories"], ["a", "b"]);
        assert_eq!(front.cover.unwrap().src, "x.jpg");
        assert_eq!(front.updated.as_deref(), Some("2020-01-02"));
        assert!(front.draft);
        assert_eq!(front.extra["layout"], "post");
    }

    #[test]
    fn toml_front_matter_and_zola_taxonomies() {
        let text = "+++\ntitle = \"T\"\ndate = 2020-01-02\n[taxonomies]\ntags = [\"x\"]\nauthors = [\"Bo\"]\n[extra]\nk = 1\n+++\nbody";
        let s = split(Path::new("a.md"), text).unwrap();
        let (front, _) = translate(s.keys, "x");
        assert_eq!(front.date.as_deref(), Some("2020-01-02"));
        assert_eq!(front.taxonomies["tags"], ["x"]);
        assert_eq!(front.authors, ["Bo"]);
        assert_eq!(front.extra["k"], 1);
        let err = split(Path::new("b.md"), "+++\ntitle = \n+++\n").unwrap_err();
        assert_eq!(err.line, 2, "{err}");
        let err = split(Path::new("c.md"), "---\ntitle: [x\n---\n").unwrap_err();
        assert_eq!(err.line, 2, "{err}");
    }
}
