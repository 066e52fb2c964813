//! Where every page's and section's URL is decided.
//!
//! In: a source path relative to `content/` and the front matter's `slug`. Out: the output path
//! relative to the output root, with `/` separators and a trailing `/` (`actualites/formation/`),
//! from which both the file (`…/index.html`) and the URL (`base_path` + path) follow. Every
//! segment is a slug (lowercase ASCII), so no path can leave the output folder.

use crate::text::dates::parse_date_prefix;
use crate::text::slug::slugify;

/// A folder or file name as a URL segment: date prefix dropped, transliterated, lowercased.
/// Falls back to the slug of the whole name, then to `page`, so a segment is never empty.
pub fn segment(name: &str) -> String {
    let without_date = parse_date_prefix(name).map_or(name, |(_, rest)| rest);
    let slug = slugify(without_date);
    if !slug.is_empty() {
        return slug;
    }
    let whole = slugify(name);
    if whole.is_empty() {
        "page".into()
    } else {
        whole
    }
}

/// The output path of a section folder (`actualites/évènements` → `actualites/evenements/`;
/// the home section is the empty path).
pub fn section_path(dir: &str) -> String {
    let mut out = String::new();
    for part in dir.split('/').filter(|p| !p.is_empty()) {
        out.push_str(&segment(part));
        out.push('/');
    }
    out
}

/// The output path of a page, from its section's path, its file or bundle-folder name and the
/// front matter's `slug` (which replaces the last segment).
pub fn page_path(section_path: &str, name: &str, slug: Option<&str>) -> String {
    let last = match slug.map(slugify) {
        Some(s) if !s.is_empty() => s,
        _ => segment(name),
    };
    format!("{section_path}{last}/")
}

/// An alias from front matter (`/old/url/`, `old/page.html`) as a safe output path, or `None`
/// when nothing usable is left. `..` and `.` segments are dropped, never followed.
pub fn alias_path(alias: &str) -> Option<String> {
    let path = alias.split(['?', '#']).next().unwrap_or("");
    let parts: Vec<&str> = path
        .split(['/', '\\'])
        .filter(|p| !p.is_empty() && *p != "." && *p != "..")
        .collect();
    let (last, dirs) = parts.split_last()?;
    let mut out: String = dirs
        .iter()
        .map(|d| format!("{}/", clean_segment(d)))
        .collect();
    if let Some((stem, ext)) = last
        .rsplit_once('.')
        .filter(|(_, e)| matches!(*e, "html" | "htm"))
    {
        out.push_str(&format!("{}.{ext}", clean_segment(stem)));
    } else {
        out.push_str(&clean_segment(last));
        out.push_str("/index.html");
    }
    Some(out)
}

/// Keeps a segment readable but harmless: letters and digits of any script, `-`, `_`, `.`
/// (never alone), and no longer than a slug, since it becomes a file or folder name. A segment
/// written percent-encoded (`actualit%C3%A9s`, as a CMS stores it) is decoded first: a web
/// server decodes the request the same way, so `public/actualités/` answers the old address
/// `/actualit%C3%A9s/` of a French site.
fn clean_segment(part: &str) -> String {
    let decoded = percent_encoding::percent_decode_str(part).decode_utf8_lossy();
    let cleaned: String = decoded
        .chars()
        .take(crate::text::slug::MAX_LEN)
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    if cleaned.chars().all(|c| c == '.') {
        "-".into()
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_dropped_and_accents_transliterated() {
        assert_eq!(
            segment("2025-07-01-formation-vie-cooperative"),
            "formation-vie-cooperative"
        );
        assert_eq!(segment("Événements"), "evenements");
        assert_eq!(segment("2025-07-01"), "2025-07-01");
        assert_eq!(segment("???"), "page");
    }

    #[test]
    fn section_and_page_paths_follow_the_contract() {
        assert_eq!(section_path(""), "");
        assert_eq!(section_path("actualites"), "actualites/");
        assert_eq!(
            page_path("actualites/", "2025-07-01-b", None),
            "actualites/b/"
        );
        assert_eq!(
            page_path("a/", "b", Some("Vie coopérative")),
            "a/vie-cooperative/"
        );
        assert_eq!(page_path("", "a-propos", None), "a-propos/");
    }

    #[test]
    fn aliases_never_leave_the_output_folder() {
        assert_eq!(
            alias_path("/old/url/").as_deref(),
            Some("old/url/index.html")
        );
        assert_eq!(alias_path("../../x").as_deref(), Some("x/index.html"));
        assert_eq!(alias_path("/a/page.html").as_deref(), Some("a/page.html"));
        assert_eq!(alias_path("/..").as_deref(), None);
        assert_eq!(alias_path("a/.../b").as_deref(), Some("a/-/b/index.html"));
        // Accented addresses of French sites are kept, written plainly or percent-encoded.
        assert_eq!(
            alias_path("/actualit%C3%A9s/f%C3%AAte-d%27%C3%A9t%C3%A9/").as_deref(),
            Some("actualités/fête-d-été/index.html")
        );
        assert_eq!(
            alias_path("/actualités/fête/").as_deref(),
            Some("actualités/fête/index.html")
        );
        assert_eq!(alias_path("/%2e%2e/x/").as_deref(), Some("-/x/index.html"));
        let long = format!("/{}/{}.html", "d".repeat(300), "p".repeat(300));
        let path = alias_path(&long).unwrap();
        assert!(path.split('/').all(|part| part.len() <= 105), "{path}");
        assert!(std::path::Path::new(&path).extension() == Some("html".as_ref()));
    }
}
