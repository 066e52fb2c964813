//! French typography for the text of a document, applied chunk by chunk.
//!
//! In: the text events of a Markdown document, in document order (never code, raw HTML, URLs
//! or attributes: the Markdown pass keeps those away). Out: the same text with the spaces
//! French asks for:
//!
//! - a narrow no-break space (U+202F) before `;` `!` `?` and `»`, and after `«`;
//! - a no-break space (U+00A0) before `:`;
//! - curly double quotes from smart punctuation (`“…”`) become guillemets (`« … »`), with
//!   English quotes kept for a quotation inside a quotation (`« il a dit “oui” »`).
//!
//! An ordinary space (or several, or a no-break space) before a mark is replaced by the right
//! one; a mark glued to a word gets one. What is not prose is left alone: times (`10:30`),
//! schemes (`https://`, `mailto:`), paths (`C:\`), emoticons (`:)`), `(?)`, and the marks of a
//! `?!` group after the first one.
//!
//! A text event can end in the middle of a sentence (`[lien](…)!` gives `lien` then `!`), so
//! [`French`] carries the previous character and the quote nesting from one chunk to the next.
//! A space that ends a chunk is written out before the next chunk is seen, so it cannot be
//! changed any more: the caller should merge adjacent text events first
//! (`pulldown_cmark::TextMergeStream`), which leaves chunk boundaries only at inline markup,
//! where such a space is rare.

use std::borrow::Cow;

/// Narrow no-break space: before `;` `!` `?` `»`, after `«`.
const NNBSP: char = '\u{202F}';
/// No-break space: before `:`.
const NBSP: char = '\u{A0}';

/// The byte offset of the first character at or after `from` that can make [`French::apply`]
/// change a chunk: `;` `:` `!` `?` `«` `»` `“` `”`. A byte scan: walking the characters and
/// comparing each with the eight was most of the time typography took.
fn find_trigger(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    while let Some(step) = bytes[i..].iter().position(|&b| MAY_TRIGGER[usize::from(b)]) {
        i += step;
        match bytes[i] {
            // « and » are C2 AB and C2 BB in UTF-8; “ and ” are E2 80 9C and E2 80 9D.
            0xC2 if !matches!(bytes.get(i + 1), Some(0xAB | 0xBB)) => i += 1,
            0xE2 if bytes.get(i + 1) != Some(&0x80)
                || !matches!(bytes.get(i + 2), Some(0x9C | 0x9D)) =>
            {
                i += 1;
            }
            _ => return Some(i),
        }
    }
    None
}

/// The bytes [`find_trigger`] stops at: the four marks, and the first byte of the quotes (a
/// table, one load per byte, is what makes the scan cheap).
const MAY_TRIGGER: [bool; 256] = {
    let mut table = [false; 256];
    let mut k = 0;
    let bytes = [b';', b':', b'!', b'?', 0xC2, 0xE2];
    while k < bytes.len() {
        table[bytes[k] as usize] = true;
        k += 1;
    }
    table
};

/// The state of French typography across the text chunks of one document.
///
/// Call [`French::apply`] on every text chunk in order, [`French::observe`] on text that
/// reaches the page without typography (inline code, inline HTML, line breaks), and
/// [`French::reset`] when a new block (paragraph, heading, list item, cell) starts.
#[derive(Debug, Default, Clone)]
pub(crate) struct French {
    /// The last character written out, `None` at the start of a block.
    prev: Option<char>,
    /// How many quotations are open: the outermost one uses guillemets, inner ones keep `“ ”`.
    depth: usize,
    /// Right after a `«` and its narrow space, where any further space is dropped.
    after_open: bool,
}

impl French {
    /// The state at the start of a document.
    pub(crate) fn new() -> Self {
        French::default()
    }

    /// Applies French spacing and quotes to one text chunk.
    pub(crate) fn apply(&mut self, chunk: &str) -> String {
        self.apply_cow(chunk).into_owned()
    }

