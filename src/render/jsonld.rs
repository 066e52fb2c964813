//! schema.org JSON-LD for a page's `<head>`: `Event` for event pages, `NewsArticle` otherwise.
//!
//! In: a page. Out: a JSON string safe to put inside `<script type="application/ld+json">`
//! (`<` is escaped so the text can never close the script element).

use serde::Serialize;
use serde_json::{json, Map, Value};

use super::view::asset_url;
use crate::content::{Event, Page, Site};

/// The page's JSON-LD.
pub fn for_page(site: &Site, page: &Page) -> String {
    let config = &site.config;
    let url = config.permalink(&page.path);
    let image = page
        .meta
        .cover
        .as_ref()
        .map(|c| match crate::images::view::cover(site, page, c) {
            Some(photo) => photo.og.url,
            None => asset_url(config, page, &c.src),
        });
    let json = match &page.meta.event {
        Some(event) => {
            let mut doc = event_json(page, event, &url);
            if let Some(obj) = doc.as_object_mut() {
                if let Some(image) = image {
                    obj.insert("image".into(), Value::String(image));
                }
                if let Some(d) = &page.meta.description {
                    obj.insert("description".into(), Value::String(d.clone()));
                }
            }
            doc.to_string()
        }
        None => serde_json::to_string(&article(site, page, &url, image)).unwrap_or_default(),
    };
    if json.contains('<') {
        json.replace('<', "\\u003c")
    } else {
        json
    }
}

/// A `NewsArticle`. A typed struct rather than a `serde_json::Value`: this is written for
/// every article, and the map cost four times as much. Its fields are in the order of their
/// JSON names, as a `Value`'s sorted map wrote them.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Article<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    author: Vec<Person<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_modified: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    headline: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<String>,
    in_language: &'a str,
    main_entity_of_page: &'a str,
    publisher: Organization<'a>,
    url: &'a str,
}

#[derive(Serialize)]
struct Person<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

#[derive(Serialize)]
struct Organization<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    url: String,
}

fn article<'a>(site: &'a Site, page: &'a Page, url: &'a str, image: Option<String>) -> Article<'a> {
    let meta = &page.meta;
    Article {
        context: "https://schema.org",
        kind: "NewsArticle",
        author: meta
            .authors
            .iter()
            .map(|name| Person {
                kind: "Person",
                name,
            })
            .collect(),
        date_modified: meta
            .updated
            .as_ref()
            .or(meta.date.as_ref())
            .map(super::super::text::dates::When::to_rfc3339_or_date),
        date_published: meta
            .date
            .as_ref()
            .map(super::super::text::dates::When::to_rfc3339_or_date),
        description: meta.description.as_deref(),
        headline: &meta.title,
        image,
        in_language: &site.config.language,
        main_entity_of_page: url,
        publisher: Organization {
            kind: "Organization",
            name: &site.config.title,
            url: site.config.permalink(""),
        },
        url,
    }
}

fn event_json(page: &Page, event: &Event, url: &str) -> Value {
    let mut place = Map::new();
    place.insert("@type".into(), "Place".into());
    if let Some(l) = &event.location {
        place.insert("name".into(), l.clone().into());
    }
    if let Some(a) = &event.address {
        place.insert(
            "address".into(),
            json!({"@type": "PostalAddress", "streetAddress": a}),
        );
    }
    let organizers: Vec<Value> = event
        .organizers
        .iter()
        .map(|o| json!({"@type": "Organization", "name": o}))
        .collect();
    let performers: Vec<Value> = event
        .speakers
        .iter()
        .map(|s| json!({"@type": "Person", "name": s.name, "jobTitle": s.role}))
        .collect();
    let end = event.end.as_ref().unwrap_or(&event.start);
    json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": page.meta.title,
        "startDate": event.start.to_rfc3339_or_date(),
        "endDate": end.to_rfc3339_or_date(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": Value::Object(place),
        "organizer": organizers,
        "performer": performers,
        "url": event.url.clone().unwrap_or_else(|| url.to_string()),
    })
}
