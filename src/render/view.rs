//! The serialised view templates read: built once per page and section, then shared.
//!
//! In: the loaded [`Site`]. Out: [`Views`]: one `tera::Value` per page and per section, and the
//! `site` value. tera 2 values are reference-counted, so a page listed on fifty pages is
//! serialised once and each list holds a pointer to it (Zola re-serialises every page of a
//! section for each page it renders — its biggest performance complaint).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use ahash::{AHashMap, AHashSet};

use rayon::prelude::*;
use serde::Serialize;
use tera::Value;

use super::events;
use crate::config::Config;
use crate::content::taxonomy::{page_terms_by, written_terms};
use crate::content::{Page, Section, Site};
use crate::markdown::Heading;
use crate::progress::{Progress, Stage};
use crate::text::slug::slugify;

/// Every view of the site.
pub struct Views {
    /// One per page, same order as `Site::pages`.
    pub pages: Vec<Value>,
    /// One per section, same order as `Site::sections`.
    pub sections: Vec<Value>,
    /// The same without `pages`: what a page's template gets as `section`, so that editing
    /// one page does not change what every other page of its section is rendered from.
    pub shallow_sections: Vec<Value>,
    /// The 10 newest pages (`latest` in section templates, the home's included).
    pub latest: Value,
    /// The `site` variable.
    pub site: Value,
}

/// A link to a term.
#[derive(Serialize)]
pub struct TermRef {
    name: String,
    slug: String,
    permalink: String,
}

#[derive(Serialize)]
struct Nav<'a> {
    title: &'a str,
    permalink: String,
}

#[derive(Serialize)]
struct CoverView<'a> {
    src: String,
    alt: &'a str,
    /// The copies' markup and social card, for a photo ruche publishes (absent otherwise, so
    /// a page without one keeps the view it had).
    #[serde(skip_serializing_if = "Option::is_none")]
    picture: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    card_picture: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    og: Option<crate::images::view::Card>,
}

/// A page's view. The values of type [`Value`] are shared with other views (the HTML, the term
/// links): tera's serialiser takes a value as it is, counting a reference instead of copying it.
#[derive(Serialize)]
struct PageView<'a> {
    title: &'a str,
    description: Option<&'a str>,
    summary: &'a str,
    content: Value,
    permalink: String,
    path: String,
    slug: &'a str,
    date: Option<String>,
    updated: Option<String>,
    draft: bool,
    /// Dated after the build's day: shown only by the preview and `--future`.
    scheduled: bool,
    authors: &'a [String],
    cover: Option<CoverView<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    gallery: Vec<crate::images::view::GalleryPhoto<'a>>,
    taxonomies: Value,
    tags: Value,
    reading_time: usize,
    word_count: usize,
    toc: &'a [Heading],
    section_path: String,
    weight: i64,
    extra: &'a serde_json::Map<String, serde_json::Value>,
    lower: Option<Nav<'a>>,
    higher: Option<Nav<'a>>,
    jsonld: String,
    event: Option<events::EventView>,
}

/// Builds every view, reusing from `cache` the page views whose fingerprint (`fps`, one per
/// page) is unchanged; `cache` is replaced by this build's page views.
pub fn build(
    site: &Site,
    serve: bool,
    today: chrono::NaiveDate,
    fps: &[u64],
    cache: &mut HashMap<u64, Value>,
    progress: &Progress,
) -> Views {
    progress.start(Stage::Preparing, site.pages.len());
    let neighbours = neighbours(site);
    let terms = TermValues::of_site(site);
    let old: &HashMap<u64, Value> = cache;
    let pages: Vec<Value> = site
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, p)| {
            let view = match old.get(&fps[i]) {
                Some(view) => view.clone(),
                None => page_view(site, p, neighbours.get(&i), today, &terms),
            };
            progress.step();
            view
        })
        .collect();
    *cache = fps.iter().copied().zip(pages.iter().cloned()).collect();
    let (shallow_sections, sections) = site
        .sections
        .iter()
        .map(|s| section_view(site, s, &pages))
        .unzip();
    let latest = latest(site, &pages);
    let site_value = site_view(site, serve);
    Views {
        pages,
        sections,
        shallow_sections,
        latest,
        site: site_value,
    }
}

