//! `site.yaml` → [`Config`]: the site's settings, with defaults, validated once.
//!
//! In: the site root. Out: a `Config` the rest of the program trusts (ripgrep's two-phase
//! configuration): `base_url` normalised, its path prefix derived, the typography and language
//! settled. An unknown key is an error that suggests the nearest known key.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use crate::error::{did_you_mean, Diagnostic, Error, Result};
use crate::text::dates::Lang;
use crate::yaml::Yaml;

mod publish;
pub use publish::Publish;
use publish::{resolve_publish, RawPublish};

/// The keys site.yaml accepts (DESIGN.md's table, plus ruche's documented extensions).
const KNOWN_KEYS: &[&str] = &[
    "title",
    "base_url",
    "language",
    "description",
    "theme",
    "taxonomies",
    "paginate_by",
    "typography",
    "strict",
    "extra",
    "hashtags",
    "feed_limit",
    "broken_links",
    "timezone",
    "search",
    "publish",
    "images",
];

#[derive(Deserialize)]
struct RawConfig {
    title: String,
    base_url: String,
    #[serde(default = "default_language")]
    language: String,
    #[serde(default)]
    description: String,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default = "default_taxonomies")]
    taxonomies: Vec<String>,
    #[serde(default = "default_paginate_by")]
    paginate_by: usize,
    typography: Option<String>,
    #[serde(default)]
    strict: bool,
    #[serde(default = "yes")]
    hashtags: bool,
    #[serde(default = "default_feed_limit")]
    feed_limit: usize,
    #[serde(default)]
    broken_links: LinkPolicy,
    #[serde(default = "yes")]
    search: bool,
    #[serde(default)]
    timezone: Option<String>,
    #[serde(default)]
    images: crate::images::RawSettings,
    #[serde(default)]
    extra: serde_json::Value,
    publish: Option<RawPublish>,
}

fn default_language() -> String {
    "fr".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_taxonomies() -> Vec<String> {
    vec!["tags".into(), "categories".into()]
}
fn default_paginate_by() -> usize {
    10
}
fn default_feed_limit() -> usize {
    20
}
fn yes() -> bool {
    true
}

/// What a broken internal link does to a build.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkPolicy {
    /// The build fails (the default: a broken link is a mistake to fix before publishing).
    #[default]
    Error,
    /// The build reports it and goes on.
    Warning,
}

/// The site's settings, resolved.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site root (the folder holding site.yaml).
    pub root: PathBuf,
    /// Site name.
    pub title: String,
    /// Absolute URL without a trailing slash: `https://x.org/journal`.
    pub base_url: String,
    /// The path part of `base_url`, always ending with `/`: `/journal/`.
    pub base_path: String,
    /// BCP 47 code of the content.
    pub language: String,
    /// The language family used for dates and theme strings.
    pub lang: Lang,
    /// Site description.
    pub description: String,
    /// Theme folder name under `themes/`.
    pub theme: String,
    /// Taxonomy names, each a front matter key.
    pub taxonomies: Vec<String>,
    /// Default page size of section lists.
    pub paginate_by: usize,
    /// Apply French spacing rules and quotes.
    pub french_typography: bool,
    /// Warnings are errors.
    pub strict: bool,
    /// `#Word` in text links to the tag.
    pub hashtags: bool,
    /// How many entries a feed holds at most.
    pub feed_limit: usize,
    /// What a broken internal link does.
    pub broken_links: LinkPolicy,
    /// The zone in which dates with a time are shown and "today" is decided (`Europe/Paris`);
    /// `None`: each date as written, today on this computer's clock.
    pub timezone: Option<chrono_tz::Tz>,
    /// Whether the site has a search index, field and page (`search: false` turns it off).
    pub search: bool,
    /// The widths, formats and quality of published image copies.
    pub images: crate::images::Settings,
    /// Free map for the theme.
    pub extra: serde_json::Value,
    /// Where `ruche publish` sends the site.
    pub publish: Option<Publish>,
}

/// The language of the site at `root`, read before the rest of site.yaml so that its own
/// errors are already in that language: its `language`, or ruche's default (`fr`) when
/// site.yaml has none or cannot be read as YAML; `None` when there is no site.yaml.
pub fn language_of(root: &Path) -> Option<String> {
    let text = std::fs::read_to_string(root.join("site.yaml")).ok()?;
    Some(crate::yaml::top_level_string(&text, "language").unwrap_or_else(default_language))
}

