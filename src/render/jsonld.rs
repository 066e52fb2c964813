//! schema.org JSON-LD for a page's `<head>`: `Event` for event pages, `NewsArticle` otherwise.
//!
//! In: a page. Out: a JSON string safe to put inside `<script type="application/ld+json">`
//! (`<` is escaped so the text can never close the script element).

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
        .map(|c| asset_url(config, page, &c.src));
    let mut doc = match &page.meta.event {
        Some(event) => event_json(page, event, &url),
        None => article_json(site, page, &url),
    };
    if let (Some(obj), Some(image)) = (doc.as_object_mut(), image) {
        obj.insert("image".into(), Value::String(image));
    }
    if let (Some(obj), Some(d)) = (doc.as_object_mut(), &page.meta.description) {
        obj.insert("description".into(), Value::String(d.clone()));
    }
    // `<` as \u003c: JSON-identical, but `</script>` in a title can no longer end the element.
    doc.to_string().replace('<', "\\u003c")
}

fn article_json(site: &Site, page: &Page, url: &str) -> Value {
    let authors: Vec<Value> = page
        .meta
        .authors
        .iter()
        .map(|a| json!({"@type": "Person", "name": a}))
        .collect();
    let mut doc = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.meta.title,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": site.config.language,
        "publisher": {"@type": "Organization", "name": site.config.title, "url": site.config.permalink("")},
    });
    let obj = doc.as_object_mut();
    if let Some(obj) = obj {
        if !authors.is_empty() {
            obj.insert("author".into(), Value::Array(authors));
        }
        if let Some(d) = &page.meta.date {
            obj.insert(
                "datePublished".into(),
                Value::String(d.to_rfc3339_or_date()),
            );
        }
        if let Some(d) = page.meta.updated.as_ref().or(page.meta.date.as_ref()) {
            obj.insert("dateModified".into(), Value::String(d.to_rfc3339_or_date()));
        }
    }
    doc
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