impl Views {
    /// Builds again the views of the pages `changed` after they were patched (see
    /// [`crate::site::patch`]; their neighbours among them when pages moved), of the
    /// sections and `latest` that list them, and of the `sections` whose pages changed
    /// otherwise (one was deleted); `fps` are the pages' updated fingerprints, and `cache`
    /// gets the new views under them.
    pub fn update_pages(
        &mut self,
        site: &Site,
        changed: &[usize],
        sections: &[usize],
        today: chrono::NaiveDate,
        fps: &[u64],
        cache: &mut HashMap<u64, Value>,
    ) {
        // A page added by the patch comes last; its view is among the changed.
        self.pages.resize(site.pages.len(), Value::none());
        for &i in changed {
            let nav = site.sections.iter().rev().find_map(|s| {
                let k = s.pages.iter().position(|&p| p == i)?;
                let before = k.checked_sub(1).map(|k| s.pages[k]);
                Some((before, s.pages.get(k + 1).copied()))
            });
            let page = &site.pages[i];
            let view = page_view(site, page, nav.as_ref(), today, &TermValues::default());
            cache.insert(fps[i], view.clone());
            self.pages[i] = view;
        }
        for s in listing_or(site, changed, sections) {
            let (shallow, deep) = section_view(site, &site.sections[s], &self.pages);
            self.shallow_sections[s] = shallow;
            self.sections[s] = deep;
        }
        self.latest = latest(site, &self.pages);
    }
}

/// The sections listing the pages `changed`, and `sections` (which lost one, say).
pub fn listing_or(site: &Site, changed: &[usize], sections: &[usize]) -> Vec<usize> {
    let mut all = site.sections_listing(changed);
    all.extend_from_slice(sections);
    all.sort_unstable();
    all.dedup();
    all
}

fn latest(site: &Site, pages: &[Value]) -> Value {
    let latest: Vec<Value> = site
        .by_date
        .iter()
        .take(10)
        .map(|&i| pages[i].clone())
        .collect();
    Value::from(latest)
}

/// The cover's view: its copies when ruche publishes them, else its URL.
fn cover_view<'a>(site: &Site, page: &Page, c: &'a crate::content::Cover) -> CoverView<'a> {
    match crate::images::view::cover(site, page, c) {
        Some(photo) => CoverView {
            src: photo.large,
            alt: &c.alt,
            picture: Some(photo.picture),
            card_picture: Some(photo.card_picture),
            og: Some(photo.og),
        },
        None => CoverView {
            src: asset_url(&site.config, page, &c.src),
            alt: &c.alt,
            picture: None,
            card_picture: None,
            og: None,
        },
    }
}

/// The absolute URL of an image or file named in front matter, relative to the page's file.
pub fn asset_url(config: &Config, page: &Page, src: &str) -> String {
    if src.contains("://") || src.starts_with("data:") {
        src.to_string()
    } else if let Some(rooted) = src.strip_prefix('/') {
        config.permalink(rooted)
    } else {
        format!(
            "{}{}",
            crate::site::assets_url(config, page),
            src.trim_start_matches("./")
        )
    }
}

/// The link to each term, as each spelling of it is written, made once and shared by every
/// page carrying it: a newsroom's common tag is on a third of its articles, and a page's view
/// would otherwise hold copies of the same name, slug and URL.
#[derive(Default)]
pub struct TermValues {
    /// Each taxonomy's links, by spelling.
    links: AHashMap<String, AHashMap<String, Value>>,
    /// The slug of every spelling, made once (the preview makes this table again after an
    /// edit that moves a page, on one thread).
    slugs: AHashMap<String, String>,
}

