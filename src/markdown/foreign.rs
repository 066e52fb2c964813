//! Another system's template syntax left in a body: Hugo shortcodes (`{{< youtube x >}}`,
//! `{{% note %}}`), Liquid tags and expressions (`{% highlight %}`, `{{ site.title }}`),
//! WordPress shortcodes (`[caption id="…"]`, `[/caption]`) and block comments
//! (`<!-- wp:paragraph -->`).
//!
//! In: a body and pulldown-cmark's events over it, with their byte ranges. Out: the same
//! events with each such piece of running text (never code) written out as it was typed —
//! one piece of raw text that smart punctuation, French spacing and hashtags never touch — and,
//! per kind, how many there were and where the first one is, for a warning. ruche runs none of
//! these; content moved from another system shows them as written and says where they are.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// What a piece of foreign syntax is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Syntax {
    /// `{{< … >}}` or `{{% … %}}`.
    HugoShortcode,
    /// `{% … %}`.
    LiquidTag,
    /// `{{ … }}`.
    Expression,
    /// `[name …]` or `[/name]`.
    WordPressShortcode,
    /// `<!-- wp:… -->`.
    WordPressBlock,
}

impl Syntax {
    /// What it is, for the warning.
    pub(crate) fn name(self) -> String {
        match self {
            Syntax::HugoShortcode => crate::t!("foreign-hugo-shortcode"),
            Syntax::LiquidTag => crate::t!("foreign-liquid-tag"),
            Syntax::Expression => crate::t!("foreign-expression"),
            Syntax::WordPressShortcode => crate::t!("foreign-wordpress-shortcode"),
            Syntax::WordPressBlock => crate::t!("foreign-wordpress-block"),
        }
    }
}

/// The pieces of one kind found in a body: how many, and the first one's text and offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    /// What they are.
    pub syntax: Syntax,
    /// How many.
    pub count: usize,
    /// The first one as written.
    pub first: String,
    /// Its byte offset in the body.
    pub offset: usize,
}

/// WordPress's own shortcodes, recognised even without attributes (`[gallery]`); any other
/// `[name]` is taken for text (`[sic]`) unless it has `=` attributes or is a closing `[/name]`.
const WORDPRESS_SHORTCODES: [&str; 8] = [
    "audio",
    "caption",
    "embed",
    "gallery",
    "playlist",
    "video",
    "wp_caption",
    "youtube",
];

/// Where a piece longer than this is taken not to be one: a stray `{{` in prose.
const LONGEST: usize = 1000;

/// The byte ranges of the foreign syntax written in `body`, in order (code is told apart
/// later, by the events).
pub(crate) fn spans(body: &str) -> Vec<(Range<usize>, Syntax)> {
    let bytes = body.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(step) = memchr::memchr2(b'{', b'[', &bytes[at..]) {
        let start = at + step;
        let rest = &body[start..];
        let piece = if rest.starts_with("{{<") {
            closed(rest, ">}}").map(|end| (end, Syntax::HugoShortcode))
        } else if rest.starts_with("{{%") {
            closed(rest, "%}}").map(|end| (end, Syntax::HugoShortcode))
        } else if rest.starts_with("{%") {
            closed(rest, "%}").map(|end| (end, Syntax::LiquidTag))
        } else if rest.starts_with("{{") {
            closed(rest, "}}").map(|end| (end, Syntax::Expression))
        } else if rest.starts_with('[') {
            shortcode(rest).map(|end| (end, Syntax::WordPressShortcode))
        } else {
            None
        };
        match piece {
            Some((end, syntax)) => {
                found.push((start..start + end, syntax));
                at = start + end;
            }
            None => at = start + 1,
        }
    }
    found
}

/// The length of a piece opened at the start of `rest` and closed by `close`, within one
/// paragraph.
fn closed(rest: &str, close: &str) -> Option<usize> {
    let window = &rest[..floor_boundary(rest, LONGEST)];
    let end = window.find(close)? + close.len();
    (!window[..end].contains("\n\n")).then_some(end)
}

