//! From a request's URL path to a file of the built site.
//!
//! In: the raw (still percent-encoded) URL path and the site's path prefix. Out: the key of a file
//! in the [`Output`], a redirect, or a refusal. Files are only ever found by looking a key up in
//! the output's map, so no URL can name a file outside it; the checks below refuse early what no
//! link of the site produces (`..`, encoded slashes, backslashes, NUL) rather than guess.

use percent_encoding::percent_decode_str;

use crate::output::{OutFile, Output};

/// `journal`, `/journal`, `journal/` → `/journal/`; empty → `/`.
pub(crate) fn normalise_base_path(base_path: &str) -> String {
    let inner = base_path.trim_matches('/');
    if inner.is_empty() {
        "/".into()
    } else {
        format!("/{inner}/")
    }
}

/// Where a request path stands against the site's path prefix.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Located<'a> {
    /// Inside the prefix: the rest, without its leading `/` (empty for the home page).
    Inside(&'a str),
    /// The prefix without its trailing slash (`/journal`): redirect to the prefix.
    Prefix,
    /// Outside the prefix.
    Outside,
}

/// Strips `base_path` (as made by [`normalise_base_path`]) from a raw request path.
pub(crate) fn strip_base<'a>(path: &'a str, base_path: &str) -> Located<'a> {
    if let Some(rest) = path.strip_prefix(base_path) {
        Located::Inside(rest)
    } else if base_path.len() > 1 && path == base_path.trim_end_matches('/') {
        Located::Prefix
    } else {
        Located::Outside
    }
}

/// Why a path was refused.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Refused;

/// Decodes a raw path relative to the site root into an output key: `/`-separated, no leading
/// slash, `.` and empty segments dropped, a trailing slash kept (it means "the folder's index").
pub(crate) fn normalise(raw: &str) -> Result<String, Refused> {
    // An encoded separator would make one segment into two after decoding: refuse it outright.
    let lower = raw.to_ascii_lowercase();
    if ["%2f", "%5c", "%00"].iter().any(|bad| lower.contains(bad)) {
        return Err(Refused);
    }
    let decoded = percent_decode_str(raw).decode_utf8().map_err(|_| Refused)?;
    if decoded.contains(['\0', '\\']) {
        return Err(Refused);
    }
    let mut segments = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            // Browsers resolve dot segments before sending, so `..` never comes from a link.
            ".." => return Err(Refused),
            "" | "." => {}
            _ => segments.push(segment),
        }
    }
    let mut key = segments.join("/");
    if !key.is_empty() && decoded.ends_with('/') {
        key.push('/');
    }
    Ok(key)
}

/// What a normalised key leads to.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Resolved<'a> {
    /// This file (the key it was found under, which names its type).
    File(&'a str, &'a OutFile),
    /// Only `key/index.html` exists: the browser must ask for `key/` so relative links work.
    AddSlash,
    /// Nothing there.
    Missing,
}

/// Looks a key made by [`normalise`] up in the output.
pub(crate) fn resolve<'a>(output: &'a Output, key: &str) -> Resolved<'a> {
    if key.is_empty() || key.ends_with('/') {
        return match output.lookup(key) {
            Some((found, file)) => Resolved::File(found, file),
            None => Resolved::Missing,
        };
    }
    if let Some((found, file)) = output.files.get_key_value(key) {
        return Resolved::File(found, file);
    }
    if output.files.contains_key(&format!("{key}/index.html")) {
        Resolved::AddSlash
    } else {
        Resolved::Missing
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths_always_start_and_end_with_a_slash() {
        assert_eq!(normalise_base_path(""), "/");
        assert_eq!(normalise_base_path("/"), "/");
        assert_eq!(normalise_base_path("journal"), "/journal/");
        assert_eq!(normalise_base_path("/coop/journal/"), "/coop/journal/");
    }

    #[test]
    fn the_prefix_is_stripped_and_what_lies_outside_is_told_apart() {
        assert_eq!(
            strip_base("/journal/a/", "/journal/"),
            Located::Inside("a/")
        );
        assert_eq!(strip_base("/journal/", "/journal/"), Located::Inside(""));
        assert_eq!(strip_base("/journal", "/journal/"), Located::Prefix);
        assert_eq!(strip_base("/", "/journal/"), Located::Outside);
        assert_eq!(strip_base("/journalisme/", "/journal/"), Located::Outside);
        assert_eq!(strip_base("/a/b", "/"), Located::Inside("a/b"));
    }

    #[test]
    fn keys_are_decoded_and_tidied() {
        assert_eq!(normalise("").unwrap(), "");
        assert_eq!(normalise("a/b/").unwrap(), "a/b/");
        assert_eq!(normalise("a//./b").unwrap(), "a/b");
        assert_eq!(normalise("//etc/passwd").unwrap(), "etc/passwd");
        assert_eq!(
            normalise("vie%20coop%C3%A9rative/").unwrap(),
            "vie coopérative/"
        );
    }

    #[test]
    fn traversal_and_odd_bytes_are_refused() {
        for raw in [
            "..",
            "../etc/passwd",
            "a/../../etc/passwd",
            "%2e%2e/etc/passwd",
            "%2E%2E/",
            "..%2f..%2fetc/passwd",
            "a%2Fb",
            "..%5c..%5cwindows",
            "a\\b",
            "a%00.html",
            "%ff%fe",
        ] {
            assert_eq!(normalise(raw), Err(Refused), "{raw} must be refused");
        }
    }

    #[test]
    fn keys_resolve_to_files_folders_or_a_slash_redirect() {
        let mut out = Output::default();
        out.insert_bytes("index.html", "home");
        out.insert_bytes("a/b/index.html", "page");
        out.insert_copy("style.css", "/site/static/style.css".into());
        assert!(matches!(resolve(&out, ""), Resolved::File("index.html", _)));
        assert!(matches!(
            resolve(&out, "a/b/"),
            Resolved::File("a/b/index.html", _)
        ));
        assert!(matches!(
            resolve(&out, "style.css"),
            Resolved::File("style.css", _)
        ));
        assert_eq!(resolve(&out, "a/b"), Resolved::AddSlash);
        assert_eq!(resolve(&out, "a/"), Resolved::Missing);
        assert_eq!(resolve(&out, "etc/passwd"), Resolved::Missing);
        assert_eq!(resolve(&out, "site/static/style.css"), Resolved::Missing);
    }
}
