//! A WordPress export (WXR 1.2) → a [`Source`], read as a stream.
//!
//! In: the export file and, optionally, the site's `uploads` folder. Out: the channel's title,
//! address, language and description; each post (section `actualites`/`news`) and page (home
//! section) with its date and time zone, status (`draft`, `pending`, `private` → drafts),
//! authors' display names, categories and tags, featured image (`_thumbnail_id` → its
//! attachment, copied from the uploads folder as `cover`), galleries (`[gallery]` → the
//! page's `gallery:`, see [`super::attachments`]), old address (`<link>`) and body
//! converted to Markdown (`super::wphtml`). The file is read one event at a time with
//! quick-xml and each body converted as soon as its item ends, so a large export never sits
//! whole in memory. A broken item is a note; the items before it are kept.

use std::collections::HashMap;
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::attachments::{self, Attachment};
use super::front::normalize_date;
use super::model::{Doc, Front, Source, Syntax};
use super::report::{Note, What};
use super::wphtml::Converter;

/// One `<item>` as read.
#[derive(Debug, Default)]
struct Item {
    fields: HashMap<String, String>,
    categories: Vec<String>,
    tags: Vec<String>,
    meta: Vec<(String, String)>,
}

impl Item {
    fn get(&self, key: &str) -> &str {
        self.fields.get(key).map_or("", |s| s.trim())
    }
}

/// The reader's state between events.
#[derive(Default)]
struct State {
    path: Vec<String>,
    text: String,
    item: Option<Item>,
    domain: Option<String>,
    meta_key: String,
    author_login: String,
    authors: HashMap<String, String>,
    attachments: HashMap<String, Attachment>,
    /// Each post with its id and its featured image's id, given their images at the end,
    /// when every attachment is known.
    posts: Vec<(Doc, String, Option<String>)>,
    channel: HashMap<String, String>,
}

/// Reads the export at `file` into `src`; `uploads` is the folder holding `wp-content/uploads`.
pub fn read(
    file: &Path,
    uploads: Option<&Path>,
    posts_section: &str,
    language: &str,
    src: &mut Source,
) -> std::io::Result<()> {
    let shown = file
        .file_name()
        .map_or("export.xml".into(), |n| n.to_string_lossy().to_string());
    let reader = std::io::BufReader::new(std::fs::File::open(file)?);
    let mut xml = Reader::from_reader(reader);
    let mut state = State::default();
    let converter = Converter::new();
    converter.set_language(language);
    let mut ctx = Ctx {
        uploads,
        posts_section,
        converter: &converter,
        notes: &mut src.notes,
        shown: &shown,
    };
    let mut buf = Vec::new();
    loop {
        let event = match xml.read_event_into(&mut buf) {
            Ok(Event::Eof) => break,
            Ok(event) => event,
            Err(e) => {
                let line = line_at(file, xml.error_position());
                let title = state
                    .item
                    .as_ref()
                    .map(|i| i.get("title").to_string())
                    .filter(|t| !t.is_empty());
                let why = match title {
                    Some(t) => {
                        crate::t!("import-unreadable-item", reason = e.to_string(), title = t)
                    }
                    None => e.to_string(),
                };
                ctx.notes
                    .push(Note::new(&shown, line, What::Unreadable(why)));
                break;
            }
        };
        on_event(event, &mut state, &mut ctx);
        buf.clear();
    }
    finish(state, src, uploads);
    Ok(())
}

struct Ctx<'a> {
    uploads: Option<&'a Path>,
    posts_section: &'a str,
    converter: &'a Converter,
    notes: &'a mut Vec<Note>,
    shown: &'a str,
}

fn line_at(file: &Path, pos: u64) -> usize {
    let Ok(f) = std::fs::File::open(file) else {
        return 0;
    };
    let mut reader = std::io::BufReader::new(f).take(pos);
    let mut line = 1;
    let mut chunk = Vec::new();
    while reader.read_until(b'\n', &mut chunk).is_ok_and(|n| n > 0) {
        line += usize::from(chunk.ends_with(b"\n"));
        chunk.clear();
    }
    line
}

fn on_event(event: Event<'_>, state: &mut State, ctx: &mut Ctx<'_>) {
    match event {
        Event::Start(e) => start(&e, state),
        Event::Text(t) => state.text.push_str(&t.xml10_content()),
        Event::CData(t) => state.text.push_str(&t.into_inner()),
        Event::GeneralRef(r) => {
            let name = r.into_inner();
            let resolved =
                quick_xml::escape::unescape(&format!("&{name};")).map(std::borrow::Cow::into_owned);
            state
                .text
                .push_str(&resolved.unwrap_or_else(|_| format!("&{name};")));
        }
        Event::End(e) => end(e.name().0, state, ctx),
        _ => {}
    }
}

