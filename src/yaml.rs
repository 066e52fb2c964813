//! The one place that parses YAML (site.yaml, front matter, theme translations).
//!
//! serde_yaml is deprecated upstream but is the user's choice; every call to it lives here so
//! that swapping it is a one-module change. In: YAML text and where it sits in its file. Out:
//! typed values, the top-level keys with their lines (for unknown-key warnings), or a
//! [`Diagnostic`] in plain words that points at the file, line and column.

use std::path::Path;
use std::sync::Arc;

use serde::de::DeserializeOwned;

use crate::error::Diagnostic;

/// A YAML document that sits inside a larger file, such as front matter after its `---` line.
pub struct Yaml<'a> {
    /// The YAML text itself.
    pub text: &'a str,
    /// The file it comes from, as shown to the user.
    pub file: &'a Path,
    /// The file's whole text, so errors can show the offending line.
    pub source: &'a Arc<str>,
    /// How many lines of the file come before `text` (1 for front matter after `---`).
    pub line_offset: usize,
}

impl Yaml<'_> {
    /// Parses the document into `T`, with a plain-words error on failure.
    pub fn parse<T: DeserializeOwned>(&self, hint: &str) -> Result<T, Diagnostic> {
        serde_yaml::from_str(self.text).map_err(|e| self.error(&e, hint))
    }

    /// Parses the document into a free-form value (for `extra` and translations).
    pub fn parse_value(&self, hint: &str) -> Result<serde_json::Value, Diagnostic> {
        if self.text.trim().is_empty() {
            return Ok(serde_json::Value::Object(Default::default()));
        }
        self.parse(hint)
    }

    /// The top-level keys of a mapping with their 1-based line in the file, in order.
    ///
    /// Fails with a diagnostic when the document is not a mapping of `key: value` lines.
    pub fn top_level_keys(&self, hint: &str) -> Result<Vec<(String, usize)>, Diagnostic> {
        if self.text.trim().is_empty() {
            return Ok(Vec::new());
        }
        let map: serde_yaml::Mapping = self.parse(hint)?;
        Ok(map
            .keys()
            .map(|k| {
                let key = match k {
                    serde_yaml::Value::String(s) => s.clone(),
                    other => serde_yaml::to_string(other)
                        .unwrap_or_default()
                        .trim()
                        .to_string(),
                };
                let line = self.key_line(&key);
                (key, line)
            })
            .collect())
    }

    /// The file line of a top-level `key:`, or the first line of the document.
    pub fn key_line(&self, key: &str) -> usize {
        let found = self.text.lines().position(|line| {
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        });
        self.line_offset + found.map_or(1, |i| i + 1)
    }

    /// A diagnostic pointing at a top-level key's line.
    pub fn error_at_key(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        let line = self.key_line(key);
        let column = self
            .source
            .lines()
            .nth(line.saturating_sub(1))
            .and_then(|l| l.find(':'))
            .map_or(1, |c| c + 3);
        Diagnostic::error(self.file, message)
            .at(line, column)
            .with_source(self.source.clone())
    }

    fn error(&self, err: &serde_yaml::Error, hint: &str) -> Diagnostic {
        let mut raw = err.to_string();
        let mut message = None;
        let (line, column) = match opened_at(&raw) {
            // A quoted text or a `[…]` list may span lines, so a missing closing quote or
            // bracket is only noticed lines later: point at where it was opened instead.
            Some((what, line, column)) => {
                raw = format!("{what} opened here is never closed");
                message = Some(crate::t!("yaml-never-closed", what = opened_name(what)));
                (line, column)
            }
            None => err.location().map_or((1, 1), |l| (l.line(), l.column())),
        };
        // A tab deeper in a nested block gets serde_yaml's vaguest message ("found character
        // that cannot start any token"); say what it is when the line is indented with one.
        let offending = self
            .source
            .lines()
            .nth((self.line_offset + line).saturating_sub(1))
            .unwrap_or("");
        if offending.starts_with([' ', '\t']) && offending.trim_start_matches(' ').starts_with('\t')
        {
            raw = "found a tab character at the start of the line".into();
            message = Some(crate::t!("yaml-tab-at-start"));
        }
        let message = message.unwrap_or_else(|| explain(&raw));
        // `title: [Bonjour` with no `]` swallows the next lines into a list: whatever serde_yaml
        // says then, the unbalanced bracket on the line is what to fix.
        let unbalanced = |open: char, close: char| {
            offending.matches(open).count() > offending.matches(close).count()
        };
        let hint = if unbalanced('[', ']') || unbalanced('{', '}') {
            crate::t!("yaml-unclosed-bracket")
        } else {
            hint_for(&raw).unwrap_or_else(|| hint.to_string())
        };
        Diagnostic::error(self.file, message)
            .at(self.line_offset + line, column)
            .with_source(self.source.clone())
            .hint(hint)
    }
}

