//! What a file's name says it is: a Markdown source, a page or section index, or litter that
//! is never read, published nor watched.
//!
//! In: a file name (or a path relative to `content/`). Out: yes or no. The build, `check`, the
//! static copy, the templates' loader and the preview's watcher all ask here, so that a file
//! the build skips is one the watcher ignores, and a source file never reaches `public/`
//! (a draft saved as `brouillon.markdown` was once copied there as is, front matter and all).

/// The extensions of Markdown files, compared without regard to case (`Compte rendu.MD` saved
/// by a Windows tool is a page too).
pub(crate) const MARKDOWN_EXTENSIONS: [&str; 4] = ["md", "markdown", "mdown", "mkd"];

/// The name without its Markdown extension (`a.markdown` → `a`), or `None` when the name is
/// not a Markdown file's.
pub(crate) fn markdown_stem(name: &str) -> Option<&str> {
    let (stem, extension) = name.rsplit_once('.')?;
    let markdown = MARKDOWN_EXTENSIONS
        .iter()
        .any(|m| extension.eq_ignore_ascii_case(m));
    (markdown && !stem.is_empty()).then_some(stem)
}

/// Whether a file name (or a path ending with one) is a Markdown file's.
pub(crate) fn is_markdown(name: &str) -> bool {
    let name = name.rsplit('/').next().unwrap_or(name);
    markdown_stem(name).is_some()
}

/// Whether a file name is a bundle's page, `index.md` (or `index.markdown`, …).
pub(crate) fn is_page_index(name: &str) -> bool {
    markdown_stem(name) == Some("index")
}

/// Whether a file name is a section's page, `_index.md` (or `_index.markdown`, …).
pub(crate) fn is_section_index(name: &str) -> bool {
    markdown_stem(name) == Some("_index")
}

/// The folder of a relative path whose file is a bundle's `index.*` (`a/b/index.md` → `a/b/`,
/// `index.md` → the empty string), keeping its trailing `/`.
pub(crate) fn bundle_dir(rel: &str) -> Option<&str> {
    let (dir, name) = match rel.rsplit_once('/') {
        Some((dir, name)) => (&rel[..=dir.len()], name),
        None => ("", rel),
    };
    is_page_index(name).then_some(dir)
}

/// Hidden names a web host needs and a site may publish from `static/`: Apache's settings,
/// the `.well-known` folder (domain checks, security.txt) and GitHub Pages' opt-out of Jekyll.
const PUBLISHED_HIDDEN: [&str; 3] = [".htaccess", ".well-known", ".nojekyll"];

/// Whether a file or folder name is skipped everywhere (never read, published or watched):
/// hidden names (but `.htaccess`, `.well-known` and `.nojekyll`), version control, and the scratch, swap,
/// backup, lock and download files that editors, office suites, browsers and file managers
/// leave beside the files people work on.
pub(crate) fn is_ignored(name: &str) -> bool {
    const SUFFIXES: [&str; 8] = [
        "~",
        ".swp",
        ".swo",
        ".swx",
        ".tmp",
        ".crdownload",
        ".part",
        ".partial",
    ];
    const NAMES: [&str; 5] = [
        "4913",
        "Thumbs.db",
        "ehthumbs.db",
        "desktop.ini",
        "Desktop.ini",
    ];
    if name.starts_with('.') {
        return !PUBLISHED_HIDDEN.contains(&name);
    }
    // `#name#` are Emacs' autosaves, `~$name` Microsoft Office's owner files. (`.#name`, Emacs'
    // locks, and `.~lock.name#`, LibreOffice's, are hidden names.)
    let emacs_autosave = name.len() > 1 && name.starts_with('#') && name.ends_with('#');
    emacs_autosave
        || name.starts_with("~$")
        || NAMES.contains(&name)
        || SUFFIXES.iter().any(|suffix| name.ends_with(suffix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_markdown_extension_in_any_case_is_markdown() {
        for name in [
            "a.md",
            "a.MD",
            "brouillon.markdown",
            "b.Markdown",
            "c.mdown",
            "d.MKD",
            "2013-05-06-jekyll.markdown",
        ] {
            assert!(is_markdown(name), "{name}");
        }
        for name in [
            "a.mdx", "md", ".md", "a.txt", "markdown", "a.md.bak", "a.md~",
        ] {
            assert!(!is_markdown(name), "{name}");
        }
        assert_eq!(markdown_stem("2025-07-01-b.markdown"), Some("2025-07-01-b"));
        assert!(is_markdown("actualites/a.mkd"));
    }

    #[test]
    fn index_files_of_every_extension_are_recognised() {
        assert!(is_page_index("index.md") && is_page_index("index.markdown"));
        assert!(!is_page_index("_index.md") && !is_page_index("index.html"));
        assert!(is_section_index("_index.md") && is_section_index("_index.MKD"));
        assert!(!is_section_index("index.md"));
        assert_eq!(bundle_dir("a/b/index.markdown"), Some("a/b/"));
        assert_eq!(bundle_dir("index.md"), Some(""));
        assert_eq!(bundle_dir("a/b/_index.md"), None);
        assert_eq!(bundle_dir("a/b/photo.jpg"), None);
    }

    #[test]
    fn the_litter_of_editors_and_systems_is_ignored() {
        for name in [
            ".x.md.swp",
            "a.md~",
            ".#a.md",
            "4913",
            "#a.md#",
            ".DS_Store",
            "Thumbs.db",
            "desktop.ini",
            "~$rapport.docx",
            ".~lock.compte-rendu.odt#",
            "photo.jpg.crdownload",
            "video.mp4.part",
            ".git",
            ".env",
        ] {
            assert!(is_ignored(name), "{name}");
        }
        for name in [
            "article.md",
            "#hashtag.md",
            "2025-07-01-4913-adherents.md",
            ".htaccess",
            ".well-known",
            "rapport.docx",
        ] {
            assert!(!is_ignored(name), "{name}");
        }
    }
}
