//! Live reload: what changed between two builds, what the open pages are told, and the client
//! script that listens.
//!
//! In: the previous and the new [`Output`] (or the build's [`Error`]). Out: a [`Message`], sent to
//! every open page over a WebSocket by the server, and HTML with the client script injected.
//!
//! A WebSocket rather than Server-Sent Events: browsers allow only six HTTP/1.1 connections per
//! host, and each page's event stream holds one for good, so a seventh preview tab would hang.
//!
//! The messages are JSON objects with a `type`:
//! - `hello` `{build}` first on every connection; a page built from another tag reloads;
//! - `reload` `{build}` after a change that is not only stylesheets;
//! - `css` `{build, files}` when only `.css` files changed: the page swaps its stylesheets
//!   without reloading;
//! - `error` `{diagnostics: [{file, line, column, severity, message, source_line, hint}],
//!   kept_last_build}` when the build failed (also sent right after `hello` while the error
//!   lasts); `kept_last_build` is false until a first build succeeds;
//! - `clear` `{build}` when a build succeeds again with nothing to reload.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use crate::error::{Diagnostic, Error, Severity};
use crate::output::{OutFile, Output};

/// The client script, served at [`SCRIPT_PATH`] once [`script`] has put its words in.
const SCRIPT: &str = include_str!("livereload.js");

/// The client script with the overlay's words in the current language (placeholders such as
/// `{line}` are filled in by the script itself).
pub(crate) fn script() -> String {
    use crate::t;
    let words = serde_json::json!({
        "site": t!("overlay-site"),
        "line": t!("overlay-line", line = "{line}"),
        "column": t!("overlay-column", column = "{column}"),
        "warning": t!("overlay-warning"),
        "source": t!("overlay-source-line", line = "{line}"),
        "hint": t!("overlay-hint", hint = "{hint}"),
        "title-kept": t!("overlay-title-kept"),
        "title-failed": t!("overlay-title-failed"),
        "intro-kept": format!("{} {}", t!("overlay-intro-kept"), t!("overlay-fix")),
        "intro-failed": format!("{} {}", t!("overlay-intro-failed"), t!("overlay-fix")),
        "close": t!("overlay-close"),
    });
    SCRIPT.replacen("/*WORDS*/ {}", &words.to_string(), 1)
}

/// Where the server answers with [`SCRIPT`]; outside the site's path prefix, reserved.
pub(crate) const SCRIPT_PATH: &str = "/__ruche/livereload.js";

/// Where pages open their WebSocket.
pub(crate) const SOCKET_PATH: &str = "/__ruche/livereload";

/// What the open pages are told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub(crate) enum Message {
    /// The first message of every connection: the build the server shows now.
    Hello { build: Arc<str> },
    /// Something else than stylesheets changed: reload the page.
    Reload { build: Arc<str> },
    /// Only these stylesheets (output paths) changed.
    Css { build: Arc<str>, files: Vec<String> },
    /// The build failed: the overlay shows these problems. `kept_last_build` says whether the
    /// page still shows an earlier good build (false when no build has succeeded yet).
    Error {
        diagnostics: Arc<[Problem]>,
        kept_last_build: bool,
    },
    /// The build succeeded again and the served files are the same: hide the overlay.
    Clear { build: Arc<str> },
    /// The warnings about the files just saved, shown beside the page (none: hide them);
    /// `title` says how many, in the site's language.
    Warnings {
        title: String,
        diagnostics: Arc<[Problem]>,
    },
    /// The files made after the last build (the search index) are served now: a page that
    /// reads them (the search page) reloads.
    Search,
}

impl Message {
    /// The message as the JSON text the client reads.
    pub(crate) fn to_json(&self) -> String {
        // Strings and numbers only: serialising cannot fail, but a page must never get nothing.
        serde_json::to_string(self).unwrap_or_else(|_| String::from("{\"type\":\"reload\"}"))
    }
}

/// One diagnostic as the overlay shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Problem {
    file: Option<String>,
    line: usize,
    column: usize,
    severity: &'static str,
    message: String,
    source_line: Option<String>,
    hint: Option<String>,
}

impl From<&Diagnostic> for Problem {
    fn from(d: &Diagnostic) -> Self {
        Problem {
            file: d.file.as_ref().map(|f| f.display().to_string()),
            line: d.line,
            column: d.column,
            severity: match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            message: d.message.clone(),
            source_line: d.source_line().map(str::to_string),
            hint: d.hint.clone(),
        }
    }
}