    /// Like [`French::apply`], but borrows the chunk back when nothing changes, which is the
    /// case for most chunks.
    pub(crate) fn apply_cow<'a>(&mut self, chunk: &'a str) -> Cow<'a, str> {
        let spaces_to_drop = self.after_open && chunk.starts_with(is_space);
        if !spaces_to_drop && find_trigger(chunk, 0).is_none() {
            self.observe(chunk);
            return Cow::Borrowed(chunk);
        }
        Cow::Owned(self.rewrite(chunk))
    }

    /// Starts a new block: the next chunk does not follow the previous one on the same line,
    /// and a quotation left open by a typo stops there.
    pub(crate) fn reset(&mut self) {
        *self = French::default();
    }

    /// Records text that reached the page without typography (inline code, inline HTML, or
    /// `"\n"` for a line break), so a mark at the start of the next chunk knows what precedes
    /// it: after a line break, `!` gets no space.
    pub(crate) fn observe(&mut self, raw: &str) {
        if let Some(last) = raw.chars().next_back() {
            self.prev = Some(last);
            self.after_open = false;
        }
    }

    /// The slow path: rewrites a chunk that holds a mark or a quote. The text between two
    /// marks is copied in one piece; only the spaces just before a mark (which the mark may
    /// replace) and the spaces just after an opening `«` (which are dropped) are looked at.
    fn rewrite(&mut self, chunk: &str) -> String {
        let mut out = String::with_capacity(chunk.len() + 8);
        let mut at = 0;
        loop {
            if self.after_open {
                at = chunk.len() - chunk[at..].trim_start_matches(is_space).len();
            }
            let Some(mark) = find_trigger(chunk, at) else {
                if at < chunk.len() {
                    self.after_open = false;
                    self.push_str(&mut out, &chunk[at..]);
                }
                return out;
            };
            let text = chunk[at..mark].trim_end_matches(is_space);
            let held = &chunk[at + text.len()..mark];
            if !text.is_empty() {
                self.after_open = false;
                self.push_str(&mut out, text);
            }
            let mut rest = chunk[mark..].chars();
            let c = rest.next().unwrap_or_default();
            let next = rest.next();
            self.after_open = false;
            self.write_char(&mut out, c, (!held.is_empty()).then_some(held), next);
            at = mark + c.len_utf8();
        }
    }

    /// The first version of [`French::rewrite`], character by character: the property tests
    /// check that the two agree.
    #[cfg(test)]
    fn rewrite_by_char(&mut self, chunk: &str) -> String {
        let mut out = String::with_capacity(chunk.len() + 8);
        // A run of spaces is held back until the next character says whether it stays.
        let mut spaces: Option<usize> = None;
        let mut chars = chunk.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if is_space(c) {
                if !self.after_open {
                    spaces.get_or_insert(i);
                }
                continue;
            }
            let held = spaces.take().map(|start| &chunk[start..i]);
            let next = chars.peek().map(|&(_, n)| n);
            self.after_open = false;
            self.write_char(&mut out, c, held, next);
        }
        if let Some(start) = spaces {
            self.push_str(&mut out, &chunk[start..]);
        }
        out
    }

    /// Writes `c`, preceded by the spaces held before it (changed or not).
    fn write_char(&mut self, out: &mut String, c: char, held: Option<&str>, next: Option<char>) {
        match c {
            '«' | '»' | '“' | '”' => match self.quote_role(c, held, next) {
                Role::Open => self.open_quote(out, c, held),
                Role::Close => self.close_quote(out, c, held),
                Role::Keep => {
                    self.push_held(out, held);
                    self.push(out, c);
                }
            },
            ';' | ':' | '!' | '?' => {
                match self.space_before_mark(c, held.is_some(), next) {
                    Some(space) => self.push(out, space),
                    None => self.push_held(out, held),
                }
                self.push(out, c);
            }
            _ => {
                self.push_held(out, held);
                self.push(out, c);
            }
        }
    }

    /// Whether a quote opens or closes a quotation.
    ///
    /// Smart punctuation turns a `"` it cannot pair into `“`, so the curly quotes are only a
    /// hint: a quote glued to the end of a word or sentence closes, and one between spaces
    /// closes a quotation that is open (`" bonjour "`, French style) and opens one otherwise.
    fn quote_role(&self, c: char, held: Option<&str>, next: Option<char>) -> Role {
        let glued = held.is_none() && self.ends_word();
        let open = self.depth > 0;
        match c {
            '«' => Role::Open,
            '»' => Role::Close,
            // With nothing open, a quote glued to a word is an inch mark or a typo.
            _ if glued => {
                if open {
                    Role::Close
                } else {
                    Role::Keep
                }
            }
            // Only a plain space: a no-break one after `“` is typography's own doing.
            '“' if open && matches!(next, Some(' ' | '\t' | '\n')) => Role::Close,
            '“' => Role::Open,
            _ if open => Role::Close,
            _ => Role::Open,
        }
    }

    /// Writes an opening quote: `«` and a narrow space (and no other) for the outer
    /// quotation or where the writer typed `«`, `“` inside a quotation.
    fn open_quote(&mut self, out: &mut String, quote: char, held: Option<&str>) {
        self.depth += 1;
        self.push_held(out, held);
        if self.depth > 1 && quote != '«' {
            self.push(out, '“');
            return;
        }
        // `dit:“oui”` is a missing space, not a word that goes on.
        if held.is_none() && self.prev.is_some_and(|p| p.is_alphanumeric() || is_mark(p)) {
            self.push(out, ' ');
        }
        self.push(out, '«');
        self.push(out, NNBSP);
        self.after_open = true;
    }

    /// Writes a closing quote: a narrow space (instead of any other) and `»` for the outer
    /// quotation, `”` inside it.
    fn close_quote(&mut self, out: &mut String, quote: char, held: Option<&str>) {
        let inner = self.depth > 1 && quote != '»';
        self.depth = self.depth.saturating_sub(1);
        if inner {
            self.push_held(out, held);
            self.push(out, '”');
            return;
        }
        if self.follows_text() {
            self.push(out, NNBSP);
        } else {
            self.push_held(out, held);
        }
        self.push(out, '»');
    }

    /// The space to write before the mark `mark`, or `None` to leave the text as it is.
    ///
    /// `spaced` says whether spaces were held before the mark; `next` is the character after
    /// it in this chunk (`None` at its end).
    fn space_before_mark(&self, mark: char, spaced: bool, next: Option<char>) -> Option<char> {
        if !self.follows_text() || !mark_ends_phrase(mark, next) {
            return None;
        }
        let glued_to_mark = self.prev.is_some_and(is_mark);
        if glued_to_mark && !spaced {
            // The rest of a `?!` or `!!!` group: the group has its one space already.
            return None;
        }
        Some(if mark == ':' { NBSP } else { NNBSP })
    }

    /// Whether the previous character is part of the text on this line, so a mark after it
    /// belongs to it. Not at the start of a block, after a space from an earlier chunk (which
    /// is already written and cannot be changed), or after an opening bracket (`(?)`).
    fn follows_text(&self) -> bool {
        match self.prev {
            None => false,
            Some(p) => !p.is_whitespace() && !matches!(p, '(' | '[' | '{'),
        }
    }

    /// Whether the previous character ends a word or a sentence, so that a quote glued to it
    /// closes a quotation.
    fn ends_word(&self) -> bool {
        self.prev.is_some_and(|p| {
            p.is_alphanumeric() || matches!(p, '.' | ',' | ';' | '!' | '?' | '…' | ')' | ']')
        })
    }

    fn push(&mut self, out: &mut String, c: char) {
        out.push(c);
        self.prev = Some(c);
    }

    fn push_str(&mut self, out: &mut String, s: &str) {
        out.push_str(s);
        if let Some(last) = s.chars().next_back() {
            self.prev = Some(last);
        }
    }

    fn push_held(&mut self, out: &mut String, held: Option<&str>) {
        if let Some(spaces) = held {
            self.push_str(out, spaces);
        }
    }
}

