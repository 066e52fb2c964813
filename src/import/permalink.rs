//! The addresses pages had: Jekyll's and Hugo's permalink patterns, expanded.
//!
//! In: a pattern (`/:categories/:year/:month/:day/:title/`, `pretty`, `/:section/:slug/`) and
//! what a page says of itself ([`Facts`]). Out: the path from the site root it was published
//! at (`/release/2013/05/06/x.html`), always starting with `/`.

use chrono::{Datelike, NaiveDate, NaiveTime};
use regex::Regex;
use std::sync::LazyLock;

use crate::text::slug::slugify;

/// What a pattern can ask of a page.
#[derive(Debug, Default, Clone)]
pub struct Facts {
    /// Its date, from the front matter or the file name.
    pub date: Option<NaiveDate>,
    /// Its time, when the date has one.
    pub time: Option<NaiveTime>,
    /// The file (or bundle folder) name without date prefix nor extension.
    pub name: String,
    /// The front matter's `slug`.
    pub slug: Option<String>,
    /// The title.
    pub title: String,
    /// The categories.
    pub categories: Vec<String>,
    /// The section folder (`posts`, `blog/2020`).
    pub section: String,
}

impl Facts {
    /// What a page's front matter and file say: `name` is its file or bundle-folder name
    /// (its date prefix is dropped here).
    pub fn of(front: &super::model::Front, name: &str, section: &str) -> Facts {
        let mut facts = Facts {
            name: crate::text::dates::parse_date_prefix(name)
                .map_or(name.to_string(), |(_, rest)| rest.to_string()),
            slug: front.slug.clone(),
            title: front.title.clone(),
            categories: front
                .taxonomies
                .get("categories")
                .cloned()
                .unwrap_or_default(),
            section: section.to_string(),
            ..Facts::default()
        };
        if let Some(d) = &front.date {
            facts.set_date(d);
        }
        facts
    }

    /// The date and time of a ruche date (`2013-05-06`, `2013-05-06T02:12:52+02:00`), on the
    /// writer's wall clock, as Jekyll and Hugo read it.
    pub fn set_date(&mut self, date: &str) {
        self.date = date
            .get(..10)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        self.time = date
            .get(11..19)
            .and_then(|t| NaiveTime::parse_from_str(t, "%H:%M:%S").ok());
    }
}

static TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    // A fixed pattern: it compiles, or the test below fails.
    Regex::new(r":([a-z_]+)").unwrap_or_else(|_| unreachable!())
});

/// Jekyll's built-in styles by name, else the pattern itself.
fn jekyll_style(pattern: &str) -> &str {
    match pattern {
        "date" => "/:categories/:year/:month/:day/:title:output_ext",
        "pretty" => "/:categories/:year/:month/:day/:title/",
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext",
        "weekdate" => "/:categories/:year/W:week/:short_day/:title:output_ext",
        "none" => "/:categories/:title:output_ext",
        other => other,
    }
}

/// A Jekyll post's address under `pattern` (`permalink:` in `_config.yml` or the post).
pub fn jekyll(pattern: &str, f: &Facts) -> String {
    let pattern = jekyll_style(pattern);
    let cats: Vec<String> = f
        .categories
        .iter()
        .map(|c| c.to_lowercase().replace(' ', "-"))
        .collect();
    let title = f.slug.clone().unwrap_or_else(|| f.name.clone());
    expand(pattern, |token| {
        Some(match token {
            "title" => title.clone(),
            "slug" => slug_like_jekyll(&title),
            "name" => f.name.clone(),
            "categories" => cats.join("/"),
            "output_ext" => ".html".into(),
            _ => date_token(token, f)?,
        })
    })
}

/// Jekyll's default slug: every run of characters other than letters and digits → `-`.
fn slug_like_jekyll(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// A Hugo page's address under `pattern` (`[permalinks]` of its section).
pub fn hugo(pattern: &str, f: &Facts) -> String {
    let slug = f
        .slug
        .clone()
        .map(|s| slugify(&s))
        .unwrap_or_else(|| slugify(&f.title));
    let first_section = f.section.split('/').next().unwrap_or("").to_string();
    let path = expand(pattern, |token| {
        Some(match token {
            "title" => slugify(&f.title),
            "slug" => slug.clone(),
            "filename" | "contentbasename" => f.name.clone(),
            "slugorfilename" | "slugorcontentbasename" => {
                f.slug.clone().unwrap_or_else(|| f.name.clone())
            }
            "section" => first_section.clone(),
            "sections" => f.section.clone(),
            "monthname" => f.date?.format("%B").to_string(),
            "weekdayname" => f.date?.format("%A").to_string(),
            "weekday" => f.date?.weekday().num_days_from_sunday().to_string(),
            "yearday" => f.date?.ordinal().to_string(),
            _ => date_token(token, f)?,
        })
    });
    path.to_lowercase()
}

fn date_token(token: &str, f: &Facts) -> Option<String> {
    let d = f.date?;
    let t = f.time.unwrap_or_default();
    Some(match token {
        "year" => format!("{:04}", d.year()),
        "short_year" => format!("{:02}", d.year() % 100),
        "month" => format!("{:02}", d.month()),
        "i_month" => d.month().to_string(),
        "day" => format!("{:02}", d.day()),
        "i_day" => d.day().to_string(),
        "y_day" => format!("{:03}", d.ordinal()),
        "week" => format!("{:02}", d.iso_week().week()),
        "short_day" => d.format("%a").to_string(),
        "long_day" => d.format("%A").to_string(),
        "hour" => t.format("%H").to_string(),
        "minute" => t.format("%M").to_string(),
        "second" => t.format("%S").to_string(),
        _ => return None,
    })
}

/// Replaces each `:token` the closure knows; unknown tokens stay as written. Empty segments
/// (no categories) collapse, and the result starts with `/`.
fn expand(pattern: &str, value: impl Fn(&str) -> Option<String>) -> String {
    let expanded = TOKEN.replace_all(pattern, |caps: &regex::Captures<'_>| {
        value(&caps[1]).unwrap_or_else(|| caps[0].to_string())
    });
    let mut out = String::from("/");
    for part in expanded.split('/').filter(|p| !p.is_empty()) {
        out.push_str(part);
        out.push('/');
    }
    if !expanded.ends_with('/') && out.len() > 1 {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> Facts {
        let mut f = Facts {
            name: "jekyll-1-0-0-released".into(),
            title: "Jekyll 1.0.0 Released".into(),
            categories: vec!["Release".into()],
            section: "posts".into(),
            ..Facts::default()
        };
        f.set_date("2013-05-06T02:12:52+02:00");
        f
    }

    #[test]
    fn jekyll_styles_and_patterns() {
        let f = facts();
        assert_eq!(
            jekyll("date", &f),
            "/release/2013/05/06/jekyll-1-0-0-released.html"
        );
        assert_eq!(
            jekyll("/news/:year/:month/:day/:title/", &f),
            "/news/2013/05/06/jekyll-1-0-0-released/"
        );
        let none = Facts {
            categories: vec![],
            ..f
        };
        assert_eq!(
            jekyll("pretty", &none),
            "/2013/05/06/jekyll-1-0-0-released/"
        );
    }

    #[test]
    fn hugo_patterns() {
        let f = Facts {
            slug: Some("Un Titre".into()),
            ..facts()
        };
        assert_eq!(hugo("/:year/:month/:slug/", &f), "/2013/05/un-titre/");
        assert_eq!(
            hugo("/:section/:filename/", &f),
            "/posts/jekyll-1-0-0-released/"
        );
    }
}