impl TermValues {
    /// Every term link of the site.
    pub fn of_site(site: &Site) -> TermValues {
        let config = &site.config;
        let taxonomies = taxonomy_names(config);
        // The spellings of each taxonomy: a few hundred, gathered from every page in parallel.
        let none = || vec![AHashSet::new(); taxonomies.len()];
        let spellings: Vec<AHashSet<&str>> = site
            .pages
            .par_iter()
            .fold(none, |mut seen, page| {
                for (set, taxonomy) in seen.iter_mut().zip(&taxonomies) {
                    set.extend(written_terms(page, taxonomy));
                }
                seen
            })
            .reduce(none, |mut a, b| {
                for (a, b) in a.iter_mut().zip(b) {
                    a.extend(b);
                }
                a
            });
        let mut values = TermValues::default();
        for (taxonomy, names) in taxonomies.iter().zip(spellings) {
            let mut known = AHashMap::new();
            for name in names {
                let slug = values
                    .slugs
                    .entry(name.to_string())
                    .or_insert_with(|| slugify(name));
                if !slug.is_empty() {
                    known.insert(name.to_string(), term_ref(config, taxonomy, name, slug));
                }
            }
            values.links.insert(taxonomy.to_string(), known);
        }
        values
    }

    /// A page's terms of one taxonomy, as links.
    fn list(&self, config: &Config, page: &Page, taxonomy: &str) -> Value {
        let known = self.links.get(taxonomy);
        let slug_of = |name: &str| match self.slugs.get(name) {
            Some(slug) => Cow::Borrowed(slug.as_str()),
            None => Cow::Owned(slugify(name)),
        };
        let refs: Vec<Value> = page_terms_by(page, taxonomy, slug_of)
            .into_iter()
            .map(|name| {
                known
                    .and_then(|k| k.get(name))
                    .cloned()
                    .unwrap_or_else(|| term_ref(config, taxonomy, name, &slugify(name)))
            })
            .collect();
        Value::from(refs)
    }
}

/// The site's taxonomies and `tags`, which every page view has.
fn taxonomy_names(config: &Config) -> Vec<&str> {
    let mut names: Vec<&str> = config.taxonomies.iter().map(String::as_str).collect();
    if !names.contains(&"tags") {
        names.push("tags");
    }
    names
}

/// The link to one term, as written.
fn term_ref(config: &Config, taxonomy: &str, name: &str, slug: &str) -> Value {
    Value::from_serializable(&TermRef {
        permalink: config.permalink(&format!("{taxonomy}/{slug}/")),
        name: name.to_string(),
        slug: slug.to_string(),
    })
}

fn page_view(
    site: &Site,
    page: &Page,
    nav: Option<&(Option<usize>, Option<usize>)>,
    today: chrono::NaiveDate,
    terms: &TermValues,
) -> Value {
    let config = &site.config;
    let nav_of = |i: Option<usize>| {
        i.map(|i| Nav {
            title: &site.pages[i].meta.title,
            permalink: config.permalink(&site.pages[i].path),
        })
    };
    let (higher, lower) = nav.map_or((None, None), |(h, l)| (nav_of(*h), nav_of(*l)));
    let mut names: Vec<&str> = config.taxonomies.iter().map(String::as_str).collect();
    names.sort_unstable();
    names.dedup();
    let mut taxonomies = tera::Map::with_capacity(names.len());
    for name in names {
        taxonomies.insert(name.to_string().into(), terms.list(config, page, name));
    }
    let slug = page
        .path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("");
    let view = PageView {
        title: &page.meta.title,
        description: page.meta.description.as_deref(),
        summary: &page.rendered.summary,
        content: page.rendered.html.value(),
        permalink: config.permalink(&page.path),
        path: config.url_path(&page.path),
        slug,
        date: page
            .meta
            .date
            .as_ref()
            .map(super::super::text::dates::When::to_rfc3339_or_date),
        updated: page
            .meta
            .updated
            .as_ref()
            .map(super::super::text::dates::When::to_rfc3339_or_date),
        draft: page.meta.draft,
        scheduled: crate::content::tree::scheduled_on(&page.meta, today).is_some(),
        authors: &page.meta.authors,
        cover: page.meta.cover.as_ref().map(|c| cover_view(site, page, c)),
        gallery: crate::images::view::gallery(site, page),
        taxonomies: Value::from(taxonomies),
        tags: terms.list(config, page, "tags"),
        reading_time: page.rendered.word_count.div_ceil(200).max(1),
        word_count: page.rendered.word_count,
        toc: &page.rendered.toc,
        section_path: config.url_path(&site.sections[page.section].path),
        weight: page.meta.weight,
        extra: &page.meta.extra,
        lower,
        higher,
        jsonld: super::jsonld::for_page(site, page),
        event: page
            .meta
            .event
            .as_ref()
            .map(|e| events::view(config, page, e, today)),
    };
    Value::from_serializable(&view)
}

