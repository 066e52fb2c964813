//! Atom feeds (RFC 4287), the sitemap and robots.txt.
//!
//! In: the site. Out: `atom.xml` for the site, for each section and each taxonomy term;
//! `sitemap.xml` listing every page, section and term with its last change; `robots.txt` naming
//! the sitemap. Feeds are written with the `atom_syndication` crate so they are always well
//! formed; URLs are absolute and keep `base_url`'s path.

use std::fmt::Write as _;

use atom_syndication::{Content, Entry, Feed, Link, Person, Text};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};
use rayon::slice::ParallelSliceMut;

use crate::content::{Page, Site};
use crate::output::Output;
use crate::text::dates::When;

/// One Atom feed to write: where, its title, the folder it describes, and its candidate
/// pages (the feed keeps the newest dated ones).
pub struct FeedJob {
    /// Output path of the feed (`actualites/atom.xml`).
    pub file: String,
    /// Feed title.
    pub title: String,
    /// The site path the feed describes (`actualites/`).
    pub base: String,
    /// Its entries: the newest dated pages among the candidates, newest first.
    pub items: Vec<usize>,
}

/// The entries of a feed among candidate pages: the `feed_limit` newest dated ones, newest
/// first. A job holds its entries only, so that an edit of a page the feed does not show leaves
/// the feed's fingerprint alone.
fn entries(site: &Site, candidates: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut items: Vec<usize> = candidates
        .filter(|&i| site.pages[i].meta.date.is_some())
        .collect();
    items.sort_by_key(|&i| std::cmp::Reverse(site.pages[i].meta.date.as_ref().map(When::sort_key)));
    items.truncate(site.config.feed_limit);
    items
}

/// Every feed of the site: the whole site, each section, each taxonomy term.
pub fn jobs(site: &Site) -> Vec<FeedJob> {
    let config = &site.config;
    let mut jobs = vec![FeedJob {
        file: "atom.xml".into(),
        title: config.title.clone(),
        base: String::new(),
        items: entries(site, site.by_date.iter().copied()),
    }];
    for section in site.sections.iter().skip(1) {
        jobs.push(FeedJob {
            file: format!("{}atom.xml", section.path),
            title: format!("{} – {}", config.title, section.title),
            base: section.path.clone(),
            items: entries(site, section.pages.iter().copied()),
        });
    }
    for taxonomy in &site.taxonomies {
        for term in &taxonomy.terms {
            let base = format!("{}/{}/", taxonomy.name, term.slug);
            jobs.push(FeedJob {
                file: format!("{base}atom.xml"),
                title: format!("{} – {}", config.title, term.name),
                base,
                items: entries(site, term.pages.iter().copied()),
            });
        }
    }
    jobs
}

/// Renders one feed.
pub fn render(site: &Site, job: &FeedJob) -> Vec<u8> {
    feed(site, &job.title, &job.base, &job.items)
}

/// Adds every feed, the sitemap and robots.txt.
pub fn write_all(site: &Site, out: &mut Output) {
    for job in jobs(site) {
        out.insert_bytes(job.file.clone(), render(site, &job));
    }
    write_site_files(site, out);
}

/// Adds the sitemap and robots.txt.
pub fn write_site_files(site: &Site, out: &mut Output) {
    let config = &site.config;
    out.insert_bytes("sitemap.xml", sitemap(site));
    out.insert_bytes(
        "robots.txt",
        format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}\n",
            config.permalink("sitemap.xml")
        ),
    );
}

/// The moment of a date value, as the feed's RFC 3339 timestamp (midnight UTC for a day).
fn instant(when: &When) -> DateTime<FixedOffset> {
    match when {
        When::Zoned(d) => *d,
        When::Local(d) => d.and_utc().fixed_offset(),
        When::Date(d) => d.and_time(NaiveTime::MIN).and_utc().fixed_offset(),
    }
}

fn updated_of(page: &Page) -> Option<DateTime<FixedOffset>> {
    page.meta
        .updated
        .as_ref()
        .or(page.meta.date.as_ref())
        .map(instant)
}

/// One Atom feed of `items` (newest first), at `path`.
fn feed(site: &Site, title: &str, path: &str, items: &[usize]) -> Vec<u8> {
    let config = &site.config;
    let items: Vec<&Page> = items.iter().map(|&i| &site.pages[i]).collect();
    let entries: Vec<Entry> = items.iter().map(|p| entry(site, p)).collect();
    // A feed without entries still needs an `updated`; the epoch keeps builds reproducible.
    let updated = items
        .iter()
        .filter_map(|p| updated_of(p))
        .max()
        .unwrap_or_default();
    let feed = Feed {
        title: Text::plain(title),
        id: config.permalink(path),
        updated,
        links: vec![
            link(
                &config.permalink(&format!("{path}atom.xml")),
                "self",
                Some("application/atom+xml"),
            ),
            link(&config.permalink(path), "alternate", Some("text/html")),
        ],
        subtitle: (!config.description.is_empty()).then(|| Text::plain(config.description.clone())),
        lang: Some(config.language.clone()),
        generator: Some(atom_syndication::Generator {
            value: "ruche".into(),
            uri: None,
            version: None,
        }),
        entries,
        ..Feed::default()
    };
    // Room for the whole feed at once: the entries' HTML grows by its escapes, and growing the
    // buffer step by step copied each feed several times over.
    let html: usize = items.iter().map(|p| p.rendered.html.len()).sum();
    let room = html + html / 4 + 1024 * (items.len() + 1);
    // The bytes as written (`to_string` checks the whole feed's UTF-8 again, and does the
    // same on failure: an empty file, which writing into memory never causes).
    feed.write_to(Vec::with_capacity(room)).unwrap_or_default()
}