fn start(e: &BytesStart<'_>, state: &mut State) {
    let name = e.name().0.to_string();
    if name == "item" {
        state.item = Some(Item::default());
    }
    if name == "category" {
        state.domain = e
            .try_get_attribute("domain")
            .ok()
            .flatten()
            .map(|a| a.value.into_owned());
    }
    state.path.push(name);
    state.text.clear();
}

fn end(name: &str, state: &mut State, ctx: &mut Ctx<'_>) {
    let text = std::mem::take(&mut state.text);
    state.path.pop();
    let parent = state.path.last().map(String::as_str).unwrap_or("");
    match (parent, name) {
        (_, "item") => {
            if let Some(item) = state.item.take() {
                on_item(item, state, ctx);
            }
        }
        ("channel", _) => {
            state.channel.insert(name.to_string(), text);
        }
        ("wp:author", "wp:author_login") => state.author_login = text.trim().to_string(),
        ("wp:author", "wp:author_display_name") => {
            state.authors.insert(
                std::mem::take(&mut state.author_login),
                text.trim().to_string(),
            );
        }
        ("wp:postmeta", "wp:meta_key") => state.meta_key = text,
        ("wp:postmeta", "wp:meta_value") => {
            if let Some(item) = state.item.as_mut() {
                item.meta.push((std::mem::take(&mut state.meta_key), text));
            }
        }
        ("item", "category") => {
            if let Some(item) = state.item.as_mut() {
                match state.domain.as_deref() {
                    Some("category") => item.categories.push(text.trim().to_string()),
                    Some("post_tag") => item.tags.push(text.trim().to_string()),
                    _ => {}
                }
            }
        }
        ("item", field) => {
            if let Some(item) = state.item.as_mut() {
                item.fields.insert(field.to_string(), text);
            }
        }
        _ => {}
    }
}

/// Keeps an attachment's address, or turns a post or page into a [`Doc`].
fn on_item(item: Item, state: &mut State, ctx: &mut Ctx<'_>) {
    let kind = item.get("wp:post_type").to_string();
    let status = item.get("wp:status").to_string();
    if kind == "attachment" {
        let attachment = Attachment {
            url: item.get("wp:attachment_url").to_string(),
            title: item.get("title").to_string(),
            alt: meta(&item, "_wp_attachment_image_alt").unwrap_or_default(),
            caption: item.get("excerpt:encoded").to_string(),
            parent: item.get("wp:post_parent").to_string(),
            order: item.get("wp:menu_order").parse().unwrap_or(0),
        };
        let id = item.get("wp:post_id").to_string();
        state.attachments.insert(id, attachment);
        return;
    }
    if !matches!(kind.as_str(), "post" | "page")
        || matches!(status.as_str(), "trash" | "auto-draft" | "inherit")
    {
        return;
    }
    let shown_title = match item.get("title") {
        "" => item.get("wp:post_id"),
        title => title,
    };
    let origin = format!("{}: « {shown_title} »", ctx.shown);
    let converted = ctx
        .converter
        .convert(item.get("content:encoded"), ctx.uploads);
    for note in &converted.missing {
        ctx.notes
            .push(Note::new(&origin, 0, What::MissingUpload(note.clone())));
    }
    let front = front_of(&item, state, &status);
    let slug = percent_encoding::percent_decode_str(item.get("wp:post_name"))
        .decode_utf8_lossy()
        .to_string();
    let (section, name) = place(
        &item,
        &kind,
        &slug,
        front.date.as_deref(),
        ctx.posts_section,
    );
    let link = item.get("link");
    let old_urls = if link.is_empty() || link.contains('?') {
        Vec::new()
    } else {
        vec![link.to_string()]
    };
    let doc = Doc {
        keys: vec![item.get("wp:post_id").to_string(), slug, link.to_string()],
        origin,
        body_line: 1,
        section,
        name,
        front,
        body: converted.markdown,
        syntax: Syntax::WordPress,
        old_urls,
        dir: None,
        bundle_files: Vec::new(),
        attachments: converted.copies,
        converted: converted.converted,
    };
    let id = item.get("wp:post_id").to_string();
    state.posts.push((doc, id, meta(&item, "_thumbnail_id")));
}

/// The value of a `wp:postmeta` key.
fn meta(item: &Item, key: &str) -> Option<String> {
    item.meta
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.trim().to_string())
}