/// The problems of a failed build, as the `error` message carries them.
pub(crate) fn problems(error: &Error) -> Arc<[Problem]> {
    error.diagnostics.iter().map(Problem::from).collect()
}

/// The warnings about the files just saved (absolute paths; a warning names its file from
/// `root`): what the terminal says after a save, and what the pages show.
pub(crate) fn about_saved<'a>(
    warnings: &'a [Diagnostic],
    changed: &[PathBuf],
    root: &Path,
) -> Vec<&'a Diagnostic> {
    let changed: HashSet<&Path> = changed.iter().map(PathBuf::as_path).collect();
    warnings
        .iter()
        .filter(|d| {
            d.file
                .as_ref()
                .is_some_and(|f| changed.contains(root.join(f).as_path()))
        })
        .collect()
}

/// The `warnings` message for the warnings of a build about the files just saved: none when
/// there are none.
pub(crate) fn warnings_about(
    warnings: &[Diagnostic],
    changed: &[PathBuf],
    root: &Path,
) -> Option<Message> {
    let about: Arc<[Problem]> = about_saved(warnings, changed, root)
        .into_iter()
        .map(Problem::from)
        .collect();

    (!about.is_empty()).then(|| Message::Warnings {
        title: crate::t!("overlay-warnings-title", count = about.len()),
        diagnostics: about,
    })
}

/// What a new build changed in the served files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Change {
    /// Nothing a page could show.
    Nothing,
    /// Only these stylesheets were added, changed or removed.
    CssOnly(Vec<String>),
    /// Anything else.
    Other,
}

/// Compares two builds. A copied file (`OutFile::Copy`) keeps its entry when its source is
/// edited, so it also counts as changed when its source is among `changed` (absolute paths;
/// a relative source is taken from `root`).
pub(crate) fn classify(old: &Output, new: &Output, changed: &[PathBuf], root: &Path) -> Change {
    let changed: HashSet<&Path> = changed.iter().map(PathBuf::as_path).collect();
    let edited = |file: &OutFile| match file {
        OutFile::Copy(source) if source.is_absolute() => changed.contains(source.as_path()),
        OutFile::Copy(source) => changed.contains(root.join(source).as_path()),
        OutFile::Bytes(_) => false,
    };
    // Both maps are sorted by path: one pass over the two side by side, rather than a search
    // of the old map for each of a large site's 15,000 files.
    let mut differing: Vec<&String> = Vec::new();
    let (mut olds, mut news) = (old.files.iter().peekable(), new.files.iter().peekable());
    loop {
        match (olds.peek(), news.peek()) {
            (None, None) => break,
            (Some((gone, _)), None) => {
                differing.push(gone);
                olds.next();
            }
            (None, Some((added, _))) => {
                differing.push(added);
                news.next();
            }
            (Some((a, before)), Some((b, after))) => match a.cmp(b) {
                std::cmp::Ordering::Less => {
                    differing.push(a);
                    olds.next();
                }
                std::cmp::Ordering::Greater => {
                    differing.push(b);
                    news.next();
                }
                std::cmp::Ordering::Equal => {
                    if before != after || edited(after) {
                        differing.push(b);
                    }
                    olds.next();
                    news.next();
                }
            },
        }
    }
    if differing.is_empty() {
        Change::Nothing
    } else if differing.iter().all(|path| {
        Path::new(path.as_str())
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("css"))
    }) {
        let mut files: Vec<String> = differing.into_iter().cloned().collect();
        files.sort();
        Change::CssOnly(files)
    } else {
        Change::Other
    }
}

/// The `<script>` element that loads the client, naming the build the page comes from.
pub(crate) fn script_tag(build: &str) -> String {
    format!("<script src=\"{SCRIPT_PATH}\" data-ruche-build=\"{build}\"></script>")
}