fn link(href: &str, rel: &str, mime: Option<&str>) -> Link {
    Link {
        href: href.into(),
        rel: rel.into(),
        mime_type: mime.map(str::to_string),
        ..Link::default()
    }
}

fn entry(site: &Site, page: &Page) -> Entry {
    let url = site.config.permalink(&page.path);
    let published = page.meta.date.as_ref().map(instant);
    let summary = page.meta.description.clone().map(Text::plain).or_else(|| {
        (!page.rendered.summary.is_empty()).then(|| Text::html(page.rendered.summary.clone()))
    });
    Entry {
        title: Text::plain(page.meta.title.clone()),
        id: url.clone(),
        updated: updated_of(page).unwrap_or_default(),
        published,
        authors: page
            .meta
            .authors
            .iter()
            .map(|a| Person {
                name: a.clone(),
                ..Person::default()
            })
            .collect(),
        links: vec![link(&url, "alternate", Some("text/html"))],
        summary,
        content: Some(Content {
            value: Some(page.rendered.html[..].to_owned()),
            content_type: Some("html".into()),
            ..Content::default()
        }),
        ..Entry::default()
    }
}

/// `sitemap.xml`: every page, section and term page, with `lastmod` when known.
fn sitemap(site: &Site) -> String {
    use std::borrow::Cow;
    let day = |d: DateTime<FixedOffset>| d.date_naive();
    // Site paths, sorted: every URL is the base URL and one of them, so this is the order of
    // the URLs, without making 10,000 of them first (the preview writes the sitemap again
    // after an edit that moves a page).
    let mut paths: Vec<(Cow<str>, Option<NaiveDate>)> = Vec::new();
    for page in &site.pages {
        paths.push((Cow::Borrowed(&page.path), updated_of(page).map(day)));
    }
    for section in &site.sections {
        let last = section
            .pages
            .iter()
            .filter_map(|&i| updated_of(&site.pages[i]))
            .max();
        paths.push((Cow::Borrowed(&section.path), last.map(day)));
    }
    for taxonomy in &site.taxonomies {
        paths.push((Cow::Owned(format!("{}/", taxonomy.name)), None));
        for term in &taxonomy.terms {
            paths.push((
                Cow::Owned(format!("{}/{}/", taxonomy.name, term.slug)),
                None,
            ));
        }
    }
    paths.par_sort_unstable();
    let mut base = String::new();
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut base, &site.config.permalink(""));
    // About 80 bytes a URL, written piece by piece.
    let mut xml = String::with_capacity(100 + paths.len() * 100);
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (path, lastmod) in paths {
        xml.push_str("  <url>\n    <loc>");
        xml.push_str(&base);
        let _ = pulldown_cmark_escape::escape_html(&mut xml, path.trim_start_matches('/'));
        xml.push_str("</loc>\n");
        if let Some(day) = lastmod {
            xml.push_str("    <lastmod>");
            push_day(&mut xml, day);
            xml.push_str("</lastmod>\n");
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// `day` as YYYY-MM-DD, as `NaiveDate` displays it, digit by digit for years 0 to 9999: the
/// formatting machinery was a quarter of the sitemap's instructions.
fn push_day(out: &mut String, day: NaiveDate) {
    use chrono::Datelike;
    let year = match u32::try_from(day.year()) {
        Ok(year) if year <= 9999 => year,
        _ => {
            let _ = write!(out, "{day}");
            return;
        }
    };
    let digit = |n: u32| char::from(b'0' + (n % 10) as u8);
    for n in [year / 1000, year / 100, year / 10, year] {
        out.push(digit(n));
    }
    for part in [day.month(), day.day()] {
        out.push('-');
        out.push(digit(part / 10));
        out.push(digit(part));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sitemap_day_reads_as_chrono_shows_it() {
        for (y, m, d) in [
            (2025, 11, 27),
            (987, 1, 2),
            (2000, 12, 31),
            (12025, 3, 4),
            (-44, 3, 15),
        ] {
            let day = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            let mut out = String::new();
            push_day(&mut out, day);
            assert_eq!(out, day.to_string());
        }
    }
}