/// For each page, the (previous, next) page of its section's order.
fn neighbours(site: &Site) -> HashMap<usize, (Option<usize>, Option<usize>)> {
    let mut out = HashMap::new();
    for section in &site.sections {
        for (k, &i) in section.pages.iter().enumerate() {
            let before = k.checked_sub(1).map(|k| section.pages[k]);
            let after = section.pages.get(k + 1).copied();
            out.insert(i, (before, after));
        }
    }
    out
}

#[derive(Serialize)]
struct SectionLink<'a> {
    title: &'a str,
    permalink: String,
    path: String,
}

fn section_link<'a>(config: &Config, s: &'a Section) -> SectionLink<'a> {
    SectionLink {
        title: &s.title,
        permalink: config.permalink(&s.path),
        path: config.url_path(&s.path),
    }
}

/// A section's view without and with its `pages`.
fn section_view(site: &Site, section: &Section, pages: &[Value]) -> (Value, Value) {
    let config = &site.config;
    let mut map = tera::Map::new();
    let mut put = |k: &'static str, v: Value| {
        map.insert(k.into(), v);
    };
    put("title", Value::from_serializable(&section.title));
    put(
        "description",
        Value::from_serializable(&section.meta.description),
    );
    put("content", section.rendered.html.value());
    put(
        "permalink",
        Value::from_serializable(&config.permalink(&section.path)),
    );
    put(
        "path",
        Value::from_serializable(&config.url_path(&section.path)),
    );
    let pages: Vec<Value> = section.pages.iter().map(|&i| pages[i].clone()).collect();
    let subsections: Vec<SectionLink> = section
        .subsections
        .iter()
        .map(|&i| section_link(config, &site.sections[i]))
        .collect();
    put("subsections", Value::from_serializable(&subsections));
    put("extra", Value::from_serializable(&section.meta.extra));
    let shallow = Value::from(map.clone());
    map.insert("pages".into(), Value::from(pages));
    (shallow, Value::from(map))
}

fn site_view(site: &Site, serve: bool) -> Value {
    let config = &site.config;
    let mut menu: Vec<&Section> = site.sections[0]
        .subsections
        .iter()
        .map(|&i| &site.sections[i])
        .collect();
    menu.sort_by(|a, b| (a.meta.weight, &a.title).cmp(&(b.meta.weight, &b.title)));
    let menu: Vec<SectionLink> = menu.into_iter().map(|s| section_link(config, s)).collect();
    let taxonomies: Vec<BTreeMap<&str, String>> = config
        .taxonomies
        .iter()
        .map(|t| {
            BTreeMap::from([
                ("name", t.clone()),
                ("permalink", config.permalink(&format!("{t}/"))),
            ])
        })
        .collect();
    let has_events = site.pages.iter().any(|p| p.meta.event.is_some());
    let mut map = tera::Map::new();
    let mut put = |k: &'static str, v: Value| {
        map.insert(k.into(), v);
    };
    put("title", Value::from_serializable(&config.title));
    put("description", Value::from_serializable(&config.description));
    put("language", Value::from_serializable(&config.language));
    put("base_url", Value::from_serializable(&config.base_url));
    put("base_path", Value::from_serializable(&config.base_path));
    put("extra", Value::from_serializable(&config.extra));
    put("menu", Value::from_serializable(&menu));
    put("taxonomies", Value::from_serializable(&taxonomies));
    put(
        "feed_url",
        Value::from_serializable(&config.permalink("atom.xml")),
    );
    put(
        "calendar_url",
        Value::from_serializable(&has_events.then(|| config.permalink("calendar.ics"))),
    );
    put("serve", Value::from(serve));
    // The search page's address, and Pagefind's folder, when the site has search.
    let search = crate::search::page_path(config);
    put(
        "search_url",
        Value::from_serializable(&search.map(|p| config.permalink(p))),
    );
    put(
        "search_index_url",
        Value::from_serializable(
            &search.map(|_| config.url_path(&format!("{}/", crate::search::INDEX_DIR))),
        ),
    );
    Value::from(map)
}