impl Config {
    /// Reads `root/site.yaml`.
    pub fn load(root: &Path) -> Result<Config> {
        let path = root.join("site.yaml");
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Diagnostic::error(
                    "site.yaml",
                    crate::t!("config-no-site-yaml", dir = root),
                )
                .hint(crate::t!("config-no-site-yaml-hint"))
                .into())
            }
            Err(e) => return Err(Error::io(&path, e)),
        };
        Config::parse(root, &text)
    }

    /// Parses site.yaml's text.
    pub fn parse(root: &Path, text: &str) -> Result<Config> {
        let source: Arc<str> = Arc::from(text);
        let yaml = Yaml {
            text,
            file: Path::new("site.yaml"),
            source: &source,
            line_offset: 0,
        };
        let hint = crate::t!("config-form-hint");
        for (key, _) in yaml.top_level_keys(&hint)? {
            if !KNOWN_KEYS.contains(&key.as_str()) {
                let mut d = yaml.error_at_key(&key, crate::t!("config-unknown-key", key = key));
                d.column = 1;
                let d = match did_you_mean(&key, KNOWN_KEYS) {
                    Some(near) => d.hint(crate::t!("did-you-mean", near = near)),
                    None => d.hint(crate::t!("config-known-keys", keys = KNOWN_KEYS.join(", "))),
                };
                return Err(d.into());
            }
        }
        let raw: RawConfig = yaml.parse(&hint)?;
        Config::resolve(root, raw, &yaml)
    }

    fn resolve(root: &Path, raw: RawConfig, yaml: &Yaml) -> Result<Config> {
        let base_url = raw.base_url.trim().trim_end_matches('/').to_string();
        let base_path = base_path_of(&base_url).ok_or_else(|| {
            yaml.error_at_key(
                "base_url",
                crate::t!("config-base-url-not-absolute", url = raw.base_url),
            )
            .hint(crate::t!("config-base-url-hint"))
        })?;
        let lang = Lang::from_code(&raw.language);
        let french_typography = match raw.typography.as_deref() {
            None => lang == Lang::Fr,
            Some("fr") => true,
            Some("none" | "off" | "") => false,
            Some(other) => {
                return Err(yaml
                    .error_at_key(
                        "typography",
                        crate::t!("config-unknown-typography", value = other),
                    )
                    .hint(crate::t!("config-typography-hint"))
                    .into())
            }
        };
        if raw.paginate_by == 0 {
            return Err(yaml
                .error_at_key("paginate_by", crate::t!("config-paginate-by-zero"))
                .into());
        }
        check_names(&raw, yaml)?;
        let timezone = raw
            .timezone
            .as_deref()
            .map(|name| timezone(name, yaml))
            .transpose()?;
        let publish = raw
            .publish
            .map(|p| resolve_publish(root, p, yaml))
            .transpose()?;
        let images = crate::images::Settings::resolve(raw.images, yaml)?;
        Ok(Config {
            root: root.to_path_buf(),
            title: raw.title,
            base_url,
            base_path,
            language: raw.language,
            lang,
            description: raw.description,
            theme: raw.theme,
            taxonomies: raw.taxonomies,
            paginate_by: raw.paginate_by,
            french_typography,
            strict: raw.strict,
            hashtags: raw.hashtags,
            feed_limit: raw.feed_limit,
            broken_links: raw.broken_links,
            timezone,
            search: raw.search,
            images,
            extra: raw.extra,
            publish,
        })
    }

    /// Points the site at another address (`--base-url`, or the preview's local address).
    pub fn set_base_url(&mut self, url: &str) -> Result<()> {
        let base_url = url.trim().trim_end_matches('/').to_string();
        self.base_path = base_path_of(&base_url)
            .ok_or_else(|| Error::msg(crate::t!("config-base-url-option", url = url)))?;
        self.base_url = base_url;
        Ok(())
    }

    /// The absolute URL of a site path (`actualites/x/` → `https://x.org/journal/actualites/x/`).
    pub fn permalink(&self, path: &str) -> String {
        // Called for every link of every page: pushed, not `format!`ted (5× fewer instructions).
        join(&[&self.base_url, "/", path.trim_start_matches('/')])
    }

    /// The root-relative URL of a site path (`actualites/x/` → `/journal/actualites/x/`).
    pub fn url_path(&self, path: &str) -> String {
        join(&[&self.base_path, path.trim_start_matches('/')])
    }

    /// The theme's folder.
    pub fn theme_dir(&self) -> PathBuf {
        self.root.join("themes").join(&self.theme)
    }

    /// Today, in the site's `timezone` (or on this computer's clock without one).
    pub fn today(&self) -> chrono::NaiveDate {
        match self.timezone {
            Some(tz) => chrono::Utc::now().with_timezone(&tz).date_naive(),
            None => chrono::Local::now().date_naive(),
        }
    }
}

/// The IANA zone named `name` (`Europe/Paris`), or an error suggesting the nearest one.
fn timezone(name: &str, yaml: &Yaml) -> Result<chrono_tz::Tz> {
    name.trim().parse::<chrono_tz::Tz>().map_err(|_| {
        let names: Vec<&str> = chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()).collect();
        let d = yaml.error_at_key(
            "timezone",
            crate::t!("config-unknown-timezone", zone = name),
        );
        match did_you_mean(name, &names) {
            Some(near) => d.hint(crate::t!("did-you-mean", near = near)),
            None => d.hint(crate::t!("config-timezone-hint")),
        }
        .into()
    })
}

