use super::*;
use chrono::{FixedOffset, NaiveDate, NaiveTime};
use proptest::prelude::*;

pub(super) fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub(super) fn at(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

pub(super) fn when(s: &str) -> When {
    When::parse(s).unwrap_or_else(|e| panic!("{s:?}: {e}"))
}

#[test]
fn languages_from_codes() {
    for code in ["fr", "fr-FR", "fr-CA", "FR", "fr_BE", " fr "] {
        assert_eq!(Lang::from_code(code), Lang::Fr, "{code}");
    }
    for code in ["en", "en-GB", "de", "", "fro", "frisian"] {
        assert_eq!(Lang::from_code(code), Lang::En, "{code}");
    }
}

#[test]
fn parses_a_day() {
    assert_eq!(when("2025-07-01"), When::Date(day(2025, 7, 1)));
    assert_eq!(when("  2025-07-01 "), When::Date(day(2025, 7, 1)));
    assert!(when("2025-07-01").is_all_day());
}

#[test]
fn parses_rfc3339() {
    let w = when("2025-07-01T09:30:00+02:00");
    assert!(matches!(w, When::Zoned(_)));
    assert_eq!(w.date(), day(2025, 7, 1));
    assert_eq!(w.time(), Some(at(9, 30)));
    assert_eq!(w.to_rfc3339_or_date(), "2025-07-01T09:30:00+02:00");
    assert_eq!(
        when("2025-07-01T07:30:00Z").to_rfc3339_or_date(),
        "2025-07-01T07:30:00Z"
    );
    assert_eq!(
        when("2025-07-01T07:30:00.5Z").to_rfc3339_or_date(),
        "2025-07-01T07:30:00.500Z"
    );
}

#[test]
fn parses_offsets_written_loosely() {
    for s in [
        "2025-07-01T09:30+02:00",
        "2025-07-01 09:30+0200",
        "2025-07-01T09:30 +02",
    ] {
        assert_eq!(when(s), when("2025-07-01T09:30:00+02:00"), "{s}");
    }
    assert_eq!(
        when("2025-07-01t05:00:00-05:30").to_rfc3339_or_date(),
        "2025-07-01T05:00:00-05:30"
    );
}

#[test]
fn parses_local_times() {
    let expected = When::Local(day(2025, 7, 1).and_time(at(9, 30)));
    for s in [
        "2025-07-01T09:30",
        "2025-07-01T09:30:00",
        "2025-07-01 09:30",
        "2025-07-01 9:30",
    ] {
        assert_eq!(when(s), expected, "{s}");
    }
    assert_eq!(expected.to_rfc3339_or_date(), "2025-07-01T09:30:00");
    assert!(!expected.is_all_day());
}

#[test]
fn canonical_form_reads_back_unchanged() {
    for s in [
        "2025-07-01",
        "2025-07-01T09:30:00",
        "2025-07-01T09:30:00+02:00",
        "2025-12-31T23:00:00Z",
    ] {
        assert_eq!(when(s).to_rfc3339_or_date(), s);
        assert_eq!(when(&when(s).to_string()), when(s));
    }
}

#[test]
fn impossible_dates_are_said_not_to_exist() {
    let err = When::parse("2025-13-45").unwrap_err();
    assert!(
        err.contains("`2025-13-45` does not exist") && err.contains("no month 13"),
        "{err}"
    );
    let err = When::parse("2025-02-30").unwrap_err();
    assert!(
        err.contains("does not exist") && err.contains("February 2025 has 28 days"),
        "{err}"
    );
    let err = When::parse("2024-02-30").unwrap_err();
    assert!(err.contains("February 2024 has 29 days"), "{err}");
    let err = When::parse("2025-07-01T25:00").unwrap_err();
    assert!(
        err.contains("the time in `2025-07-01T25:00` does not exist"),
        "{err}"
    );
}

#[test]
fn unreadable_values_show_the_forms_that_work() {
    for s in [
        "demain",
        "1er juillet 2025",
        "2025-7-1",
        "2025-07-01X",
        "2025-07-01T9h30",
        "",
        "2025-07-01T09:30+2",
    ] {
        let err = When::parse(s).unwrap_err();
        assert!(err.contains("like `2025-07-01`"), "{s}: {err}");
        assert!(
            s.is_empty() || err.contains(&format!("`{s}`")),
            "{s}: {err}"
        );
    }
}

#[test]
fn day_first_dates_get_their_fix() {
    let err = When::parse("01/07/2025").unwrap_err();
    assert!(err.contains("`2025-07-01`"), "{err}");
    assert!(When::parse("1.7.2025")
        .unwrap_err()
        .contains("`2025-07-01`"));
}

#[test]
fn never_panics_on_odd_input() {
    for s in [
        "é",
        "2025-07-0é",
        "2025-07-01Té",
        "2025-07-01T",
        "2025-07-01 ",
        "9999-99-99",
        "0000-01-01",
        "2025-07-01T09:30+99:99",
        "2025-07-01T09:30Zé",
        "//",
        "1/2/3/4",
    ] {
        let _ = When::parse(s);
        let _ = parse_date_prefix(s);
    }
}

#[test]
fn sort_keys_order_days_then_times() {
    let mut values = [
        when("2025-07-02"),
        when("2025-07-01T10:00"),
        when("2025-07-01"),
        when("2025-07-01T09:00:00+02:00"),
    ];
    values.sort_by_key(When::sort_key);
    let sorted: Vec<String> = values.iter().map(When::to_string).collect();
    assert_eq!(
        sorted,
        [
            "2025-07-01",
            "2025-07-01T09:00:00+02:00",
            "2025-07-01T10:00:00",
            "2025-07-02"
        ]
    );
}

#[test]
fn serde_uses_the_canonical_form() {
    let w = when("2025-07-01 09:30");
    assert_eq!(
        serde_json::to_string(&w).unwrap(),
        "\"2025-07-01T09:30:00\""
    );
    let back: When = serde_json::from_str("\"2025-07-01T09:30:00\"").unwrap();
    assert_eq!(back, w);
    let err = serde_json::from_str::<When>("\"2025-02-30\"").unwrap_err();
    assert!(err.to_string().contains("does not exist"));
}

#[test]
fn date_prefixes_of_names() {
    assert_eq!(
        parse_date_prefix("2025-07-01-formation-vie-cooperative"),
        Some((day(2025, 7, 1), "formation-vie-cooperative"))
    );
    for name in [
        "formation",
        "2025-07-01",
        "2025-07-01-",
        "2025-13-01-x",
        "2025-07-01x",
        "2025_07_01-x",
        "25-07-01-x",
        "é",
    ] {
        assert_eq!(parse_date_prefix(name), None, "{name}");
    }
}

/// Any value `When::parse` can produce: years 0 to 9999, times to the millisecond, offsets
/// within a day.
fn any_when() -> impl Strategy<Value = When> {
    let day = (0i32..=9999, 1u32..=366)
        .prop_filter_map("a day of the year", |(y, o)| NaiveDate::from_yo_opt(y, o));
    let time = (0u32..86_400, 0u32..1000).prop_map(|(s, ms)| {
        NaiveTime::from_num_seconds_from_midnight_opt(s, ms * 1_000_000).unwrap()
    });
    let offset = (-86_340i32..=86_340).prop_map(|s| FixedOffset::east_opt(s / 60 * 60).unwrap());
    (day, time, offset, 0..3).prop_filter_map("a date that exists", |(d, t, o, kind)| match kind {
        0 => Some(When::Date(d)),
        1 => Some(When::Local(d.and_time(t))),
        _ => d
            .and_time(t)
            .and_local_timezone(o)
            .single()
            .map(When::Zoned),
    })
}

proptest! {
    #[test]
    fn parse_never_panics(s in any::<String>()) {
        let _ = When::parse(&s);
        let _ = parse_date_prefix(&s);
    }

    #[test]
    fn parse_never_panics_on_near_dates(
        s in "[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ][0-9:.]{0,12}([Zz+-][0-9:]{0,6})?)?"
    ) {
        let _ = When::parse(&s);
    }

    #[test]
    fn canonical_form_round_trips(w in any_when()) {
        let text = w.to_rfc3339_or_date();
        let back = When::parse(&text).map_err(TestCaseError::fail)?;
        prop_assert_eq!(back.to_rfc3339_or_date(), text);
        prop_assert_eq!(back, w);
    }

    #[test]
    fn display_never_panics(a in any_when(), b in any_when()) {
        for lang in [Lang::Fr, Lang::En] {
            for style in [DateStyle::Long, DateStyle::Short, DateStyle::Month, DateStyle::Iso] {
                let _ = format_date(a.date(), lang, style);
            }
            let _ = format_range(&a, Some(&b), lang);
            let _ = format_range(&a, None, lang);
        }
    }
}
