//! What the preview benchmarks share (included with `#[path]`: not an example of its own).

// Shared by benchmark programs: `pub` says "for them", not "for other crates".
#![allow(unreachable_pub)]

use std::path::{Path, PathBuf};

/// The first page of `content/` in file-name order: the page the benchmarks edit when none is
/// named.
pub fn first_page(content: &Path) -> PathBuf {
    walkdir::WalkDir::new(content)
        .sort_by_file_name()
        .into_iter()
        .filter_map(std::result::Result::ok)
        .map(walkdir::DirEntry::into_path)
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
    /// The slug, which gives the page a new address.
    Slug,
    /// A new article saved beside the page, one per save.
    New,
    /// A photo the page shows (added to its body before the first build), replaced at each
    /// save by one of another size under the same name, as a writer cropping it.
    Photo,
}

/// The photo [`Edit::Photo`] adds beside the page.
const PHOTO: &str = "photo-du-banc-d-essai.jpg";

impl Edit {
    /// The edit named by the command line's flags: `--title`, `--date`, `--slug`, `--new`,
    /// `--photo`, else the body.
    pub fn from_flags(flags: &[String]) -> Edit {
        if flags.iter().any(|f| f == "--photo") {
            Edit::Photo
        } else if flags.iter().any(|f| f == "--new") {
            Edit::New
        } else if flags.iter().any(|f| f == "--slug") {
            Edit::Slug
        } else if flags.iter().any(|f| f == "--date") {
            Edit::Date
        } else if flags.iter().any(|f| f == "--title") {
            Edit::Title
        } else {
            Edit::Body
        }
    }

    /// The file the save of round `round` writes: the page, or a new article beside it.
    pub fn target(self, page: &Path, round: usize) -> PathBuf {
        match self {
            Edit::New => page.with_file_name(format!("2025-11-27-article-neuf-{round}.md")),
            Edit::Photo => page.with_file_name(PHOTO),
            _ => page.to_path_buf(),
        }
    }

    /// Puts the site back as it was before `rounds` saves: the page's text, no new article.
    pub fn undo(self, page: &Path, original: &str, rounds: usize) {
        std::fs::write(page, original).expect("restore the page");
        if self == Edit::Photo {
            let _ = std::fs::remove_file(page.with_file_name(PHOTO));
        }
        if self == Edit::New {
            for round in 0..rounds {
                let _ = std::fs::remove_file(self.target(page, round));
            }
        }
    }

    /// Before the first build: for [`Edit::Photo`], the photo and the page showing it.
    pub fn prepare(self, page: &Path, original: &str) {
        if self == Edit::Photo {
            std::fs::write(page.with_file_name(PHOTO), photo(800, 600)).expect("write the photo");
            let shown = format!("{original}\n![La salle pleine pour l’assemblée]({PHOTO})\n");
            std::fs::write(page, shown).expect("write the page");
        }
    }

    /// Makes the save of round `round`: [`Edit::target`] written with its new contents.
    pub fn save(self, page: &Path, original: &str, round: usize) -> PathBuf {
        let target = self.target(page, round);
        let bytes = match self {
            // Cropped one way, then the other: a new size at each save.
            Edit::Photo => photo(800 - 20 * round as u32, 600 + 20 * round as u32),
            _ => self.apply(original, round).into_bytes(),
        };
        std::fs::write(&target, bytes).expect("write the file");
        target
    }

    /// The text the save of round `round` writes (each round's text differs).
    pub fn apply(self, original: &str, round: usize) -> String {
        match self {
            // Dated after every generated article (the last ones are of December 2025), as the
            // article written today is: it tops its lists and the home's ten newest.
            Edit::New => format!(
                "---\ntitle: Un article neuf, le {round}e\ndate: 2026-01-15\ntags: [Vie coopérative]\n---\nQuelques lignes d’un article qui vient d’être écrit.\n"
            ),
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
            Edit::Slug => original.replacen("\ntitle:", &format!("\nslug: essai-{round}\ntitle:"), 1),
            Edit::Body | Edit::Photo => {
                format!("{original}\nUne phrase ajoutée, numéro {round}.\n")
            }
        }
    }
}

/// A `width`×`height` JPEG: a gradient, so that its size in bytes is a photo's, not a blank's.
fn photo(width: u32, height: u32) -> Vec<u8> {
    let pixels = image::RgbImage::from_fn(width, height, |x, y| {
        [(x * 255 / width) as u8, (y * 255 / height) as u8, 120].into()
    });
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(pixels)
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Jpeg,
        )
        .expect("a JPEG");
    bytes
}