/// The parts one after the other, in a string allocated once.
fn join(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    out
}

/// Settings that become folder names or an HTML attribute must be plain: a taxonomy named
/// `../x` once wrote its pages outside the output folder.
fn check_names(raw: &RawConfig, yaml: &Yaml) -> Result<()> {
    let plain = |name: &str| {
        !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    if let Some(bad) = raw.taxonomies.iter().find(|t| !plain(t)) {
        return Err(yaml
            .error_at_key("taxonomies", crate::t!("config-bad-taxonomy", name = bad))
            .hint(crate::t!("config-bad-taxonomy-hint"))
            .into());
    }
    let theme = raw.theme.as_str();
    if theme.is_empty() || theme.contains(['/', '\\']) || theme == "." || theme == ".." {
        return Err(yaml
            .error_at_key("theme", crate::t!("config-bad-theme", theme = theme))
            .hint(crate::t!("config-bad-theme-hint"))
            .into());
    }
    let mut parts = raw.language.split('-');
    let primary = parts.next().unwrap_or("");
    let language_ok = (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts
            .all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
    if !language_ok {
        return Err(yaml
            .error_at_key(
                "language",
                crate::t!("config-bad-language", language = raw.language),
            )
            .hint(crate::t!("config-bad-language-hint"))
            .into());
    }
    Ok(())
}

/// `https://x.org/journal` → `/journal/`; `None` when the URL is not absolute.
fn base_path_of(base_url: &str) -> Option<String> {
    let (scheme, rest) = base_url.split_once("://")?;
    if scheme.is_empty() || rest.is_empty() || !scheme.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let path = rest.find('/').map_or("", |i| &rest[i..]);
    let path = path.trim_matches('/');
    Some(if path.is_empty() {
        "/".into()
    } else {
        format!("/{path}/")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config> {
        Config::parse(Path::new("/site"), text)
    }

    #[test]
    fn defaults_fill_what_is_missing() {
        let c = parse("title: T\nbase_url: https://x.org/journal/\n").unwrap();
        assert_eq!(c.base_url, "https://x.org/journal");
        assert_eq!(c.base_path, "/journal/");
        assert_eq!(c.language, "fr");
        assert!(c.french_typography);
        assert_eq!(c.taxonomies, vec!["tags", "categories"]);
        assert_eq!(c.paginate_by, 10);
        assert_eq!(c.permalink("a/b/"), "https://x.org/journal/a/b/");
        assert_eq!(c.url_path("a/b/"), "/journal/a/b/");
    }

    #[test]
    fn english_sites_get_no_french_typography_by_default() {
        let c = parse("title: T\nbase_url: https://x.org\nlanguage: en\n").unwrap();
        assert!(!c.french_typography);
        assert_eq!(c.base_path, "/");
    }

    #[test]
    fn unknown_key_suggests_the_nearest_one_with_its_line() {
        let err = parse("title: T\nbase_url: https://x.org\npaginate: 3\n").unwrap_err();
        let d = &err.diagnostics[0];
        assert_eq!(d.line, 3);
        assert!(d.message.contains("`paginate`"));
        assert_eq!(d.hint.as_deref(), Some("did you mean `paginate_by`?"));
    }

    #[test]
    fn missing_title_and_relative_base_url_are_errors() {
        let err = parse("base_url: https://x.org\n").unwrap_err();
        assert!(err.to_string().contains("title"), "{err}");
        let err = parse("title: T\nbase_url: x.org\n").unwrap_err();
        assert_eq!(err.diagnostics[0].line, 2);
    }

    #[test]
    fn names_that_become_folders_or_attributes_must_be_plain() {
        let base = "title: T\nbase_url: https://x.org\n";
        for (line, bad) in [
            ("taxonomies: [tags, ../x]", "`../x`"),
            ("taxonomies: [\"\"]", "taxonomy"),
            ("theme: ../../etc", "theme"),
            ("theme: a/b", "theme"),
            ("language: 42", "language"),
            ("language: fr_FR", "language"),
        ] {
            let err = parse(&format!("{base}{line}\n")).unwrap_err();
            let d = &err.diagnostics[0];
            assert_eq!(d.line, 3, "{line}");
            assert!(d.message.contains(bad), "{line}: {}", d.message);
            assert!(d.hint.is_some());
        }
        for line in [
            "taxonomies: [tags, thematiques, lieux_2025]",
            "language: fr-BE",
            "language: br",
            "theme: mon-theme",
        ] {
            parse(&format!("{base}{line}\n")).unwrap_or_else(|e| panic!("{line}: {e}"));
        }
    }
}
