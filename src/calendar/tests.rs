//! The output is read back with the `ical` crate, a parser written independently of the
//! `icalendar` crate that writes it.

use super::*;
use chrono::TimeZone;
use ical::parser::ical::component::{IcalCalendar, IcalEvent};
use ical::property::Property;
use proptest::prelude::*;

fn when(s: &str) -> When {
    When::parse(s).unwrap()
}

/// An event with only what every event has.
fn event(start: &str, end: Option<&str>) -> CalEvent {
    CalEvent {
        uid: "actualites-formation@x.org".to_string(),
        summary: "Formation vie coopérative".to_string(),
        description: None,
        start: when(start),
        end: end.map(when),
        location: None,
        url: None,
        organizers: Vec::new(),
        stamp: Utc.with_ymd_and_hms(2025, 6, 1, 0, 0, 0).unwrap(),
    }
}

fn parse(ics: &str) -> IcalCalendar {
    let mut calendars = ical::IcalParser::new(ics.as_bytes());
    let calendar = calendars
        .next()
        .expect("one calendar")
        .expect("a valid calendar");
    assert!(calendars.next().is_none());
    calendar
}

/// The only event of a calendar holding `e`.
fn round_trip(e: CalEvent) -> IcalEvent {
    let mut cal = parse(&calendar("Agenda", &[e]));
    assert_eq!(cal.events.len(), 1);
    cal.events.remove(0)
}

fn prop<'a>(props: &'a [Property], name: &str) -> Option<&'a Property> {
    props.iter().find(|p| p.name == name)
}

fn value<'a>(props: &'a [Property], name: &str) -> &'a str {
    prop(props, name)
        .and_then(|p| p.value.as_deref())
        .unwrap_or_else(|| panic!("no {name}"))
}

fn is_date(props: &[Property], name: &str) -> bool {
    let params = prop(props, name).and_then(|p| p.params.as_ref());
    params.is_some_and(|ps| ps.iter().any(|(k, v)| k == "VALUE" && v == &["DATE"]))
}

/// Undoes RFC 5545 text escaping, which `ical` leaves in place.
fn unescape(raw: &str) -> String {
    let mut out = String::new();
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        match (c, c == '\\') {
            (_, true) => match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            },
            (c, false) => out.push(c),
        }
    }
    out
}

#[test]
fn calendar_properties() {
    let ics = calendar("Agenda de la Fédé", &[]);
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    let cal = parse(&calendar("Agenda de la Fédé", &[event("2025-07-01", None)]));
    assert_eq!(value(&cal.properties, "VERSION"), "2.0");
    assert!(value(&cal.properties, "PRODID").contains("ruche"));
    assert_eq!(value(&cal.properties, "X-WR-CALNAME"), "Agenda de la Fédé");
}

#[test]
fn uid_summary_and_stamp_are_as_given() {
    let ev = round_trip(event("2025-07-01", None));
    assert_eq!(value(&ev.properties, "UID"), "actualites-formation@x.org");
    assert_eq!(
        value(&ev.properties, "SUMMARY"),
        "Formation vie coopérative"
    );
    assert_eq!(value(&ev.properties, "DTSTAMP"), "20250601T000000Z");
}

#[test]
fn the_same_events_give_the_same_bytes() {
    let events = [event("2025-07-01", None), event("2025-07-02T09:00", None)];
    assert_eq!(calendar("A", &events), calendar("A", &events));
}

#[test]
fn one_day_ends_the_next_day() {
    let ev = round_trip(event("2025-07-01", None));
    assert!(is_date(&ev.properties, "DTSTART") && is_date(&ev.properties, "DTEND"));
    assert_eq!(value(&ev.properties, "DTSTART"), "20250701");
    assert_eq!(value(&ev.properties, "DTEND"), "20250702");
}

#[test]
fn several_days_end_the_day_after_the_last() {
    let ev = round_trip(event("2025-06-30", Some("2025-07-01")));
    assert_eq!(value(&ev.properties, "DTSTART"), "20250630");
    assert_eq!(value(&ev.properties, "DTEND"), "20250702");
    let ev = round_trip(event("2025-12-31", Some("2025-12-31")));
    assert_eq!(value(&ev.properties, "DTEND"), "20260101");
}

