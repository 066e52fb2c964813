//! Atom feeds (RFC 4287), the sitemap and robots.txt.
//!
//! In: the site. Out: `atom.xml` for the site, for each section and each taxonomy term;
//! `sitemap.xml` listing every page, section and term with its last change; `robots.txt` naming
//! the sitemap. Feeds are written with the `atom_syndication` crate so they are always well
//! formed; URLs are absolute and keep `base_url`'s path.

use std::fmt::Write as _;

use atom_syndication::{Content, Entry, Feed, Link, Person, Text};
use chrono::{DateTime, FixedOffset, NaiveTime};
use rayon::prelude::*;

use crate::content::{Page, Site};
use crate::output::Output;
use crate::text::dates::When;

/// Adds every feed, the sitemap and robots.txt.
pub fn write_all(site: &Site, out: &mut Output) {
    let config = &site.config;
    let dated: Vec<usize> = site
        .by_date
        .iter()
        .copied()
        .filter(|&i| site.pages[i].meta.date.is_some())
        .collect();
    // (output path, feed title, feed path, items): one per section and term, plus the site's.
    let mut feeds: Vec<(String, String, String, &[usize])> = vec![(
        "atom.xml".into(),
        config.title.clone(),
        String::new(),
        &dated,
    )];
    for section in site.sections.iter().skip(1) {
        feeds.push((
            format!("{}atom.xml", section.path),
            format!("{} – {}", config.title, section.title),
            section.path.clone(),
            &section.pages,
        ));
    }
    for taxonomy in &site.taxonomies {
        for term in &taxonomy.terms {
            let path = format!("{}/{}/", taxonomy.name, term.slug);
            feeds.push((
                format!("{path}atom.xml"),
                format!("{} – {}", config.title, term.name),
                path,
                &term.pages,
            ));
        }
    }
    // A site has hundreds of term feeds, each serialising twenty articles' HTML: in parallel.
    let written: Vec<(String, String)> = feeds
        .into_par_iter()
        .map(|(file, title, path, items)| (file, feed(site, &title, &path, items)))
        .collect();
    for (file, xml) in written {
        out.insert_bytes(file, xml);
    }
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
fn feed(site: &Site, title: &str, path: &str, items: &[usize]) -> String {
    let config = &site.config;
    let mut items: Vec<&Page> = items
        .iter()
        .map(|&i| &site.pages[i])
        .filter(|p| p.meta.date.is_some())
        .collect();
    items.sort_by_key(|p| std::cmp::Reverse(p.meta.date.as_ref().map(When::sort_key)));
    items.truncate(config.feed_limit);
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
    feed.to_string()
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
            value: Some(page.rendered.html.clone()),
            content_type: Some("html".into()),
            ..Content::default()
        }),
        ..Entry::default()
    }
}

/// `sitemap.xml`: every page, section and term page, with `lastmod` when known.
fn sitemap(site: &Site) -> String {
    let config = &site.config;
    let mut urls: Vec<(String, Option<String>)> = Vec::new();
    for page in &site.pages {
        urls.push((
            config.permalink(&page.path),
            updated_of(page).map(|d| d.format("%Y-%m-%d").to_string()),
        ));
    }
    for section in &site.sections {
        let last = section
            .pages
            .iter()
            .filter_map(|&i| updated_of(&site.pages[i]))
            .max();
        urls.push((
            config.permalink(&section.path),
            last.map(|d| d.format("%Y-%m-%d").to_string()),
        ));
    }
    for taxonomy in &site.taxonomies {
        urls.push((config.permalink(&format!("{}/", taxonomy.name)), None));
        for term in &taxonomy.terms {
            urls.push((
                config.permalink(&format!("{}/{}/", taxonomy.name, term.slug)),
                None,
            ));
        }
    }
    urls.sort();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (loc, lastmod) in urls {
        let _ = write!(
            xml,
            "  <url>\n    <loc>{}</loc>\n",
            crate::markdown::highlight::escape(&loc)
        );
        if let Some(l) = lastmod {
            let _ = writeln!(xml, "    <lastmod>{l}</lastmod>");
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}