/// The length of a WordPress shortcode at the start of `rest`: `[name attr="…"]`, `[/name]`,
/// or `[name]` for one of WordPress's own; not a Markdown link (`[text](…)`, `[text][ref]`).
fn shortcode(rest: &str) -> Option<usize> {
    let inner = &rest[1..];
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(after) => (true, after),
        None => (false, inner),
    };
    let name_len = inner
        .bytes()
        .position(|b| !(b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-'))
        .unwrap_or(inner.len());
    let name = &inner[..name_len];
    if name.is_empty() || !name.as_bytes()[0].is_ascii_lowercase() {
        return None;
    }
    let line = &inner[..inner.find('\n').unwrap_or(inner.len())];
    let close = line.find(']')?;
    let attributes = &line[name_len..close];
    if !(attributes.is_empty() || attributes.starts_with(' ')) {
        return None;
    }
    let end = rest.len() - inner.len() + close + 1;
    if matches!(rest.as_bytes().get(end), Some(b'(' | b'[' | b':')) {
        return None;
    }
    let known = closing || WORDPRESS_SHORTCODES.contains(&name) || attributes.contains('=');
    known.then_some(end)
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// pulldown-cmark's events with the foreign syntax of running text written out raw; what was
/// met is in [`Protect::found`] once the events are used up.
pub(crate) struct Protect<'b, I> {
    events: I,
    body: &'b str,
    spans: Vec<(Range<usize>, Syntax)>,
    /// The next span that may still be met, and whether it was written out.
    next: usize,
    written: bool,
    code_depth: usize,
    queue: std::collections::VecDeque<(Event<'b>, Range<usize>)>,
    found: Vec<Found>,
}

impl<'b, I: Iterator<Item = (Event<'b>, Range<usize>)>> Protect<'b, I> {
    /// Wraps `events` of `body`, which holds the pieces `spans` found.
    pub(crate) fn new(events: I, body: &'b str, spans: Vec<(Range<usize>, Syntax)>) -> Self {
        Protect {
            events,
            body,
            spans,
            next: 0,
            written: false,
            code_depth: 0,
            queue: Default::default(),
            found: Vec::new(),
        }
    }

    /// What kinds of foreign syntax were written out, in the order of their first piece.
    pub(crate) fn found(&self) -> &[Found] {
        &self.found
    }

    fn note(&mut self, syntax: Syntax, range: Range<usize>) {
        match self.found.iter_mut().find(|f| f.syntax == syntax) {
            Some(f) => f.count += 1,
            None => self.found.push(Found {
                syntax,
                count: 1,
                first: self.body[range.clone()].to_string(),
                offset: range.start,
            }),
        }
    }

    /// Handles one event, queueing what comes out of it.
    fn take(&mut self, event: Event<'b>, range: Range<usize>) {
        match &event {
            Event::Start(Tag::CodeBlock(_)) => self.code_depth += 1,
            Event::End(TagEnd::CodeBlock) => self.code_depth = self.code_depth.saturating_sub(1),
            Event::Html(html) | Event::InlineHtml(html) => {
                let html = html.trim_start();
                if html.starts_with("<!-- wp:") || html.starts_with("<!-- /wp:") {
                    self.note(Syntax::WordPressBlock, range.clone());
                }
            }
            _ => {}
        }
        // Spans that end before this event were inside code or raw HTML: not running text.
        while self
            .spans
            .get(self.next)
            .is_some_and(|(s, _)| s.end <= range.start)
        {
            self.next += 1;
            self.written = false;
        }
        let Some((span, _)) = self.spans.get(self.next).cloned() else {
            return self.queue.push_back((event, range));
        };
        let inside = span.start <= range.start && range.end <= span.end;
        let overlaps = range.start < span.end && span.start < range.end;
        match event {
            _ if self.code_depth > 0 || !overlaps => self.queue.push_back((event, range)),
            Event::Text(text) if text.as_ref() == &self.body[range.clone()] => self.split(range),
            // Anything else wholly inside: part of what is written out raw.
            _ if inside => self.write_span(),
            other => self.queue.push_back((other, range)),
        }
    }

    /// Splits a text event that reads as its source at the spans it touches.
    fn split(&mut self, range: Range<usize>) {
        let mut at = range.start;
        while at < range.end {
            let Some((span, _)) = self.spans.get(self.next).cloned() else {
                break;
            };
            if span.start >= range.end {
                break;
            }
            if at < span.start {
                self.push_text(at..span.start);
            }
            self.write_span();
            at = span.end.min(range.end);
            if span.end <= range.end {
                self.next += 1;
                self.written = false;
            }
        }
        if at < range.end {
            self.push_text(at..range.end);
        }
    }

    fn push_text(&mut self, range: Range<usize>) {
        let text = CowStr::Borrowed(&self.body[range.clone()]);
        self.queue.push_back((Event::Text(text), range));
    }

    /// Writes the current span out raw, once.
    fn write_span(&mut self) {
        if self.written {
            return;
        }
        self.written = true;
        let (span, syntax) = self.spans[self.next].clone();
        self.note(syntax, span.clone());
        let raw = super::highlight::escape(&self.body[span.clone()]);
        self.queue.push_back((Event::InlineHtml(raw.into()), span));
    }
}

impl<'b, I: Iterator<Item = (Event<'b>, Range<usize>)>> Iterator for Protect<'b, I> {
    type Item = (Event<'b>, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(out) = self.queue.pop_front() {
                return Some(out);
            }
            let (event, range) = self.events.next()?;
            self.take(event, range);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(body: &str) -> Vec<(&str, Syntax)> {
        spans(body)
            .into_iter()
            .map(|(r, s)| (&body[r], s))
            .collect()
    }

    #[test]
    fn each_kind_of_foreign_syntax_is_found_whole() {
        let body = "Voir {{< youtube \"abc\" >}} et {{% note %}}x{{% /note %}}.\n{% highlight ruby %}\n{{ site.title }} [caption id=\"a\" align=\"x\"]img[/caption] [gallery]";
        assert_eq!(
            kinds(body),
            vec![
                ("{{< youtube \"abc\" >}}", Syntax::HugoShortcode),
                ("{{% note %}}", Syntax::HugoShortcode),
                ("{{% /note %}}", Syntax::HugoShortcode),
                ("{% highlight ruby %}", Syntax::LiquidTag),
                ("{{ site.title }}", Syntax::Expression),
                ("[caption id=\"a\" align=\"x\"]", Syntax::WordPressShortcode),
                ("[/caption]", Syntax::WordPressShortcode),
                ("[gallery]", Syntax::WordPressShortcode),
            ]
        );
    }

    #[test]
    fn links_brackets_and_braces_of_prose_are_not_foreign() {
        for body in [
            "[un lien](https://x.org) et [réf][1] et [sic] et [x]: https://x.org",
            "[caption](x.md) {x} { y } {{ jamais fermé\n\n}}",
            "[Gallery] [1] [ ] [a b]",
        ] {
            assert_eq!(kinds(body), vec![], "{body}");
        }
    }
}