/// The string value of `key` at the top of a YAML mapping, if the text is one and has it.
pub(crate) fn top_level_string(text: &str, key: &str) -> Option<String> {
    let value: serde_yaml::Value = serde_yaml::from_str(text).ok()?;
    value.get(key)?.as_str().map(str::to_string)
}

/// Writes `value` as YAML, for the files ruche writes itself (`ruche import`'s front matter
/// and site.yaml). Only maps with text keys are given here, which always serialise; an
/// empty text would only come from a bug, and then the file's own check reports it.
pub(crate) fn to_string<T: serde::Serialize>(value: &T) -> String {
    serde_yaml::to_string(value).unwrap_or_default()
}

/// What was opened and never closed, and where, from serde_yaml's `…, while scanning a quoted
/// scalar at line L column C` (or `while parsing a flow sequence/mapping …`).
fn opened_at(raw: &str) -> Option<(&'static str, usize, usize)> {
    let (what, place) = [
        ("a quote", "while scanning a quoted scalar at line "),
        ("a list `[`", "while parsing a flow sequence at line "),
        ("a group `{`", "while parsing a flow mapping at line "),
    ]
    .iter()
    .find_map(|(what, marker)| Some((*what, raw.split(marker).nth(1)?)))?;
    let (line, rest) = place.split_once(" column ")?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((what, line.trim().parse().ok()?, column.parse().ok()?))
}

/// What was left open, in words: `a quote`, `a list `[``.
fn opened_name(what: &str) -> String {
    match what {
        "a quote" => crate::t!("yaml-a-quote"),
        "a list `[`" => crate::t!("yaml-a-list"),
        _ => crate::t!("yaml-a-group"),
    }
}

/// Rewrites serde_yaml's message, in the current language, for someone who has never heard of
/// a "sequence".
pub(crate) fn explain(raw: &str) -> String {
    use crate::t;
    // serde_yaml appends " at line L column C"; we show the place ourselves.
    let text = raw.split(" at line ").next().unwrap_or(raw);
    let text = text.split(", while ").next().unwrap_or(text);
    let (field, rest) = match text.split_once(": ") {
        Some((f, r)) if !f.contains(' ') => (Some(f), r),
        _ => (None, text),
    };
    // The value's kind first: "the text "x"" and "the number 3" are followed by "was given".
    let (rest, given_value) = match rest {
        r if r.starts_with("invalid type: string") => (
            r.replacen("invalid type: string", &t!("yaml-the-text"), 1),
            true,
        ),
        r if r.starts_with("invalid type: integer") => (
            r.replacen("invalid type: integer", &t!("yaml-the-number"), 1),
            true,
        ),
        r => (r.to_string(), false),
    };
    let but = if given_value {
        t!("yaml-was-given-but")
    } else {
        t!("yaml-but")
    };
    let words = rest
        .replace("invalid type: sequence", &t!("yaml-given-list"))
        .replace("invalid type: map", &t!("yaml-given-group"))
        .replace("invalid type: boolean", &t!("yaml-the-value"))
        .replace("invalid type: unit value", &t!("yaml-given-nothing"))
        .replace(", expected", &format!("{but}expected"))
        .replace("expected a sequence", &t!("yaml-expected-list"))
        .replace("expected a string", &t!("yaml-expected-text"))
        .replace("expected i64", &t!("yaml-expected-whole"))
        .replace("expected usize", &t!("yaml-expected-positive"))
        .replace("expected a boolean", &t!("yaml-expected-boolean"))
        .replace("expected struct Cover", &t!("yaml-expected-cover"))
        .replace("expected struct Speaker", &t!("yaml-expected-speaker"))
        .replace("expected struct RawEvent", &t!("yaml-expected-event"))
        .replace("missing field", &t!("yaml-missing-key"))
        .replace("found a tab character", &t!("yaml-tab-found"))
        .replace("did not find expected key", &t!("yaml-line-does-not-fit"))
        .replace(
            "did not find expected node content",
            &t!("yaml-value-missing"),
        );
    match field {
        Some(f) => t!("yaml-in-key", key = f, words = words),
        None => words,
    }
}