#[test]
fn a_day_at_either_end_makes_an_all_day_event() {
    let ev = round_trip(event("2025-07-01T09:00", Some("2025-07-02")));
    assert!(is_date(&ev.properties, "DTSTART"));
    assert_eq!(value(&ev.properties, "DTSTART"), "20250701");
    assert_eq!(value(&ev.properties, "DTEND"), "20250703");
}

#[test]
fn zoned_times_are_written_in_utc() {
    let ev = round_trip(event(
        "2025-07-01T09:30:00+02:00",
        Some("2025-07-01T17:00:00+02:00"),
    ));
    assert_eq!(value(&ev.properties, "DTSTART"), "20250701T073000Z");
    assert_eq!(value(&ev.properties, "DTEND"), "20250701T150000Z");
    assert!(!is_date(&ev.properties, "DTSTART"));
}

#[test]
fn local_times_are_floating() {
    let ev = round_trip(event("2025-07-01T09:30", Some("2025-07-01 17:00")));
    assert_eq!(value(&ev.properties, "DTSTART"), "20250701T093000");
    assert_eq!(value(&ev.properties, "DTEND"), "20250701T170000");
    let start = prop(&ev.properties, "DTSTART").unwrap();
    assert!(start.params.is_none(), "no TZID on a floating time");
}

#[test]
fn a_local_end_takes_the_offset_of_a_zoned_start() {
    let ev = round_trip(event("2025-07-01T09:00:00+02:00", Some("2025-07-01T17:00")));
    assert_eq!(value(&ev.properties, "DTEND"), "20250701T150000Z");
}

#[test]
fn an_end_before_the_start_is_left_out() {
    let ev = round_trip(event("2025-07-01T17:00", Some("2025-07-01T09:00")));
    assert!(prop(&ev.properties, "DTEND").is_none());
    let ev = round_trip(event("2025-07-03", Some("2025-07-01")));
    assert_eq!(value(&ev.properties, "DTEND"), "20250704");
}

#[test]
fn a_timed_event_without_end_has_no_dtend() {
    let ev = round_trip(event("2025-07-01T09:30:00Z", None));
    assert_eq!(value(&ev.properties, "DTSTART"), "20250701T093000Z");
    assert!(prop(&ev.properties, "DTEND").is_none());
}

#[test]
fn text_is_escaped() {
    let mut e = event("2025-07-01", None);
    e.summary = "AG, bilan; C:\\ et\nsuite".to_string();
    let ev = round_trip(e);
    let raw = value(&ev.properties, "SUMMARY");
    assert_eq!(raw, r"AG\, bilan\; C:\\ et\nsuite");
    assert_eq!(unescape(raw), "AG, bilan; C:\\ et\nsuite");
}

#[test]
fn windows_line_breaks_become_escaped_newlines() {
    let mut e = event("2025-07-01", None);
    e.description = Some("Ligne 1\r\nLigne 2\rLigne 3\u{7}".to_string());
    let ics = calendar("A", &[e]);
    assert!(!ics.replace("\r\n", "").contains('\r'));
    let ev = parse(&ics).events.remove(0);
    assert_eq!(
        unescape(value(&ev.properties, "DESCRIPTION")),
        "Ligne 1\nLigne 2\nLigne 3"
    );
}

#[test]
fn location_and_url() {
    let mut e = event("2025-07-01", None);
    e.location = Some("Maison des Scop, 30 rue des Épinettes, Paris".to_string());
    e.url = Some("https://x.org/journal/actualites/formation/".to_string());
    let ev = round_trip(e);
    assert_eq!(
        unescape(value(&ev.properties, "LOCATION")),
        "Maison des Scop, 30 rue des Épinettes, Paris"
    );
    assert_eq!(
        value(&ev.properties, "URL"),
        "https://x.org/journal/actualites/formation/"
    );
}

#[test]
fn organizers_are_listed_in_the_description() {
    let mut e = event("2025-07-01", None);
    e.description = Some("Une journée pour se former.".to_string());
    e.organizers = vec![
        "Fédé des Scop".to_string(),
        "URSCOP".to_string(),
        " ".to_string(),
    ];
    let fr = parse(&calendar("A", &[e.clone()])).events.remove(0);
    assert_eq!(
        unescape(value(&fr.properties, "DESCRIPTION")),
        "Une journée pour se former.\n\nOrganisation\u{A0}: Fédé des Scop, URSCOP"
    );
    e.description = None;
    let en = parse(&calendar_in("A", &[e], Lang::En)).events.remove(0);
    assert_eq!(
        unescape(value(&en.properties, "DESCRIPTION")),
        "Organizers: Fédé des Scop, URSCOP"
    );
}

