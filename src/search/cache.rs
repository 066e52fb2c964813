//! The last index `ruche build` made, kept in `.ruche-cache/search/` so that a build whose
//! pages say the same as the last one's links its files instead of indexing again.
//!
//! In: the records of a build and the site's language. Out: the cached index's files, or
//! none. Pagefind has no incremental API: any change to what the index holds (a word, a title,
//! a tag, a page more) makes the whole index again, but a build after a template, a style or a
//! photo changed, or before `ruche publish`, costs no index at all. The folder holds the index
//! of one key only; a new one replaces it. Its files are linked into `public/` (never changed
//! in place, as the image cache's).

use std::path::{Path, PathBuf};

use super::Record;

/// What changes the key besides the records: the layout of the folder, and ruche's version
/// (which fixes Pagefind's).
const FORMAT: &str = concat!("ruche search cache 1, ruche ", env!("CARGO_PKG_VERSION"));

/// The cache of a site, for one set of records.
#[derive(Debug)]
pub struct Cache {
    dir: PathBuf,
    key: String,
}

impl Cache {
    /// The cache of the site at `root` for `records` indexed in `language`.
    pub fn new(root: &Path, language: &str, records: &[Record]) -> Cache {
        Cache {
            dir: root.join(".ruche-cache").join("search"),
            key: key(language, records),
        }
    }

    /// The files of the index kept for these records (output path, file in the cache), if the
    /// last build kept one.
    pub fn files(&self) -> Option<Vec<(String, PathBuf)>> {
        let folder = self.dir.join(&self.key);
        if !folder.is_dir() {
            return None;
        }
        let mut files = Vec::new();
        for entry in walkdir::WalkDir::new(&folder).sort_by_file_name() {
            let entry = entry.ok()?;
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(&folder).ok()?;
                let out: Vec<_> = rel.components().map(|c| c.as_os_str().to_str()).collect();
                let out: Option<Vec<&str>> = out.into_iter().collect();
                files.push((out?.join("/"), entry.into_path()));
            }
        }
        (!files.is_empty()).then_some(files)
    }

    /// Keeps `files` (output path, bytes) as the index of these records, in place of the one
    /// kept before, and lists where they are. Written into a temporary folder first, renamed
    /// when whole: an interrupted build leaves no half index to link.
    pub fn keep(&self, files: &[(String, Vec<u8>)]) -> std::io::Result<Vec<(String, PathBuf)>> {
        std::fs::create_dir_all(&self.dir)?;
        let partial = self
            .dir
            .join(format!(".{}-{}", self.key, std::process::id()));
        let _ = std::fs::remove_dir_all(&partial);
        let written = files.iter().try_for_each(|(out, bytes)| {
            let path = partial.join(out);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, bytes)
        });
        let folder = self.dir.join(&self.key);
        let kept = written.and_then(|()| {
            let _ = std::fs::remove_dir_all(&folder);
            std::fs::rename(&partial, &folder)
        });
        if let Err(e) = kept {
            let _ = std::fs::remove_dir_all(&partial);
            return Err(e);
        }
        // Only the last index is worth keeping: the next build either says the same or not.
        for entry in std::fs::read_dir(&self.dir)?.flatten() {
            if entry.file_name() != self.key.as_str() {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
        Ok(files
            .iter()
            .map(|(out, _)| (out.clone(), folder.join(out)))
            .collect())
    }
}

/// A hash of everything the index is made from, each field preceded by its length so that no
/// two different sets of records read the same.
fn key(language: &str, records: &[Record]) -> String {
    let mut hasher = blake3::Hasher::new();
    let mut field = |bytes: &[u8]| {
        hasher.update(&(bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    };
    field(FORMAT.as_bytes());
    field(language.as_bytes());
    for r in records {
        field(r.source.to_string_lossy().as_bytes());
        field(r.url.as_bytes());
        field(r.title.as_bytes());
        field(r.text.as_bytes());
        for optional in [&r.date, &r.date_shown] {
            field(optional.as_deref().unwrap_or("\u{0}none").as_bytes());
        }
        field(r.section.as_bytes());
        field(&(r.tags.len() as u64).to_le_bytes());
        for tag in &r.tags {
            field(tag.as_bytes());
        }
        match &r.cover {
            Some((src, alt)) => {
                field(src.as_bytes());
                field(alt.as_bytes());
            }
            None => field(b"\0none"),
        }
        field(&[u8::from(r.truncated)]);
    }
    hasher.finalize().to_hex()[..32].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(url: &str, text: &str) -> Record {
        Record {
            source: PathBuf::from("content/a.md"),
            url: url.into(),
            title: "Assemblée".into(),
            text: text.into(),
            date: Some("2025-03-01".into()),
            date_shown: Some("1er mars 2025".into()),
            section: "Actualités".into(),
            tags: vec!["Gouvernance".into()],
            cover: None,
            truncated: false,
        }
    }

    #[test]
    fn the_key_changes_with_any_field_and_only_then() {
        let base = vec![record("/a/", "Le budget voté.")];
        let same = key("fr", &base);
        assert_eq!(same, key("fr", &base.clone()));
        assert_ne!(same, key("en", &base));
        let mut changed = base.clone();
        changed[0].text.push('!');
        assert_ne!(same, key("fr", &changed));
        let mut changed = base.clone();
        changed[0].tags.push("Jardin".into());
        assert_ne!(same, key("fr", &changed));
        let mut changed = base.clone();
        changed[0].cover = Some(("/x.jpg".into(), "Une ruche".into()));
        assert_ne!(same, key("fr", &changed));
        // A field's end moved into the next one is another set of records.
        let (mut a, mut b) = (base.clone(), base.clone());
        a[0].title = "Assemblée de".into();
        a[0].text = "printemps".into();
        b[0].title = "Assemblée".into();
        b[0].text = "de printemps".into();
        assert_ne!(key("fr", &a), key("fr", &b));
    }

    #[test]
    fn a_kept_index_is_found_again_and_replaces_the_one_before() {
        let root = tempfile::tempdir().unwrap();
        let first = Cache::new(root.path(), "fr", &[record("/a/", "un")]);
        assert!(first.files().is_none());
        let files = vec![
            ("pagefind/pagefind.js".to_string(), b"js".to_vec()),
            ("pagefind/index/fr_1.pf_index".to_string(), b"idx".to_vec()),
        ];
        let kept = first.keep(&files).unwrap();
        assert_eq!(std::fs::read(&kept[1].1).unwrap(), b"idx");
        let found = first.files().unwrap();
        let outs: Vec<&str> = found.iter().map(|(o, _)| o.as_str()).collect();
        assert_eq!(
            outs,
            ["pagefind/index/fr_1.pf_index", "pagefind/pagefind.js"]
        );
        let second = Cache::new(root.path(), "fr", &[record("/a/", "deux")]);
        assert!(second.files().is_none());
        second.keep(&files[..1]).unwrap();
        assert!(first.files().is_none(), "the older index is removed");
        assert_eq!(second.files().unwrap().len(), 1);
        let left = std::fs::read_dir(root.path().join(".ruche-cache/search")).unwrap();
        assert_eq!(left.count(), 1);
    }
}
