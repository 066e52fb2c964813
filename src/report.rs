//! Diagnostics for people and for tools: grouped by kind with counts, drawn for a terminal or
//! plain for a log, or as JSON.
//!
//! In: the diagnostics of a build or a check, in their file-and-line order. Out: text to print
//! (each diagnostic once), the closing line, or a JSON value with the same content. A kind is
//! a message with its particulars (the parts between backticks) left out, so that 750 unknown
//! front matter keys are one kind, shown with its count and its first places.

use std::fmt;

use serde_json::json;

use crate::error::{Diagnostic, Severity};

/// How many places of one kind are shown unless all are asked for, when there are more than
/// [`FOLD_AFTER`].
pub const FIRST_PLACES: usize = 3;

/// A kind with up to this many places shows them all: folding 4 into 3 would hide more
/// than it saves.
pub const FOLD_AFTER: usize = 5;

/// How diagnostics are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Drawn by miette, with colours and the source line pointed at: for a terminal.
    Drawn,
    /// `file:line:column: message`, the source line and the hint: for logs and scripts.
    Plain,
}

impl Style {
    /// Drawn when stderr is a terminal, plain otherwise.
    pub fn for_stderr() -> Style {
        use std::io::IsTerminal;
        if std::io::stderr().is_terminal() {
            Style::Drawn
        } else {
            Style::Plain
        }
    }
}

/// A message with its particulars left out: what its diagnostics have in common.
pub fn kind_of(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut inside = false;
    for c in message.chars() {
        if c == '`' {
            if !inside {
                out.push_str("`…`");
            }
            inside = !inside;
        } else if !inside {
            out.push(c);
        }
    }
    out
}

/// The diagnostics grouped by severity and kind, errors first, each group in the order of its
/// first diagnostic.
pub fn groups(diagnostics: &[Diagnostic]) -> Vec<(String, Vec<&Diagnostic>)> {
    let mut groups: Vec<(Severity, String, Vec<&Diagnostic>)> = Vec::new();
    for d in diagnostics {
        let kind = kind_of(&d.message);
        match groups
            .iter_mut()
            .find(|(s, k, _)| *s == d.severity && *k == kind)
        {
            Some((_, _, members)) => members.push(d),
            None => groups.push((d.severity, kind, vec![d])),
        }
    }
    groups.sort_by_key(|(severity, _, _)| *severity != Severity::Error);
    groups
        .into_iter()
        .map(|(_, k, members)| (k, members))
        .collect()
}

/// The text to print for `diagnostics`: each group's count when it has several, its first
/// places (all of them with `all`), and how many more there are.
pub fn render(diagnostics: &[Diagnostic], style: Style, all: bool) -> String {
    let mut out = String::new();
    for (kind, members) in groups(diagnostics) {
        let shown = if all || members.len() <= FOLD_AFTER {
            members.len()
        } else {
            FIRST_PLACES
        };
        if members.len() > 1 {
            let label = label(members[0].severity);
            let group = crate::t!(
                "diagnostic-group",
                count = members.len(),
                label = label,
                kind = kind
            );
            out.push_str(&group);
            out.push_str("\n\n");
        }
        for d in members.iter().take(shown) {
            match style {
                Style::Drawn => {
                    out.push_str(&format!("{:?}", miette::Report::new(Drawn((*d).clone()))));
                    if !out.ends_with('\n') {
                        out.push('\n');
                    }
                    // miette would label the hint `help:` in every language.
                    if let Some(hint) = &d.hint {
                        out.push_str(&format!(
                            "  {}\n",
                            crate::t!("diagnostic-hint", hint = hint)
                        ));
                    }
                    out.push('\n');
                }
                Style::Plain => out.push_str(&format!("{d}\n\n")),
            }
        }
        if members.len() > shown {
            out.push_str(&crate::t!("diagnostic-more", count = members.len() - shown));
            out.push_str("\n\n");
        }
    }
    out
}

/// `error` or `warning`, in the current language.
pub fn label(severity: Severity) -> String {
    match severity {
        Severity::Error => crate::t!("diagnostic-error"),
        Severity::Warning => crate::t!("diagnostic-warning"),
    }
}

/// `error` or `warning` for tools, whatever the language.
fn code(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// How many errors and warnings, and in how many files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Distinct files named.
    pub files: usize,
}

/// Counts `diagnostics`.
pub fn counts(diagnostics: &[Diagnostic]) -> Counts {
    let mut files: Vec<&std::path::Path> = diagnostics
        .iter()
        .filter_map(|d| d.file.as_deref())
        .collect();
    files.sort();
    files.dedup();
    Counts {
        errors: diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count(),
        warnings: diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count(),
        files: files.len(),
    }
}

