//! A content file's text → its front matter, typed and checked, and its Markdown body.
//!
//! In: the text of one `.md` file. Out: [`PageMeta`] or [`SectionMeta`] (the settings the rest
//! of the program trusts), the byte offset and line where the body starts, and warnings for
//! unknown keys (kept under `extra` for the templates, so content moved over from Jekyll or Hugo
//! still builds while typos like `dat` are caught).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;

use super::matter::{Format, Matter};
use crate::error::{did_you_mean, Diagnostic};
use crate::text::dates::When;

const PAGE_KEYS: &[&str] = &[
    "title",
    "date",
    "updated",
    "description",
    "draft",
    "slug",
    "aliases",
    "authors",
    "cover",
    "gallery",
    "template",
    "weight",
    "event",
    "search",
    "extra",
];

const SECTION_KEYS: &[&str] = &[
    "title",
    "description",
    "sort_by",
    "paginate_by",
    "template",
    "page_template",
    "draft",
    "weight",
    "extra",
];

/// A cover image; `alt` is required so that every image is described.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Cover {
    /// Image path, relative to the page (bundle) or the site root (`/images/x.jpg`), or a URL.
    pub src: String,
    /// What the image shows, for people who cannot see it.
    pub alt: String,
}

/// A photo of a page's gallery; `alt` is required, as for the cover.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct GalleryItem {
    /// Image path, relative to the page (bundle) or the site root (`/images/x.jpg`).
    pub src: String,
    /// What the photo shows, for people who cannot see it.
    pub alt: String,
    /// A caption shown under the thumbnail.
    #[serde(default)]
    pub caption: Option<String>,
    /// Who took the photo.
    #[serde(default)]
    pub credit: Option<String>,
}

/// A person speaking at an event.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Speaker {
    /// Full name.
    pub name: String,
    /// Role or organisation, if given.
    #[serde(default)]
    pub role: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvent {
    start: String,
    #[serde(default)]
    end: Option<String>,
    #[serde(default)]
    location: Option<String>,
    #[serde(default)]
    address: Option<String>,
    #[serde(default)]
    organizers: Vec<String>,
    #[serde(default)]
    speakers: Vec<Speaker>,
    #[serde(default)]
    url: Option<String>,
}

/// A session or event the page is about.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// When it starts.
    pub start: When,
    /// When it ends (not before `start`).
    pub end: Option<When>,
    /// Name of the place.
    pub location: Option<String>,
    /// Street address.
    pub address: Option<String>,
    /// Who organises it.
    pub organizers: Vec<String>,
    /// Who speaks.
    pub speakers: Vec<Speaker>,
    /// The event's own web page.
    pub url: Option<String>,
}

#[derive(Deserialize)]
struct RawPage {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    updated: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    slug: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    authors: Vec<String>,
    #[serde(default)]
    cover: Option<Cover>,
    #[serde(default)]
    gallery: Vec<GalleryItem>,
    #[serde(default)]
    template: Option<String>,
    #[serde(default)]
    weight: Option<i64>,
    #[serde(default)]
    event: Option<RawEvent>,
    #[serde(default)]
    search: Option<bool>,
}

/// A page's front matter, checked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageMeta {
    /// Title (required).
    pub title: String,
    /// Publication date: front matter `date`, else the file or folder name's prefix.
    pub date: Option<When>,
    /// Last update.
    pub updated: Option<When>,
    /// Summary for lists, feeds and meta tags.
    pub description: Option<String>,
    /// Built only with `--drafts`.
    pub draft: bool,
    /// Replaces the last URL segment.
    pub slug: Option<String>,
    /// Old URLs that redirect here.
    pub aliases: Vec<String>,
    /// Authors' names.
    pub authors: Vec<String>,
    /// Cover image.
    pub cover: Option<Cover>,
    /// Photos shown as a gallery.
    pub gallery: Vec<GalleryItem>,
    /// Template to render with.
    pub template: Option<String>,
    /// Order for `sort_by: weight`.
    pub weight: i64,
    /// The event the page is about.
    pub event: Option<Event>,
    /// `search: false` keeps the page out of the search index.
    pub no_search: bool,
    /// Terms per taxonomy name, as written.
    pub taxonomies: BTreeMap<String, Vec<String>>,
    /// Whether `date` was taken from a `YYYY-MM-DD-` file or folder name rather than written.
    pub date_from_name: bool,
    /// Free map for the theme, with unknown keys added.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    /// Newest first.
    #[default]
    Date,
    /// Lightest `weight` first.
    Weight,
    /// Alphabetical.
    Title,
    /// Upcoming events first (soonest first), then past ones (latest first).
    Event,
}

