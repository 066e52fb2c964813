//! Markdown → HTML, in one pass over pulldown-cmark's events.
//!
//! In: a page's Markdown body and the site's [`Links`] (every page's URL). Out: [`Rendered`]:
//! the HTML, the summary, the table of contents, the heading ids, the hashtags found, the
//! internal links to check once every page is rendered, and any broken link as a diagnostic.
//! The pass, per event: text gets French typography and hashtag links (not in code, links or
//! headings); headings get unique ids; fenced code is highlighted; links to `.md` files become
//! the target page's URL; `<!-- more -->` marks the end of the summary.

mod foreign;
pub mod highlight;
mod html;
pub mod links;
mod model;

use std::borrow::Cow;
use std::cell::Cell;

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, TextMergeWithOffset,
};

use crate::error::Diagnostic;
use crate::text::hashtags::find_hashtags;
use crate::text::slug::slugify;
use crate::text::typography::French;
use crate::text::words::count_words;
pub use html::Html;
pub use links::{InternalLink, Links};
use model::nest;
pub use model::{BodyImage, Context, Heading, LocalImage, Outline, Pictures, Rendered};

const MORE: &str = "<!-- more -->";

/// The Markdown extensions ruche enables (the benchmark's floor program uses the same).
pub const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_SMART_PUNCTUATION)
    .union(Options::ENABLE_HEADING_ATTRIBUTES);

/// Renders a body; broken internal links come back as diagnostics, and another system's
/// template syntax left in the text as warnings.
pub fn render(body: &str, cx: &Context) -> (Rendered, Vec<Diagnostic>) {
    let mut pass = Pass::new(cx);
    let events = Parser::new_ext(body, OPTIONS).into_offset_iter();
    let spans = foreign::spans(body);
    if spans.is_empty() && memchr::memmem::find(body.as_bytes(), b"<!-- wp:").is_none() {
        run(&mut pass, events);
        return pass.finish();
    }
    let mut protected = foreign::Protect::new(events, body, spans);
    run(&mut pass, &mut protected);
    let warnings: Vec<Diagnostic> = protected
        .found()
        .iter()
        .map(|found| foreign_warning(&mut pass, found))
        .collect();
    let (rendered, mut diagnostics) = pass.finish();
    diagnostics.extend(warnings);
    (rendered, diagnostics)
}

/// Feeds the events to the pass. Adjacent text events are merged so typography sees a whole
/// run of text: a space that ends one event and a `!` that starts the next are fixed together.
fn run<'b>(
    pass: &mut Pass<'_, '_, 'b>,
    events: impl Iterator<Item = (Event<'b>, std::ops::Range<usize>)>,
) {
    for (event, range) in TextMergeWithOffset::new(events) {
        pass.event(event, range.start);
    }
}

/// The warning for the pieces of one kind of foreign syntax in a body.
fn foreign_warning(pass: &mut Pass, found: &foreign::Found) -> Diagnostic {
    let (line, column) = pass.line_col(found.offset);
    let first: String = found.first.chars().take(60).collect();
    let many = match found.count {
        1 => String::new(),
        n => crate::t!("foreign-many", count = n),
    };
    let what = found.syntax.name();
    Diagnostic::error(
        pass.cx.file,
        crate::t!("foreign-found", first = first, what = what, many = many),
    )
    .at(line, column)
    .with_source(pass.cx.source.clone())
    .warning()
    .hint(match found.syntax {
        foreign::Syntax::WordPressBlock => crate::t!("foreign-wordpress-block-hint"),
        _ => crate::t!("foreign-hint"),
    })
}

/// The pass over one body. Events borrow the body (`'b`) wherever they can: most text is
/// written out unchanged, and copying every piece of it was the pass's largest cost.
struct Pass<'a, 'c, 'b> {
    cx: &'c Context<'a>,
    out: Vec<Event<'b>>,
    out_depth: usize,
    summary_end: Option<usize>,
    first_paragraph_end: Option<usize>,
    code: Option<(Option<String>, String)>,
    heading: Option<(HeadingLevel, Option<String>, Vec<Event<'b>>, String)>,
    link_depth: usize,
    /// The text of the outermost link being read, and where it starts.
    link_text: Option<(String, usize)>,
    image_depth: usize,
    /// The image being read: where its events start in `out`, its path as written, its place.
    image: Option<(usize, String, usize)>,
    french: French,
    prev_char: Option<char>,
    rendered: Rendered,
    errors: Vec<Diagnostic>,
    flat_toc: Vec<(u8, String, String)>,
    /// A byte offset in the source and how many line breaks come before it.
    lines_before: (usize, usize),
}

