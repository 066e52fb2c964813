//! Errors and warnings a user can act on.
//!
//! Every problem ruche reports is a [`Diagnostic`]: a sentence saying what is wrong, the file,
//! line and column where it is, the offending line of source, and a hint saying what to do.
//! Loading and rendering collect diagnostics instead of stopping at the first one (like ripgrep's
//! per-file errors), so `ruche check` can list them all at once; [`Error`] carries that list.
//!
//! Terminal output goes through miette, which draws the source line with a pointer under the
//! column; the live preview shows the same fields as HTML.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The site still builds; `strict: true` turns warnings into errors.
    Warning,
    /// The site cannot be built until it is fixed.
    Error,
}

/// One problem, with the place to fix it.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file at fault, relative to the site root when it is inside it.
    pub file: Option<PathBuf>,
    /// 1-based line, 0 when the problem is about the whole file.
    pub line: usize,
    /// 1-based column, 0 when unknown.
    pub column: usize,
    /// The whole source text of `file`, when known, to show the offending line.
    pub source: Option<Arc<str>>,
    /// What is wrong, as a sentence.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error about a file as a whole.
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: Some(file.into()),
            line: 0,
            column: 0,
            source: None,
            message: message.into(),
            hint: None,
        }
    }

    /// An error that belongs to no file (a bad command-line value, say).
    pub fn general(message: impl Into<String>) -> Self {
        Diagnostic {
            file: None,
            ..Diagnostic::error(PathBuf::new(), message)
        }
    }

    /// The same diagnostic as a warning.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// Points the diagnostic at a 1-based line and column.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    /// Attaches the file's text so the offending line can be shown.
    pub fn with_source(mut self, source: Arc<str>) -> Self {
        self.source = Some(source);
        self
    }

    /// Adds a hint saying what to do.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The offending line of source, if known.
    pub fn source_line(&self) -> Option<&str> {
        let source = self.source.as_deref()?;
        if self.line == 0 {
            return None;
        }
        source.lines().nth(self.line - 1)
    }

    /// `file:line:column`, as far as they are known.
    pub fn location(&self) -> String {
        let mut out = match &self.file {
            Some(f) => f.display().to_string(),
            None => return String::new(),
        };
        if self.line > 0 {
            out.push_str(&format!(":{}", self.line));
            if self.column > 0 {
                out.push_str(&format!(":{}", self.column));
            }
        }
        out
    }

    /// Byte offset of (line, column) in the source, for miette's pointer.
    fn offset(&self) -> Option<usize> {
        let source = self.source.as_deref()?;
        if self.line == 0 {
            return None;
        }
        let line_start: usize = source
            .split_inclusive('\n')
            .take(self.line - 1)
            .map(str::len)
            .sum();
        let line_text = source.get(line_start..)?.lines().next().unwrap_or("");
        let column_bytes: usize = line_text
            .chars()
            .take(self.column.saturating_sub(1))
            .map(char::len_utf8)
            .sum();
        Some(line_start + column_bytes)
    }
}

impl fmt::Display for Diagnostic {
    /// Plain text: `error: file:line:col: message`, the source line, then the hint.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = crate::report::label(self.severity);
        let location = self.location();
        if location.is_empty() {
            write!(f, "{label}: {}", self.message)?;
        } else {
            write!(f, "{label}: {location}: {}", self.message)?;
        }
        if let Some(line) = self.source_line() {
            write!(f, "\n  {:>4} | {}", self.line, line)?;
            if self.column > 0 {
                let pad: String = line
                    .chars()
                    .take(self.column - 1)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                write!(f, "\n       | {pad}^")?;
            }
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  {}", crate::t!("diagnostic-hint", hint = hint))?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

impl miette::Diagnostic for Diagnostic {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.hint
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.offset()?;
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let offset = self.offset()?;
        let label = miette::LabeledSpan::new(Some(self.location()), offset, 1);
        Some(Box::new(std::iter::once(label)))
    }
}

/// A failed operation: one or more diagnostics, at least one of them an error.
#[derive(Debug, Clone)]
pub struct Error {
    /// Every problem found, in a stable order.
    pub diagnostics: Vec<Diagnostic>,
}

/// The result type of the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An error made of several diagnostics, sorted by file and line.
    pub fn many(mut diagnostics: Vec<Diagnostic>) -> Self {
        sort_diagnostics(&mut diagnostics);
        Error { diagnostics }
    }

    /// A file-system failure, naming the path.
    pub fn io(path: &Path, err: std::io::Error) -> Self {
        let message = match err.kind() {
            std::io::ErrorKind::NotFound => crate::t!("io-not-found", path = path),
            std::io::ErrorKind::PermissionDenied => crate::t!("io-permission-denied", path = path),
            _ => crate::t!("io-failed", path = path, reason = io_reason(&err)),
        };
        Diagnostic::error(path, message).into()
    }

    /// A problem that belongs to no file.
    pub fn msg(message: impl Into<String>) -> Self {
        Diagnostic::general(message).into()
    }
}

/// Why a file operation failed, in the current language for the reasons a user can fix (a
/// full disk, a missing permission, a file that vanished), in the system's words otherwise.
pub fn io_reason(err: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match err.kind() {
        ErrorKind::NotFound => crate::t!("io-reason-not-found"),
        ErrorKind::PermissionDenied => crate::t!("io-reason-permission"),
        ErrorKind::StorageFull => crate::t!("io-reason-disk-full"),
        ErrorKind::ReadOnlyFilesystem => crate::t!("io-reason-read-only"),
        _ => err.to_string(),
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error {
            diagnostics: vec![d],
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// Orders diagnostics by file, line and column so reports are stable across parallel runs.
pub fn sort_diagnostics(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
    });
}

/// The nearest of `candidates` to `word`, when it is close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(word, c), *c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_shows_location_source_line_pointer_and_hint() {
        let d = Diagnostic::error("content/a.md", "bad date")
            .at(2, 7)
            .with_source(Arc::from("---\ndate: 2025-13-45\n---\n"))
            .hint("write YYYY-MM-DD");
        let text = d.to_string();
        assert!(text.starts_with("error: content/a.md:2:7: bad date"));
        assert!(text.contains("   2 | date: 2025-13-45"));
        assert!(text.contains("       |       ^"));
        assert!(text.ends_with("hint: write YYYY-MM-DD"));
        assert_eq!(d.offset(), Some(4 + 6));
    }

    #[test]
    fn did_you_mean_suggests_close_keys_only() {
        let keys = ["title", "date", "description"];
        assert_eq!(did_you_mean("dat", &keys), Some("date"));
        assert_eq!(did_you_mean("titel", &keys), Some("title"));
        assert_eq!(did_you_mean("zzzzzz", &keys), None);
    }
}