#[test]
fn events_keep_their_order() {
    let mut second = event("2025-06-01", None);
    second.uid = "second@x.org".to_string();
    let cal = parse(&calendar("A", &[event("2025-07-01", None), second]));
    let uids: Vec<&str> = cal
        .events
        .iter()
        .map(|e| value(&e.properties, "UID"))
        .collect();
    assert_eq!(uids, ["actualites-formation@x.org", "second@x.org"]);
}

/// Checks the physical lines: CRLF after each, at most 75 octets, nothing else.
fn assert_lines_are_folded(ics: &str) {
    assert!(ics.ends_with("\r\n"));
    for line in ics.split_terminator("\r\n") {
        assert!(!line.contains(['\r', '\n']), "bare line break in {line:?}");
        assert!(line.len() <= LINE_OCTETS, "{} octets: {line:?}", line.len());
        assert!(
            !line.ends_with(char::is_whitespace),
            "trailing space in {line:?}"
        );
    }
}

#[test]
fn long_french_text_is_folded_at_75_octets_and_reads_back() {
    let description = "Les coopératives d’activité et d’emploi réunissent à Montréal, \
        Besançon et Sète des entrepreneurs-salariés : ateliers « comptabilité », \
        échanges sur l’éthique, la gouvernance ; déjeuner végétarien à l’œil ! \
        Ça déménage, été comme hiver… "
        .repeat(4);
    let mut e = event("2025-07-01", None);
    e.description = Some(description.clone());
    e.summary = "Réunion ".repeat(20);
    let ics = calendar("A", &[e]);
    assert_lines_are_folded(&ics);
    let ev = parse(&ics).events.remove(0);
    assert_eq!(
        unescape(value(&ev.properties, "DESCRIPTION")),
        description.trim()
    );
    assert_eq!(
        unescape(value(&ev.properties, "SUMMARY")),
        "Réunion ".repeat(20).trim()
    );
}

#[test]
fn every_length_of_line_is_folded_within_75_octets() {
    // icalendar 0.17 writes a 76-octet continuation for some lengths (150 octets of line).
    for n in 60..=260 {
        let mut e = event("2025-07-01", None);
        e.summary = "x".repeat(n);
        e.location = Some("é".repeat(n / 2));
        assert_lines_are_folded(&calendar("A", &[e.clone()]));
        e.summary = "ab ".repeat(n / 3);
        assert_lines_are_folded(&calendar("A", &[e]));
    }
}

#[test]
fn folding_never_splits_a_character() {
    let mut out = String::new();
    let line = format!("DESCRIPTION:{}", "🐝é".repeat(40));
    fold_line(&mut out, &line);
    assert_eq!(out.replace("\r\n ", ""), format!("{line}\r\n"));
}

proptest! {
    #[test]
    fn any_text_is_folded_and_reads_back(
        summary in any::<String>(),
        description in any::<String>(),
        location in "[a-zé ,;\\\n\r\t\u{A0}\u{202F}🐝]{0,200}",
    ) {
        // `ical` drops the colons that start a value (`SUMMARY::x` reads `x`): its quirk.
        let texts = [&summary, &description, &location];
        prop_assume!(texts.iter().all(|t| !text(t).starts_with(':')));
        let mut e = event("2025-07-01", None);
        e.summary = summary.clone();
        e.description = Some(description.clone());
        e.location = Some(location.clone());
        let ics = calendar("A", &[e]);
        assert_lines_are_folded(&ics);
        let ev = parse(&ics).events.remove(0);
        let read = |name: &str| {
            let value = prop(&ev.properties, name).and_then(|p| p.value.as_deref());
            value.map(unescape).unwrap_or_default()
        };
        prop_assert_eq!(read("SUMMARY"), text(&summary));
        prop_assert_eq!(read("DESCRIPTION"), text(&description));
        prop_assert_eq!(read("LOCATION"), text(&location));
    }
}