/// A section's front matter (`_index.md`), checked.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SectionMeta {
    /// Title; the folder name when missing.
    #[serde(default)]
    pub title: Option<String>,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Page order.
    #[serde(default)]
    pub sort_by: SortBy,
    /// Page size of the list; the site's when missing.
    #[serde(default)]
    pub paginate_by: Option<usize>,
    /// Template for the section's own page.
    #[serde(default)]
    pub template: Option<String>,
    /// Template for its pages.
    #[serde(default)]
    pub page_template: Option<String>,
    /// Skipped unless `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// Order in the site menu.
    #[serde(default)]
    pub weight: i64,
    /// Free map for the theme.
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// A file split into its front matter and body.
pub struct Split<'a> {
    /// The front matter between its fences (empty when there is none).
    pub text: &'a str,
    /// Its language: YAML between `---` lines, TOML between `+++` lines.
    pub format: Format,
    /// Byte offset where the Markdown body starts.
    pub body_start: usize,
    /// 1-based line where the body starts.
    pub body_line: usize,
}

/// Splits `---\nyaml\n---\nbody` or `+++\ntoml\n+++\nbody`. A file without front matter
/// is all body.
pub fn split<'a>(file: &Path, text: &'a str, source: &Arc<str>) -> Result<Split<'a>, Diagnostic> {
    let start = text.strip_prefix('\u{feff}').map_or(0, |_| 3);
    let rest = &text[start..];
    let first_line = rest.split_inclusive('\n').next().unwrap_or("");
    let format = match first_line.trim_end() {
        "---" => Format::Yaml,
        "+++" => Format::Toml,
        _ => {
            return Ok(Split {
                text: "",
                format: Format::Yaml,
                body_start: start,
                body_line: 1,
            })
        }
    };
    let fence = format.fence();
    let matter_start = start + first_line.len();
    let mut offset = matter_start;
    for (i, line) in text[matter_start..].split_inclusive('\n').enumerate() {
        if line.trim_end() == fence {
            return Ok(Split {
                text: &text[matter_start..offset],
                format,
                body_start: offset + line.len(),
                body_line: i + 3,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(file, crate::t!("matter-never-closed"))
        .at(1, 1)
        .with_source(source.clone())
        .hint(crate::t!("matter-never-closed-hint", fence = fence)))
}

/// Parses a page's front matter. `taxonomies` are the site's taxonomy names.
pub fn parse_page(
    matter: &Matter,
    taxonomies: &[String],
    warnings: &mut Vec<Diagnostic>,
) -> Result<PageMeta, Diagnostic> {
    let hint = &crate::t!("matter-form-hint");
    let value = matter.parse_value(hint)?;
    // The YAML is parsed once: the typed fields are read from the parsed value. Only when that
    // fails is the text parsed again into them, for serde_yaml's message with its line and
    // column (and its leniency: `title: 2025` is a text there, a number in the value).
    let raw = match value {
        serde_json::Value::Object(_) => RawPage::deserialize(&value).ok(),
        _ => None,
    };
    let map = as_object(value, matter)?;
    let raw: RawPage = match raw {
        Some(raw) => raw,
        None => matter.parse(hint)?,
    };
    let mut meta = PageMeta {
        title: raw.title.ok_or_else(|| missing_title(matter))?,
        date: parse_when(matter, "date", raw.date.as_deref())?,
        updated: parse_when(matter, "updated", raw.updated.as_deref())?,
        description: raw.description,
        draft: raw.draft,
        slug: raw.slug,
        aliases: raw.aliases,
        authors: raw.authors,
        cover: raw.cover,
        gallery: raw.gallery,
        template: raw.template,
        weight: raw.weight.unwrap_or(0),
        event: raw.event.map(|e| resolve_event(matter, e)).transpose()?,
        no_search: raw.search == Some(false),
        ..PageMeta::default()
    };
    let mut known: Vec<&str> = PAGE_KEYS.to_vec();
    known.extend(taxonomies.iter().map(String::as_str));
    for (key, value) in flatten_taxonomies(map, taxonomies) {
        if taxonomies.contains(&key) {
            meta.taxonomies
                .insert(key.clone(), terms(matter, &key, value)?);
        } else if key == "extra" {
            if let serde_json::Value::Object(extra) = value {
                meta.extra.extend(extra);
            }
        } else if !PAGE_KEYS.contains(&key.as_str()) {
            warnings.push(unknown_key(matter, &key, &known));
            meta.extra.insert(key, value);
        }
    }
    Ok(meta)
}

/// Zola writes a page's terms in a `[taxonomies]` table (`taxonomies = {tags = [...]}`): its
/// entries named like one of the site's taxonomies are read as if written at the top level.
fn flatten_taxonomies(
    mut map: serde_json::Map<String, serde_json::Value>,
    taxonomies: &[String],
) -> serde_json::Map<String, serde_json::Value> {
    let Some(serde_json::Value::Object(table)) = map.get_mut("taxonomies") else {
        return map;
    };
    let known: Vec<(String, serde_json::Value)> = taxonomies
        .iter()
        .filter_map(|name| Some((name.clone(), table.remove(name)?)))
        .collect();
    if table.is_empty() {
        map.remove("taxonomies");
    }
    for (name, terms) in known {
        map.entry(name).or_insert(terms);
    }
    map
}

/// Parses a section's front matter (`_index.md`).
pub fn parse_section(
    matter: &Matter,
    warnings: &mut Vec<Diagnostic>,
) -> Result<SectionMeta, Diagnostic> {
    let hint = &crate::t!("matter-form-hint-section");
    let map = as_object(matter.parse_value(hint)?, matter)?;
    let mut meta: SectionMeta = if matter.text.trim().is_empty() {
        SectionMeta::default()
    } else {
        matter.parse(hint)?
    };
    for (key, value) in map {
        if !SECTION_KEYS.contains(&key.as_str()) {
            warnings.push(unknown_key(matter, &key, SECTION_KEYS));
            meta.extra.insert(key, value);
        }
    }
    if meta.paginate_by == Some(0) {
        return Err(matter.error_at_key("paginate_by", crate::t!("config-paginate-by-zero")));
    }
    Ok(meta)
}

fn as_object(
    value: serde_json::Value,
    matter: &Matter,
) -> Result<serde_json::Map<String, serde_json::Value>, Diagnostic> {
    match value {
        serde_json::Value::Object(map) => Ok(map),
        serde_json::Value::Null => Ok(Default::default()),
        _ => Err(
            Diagnostic::error(matter.file, crate::t!("matter-not-a-map"))
                .at(matter.line_offset + 1, 1)
                .with_source(matter.source.clone())
                .hint(crate::t!("matter-not-a-map-hint")),
        ),
    }
}

fn missing_title(matter: &Matter) -> Diagnostic {
    let line = match matter.format {
        Format::Yaml => "title: Le titre de l'article",
        Format::Toml => "title = \"Le titre de l'article\"",
    };
    let fence = matter.format.fence();
    Diagnostic::error(matter.file, crate::t!("matter-no-title"))
        .at(matter.line_offset.max(1), 1)
        .with_source(matter.source.clone())
        .hint(crate::t!(
            "matter-no-title-hint",
            line = line,
            fence = fence
        ))
}

fn unknown_key(matter: &Matter, key: &str, known: &[&str]) -> Diagnostic {
    let mut d = matter
        .error_at_key(key, crate::t!("matter-unknown-key", key = key))
        .warning();
    d.column = 1;
    match did_you_mean(key, known) {
        Some(near) => d.hint(crate::t!("did-you-mean", near = near)),
        None => d.hint(crate::t!("matter-known-keys", keys = known.join(", "))),
    }
}

fn parse_when(matter: &Matter, key: &str, value: Option<&str>) -> Result<Option<When>, Diagnostic> {
    value
        .map(|v| {
            When::parse(v.trim()).map_err(|message| {
                matter
                    .error_at_key(key, crate::t!("yaml-in-key", key = key, words = message))
                    .hint(crate::t!("matter-date-hint"))
            })
        })
        .transpose()
}

fn resolve_event(matter: &Matter, raw: RawEvent) -> Result<Event, Diagnostic> {
    let start = When::parse(raw.start.trim()).map_err(|m| event_error(matter, "start", &m))?;
    let end = raw
        .end
        .map(|e| When::parse(e.trim()).map_err(|m| event_error(matter, "end", &m)))
        .transpose()?;
    if let Some(end) = &end {
        if end.sort_key() < start.sort_key() {
            return Err(event_error(
                matter,
                "end",
                &crate::t!("matter-event-ends-before"),
            ));
        }
    }
    Ok(Event {
        start,
        end,
        location: raw.location,
        address: raw.address,
        organizers: raw.organizers,
        speakers: raw.speakers,
        url: raw.url,
    })
}

fn event_error(matter: &Matter, key: &str, message: &str) -> Diagnostic {
    let line = matter.key_line("event");
    let offset = matter
        .text
        .lines()
        .skip(line - matter.line_offset)
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with([':', '=']))
        });
    let line = offset.map_or(line, |o| line + o + 1);
    let key = format!("event.{key}");
    Diagnostic::error(
        matter.file,
        crate::t!("yaml-in-key", key = key, words = message),
    )
    .at(line, 1)
    .with_source(matter.source.clone())
    .hint(crate::t!("matter-event-date-hint"))
}

fn terms(matter: &Matter, key: &str, value: serde_json::Value) -> Result<Vec<String>, Diagnostic> {
    let scalar = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => Some(s.trim().to_string()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    let list = match &value {
        serde_json::Value::Array(items) => items.iter().map(scalar).collect::<Option<Vec<_>>>(),
        serde_json::Value::Null => Some(Vec::new()),
        other => scalar(other).map(|s| vec![s]),
    };
    list.map(|l| l.into_iter().filter(|s| !s.is_empty()).collect())
        .ok_or_else(|| {
            matter
                .error_at_key(key, crate::t!("matter-not-terms", key = key))
                .hint(crate::t!("matter-not-terms-hint", key = key))
        })
}