/// A more precise hint for the parser's messages we recognise.
fn hint_for(message: &str) -> Option<String> {
    if message.contains("tab character") {
        Some(crate::t!("yaml-hint-tabs"))
    } else if message.contains("a quote opened") {
        Some(crate::t!("yaml-hint-quote"))
    } else if message.contains("expected ',' or ']'")
        || message.contains("expected ',' or '}'")
        || message.contains("a list `[` opened")
        || message.contains("a group `{` opened")
    {
        Some(crate::t!("yaml-unclosed-bracket"))
    } else if message.contains("duplicate") {
        Some(crate::t!("yaml-hint-duplicate"))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc<'a>(text: &'a str, source: &'a Arc<str>) -> Yaml<'a> {
        Yaml {
            text,
            file: Path::new("content/a.md"),
            source,
            line_offset: 1,
        }
    }

    #[derive(serde::Deserialize, Debug)]
    struct T {
        #[allow(dead_code)]
        title: String,
    }

    #[test]
    fn a_list_where_text_goes_names_the_key_and_the_line() {
        let source: Arc<str> = Arc::from("---\ntitle: [a, b]\n---\n");
        let err = doc("title: [a, b]\n", &source).parse::<T>("h").unwrap_err();
        assert_eq!(err.line, 2);
        assert_eq!(err.column, 8);
        assert!(err.message.contains("`title`"), "{}", err.message);
        assert!(err.message.contains("a list was given"), "{}", err.message);
        assert_eq!(err.source_line(), Some("title: [a, b]"));
    }

    #[test]
    fn tabs_and_unclosed_quotes_get_specific_hints() {
        let source: Arc<str> = Arc::from("---\ntitle: \"x\n---\n");
        let err = doc("title: \"x\n", &source).parse::<T>("h").unwrap_err();
        assert_eq!((err.line, err.column), (2, 8), "{err}");
        assert!(err.message.contains("never closed"), "{err}");
        assert!(err.hint.unwrap().contains("closing quote"));
        let err = doc("title: x\n\tdate: 2\n", &source)
            .parse::<T>("h")
            .unwrap_err();
        assert!(err.hint.unwrap().contains("tabs"));
        let nested: Arc<str> = Arc::from("---\ntitle: x\nevent:\n\tstart: 2025-01-01\n---\n");
        let err = doc("title: x\nevent:\n\tstart: 2025-01-01\n", &nested)
            .parse::<T>("h")
            .unwrap_err();
        assert_eq!(err.line, 4);
        assert!(err.message.contains("tab"), "{}", err.message);
        assert!(err.hint.unwrap().contains("tabs"));
        for text in [
            "title: [x\ndate: 2025-01-01\n",
            "title: [x\nbase_url: https://x.org\n",
        ] {
            let open: Arc<str> = Arc::from(format!("---\n{text}---\n"));
            let err = doc(text, &open).parse::<T>("h").unwrap_err();
            assert!(
                err.hint.as_deref().unwrap_or("").contains("never closed"),
                "{err}"
            );
            assert_eq!(err.line, 2, "the line of the `[`: {err}");
        }
    }

    #[test]
    fn parser_jargon_is_put_in_plain_words() {
        assert_eq!(
            explain("cover: invalid type: sequence, expected struct Cover at line 2 column 8"),
            "in `cover`: a list was given, but `src:` and `alt:` lines are expected"
        );
        assert_eq!(
            explain("aliases: invalid type: unit value, expected a sequence"),
            "in `aliases`: nothing was given, but a list is expected (`[a, b]` or one `- item` per line)"
        );
        assert!(!explain("did not find expected key").contains("expected key"));
    }

    #[test]
    fn top_level_keys_come_with_their_lines() {
        let source: Arc<str> = Arc::from("---\ntitle: x\ndat: 2025-01-01\n---\n");
        let keys = doc("title: x\ndat: 2025-01-01\n", &source)
            .top_level_keys("h")
            .unwrap();
        assert_eq!(keys, vec![("title".into(), 2), ("dat".into(), 3)]);
    }
}
