//! A page's Markdown body → the plain text the index searches and quotes.
//!
//! In: Markdown. Out: its words, with a space wherever a block, a line break or a table cell
//! ends, so that words of two paragraphs never run together. pulldown-cmark reads the Markdown
//! (the same parser the render stage uses); inline HTML and HTML blocks are markup, not text,
//! and are left out.

use pulldown_cmark::{Event, Parser, TagEnd};

/// Appends the text of the Markdown `body` to `out`.
pub(crate) fn push_plain(body: &str, out: &mut String) {
    for event in Parser::new_ext(body, crate::markdown::OPTIONS) {
        match event {
            Event::Text(text) | Event::Code(text) => out.push_str(&text),
            Event::SoftBreak | Event::HardBreak | Event::Rule => out.push(' '),
            Event::End(end) if !is_inline(&end) => out.push(' '),
            _ => {}
        }
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
}

/// Appends `line` (a title, a description) as a sentence of its own: a full stop is added
/// unless it ends with punctuation, so that an excerpt reads well and words do not join.
pub(crate) fn push_sentence(line: &str, out: &mut String) {
    let line = line.trim();
    out.push_str(line);
    if !line.ends_with(['.', '!', '?', '…', ':', ';']) {
        out.push('.');
    }
    out.push(' ');
}

/// Cuts `text` to at most `max` bytes, at a space when there is one in the last hundred
/// bytes (else at a character boundary); returns whether anything was cut.
pub(crate) fn truncate(text: &mut String, max: usize) -> bool {
    if text.len() <= max {
        return false;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let space = text[end.saturating_sub(100)..end].rfind(' ');
    if let Some(space) = space {
        end = end.saturating_sub(100) + space;
    }
    text.truncate(end);
    true
}

/// Whether a tag ends inside a line of text (emphasis, a link), where no space is added:
/// `**coop**érative` is one word.
fn is_inline(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}