/// Inserts `tag` before the last `</body>` (any case), or at the end when there is none.
pub(crate) fn inject(html: &[u8], tag: &str) -> Vec<u8> {
    let at = rfind_ignore_ascii_case(html, b"</body").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn rfind_ignore_ascii_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.len() > haystack.len() {
        return None;
    }
    (0..=haystack.len() - needle.len())
        .rev()
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_warnings_about_the_files_saved_are_shown() {
        let warn =
            |file: &str| Diagnostic::error(file, "`x` is not a known front matter key").warning();
        let all = [
            warn("content/a.md"),
            warn("content/b.md"),
            warn("content/a.md"),
        ];
        let root = Path::new("/site");
        let saved = [PathBuf::from("/site/content/a.md")];
        let Some(Message::Warnings { title, diagnostics }) = warnings_about(&all, &saved, root)
        else {
            panic!("the warnings about a.md");
        };
        assert_eq!(diagnostics.len(), 2);
        assert!(title.starts_with('2'), "{title}");
        let other = [PathBuf::from("/site/content/c.md")];
        assert_eq!(warnings_about(&all, &other, root), None);
        assert_eq!(warnings_about(&all, &[], root), None);
    }

    fn site(files: &[(&str, &str)]) -> Output {
        let mut out = Output::default();
        for (path, text) in files {
            out.insert_bytes(*path, *text);
        }
        out
    }

    #[test]
    fn the_script_goes_before_the_last_closing_body_in_any_case() {
        let html = b"<html><body><pre>&lt;/body&gt;</pre><p>x</p></BODY></html>";
        let out = String::from_utf8(inject(html, "<s>")).unwrap();
        assert_eq!(
            out,
            "<html><body><pre>&lt;/body&gt;</pre><p>x</p><s></BODY></html>"
        );
    }

    #[test]
    fn the_script_goes_at_the_end_of_a_page_without_body() {
        assert_eq!(inject(b"<p>hi", "<s>"), b"<p>hi<s>");
        assert_eq!(inject(b"", "<s>"), b"<s>");
    }

    #[test]
    fn only_stylesheets_changed_is_a_css_change() {
        let old = site(&[("index.html", "a"), ("style.css", "x"), ("old.css", "o")]);
        let new = site(&[("index.html", "a"), ("style.css", "y"), ("new.css", "n")]);
        assert_eq!(
            classify(&old, &new, &[], Path::new("/site")),
            Change::CssOnly(vec!["new.css".into(), "old.css".into(), "style.css".into()])
        );
    }

    #[test]
    fn any_other_change_reloads_and_no_change_is_nothing() {
        let old = site(&[("index.html", "a"), ("style.css", "x")]);
        let html = site(&[("index.html", "b"), ("style.css", "y")]);
        assert_eq!(classify(&old, &html, &[], Path::new("/")), Change::Other);
        let gone = site(&[("style.css", "x")]);
        assert_eq!(classify(&old, &gone, &[], Path::new("/")), Change::Other);
        assert_eq!(
            classify(&old, &old.clone(), &[], Path::new("/")),
            Change::Nothing
        );
    }

    #[test]
    fn a_copied_file_whose_source_was_edited_counts_as_changed() {
        let mut out = site(&[("index.html", "a")]);
        out.insert_copy("style.css", PathBuf::from("static/style.css"));
        out.insert_copy("logo.png", PathBuf::from("/site/static/logo.png"));
        let edited =
            |p: &str| classify(&out, &out.clone(), &[PathBuf::from(p)], Path::new("/site"));
        assert_eq!(
            edited("/site/static/style.css"),
            Change::CssOnly(vec!["style.css".into()])
        );
        assert_eq!(edited("/site/static/logo.png"), Change::Other);
        assert_eq!(edited("/site/content/other.md"), Change::Nothing);
    }

    #[test]
    fn the_error_message_has_what_the_overlay_shows() {
        let error = Error::from(
            Diagnostic::error("content/a.md", "bad date")
                .at(2, 7)
                .with_source(Arc::from("---\ndate: 2025-13-45\n---\n"))
                .hint("write YYYY-MM-DD"),
        );
        let message = Message::Error {
            diagnostics: problems(&error),
            kept_last_build: true,
        };
        let json: serde_json::Value = serde_json::from_str(&message.to_json()).unwrap();
        assert_eq!(json["type"], "error");
        assert_eq!(json["kept_last_build"], true);
        let d = &json["diagnostics"][0];
        assert_eq!(d["file"], "content/a.md");
        assert_eq!(d["line"], 2);
        assert_eq!(d["column"], 7);
        assert_eq!(d["message"], "bad date");
        assert_eq!(d["source_line"], "date: 2025-13-45");
        assert_eq!(d["hint"], "write YYYY-MM-DD");
        assert_eq!(d["severity"], "error");
    }

    #[test]
    fn messages_name_their_type() {
        let css = Message::Css {
            build: Arc::from("b-2"),
            files: vec!["style.css".into()],
        };
        assert_eq!(
            css.to_json(),
            r#"{"type":"css","build":"b-2","files":["style.css"]}"#
        );
        let hello = Message::Hello {
            build: Arc::from("b-1"),
        };
        assert_eq!(hello.to_json(), r#"{"type":"hello","build":"b-1"}"#);
    }
}
