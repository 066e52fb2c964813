//! iCalendar (RFC 5545) files for events: `calendar.ics` for the whole site, `event.ics` for
//! one page.
//!
//! In: the site's or the page's name and its events, already resolved by the caller (a UID
//! made from the page's URL, a stamp from the content's dates). Out: the text of an `.ics`
//! file that calendar applications import or subscribe to.
//!
//! The `icalendar` crate writes the format (escaping, parameters, components). Two things are
//! ours: which dates and times go out (an all-day event ends the day *after* its last day, in
//! RFC 5545), and the folding of long lines, redone because the crate's can leave a line of
//! 76 octets and end a line with a space that lenient readers drop.
//!
//! Nothing here reads the clock: the same events give the same bytes, so builds are
//! reproducible.

use crate::text::dates::{Lang, When};
use chrono::{DateTime, Days, NaiveDateTime, NaiveTime, Utc};
use icalendar::{Calendar, Component, DatePerhapsTime, Event, EventLike};

#[cfg(test)]
mod tests;

/// One event as it goes into a calendar file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CalEvent {
    /// Identifies the event across builds and files, made by the caller from the page URL.
    pub uid: String,
    /// The title.
    pub summary: String,
    /// Free text shown under the title.
    pub description: Option<String>,
    /// When it starts: a day makes an all-day event.
    pub start: When,
    /// When it ends: the last day of an all-day event, or the end time; `None` for a single
    /// day or an instant.
    pub end: Option<When>,
    /// Where: `place, address`.
    pub location: Option<String>,
    /// The event's page.
    pub url: Option<String>,
    /// Who organises it, by name.
    pub organizers: Vec<String>,
    /// When the event was last changed (`DTSTAMP`): a content date, never the wall clock.
    pub stamp: DateTime<Utc>,
}

/// The longest content line RFC 5545 allows, in octets, not counting its CRLF.
const LINE_OCTETS: usize = 75;

/// A calendar named `name` holding `events`, with French labels where text is added.
///
/// See [`calendar_in`] for another language.
#[cfg(test)]
pub(crate) fn calendar(name: &str, events: &[CalEvent]) -> String {
    calendar_in(name, events, Lang::Fr)
}

/// A calendar named `name` holding `events`, in order, with the words ruche adds (the
/// organizers' label) in `lang`.
pub(crate) fn calendar_in(name: &str, events: &[CalEvent], lang: Lang) -> String {
    let language = match lang {
        Lang::Fr => "FR",
        Lang::En => "EN",
    };
    let mut cal = Calendar::empty();
    cal.append_property(("VERSION", "2.0"));
    let prodid = format!("-//ruche//ruche {}//{language}", env!("CARGO_PKG_VERSION"));
    cal.append_property(("PRODID", prodid.as_str()));
    cal.append_property(("CALSCALE", "GREGORIAN"));
    // A published calendar, to add or subscribe to, rather than an invitation to answer.
    cal.append_property(("METHOD", "PUBLISH"));
    cal.name(&text(name));
    for event in events {
        cal.push(vevent(event, lang));
    }
    refold(&cal.to_string())
}

/// One `VEVENT`.
fn vevent(e: &CalEvent, lang: Lang) -> Event {
    let mut ev = Event::new();
    ev.uid(&text(&e.uid))
        .summary(&text(&e.summary))
        .timestamp(e.stamp);
    let (start, end) = span(&e.start, e.end.as_ref());
    ev.starts(start);
    if let Some(end) = end {
        ev.ends(end);
    }
    if let Some(description) = description(e, lang) {
        ev.description(&description);
    }
    if let Some(location) = e.location.as_deref().map(text).filter(|l| !l.is_empty()) {
        ev.location(&location);
    }
    if let Some(url) = e.url.as_deref().map(uri).filter(|u| !u.is_empty()) {
        ev.url(&url);
    }
    ev.done()
}

/// `DTSTART` and `DTEND` for an event.
///
/// A day at either end makes the event all-day: RFC 5545 wants both ends of the same type,
/// and a day is the less precise reading. Its `DTEND` is the day after the last day, so a
/// one-day event ends the next day. An end before the start is left out rather than written:
/// it would make the file invalid.
fn span(start: &When, end: Option<&When>) -> (DatePerhapsTime, Option<DatePerhapsTime>) {
    if start.is_all_day() || end.is_some_and(When::is_all_day) {
        let first = start.date();
        let last = end.map_or(first, When::date).max(first);
        let after_last = last.checked_add_days(Days::new(1));
        return (first.into(), after_last.map(Into::into));
    }
    timed(start, end)
}