/// Whether `mark` followed by `next` ends a phrase, rather than being part of a token such as
/// `10:30`, `https://`, `C:\`, `a:b` or `;)`.
fn mark_ends_phrase(mark: char, next: Option<char>) -> bool {
    let Some(next) = next else {
        return true;
    };
    if next.is_whitespace() || matches!(next, '«' | '»' | '“' | '”') {
        return true;
    }
    match mark {
        // `!` and `?` also end a phrase before closing brackets and punctuation: `(oui ?)`.
        '!' | '?' => matches!(next, '!' | '?' | ')' | ']' | ',' | '.' | '…'),
        _ => false,
    }
}

/// Whether `c` is one of the marks that take a space before them.
fn is_mark(c: char) -> bool {
    matches!(c, ';' | ':' | '!' | '?')
}

/// What a quote does in its place.
enum Role {
    Open,
    Close,
    /// Neither: left as it is.
    Keep,
}

/// The spaces that typography may replace. A line feed is not one of them: a line break is
/// left where the writer put it.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | NBSP | NNBSP | '\u{2009}')
}

/// A title or description as a body's text would come out: straight quotes curled as
/// pulldown-cmark's smart punctuation curls them in the body (`L'avril` → `L’avril`,
/// `"oui"` → `“oui”`), then, with `french`, the French spacing and guillemets. Front matter
/// is not Markdown, so the body's pass never sees it.
pub(crate) fn title(text: &str, french: bool) -> String {
    let curled = if text.contains(['\'', '"']) {
        let mut out = String::with_capacity(text.len() + 8);
        let mut prev: Option<char> = None;
        for c in text.chars() {
            let opens = prev.is_none_or(|p| p.is_whitespace() || "([{«—–-".contains(p));
            out.push(match (c, opens) {
                ('\'', true) => '‘',
                ('\'', false) => '’',
                ('"', true) => '“',
                ('"', false) => '”',
                (c, _) => c,
            });
            prev = Some(c);
        }
        out
    } else {
        text.to_string()
    };
    if french {
        French::new().apply(&curled)
    } else {
        curled
    }
}

#[cfg(test)]
mod tests;