impl fmt::Display for Counts {
    /// `2 errors and 169 warnings in 40 files`, in the current language.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errors = crate::t!("count-errors", count = self.errors);
        let warnings = crate::t!("count-warnings", count = self.warnings);
        let what = match (self.errors, self.warnings) {
            (0, 0) => return f.write_str(&crate::t!("counts-none")),
            (_, 0) => errors,
            (0, _) => warnings,
            _ => crate::t!("counts-both", errors = errors, warnings = warnings),
        };
        // Problems of no file (a server that does not answer) are not "in 0 files".
        if self.files == 0 {
            return f.write_str(&what);
        }
        let files = crate::t!("count-files", count = self.files);
        f.write_str(&crate::t!("counts-in-files", what = what, files = files))
    }
}

/// The JSON form of a check: the counts, each kind with its count, and every diagnostic.
pub fn json(diagnostics: &[Diagnostic], pages: usize, sections: usize) -> serde_json::Value {
    let counts = counts(diagnostics);
    let kinds: Vec<serde_json::Value> = groups(diagnostics)
        .into_iter()
        .map(|(kind, members)| {
            json!({"severity": code(members[0].severity), "kind": kind, "count": members.len()})
        })
        .collect();
    let all: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|d| {
            json!({
                "severity": code(d.severity),
                "kind": kind_of(&d.message),
                "file": d.file.as_ref().map(|f| f.display().to_string()),
                "line": (d.line > 0).then_some(d.line),
                "column": (d.column > 0).then_some(d.column),
                "message": d.message,
                "hint": d.hint,
            })
        })
        .collect();
    json!({
        "ok": counts.errors == 0,
        "errors": counts.errors,
        "warnings": counts.warnings,
        "files": counts.files,
        "pages": pages,
        "sections": sections,
        "kinds": kinds,
        "diagnostics": all,
    })
}

/// A diagnostic as miette draws it: its headline is the message alone (the place, the source
/// line and the hint are drawn by miette itself, so the plain text is not printed twice).
#[derive(Debug)]
struct Drawn(Diagnostic);

impl fmt::Display for Drawn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.location() {
            location if location.is_empty() => f.write_str(&self.0.message),
            location => write!(f, "{location}: {}", self.0.message),
        }
    }
}

impl std::error::Error for Drawn {}

impl miette::Diagnostic for Drawn {
    fn severity(&self) -> Option<miette::Severity> {
        miette::Diagnostic::severity(&self.0)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        miette::Diagnostic::source_code(&self.0)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        miette::Diagnostic::labels(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unknown(file: &str, key: &str) -> Diagnostic {
        Diagnostic::error(file, format!("`{key}` is not a known front matter key"))
            .at(2, 1)
            .warning()
    }

    #[test]
    fn a_kind_is_its_message_without_particulars() {
        assert_eq!(
            kind_of("the link to `x` points to `content/y.md`, which does not exist"),
            "the link to `…` points to `…`, which does not exist"
        );
    }

    #[test]
    fn many_of_a_kind_show_their_count_and_first_places_errors_first() {
        let mut all: Vec<Diagnostic> = (0..750)
            .map(|i| unknown(&format!("content/{i:03}.md"), &format!("k{i}")))
            .collect();
        all.push(Diagnostic::error("content/z.md", "this page has no title"));
        let text = render(&all, Style::Plain, false);
        assert!(text.starts_with("error: content/z.md"), "{text}");
        assert!(text.contains("── 750 × warning: `…` is not a known front matter key"));
        assert_eq!(text.matches("warning: content/").count(), FIRST_PLACES);
        assert!(text.contains("… and 747 more like these"));
        let every = render(&all, Style::Plain, true);
        assert_eq!(every.matches("warning: content/").count(), 750);
        assert_eq!(
            counts(&all).to_string(),
            "1 error and 750 warnings in 751 files"
        );
    }

    #[test]
    fn drawn_diagnostics_say_their_message_once() {
        let source: std::sync::Arc<str> = std::sync::Arc::from("---\ndat: 2025-01-01\n---\n");
        let d = unknown("content/a.md", "dat")
            .with_source(source)
            .hint("did you mean `date`?");
        let text = render(&[d], Style::Drawn, false);
        assert_eq!(
            text.matches("is not a known front matter key").count(),
            1,
            "{text}"
        );
        assert_eq!(text.matches("did you mean").count(), 1, "{text}");
    }

    #[test]
    fn the_json_holds_the_same_counts_kinds_and_places() {
        let all = vec![unknown("content/a.md", "x"), unknown("content/b.md", "y")];
        let value = json(&all, 8, 3);
        assert_eq!(value["warnings"], 2);
        assert_eq!(value["ok"], true);
        assert_eq!(value["kinds"][0]["count"], 2);
        assert_eq!(value["diagnostics"][1]["file"], "content/b.md");
        assert_eq!(value["diagnostics"][1]["line"], 2);
    }
}
