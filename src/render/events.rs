//! Events and session recaps: the event card's view and the iCalendar files.
//!
//! In: pages whose front matter has an `event` block. Out: `event` in the page's view (dates
//! spelled out in the site's language, upcoming or past), `event.ics` beside each such page and
//! `calendar.ics` with all of them for subscriptions.

use serde::Serialize;

use crate::calendar::{calendar_in, CalEvent};
use crate::config::Config;
use crate::content::{Event, Page, Site, Speaker};
use crate::output::Output;
use crate::text::dates::format_range;

/// The `event` variable of a page.
#[derive(Serialize)]
pub struct EventView {
    start: String,
    end: Option<String>,
    all_day: bool,
    when: String,
    /// `when` as HTML, with `1<sup>er</sup>` in French.
    when_html: String,
    location: Option<String>,
    address: Option<String>,
    organizers: Vec<String>,
    speakers: Vec<Speaker>,
    url: Option<String>,
    ics: String,
    upcoming: bool,
}

/// Builds a page's event view; `today` decides whether it is upcoming.
pub fn view(config: &Config, page: &Page, event: &Event, today: chrono::NaiveDate) -> EventView {
    let last_day = event.end.as_ref().unwrap_or(&event.start).date();
    EventView {
        start: event.start.to_rfc3339_or_date(),
        end: event
            .end
            .as_ref()
            .map(super::super::text::dates::When::to_rfc3339_or_date),
        all_day: event.start.is_all_day(),
        when: format_range(&event.start, event.end.as_ref(), config.lang),
        when_html: crate::text::dates::html_ordinals(&format_range(
            &event.start,
            event.end.as_ref(),
            config.lang,
        )),
        location: event.location.clone(),
        address: event.address.clone(),
        organizers: event.organizers.clone(),
        speakers: event.speakers.clone(),
        url: event.url.clone(),
        ics: config.permalink(&format!("{}event.ics", page.path)),
        upcoming: last_day >= today,
    }
}

/// Adds `event.ics` for each event page and `calendar.ics` for all, when the site has events.
pub fn write_calendars(site: &Site, out: &mut Output) {
    // Every page, newest first and then those without a date (by URL): each event once.
    let events: Vec<(&Page, CalEvent)> = site
        .by_date
        .iter()
        .map(|&i| &site.pages[i])
        .filter_map(|p| {
            p.meta
                .event
                .as_ref()
                .map(|e| (p, cal_event(&site.config, p, e)))
        })
        .collect();
    if events.is_empty() {
        return;
    }
    for (page, event) in &events {
        let ics = calendar_in(
            &page.meta.title,
            std::slice::from_ref(event),
            site.config.lang,
        );
        out.insert_bytes(format!("{}event.ics", page.path), ics);
    }
    let all: Vec<CalEvent> = events.into_iter().map(|(_, e)| e).collect();
    out.insert_bytes(
        "calendar.ics",
        calendar_in(&site.config.title, &all, site.config.lang),
    );
}

fn cal_event(config: &Config, page: &Page, event: &Event) -> CalEvent {
    let location = match (&event.location, &event.address) {
        (Some(l), Some(a)) => Some(format!("{l}, {a}")),
        (l, a) => l.clone().or_else(|| a.clone()),
    };
    let host = config
        .base_url
        .split("://")
        .nth(1)
        .unwrap_or(&config.base_url);
    let host = host.split('/').next().unwrap_or(host);
    // The stamp comes from the content, not the clock, so that two builds are byte-identical.
    let stamp_day = page
        .meta
        .updated
        .as_ref()
        .or(page.meta.date.as_ref())
        .unwrap_or(&event.start)
        .date();
    let stamp = stamp_day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
    CalEvent {
        uid: format!(
            "{}@{host}",
            page.path.trim_end_matches('/').replace('/', "-")
        ),
        summary: page.meta.title.clone(),
        description: page.meta.description.clone(),
        start: event.start.clone(),
        end: event.end.clone(),
        location,
        url: Some(config.permalink(&page.path)),
        organizers: event.organizers.clone(),
        stamp,
    }
}
