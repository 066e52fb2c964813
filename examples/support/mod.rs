//! What the preview benchmarks share (included with `#[path]`: not an example of its own).

use std::path::{Path, PathBuf};

/// The first page of `content/` in file-name order: the page the benchmarks edit when none is
/// named.
pub fn first_page(content: &Path) -> PathBuf {
    walkdir::WalkDir::new(content)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| e.ok())
        .map(|e| e.into_path())
        .find(|p| p.extension().is_some_and(|x| x == "md") && !p.ends_with("_index.md"))
        .expect("a page to edit")
}

/// What a benchmark's saves change in the page.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// A sentence appended to the body.
    Body,
    /// The title (what lists, neighbours and feeds show of the page).
    Title,
    /// The date, which moves the page in every list showing it.
    Date,
}

impl Edit {
    /// The edit named by the command line's flags: `--title`, `--date`, else the body.
    pub fn from_flags(flags: &[String]) -> Edit {
        if flags.iter().any(|f| f == "--date") {
            Edit::Date
        } else if flags.iter().any(|f| f == "--title") {
            Edit::Title
        } else {
            Edit::Body
        }
    }

    /// The page's text after the save of round `round` (each round's text differs).
    pub fn apply(self, original: &str, round: usize) -> String {
        match self {
            Edit::Date => {
                let line = original
                    .lines()
                    .find(|l| l.starts_with("date:"))
                    .expect("the page has a `date:` line");
                original.replacen(line, &format!("date: 2019-03-{:02}", round % 28 + 1), 1)
            }
            Edit::Title => {
                let quoted = original.contains("\ntitle: \"");
                let from = if quoted { "title: \"" } else { "title: " };
                original.replacen(from, &format!("{from}Édition {round} · "), 1)
            }
            Edit::Body => format!("{original}\nUne phrase ajoutée, numéro {round}.\n"),
        }
    }
}