/// The section and file name of a post (`actualites`, `2024-03-12-slug`) or a page (home
/// section, `slug`); the slug falls back on the title, then on the item's number.
fn place(item: &Item, kind: &str, slug: &str, date: Option<&str>, posts: &str) -> (String, String) {
    let from = if slug.is_empty() {
        item.get("title")
    } else {
        slug
    };
    let mut name = crate::text::slug::slugify(from);
    if name.is_empty() {
        name = format!("{kind}-{}", item.get("wp:post_id"));
    }
    match (kind, date.and_then(|d| d.get(..10))) {
        ("post", Some(day)) => (posts.to_string(), format!("{day}-{name}")),
        ("post", None) => (posts.to_string(), name),
        _ => (String::new(), name),
    }
}

/// An item's front matter: title, dates, excerpt, status, author's display name, terms.
fn front_of(item: &Item, state: &State, status: &str) -> Front {
    let creator = item.get("dc:creator");
    let title = match item.get("title") {
        "" => item.get("wp:post_name"),
        title => title,
    };
    let mut front = Front {
        title: title.to_string(),
        date: local_date(item.get("wp:post_date"), item.get("wp:post_date_gmt")),
        updated: local_date(
            item.get("wp:post_modified"),
            item.get("wp:post_modified_gmt"),
        ),
        description: Some(item.get("excerpt:encoded").to_string()).filter(|e| !e.is_empty()),
        draft: matches!(status, "draft" | "pending" | "private"),
        authors: state
            .authors
            .get(creator)
            .cloned()
            .or_else(|| Some(creator.to_string()).filter(|a| !a.is_empty()))
            .into_iter()
            .collect(),
        ..Front::default()
    };
    if front.title.trim().is_empty() {
        front.title = format!("{} {}", item.get("wp:post_type"), item.get("wp:post_id"));
    }
    for (taxonomy, terms) in [("categories", &item.categories), ("tags", &item.tags)] {
        if !terms.is_empty() {
            front.taxonomies.insert(taxonomy.to_string(), terms.clone());
        }
    }
    if front.draft {
        let status = serde_json::Value::String(status.to_string());
        front.extra.insert("wordpress_status".into(), status);
    }
    front
}

/// The post's wall-clock date with its offset, from WordPress's local and UTC dates
/// (`2020-01-01 10:00:00` and `2020-01-01 09:00:00` → `2020-01-01T10:00:00+01:00`).
fn local_date(local: &str, gmt: &str) -> Option<String> {
    use chrono::NaiveDateTime;
    let parse = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").ok();
    let local_time = parse(local)?;
    let Some(utc) = parse(gmt) else {
        return normalize_date(local);
    };
    let offset = (local_time - utc).num_minutes();
    let sign = if offset < 0 { '-' } else { '+' };
    let text = format!(
        "{}{sign}{:02}:{:02}",
        local_time.format("%Y-%m-%dT%H:%M:%S"),
        offset.abs() / 60,
        offset.abs() % 60
    );
    normalize_date(&text)
}

/// Gives the featured images and galleries their files and hands the posts and the channel's settings over.
fn finish(state: State, src: &mut Source, uploads: Option<&Path>) {
    let channel = |k: &str| {
        state
            .channel
            .get(k)
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    src.title = channel("title");
    src.base_url = channel("wp:base_blog_url").or_else(|| channel("link"));
    src.language = channel("language");
    src.description = channel("description");
    for (mut doc, id, thumbnail) in state.posts {
        if let Some(thumbnail) = thumbnail {
            attachments::cover(
                &state.attachments,
                &mut doc,
                &thumbnail,
                uploads,
                &mut src.notes,
            );
        }
        attachments::galleries(&state.attachments, &mut doc, &id, uploads, &mut src.notes);
        src.docs.push(doc);
    }
}

/// The file in the uploads folder for an uploads address (`…/wp-content/uploads/2020/01/a.jpg`
/// → `DIR/2020/01/a.jpg`, also when DIR is the folder above `uploads`).
pub fn upload_file(dir: &Path, url: &str) -> Option<PathBuf> {
    let (_, rest) = url.split_once("/uploads/")?;
    let rest = rest.split(['?', '#']).next()?;
    let rest = percent_encoding::percent_decode_str(rest).decode_utf8_lossy();
    if rest.split('/').any(|p| p == ".." || p.is_empty()) {
        return None;
    }
    [
        dir.join(rest.as_ref()),
        dir.join("uploads").join(rest.as_ref()),
    ]
    .into_iter()
    .find(|p| p.is_file())
}