impl<'a, 'c, 'b> Pass<'a, 'c, 'b> {
    fn new(cx: &'c Context<'a>) -> Self {
        Pass {
            cx,
            out: Vec::new(),
            out_depth: 0,
            summary_end: None,
            first_paragraph_end: None,
            code: None,
            heading: None,
            link_depth: 0,
            link_text: None,
            image_depth: 0,
            image: None,
            french: French::default(),
            prev_char: None,
            rendered: Rendered::default(),
            errors: Vec::new(),
            flat_toc: Vec::new(),
            lines_before: (0, 0),
        }
    }

    fn event(&mut self, event: Event<'b>, offset: usize) {
        match event {
            Event::Text(text) => self.text(text),
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().map(str::to_string)
                    }
                    CodeBlockKind::Indented => None,
                };
                self.code = Some((lang, String::new()));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, code)) = self.code.take() {
                    let html = highlight::code_block(&code, lang.as_deref());
                    self.emit(Event::Html(html.into()));
                }
            }
            Event::Start(Tag::Heading { level, id, .. }) => {
                let (line, _) = self.line_col(offset);
                self.rendered.outline.headings.push((level as u8, line));
                self.heading = Some((level, id.map(|i| i.to_string()), Vec::new(), String::new()));
            }
            Event::End(TagEnd::Heading(_)) => self.end_heading(),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                self.link_depth += 1;
                if self.link_depth == 1 {
                    self.link_text = Some((String::new(), offset));
                }
                let dest = self.link_target(&dest_url, offset);
                self.emit(Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest.into(),
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Link) => {
                self.link_depth = self.link_depth.saturating_sub(1);
                if let (0, Some((text, at))) = (self.link_depth, self.link_text.take()) {
                    let (line, column) = self.line_col(at);
                    self.rendered.outline.link_texts.push((text, line, column));
                }
                self.emit(Event::End(TagEnd::Link));
            }
            // Alt text is an attribute: no typography, no hashtag links inside it.
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                self.image_depth += 1;
                if self.heading.is_none() && self.image.is_none() {
                    self.image = Some((self.out.len(), dest_url.to_string(), offset));
                }
                let dest = self.image_target(&dest_url, offset);
                self.other(Event::Start(Tag::Image {
                    link_type,
                    dest_url: dest.into(),
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Image) => {
                self.image_depth = self.image_depth.saturating_sub(1);
                self.other(event);
                if self.image_depth == 0 {
                    self.end_image();
                }
            }
            Event::Html(html) | Event::InlineHtml(html) if html.trim() == MORE => {
                self.summary_end.get_or_insert(self.out.len());
                self.rendered.outline.has_more = true;
            }
            Event::Html(html) => {
                self.french.reset();
                self.prev_char = None;
                self.emit(Event::Html(html));
            }
            // pulldown-cmark's checkbox has no accessible name; screen readers need one.
            Event::TaskListMarker(done) => {
                let (checked, label) = if done {
                    (" checked", "fait")
                } else {
                    ("", "à faire")
                };
                let html =
                    format!("<input type=\"checkbox\" disabled{checked} aria-label=\"{label}\"> ");
                self.emit(Event::InlineHtml(html.into()));
            }
            other => self.other(other),
        }
    }

    fn other(&mut self, event: Event<'b>) {
        match &event {
            Event::Start(Tag::Paragraph | Tag::Item | Tag::TableCell) => {
                self.french.reset();
                self.prev_char = None;
            }
            Event::Code(raw) | Event::InlineHtml(raw) => {
                self.french.observe(raw);
                self.prev_char = raw.chars().last();
                // Code is part of a heading's text: its id and its entry in the contents.
                if let (Event::Code(code), Some((_, _, _, plain))) = (&event, &mut self.heading) {
                    plain.push_str(code);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                self.french.observe("\n");
                self.prev_char = Some('\n');
            }
            _ => {}
        }
        let is_block_start = matches!(event, Event::Start(_));
        let is_end = matches!(event, Event::End(_));
        let ends_paragraph = matches!(event, Event::End(TagEnd::Paragraph));
        if is_end {
            self.out_depth = self.out_depth.saturating_sub(1);
        }
        self.emit(event);
        if is_block_start {
            self.out_depth += 1;
        }
        if ends_paragraph && self.out_depth == 0 && self.first_paragraph_end.is_none() {
            self.first_paragraph_end = Some(self.out.len());
        }
    }

    fn emit(&mut self, event: Event<'b>) {
        match &mut self.heading {
            Some((_, _, events, _)) => events.push(event),
            None => self.out.push(event),
        }
    }

    fn text(&mut self, text: CowStr<'b>) {
        if let Some((_, code)) = &mut self.code {
            code.push_str(&text);
            return;
        }
        if self.image_depth > 0 {
            return self.emit(Event::Text(text));
        }
        let text = if self.cx.french {
            typeset(&mut self.french, text)
        } else {
            text
        };
        self.rendered.word_count += count_words(&text);
        if let Some((link_text, _)) = &mut self.link_text {
            link_text.push_str(&text);
        }
        if let Some((_, _, _, plain)) = &mut self.heading {
            plain.push_str(&text);
            self.emit(Event::Text(text));
            return;
        }
        let prev = self.prev_char;
        self.prev_char = text.chars().last().or(prev);
        // Most text has no `#` at all: a byte search spares it the hashtag scanner.
        match self
            .cx
            .hashtag_base
            .filter(|_| self.link_depth == 0 && text.contains('#'))
        {
            Some(base) => self.text_with_hashtags(text, prev, base),
            None => self.emit(Event::Text(text)),
        }
    }

    fn text_with_hashtags(&mut self, text: CowStr<'b>, prev: Option<char>, base: &str) {
        let tags = find_hashtags(&text, prev);
        if tags.is_empty() {
            return self.emit(Event::Text(text));
        }
        let mut last = 0;
        for tag in tags {
            self.emit(Event::Text(piece(&text, last..tag.range.start)));
            let href = format!("{base}{}/", slugify(&tag.name));
            let link = format!(
                "<a class=\"hashtag\" href=\"{}\">{}</a>",
                highlight::escape(&href),
                highlight::escape(&text[tag.range.clone()])
            );
            self.emit(Event::InlineHtml(link.into()));
            self.rendered.hashtags.push(tag.name);
            last = tag.range.end;
        }
        self.emit(Event::Text(piece(&text, last..text.len())));
    }

    fn end_heading(&mut self) {
        let Some((level, custom, inner, plain)) = self.heading.take() else {
            return;
        };
        let base = custom.unwrap_or_else(|| slugify(&plain));
        let base = if base.is_empty() {
            "section".to_string()
        } else {
            base
        };
        let mut id = base.clone();
        let mut n = 1;
        while self.rendered.ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.rendered.ids.insert(id.clone());
        let n = level as u8;
        let digit = char::from(b'0' + n);
        // `<hN id="…">…</hN>`, written in place (headings are the pass's most frequent tag).
        let mut tag = String::with_capacity(2 * plain.len() + id.len() + 24);
        tag.push_str("<h");
        tag.push(digit);
        tag.push_str(" id=\"");
        // Writing into a String cannot fail.
        let _ = pulldown_cmark_escape::escape_html(&mut tag, &id);
        tag.push_str("\">");
        pulldown_cmark::html::push_html(&mut tag, inner.into_iter());
        tag.push_str("</h");
        tag.push(digit);
        tag.push_str(">\n");
        self.flat_toc
            .push((n, id.clone(), plain.trim().to_string()));
        self.out.push(Event::Html(tag.into()));
    }

    fn link_target(&mut self, dest: &str, offset: usize) -> String {
        match self.cx.links.resolve(dest, self.cx.rel) {
            links::Resolved::External => {
                if dest.starts_with("http://") || dest.starts_with("https://") {
                    let (line, column) = self.line_col(offset);
                    self.rendered.external.push(LocalImage {
                        src: dest.to_string(),
                        line,
                        column,
                    });
                } else if !dest.contains(':') && !dest.starts_with(['#', '?']) {
                    self.rendered.file_links.push(dest.to_string());
                }
                dest.to_string()
            }
            links::Resolved::Internal { url, link } => {
                self.rendered.looked_up.push(link.target.clone());
                let (line, column) = self.line_col(offset);
                self.rendered.links.push(InternalLink {
                    line,
                    column,
                    ..link
                });
                url
            }
            links::Resolved::Missing(target) if self.cx.links.is_unreadable(&target) => {
                self.rendered.looked_up.push(target.clone());
                self.rendered.waiting.push(target);
                dest.to_string()
            }
            links::Resolved::Missing(target) => {
                self.rendered.looked_up.push(target.clone());
                let (line, column) = self.line_col(offset);
                self.errors.push(
                    Diagnostic::error(
                        self.cx.file,
                        crate::t!("link-missing", dest = dest, target = target),
                    )
                    .at(line, column)
                    .with_source(self.cx.source.clone())
                    .hint(crate::t!("link-missing-hint")),
                );
                dest.to_string()
            }
        }
    }

    /// Records the image just read with its alt text, and puts the `<picture>` of its copies
    /// in place of its events when it is a photo the image stage publishes.
    fn end_image(&mut self) {
        let Some((start, src, offset)) = self.image.take() else {
            return;
        };
        if src.contains("://") || src.starts_with("data:") || src.starts_with("//") {
            return;
        }
        let mut alt = String::new();
        for event in self.out.get(start + 1..).unwrap_or_default() {
            if let Event::Text(t) | Event::Code(t) = event {
                alt.push_str(t);
            }
        }
        let (line, column) = self.line_col(offset);
        let picture = self
            .cx
            .pictures
            .and_then(|p| p.picture(self.cx.rel, self.cx.assets_url, &src, &alt));
        if let Some(html) = picture {
            self.out.truncate(start);
            self.out.push(Event::InlineHtml(html.into()));
        }
        self.rendered.body_images.push(BodyImage {
            src,
            alt,
            line,
            column,
        });
    }

    /// A relative image becomes the absolute URL of the copied file, and is kept for the
    /// existence check (`cx.assets_url` is where the file's neighbours are published).
    fn image_target(&mut self, dest: &str, offset: usize) -> String {
        let is_local = !dest.contains("://")
            && !dest.starts_with("data:")
            && !dest.starts_with('/')
            && !dest.is_empty();
        if !is_local {
            return dest.to_string();
        }
        let (line, column) = self.line_col(offset);
        self.rendered.images.push(LocalImage {
            src: dest.to_string(),
            line,
            column,
        });
        format!("{}{}", self.cx.assets_url, dest.trim_start_matches("./"))
    }

    /// The line and column of a place in the body. Links come in document order, so the lines
    /// are counted from the last place asked for, not from the top of the file each time.
    fn line_col(&mut self, body_offset: usize) -> (usize, usize) {
        let offset = (self.cx.body_start + body_offset).min(self.cx.source.len());
        let (from, lines) = match self.lines_before {
            (at, lines) if at <= offset => (at, lines),
            _ => (0, 0),
        };
        let bytes = self.cx.source.as_bytes();
        let counted = lines + memchr::memchr_iter(b'\n', &bytes[from..offset]).count();
        self.lines_before = (offset, counted);
        let line = counted + 1;
        let line_start = memchr::memrchr(b'\n', &bytes[..offset]).map_or(0, |i| i + 1);
        let column = self.cx.source[line_start..offset].chars().count() + 1;
        (line, column)
    }

    fn finish(mut self) -> (Rendered, Vec<Diagnostic>) {
        let cut = self.summary_end.or(self.first_paragraph_end).unwrap_or(0);
        let mut html = String::with_capacity(self.cx.source.len() * 3 / 2);
        // The summary is the HTML of the events before `cut`: the writer writes events in
        // order and adds nothing at the end, so it is the beginning of the page's HTML, up to
        // the length written when event `cut` is asked for.
        let written = Cell::new(0);
        let summary_len = Cell::new(None);
        let events = self.out.into_iter().enumerate().map(|(i, event)| {
            if i == cut {
                summary_len.set(Some(written.get()));
            }
            event
        });
        let writer = Counted {
            out: &mut html,
            written: &written,
        };
        // Writing to a `String` cannot fail.
        let _ = pulldown_cmark::html::write_html_fmt(writer, events);
        let summary_len = summary_len.get().unwrap_or(html.len());
        self.rendered.summary = html[..summary_len].to_string();
        self.rendered.html = Html::from(html);
        self.rendered.toc = nest(&self.flat_toc);
        self.rendered.generation = crate::generation::next();
        (self.rendered, self.errors)
    }
}

/// French typography on one text event, keeping it borrowed when nothing changes.
fn typeset<'b>(french: &mut French, text: CowStr<'b>) -> CowStr<'b> {
    match text {
        CowStr::Borrowed(s) => match french.apply_cow(s) {
            Cow::Borrowed(s) => CowStr::Borrowed(s),
            Cow::Owned(s) => s.into(),
        },
        other => match french.apply_cow(&other) {
            Cow::Borrowed(_) => other,
            Cow::Owned(s) => s.into(),
        },
    }
}

/// Part of a text event, borrowed from the body when the event is.
fn piece<'b>(text: &CowStr<'b>, range: std::ops::Range<usize>) -> CowStr<'b> {
    match text {
        CowStr::Borrowed(s) => CowStr::Borrowed(&s[range]),
        other => other[range].to_string().into(),
    }
}

/// A `String` writer that says how much it holds, for [`Pass::finish`] to cut the summary.
struct Counted<'s> {
    out: &'s mut String,
    written: &'s Cell<usize>,
}

impl std::fmt::Write for Counted<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.out.push_str(s);
        self.written.set(self.out.len());
        Ok(())
    }
}

#[cfg(test)]
mod tests;