/// Both ends in UTC when either carries an offset (a time without one is then read in the
/// other's offset: `start: …T09:00+02:00`, `end: …T17:00` means 17:00 at +02:00). Floating
/// otherwise: a wall-clock time that every reader sees as written.
fn timed(start: &When, end: Option<&When>) -> (DatePerhapsTime, Option<DatePerhapsTime>) {
    let offset = [Some(start), end]
        .into_iter()
        .flatten()
        .find_map(|w| match w {
            When::Zoned(dt) => Some(*dt.offset()),
            _ => None,
        });
    let instant = |w: &When| -> NaiveDateTime {
        let wall = w.date().and_time(w.time().unwrap_or(NaiveTime::MIN));
        match (w, offset) {
            (When::Zoned(dt), _) => dt.naive_utc(),
            // Only out of range at the ends of chrono's calendar; the wall clock is then as
            // good as anything.
            (_, Some(offset)) => wall.checked_sub_offset(offset).unwrap_or(wall),
            (_, None) => wall,
        }
    };
    let out = |naive: NaiveDateTime| -> DatePerhapsTime {
        match offset {
            Some(_) => naive.and_utc().into(),
            None => naive.into(),
        }
    };
    let from = instant(start);
    let to = end.map(instant).filter(|to| *to >= from);
    (out(from), to.map(out))
}

/// The description, followed by the organizers.
///
/// Organizers go into the text rather than `ORGANIZER` properties: RFC 5545 allows one
/// `ORGANIZER` per event and wants an address (`mailto:`) for it, while the front matter has
/// a list of names, which is what readers need to see anyway.
fn description(e: &CalEvent, lang: Lang) -> Option<String> {
    let names: Vec<&str> = e
        .organizers
        .iter()
        .map(|o| o.trim())
        .filter(|o| !o.is_empty())
        .collect();
    let credit = (!names.is_empty()).then(|| match lang {
        Lang::Fr => format!("Organisation\u{A0}: {}", names.join(", ")),
        Lang::En => format!("Organizers: {}", names.join(", ")),
    });
    let body = e.description.as_deref().map(text).filter(|d| !d.is_empty());
    match (body, credit) {
        (Some(body), Some(credit)) => Some(format!("{body}\n\n{credit}")),
        (body, credit) => body.or(credit),
    }
}

/// A text value ready for the crate to escape: trimmed, line breaks as `\n` (a `\r` would
/// reach the file raw), and no other control character, which RFC 5545 forbids in text.
fn text(s: &str) -> String {
    s.trim()
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|&c| c == '\n' || c == '\t' || !c.is_control())
        .collect()
}

/// A URI value, which is written unescaped: no whitespace or control character may break the
/// line, so spaces are percent-encoded and the rest dropped.
fn uri(s: &str) -> String {
    s.trim()
        .chars()
        .filter(|&c| c == ' ' || !(c.is_whitespace() || c.is_control()))
        .map(|c| {
            if c == ' ' {
                "%20".to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Folds every content line of `ics` at [`LINE_OCTETS`], on character boundaries.
///
/// The crate's folding (icalendar 0.17.17, `fold_line` in its `src/properties.rs`) can leave a
/// continuation line of 76 octets: its loop stops once 75 bytes remain, which then follow the
/// leading space; it also tests for whitespace with `chars().nth(i)` where `i` is a byte index.
/// Upstream defect to report to hoodie/icalendar-rs with this description (this workplace
/// cannot reach it); delete `refold` once a release fixes it. Until then the output is
/// unfolded and folded again. Values never contain a raw line break (see [`text`]
/// and [`uri`]), so every CRLF followed by a space is a fold.
fn refold(ics: &str) -> String {
    let unfolded = ics.replace("\r\n ", "");
    let mut out = String::with_capacity(unfolded.len() + unfolded.len() / 24);
    for line in unfolded.split_terminator("\r\n") {
        fold_line(&mut out, line);
    }
    out
}

/// Writes `line` as one or more physical lines of at most [`LINE_OCTETS`] octets each, the
/// leading space of a continuation included.
fn fold_line(out: &mut String, line: &str) {
    let mut rest = line;
    let mut room = LINE_OCTETS;
    while rest.len() > room {
        let cut = fold_point(rest, room);
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        room = LINE_OCTETS - 1;
    }
    out.push_str(rest);
    out.push_str("\r\n");
}

/// Where to fold `s` (longer than `room`): the last character boundary within `room`, moved
/// back before a run of spaces, since some readers trim each physical line before joining
/// them and would lose the spaces.
fn fold_point(s: &str, room: usize) -> usize {
    let mut cut = room;
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    let before_spaces = s[..cut].trim_end_matches(char::is_whitespace).len();
    // A long run of spaces cannot be kept whole: fold inside it then.
    if before_spaces > room / 2 {
        before_spaces
    } else {
        cut
    }
}
