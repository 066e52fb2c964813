//! A WordPress export's attachments, given to the posts that show them: the featured image
//! (`_thumbnail_id`) becomes the page's `cover`, a `[gallery]` shortcode its `gallery:`.
//!
//! In: the attachment items of the export ([`Attachment`], by post id), a post read as a
//! [`Doc`] (its body already Markdown, the shortcode still in it) and the uploads folder.
//! Out: the post with its images copied into its bundle. A gallery becomes the page's only
//! when every image it shows is in the export and its file in the uploads folder: it is then
//! taken out of the body; else it stays as written, for the report to list, and each
//! attachment whose file is missing is noted.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::media::bundle_name;
use super::model::{Cover, Doc, GalleryImage};
use super::report::{Note, What};
use super::wordpress::upload_file;

/// One attachment item of the export.
#[derive(Debug, Clone, Default)]
pub struct Attachment {
    /// Its file's address (`…/wp-content/uploads/2024/03/a.jpg`).
    pub url: String,
    /// Its title.
    pub title: String,
    /// Its alternative text (`_wp_attachment_image_alt`), often empty.
    pub alt: String,
    /// Its caption (the item's excerpt).
    pub caption: String,
    /// The post it was uploaded to.
    pub parent: String,
    /// Its place among the post's attachments (`menu_order`).
    pub order: i64,
}

impl Attachment {
    /// What the image shows, for people who cannot see it: its alternative text, else its
    /// title, else its caption, else its file name (ruche requires one).
    fn alt_text(&self) -> String {
        [&self.alt, &self.title, &self.caption]
            .into_iter()
            .map(|s| s.trim())
            .find(|s| !s.is_empty())
            .map_or_else(
                || {
                    let name = self.url.rsplit('/').next().unwrap_or("");
                    name.rsplit_once('.').map_or(name, |(s, _)| s).to_string()
                },
                str::to_string,
            )
    }
}

/// A shortcode `[gallery …]` (htmd may have escaped its brackets).
static GALLERY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\\?\[gallery\b([^\]\n]*?)\\?\]").unwrap_or_else(|e| unreachable!("{e}"))
});
static IDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\b(?:ids|include)\s*=\s*(?:\\?["'])?([\d,\s]*)"#)
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Sets `doc`'s cover to the attachment `id` (its file copied into the bundle, or its old
/// address, noted, when the uploads folder does not hold it).
pub fn cover(
    attachments: &HashMap<String, Attachment>,
    doc: &mut Doc,
    id: &str,
    uploads: Option<&Path>,
    notes: &mut Vec<Note>,
) {
    let Some(attachment) = attachments.get(id) else {
        return;
    };
    let src = match uploads.and_then(|dir| upload_file(dir, &attachment.url)) {
        Some(file) => attach(doc, file),
        None => {
            let missing = What::MissingUpload(attachment.url.clone());
            notes.push(Note::new(&doc.origin, 0, missing));
            attachment.url.clone()
        }
    };
    doc.front.cover = Some(Cover {
        src,
        alt: attachment.alt_text(),
    });
}

/// Turns each `[gallery]` of the post `post_id` whose images are all found into the page's
/// `gallery:`, taking it out of the body.
pub fn galleries(
    attachments: &HashMap<String, Attachment>,
    doc: &mut Doc,
    post_id: &str,
    uploads: Option<&Path>,
    notes: &mut Vec<Note>,
) {
    if !GALLERY.is_match(&doc.body) {
        return;
    }
    let mut found: Vec<(PathBuf, GalleryImage)> = Vec::new();
    let mut missing: Vec<String> = Vec::new();
    let body = GALLERY.replace_all(&doc.body, |c: &Captures<'_>| {
        let shown = gallery_of(&c[1], post_id, attachments);
        let files: Option<Vec<(PathBuf, &Attachment)>> = shown.as_ref().map(|shown| {
            let (here, gone): (Vec<_>, Vec<_>) = shown
                .iter()
                .map(|a| (uploads.and_then(|dir| upload_file(dir, &a.url)), *a))
                .partition(|(file, _)| file.is_some());
            missing.extend(gone.into_iter().map(|(_, a)| a.url.clone()));
            here.into_iter()
                .filter_map(|(file, a)| Some((file?, a)))
                .collect()
        });
        match (files, shown) {
            (Some(files), Some(shown)) if files.len() == shown.len() && !files.is_empty() => {
                found.extend(files.into_iter().map(|(file, a)| (file, image(a))));
                String::new()
            }
            _ => c[0].to_string(),
        }
    });
    let body = body.into_owned();
    for url in missing {
        notes.push(Note::new(&doc.origin, 0, What::MissingUpload(url)));
    }
    if found.is_empty() {
        return;
    }
    // A gallery alone in its paragraph leaves a run of blank lines.
    doc.body = super::wphtml::tidy(&body);
    for (file, mut image) in found {
        image.src = attach(doc, file);
        if !doc.front.gallery.iter().any(|g| g.src == image.src) {
            doc.front.gallery.push(image);
        }
    }
    doc.converted += 1;
}

/// The attachments a gallery shows: those its `ids` name, in that order, or, with no `ids`,
/// those uploaded to the post; `None` when one it names is not in the export.
fn gallery_of<'a>(
    raw: &str,
    post_id: &str,
    attachments: &'a HashMap<String, Attachment>,
) -> Option<Vec<&'a Attachment>> {
    match IDS.captures(raw) {
        Some(ids) => ids[1]
            .split(',')
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .map(|id| attachments.get(id))
            .collect(),
        None => {
            let mut own: Vec<(&String, &Attachment)> = attachments
                .iter()
                .filter(|(_, a)| a.parent == post_id && !post_id.is_empty())
                .collect();
            own.sort_by_key(|(id, a)| (a.order, id.parse::<u64>().unwrap_or(u64::MAX), *id));
            Some(own.into_iter().map(|(_, a)| a).collect())
        }
    }
}

