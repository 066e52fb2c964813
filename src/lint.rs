//! The editorial lint of `ruche check`: what makes a page harder to read, to find or to use
//! with a screen reader, though it builds.
//!
//! In: a loaded [`Site`] (each body's [`Outline`](crate::markdown::Outline) and front matter).
//! Out: warnings with the file and line (errors only with `strict: true`, which turns every
//! warning into one). The rules: a heading level skipped, or a second level-1 heading in a
//! body; link text that says nothing (« cliquez ici », a bare URL); an article with neither a
//! description nor `<!-- more -->` (lists then show its first paragraph, often a heading); a
//! title longer than [`LONGEST_TITLE`] characters.

use crate::content::{Page, Site};
use crate::error::Diagnostic;

/// Past this many characters a title is cut in search results and hard to read in lists.
pub(crate) const LONGEST_TITLE: usize = 110;

/// Link texts that say nothing of where they lead, compared without case or final punctuation.
const EMPTY_LINK_TEXTS: [&str; 12] = [
    "ici",
    "cliquez ici",
    "cliquer ici",
    "clique ici",
    "ce lien",
    "lien",
    "en savoir plus",
    "click here",
    "here",
    "this link",
    "link",
    "read more",
];

/// Every warning of the editorial lint, page by page in the site's order.
pub(crate) fn check(site: &Site) -> Vec<Diagnostic> {
    site.pages.iter().flat_map(page).collect()
}

fn page(page: &Page) -> Vec<Diagnostic> {
    let file = &page.file.shown;
    let at = |line: usize, column: usize, message: String, hint: String| {
        Diagnostic::error(file, message)
            .at(line, column)
            .with_source(page.file.text.clone())
            .warning()
            .hint(hint)
    };
    let outline = &page.rendered.outline;
    let mut out = Vec::new();
    // The page's title is its level-1 heading: the body's headings start at level 2.
    let mut previous = 1;
    let mut first_h1 = true;
    for &(level, line) in &outline.headings {
        if level == 1 {
            if !first_h1 {
                out.push(at(
                    line,
                    1,
                    crate::t!("lint-second-h1"),
                    crate::t!("lint-second-h1-hint"),
                ));
            }
            first_h1 = false;
        } else if level > previous + 1 {
            out.push(at(
                line,
                1,
                crate::t!(
                    "lint-heading-skipped",
                    level = level,
                    previous = previous,
                    skipped = previous + 1
                ),
                crate::t!("lint-heading-skipped-hint"),
            ));
        }
        previous = level;
    }
    for (text, line, column) in &outline.link_texts {
        let plain = text
            .trim()
            .trim_end_matches(['.', '!', '…', ':'])
            .trim()
            .to_lowercase();
        let bare_url = plain.starts_with("http://")
            || plain.starts_with("https://")
            || plain.starts_with("www.");
        if EMPTY_LINK_TEXTS.contains(&plain.as_str()) || bare_url {
            out.push(at(
                *line,
                *column,
                crate::t!("lint-link-text", text = text.trim()),
                crate::t!("lint-link-text-hint"),
            ));
        }
    }
    let is_article = page.meta.date.is_some();
    if is_article && page.meta.description.is_none() && !outline.has_more {
        out.push(at(
            page.file.body_line,
            1,
            crate::t!("lint-no-description"),
            crate::t!("lint-no-description-hint"),
        ));
    }
    let length = page.meta.title.chars().count();
    if length > LONGEST_TITLE {
        let title_line = page
            .file
            .text
            .lines()
            .position(|l| l.trim_start().starts_with("title"))
            .map_or(1, |i| i + 1);
        out.push(at(
            title_line,
            1,
            crate::t!("lint-long-title", length = length, longest = LONGEST_TITLE),
            crate::t!("lint-long-title-hint"),
        ));
    }
    out
}