fn image(a: &Attachment) -> GalleryImage {
    GalleryImage {
        src: String::new(),
        alt: a.alt_text(),
        caption: Some(a.caption.trim().to_string()).filter(|c| !c.is_empty()),
    }
}

/// Copies `file` into `doc`'s bundle (once) and returns its name there.
fn attach(doc: &mut Doc, file: PathBuf) -> String {
    let name = bundle_name(&file);
    if !doc.attachments.iter().any(|(_, n)| *n == name) {
        doc.attachments.push((file, name.clone()));
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attachment(url: &str, parent: &str, order: i64) -> Attachment {
        Attachment {
            url: url.into(),
            parent: parent.into(),
            order,
            ..Attachment::default()
        }
    }

    #[test]
    fn a_gallery_shows_the_ids_it_names_or_the_posts_own_images_in_order() {
        let all: HashMap<String, Attachment> = [
            ("1", attachment("u/a.png", "9", 2)),
            ("2", attachment("u/b.png", "9", 1)),
            ("3", attachment("u/c.png", "8", 0)),
        ]
        .into_iter()
        .map(|(id, a)| (id.to_string(), a))
        .collect();
        let urls = |raw: &str, post: &str| {
            gallery_of(raw, post, &all).map(|v| v.iter().map(|a| a.url.clone()).collect::<Vec<_>>())
        };
        assert_eq!(urls(" ids=\"3, 1\"", "9").unwrap(), ["u/c.png", "u/a.png"]);
        assert_eq!(urls(" include='2'", "9").unwrap(), ["u/b.png"]);
        assert_eq!(urls(" link=\"file\"", "9").unwrap(), ["u/b.png", "u/a.png"]);
        assert_eq!(urls(" ids=\"1,7\"", "9"), None, "7 is not in the export");
        let escaped = GALLERY.captures(r#"\[gallery ids="1,2"\]"#).unwrap();
        assert_eq!(&escaped[1], r#" ids="1,2""#);
    }

    #[test]
    fn the_alt_text_falls_back_on_the_title_the_caption_then_the_file_name() {
        let mut a = attachment("https://x.org/wp-content/uploads/2024/05/le-pre.jpg", "", 0);
        assert_eq!(a.alt_text(), "le-pre");
        a.caption = "Le pré".into();
        assert_eq!(a.alt_text(), "Le pré");
        a.title = " Pré ".into();
        assert_eq!(a.alt_text(), "Pré");
        a.alt = "Le pré en mai".into();
        assert_eq!(a.alt_text(), "Le pré en mai");
    }
}
