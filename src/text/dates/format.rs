//! Display of dates, times and event spans in French or English.
//!
//! In: days, times and [`When`] values. Out: the strings a reader sees on a page or an event
//! card. Month names come from chrono's locale data (`Locale::fr_FR`), the French ordinal
//! `1er` and the word order from the conventions of each language.

use super::{Lang, When};
use chrono::{Datelike, Locale, NaiveDate, NaiveTime, Timelike};

/// How much of a date to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateStyle {
    /// `1er juillet 2025`, `July 1, 2025`.
    Long,
    /// `01/07/2025` in French, `2025-07-01` in English (whose short forms are ambiguous).
    Short,
    /// `juillet 2025`, `July 2025`.
    Month,
    /// `2025-07-01` whatever the language.
    Iso,
}

/// Between two days or two times of a span, with spaces: `30 juin – 1er juillet`.
const SPAN: &str = " – ";
/// Between two day numbers of the same month, without spaces: `3–4 juillet`.
const DAYS: &str = "–";

/// `d` in `lang`, in the given style.
pub(crate) fn format_date(d: NaiveDate, lang: Lang, style: DateStyle) -> String {
    match (style, lang) {
        (DateStyle::Long, _) => long(d, lang),
        (DateStyle::Short, Lang::Fr) => d.format("%d/%m/%Y").to_string(),
        (DateStyle::Month, Lang::Fr) => d.format_localized("%B %Y", Locale::fr_FR).to_string(),
        (DateStyle::Month, Lang::En) => d.format("%B %Y").to_string(),
        (DateStyle::Short, Lang::En) | (DateStyle::Iso, _) => d.format("%Y-%m-%d").to_string(),
    }
}

/// `t` in `lang`: `9 h 30` and `17 h` in French, `9:30 AM` and `5 PM` in English. Seconds are
/// not shown.
pub(crate) fn format_time(t: NaiveTime, lang: Lang) -> String {
    let (h, m) = (t.hour(), t.minute());
    match lang {
        Lang::Fr if m == 0 => format!("{h} h"),
        Lang::Fr => format!("{h} h {m:02}"),
        Lang::En => {
            let (pm, h12) = t.hour12();
            let half = if pm { "PM" } else { "AM" };
            if m == 0 {
                format!("{h12} {half}")
            } else {
                format!("{h12}:{m:02} {half}")
            }
        }
    }
}

/// When an event takes place, for its card: the shortest unambiguous way to say it.
///
/// French: `1er juillet 2025`, `3–4 juillet 2025`, `30 juin – 1er juillet 2025`,
/// `30 décembre 2025 – 2 janvier 2026`, `1er juillet 2025, 9 h 30 – 17 h`,
/// `30 juin 2025, 9 h – 1er juillet 2025, 17 h`. English: `July 1, 2025`, `July 3–4, 2025`,
/// `June 30 – July 1, 2025`, `July 1, 2025, 9:30 AM – 5 PM`.
///
/// An end before the start is shown as written: checking it is the front matter's job.
pub(crate) fn format_range(start: &When, end: Option<&When>, lang: Lang) -> String {
    let (d1, t1) = (start.date(), start.time());
    let Some(end) = end else {
        return day_and_time(d1, t1, lang);
    };
    let (d2, t2) = (end.date(), end.time());
    if d1 == d2 {
        return match (t1, t2) {
            (Some(a), Some(b)) if a != b => format!(
                "{}, {}{SPAN}{}",
                long(d1, lang),
                format_time(a, lang),
                format_time(b, lang)
            ),
            _ => day_and_time(d1, t1, lang),
        };
    }
    if t1.is_some() || t2.is_some() {
        return format!(
            "{}{SPAN}{}",
            day_and_time(d1, t1, lang),
            day_and_time(d2, t2, lang)
        );
    }
    days(d1, d2, lang)
}

/// A span of whole days, sharing the month and year where it can.
fn days(d1: NaiveDate, d2: NaiveDate, lang: Lang) -> String {
    let same_year = d1.year() == d2.year();
    let same_month = same_year && d1.month() == d2.month();
    match lang {
        Lang::Fr if same_month => {
            format!(
                "{}{DAYS}{} {}",
                day_fr(d1),
                day_fr(d2),
                month_year(d2, lang)
            )
        }
        Lang::En if same_month => {
            format!(
                "{} {}{DAYS}{}, {}",
                d1.format("%B"),
                d1.day(),
                d2.day(),
                d2.year()
            )
        }
        Lang::Fr if same_year => {
            format!("{}{SPAN}{}", day_month(d1, lang), long(d2, lang))
        }
        Lang::En if same_year => {
            format!(
                "{}{SPAN}{}, {}",
                day_month(d1, lang),
                day_month(d2, lang),
                d2.year()
            )
        }
        _ => format!("{}{SPAN}{}", long(d1, lang), long(d2, lang)),
    }
}

/// `1er juillet 2025, 9 h 30`, or just the day when there is no time.
fn day_and_time(d: NaiveDate, t: Option<NaiveTime>, lang: Lang) -> String {
    match t {
        Some(t) => format!("{}, {}", long(d, lang), format_time(t, lang)),
        None => long(d, lang),
    }
}

/// `1er juillet 2025`, `July 1, 2025`.
fn long(d: NaiveDate, lang: Lang) -> String {
    let mut out = day_month(d, lang);
    out.push_str(match lang {
        Lang::Fr => " ",
        Lang::En => ", ",
    });
    push_number(&mut out, d.year());
    out
}

/// `1er juillet`, `July 1`. Built by pushing pieces: every card of every list shows a date,
/// and `format!` with chrono's localised formatting cost ten times more.
fn day_month(d: NaiveDate, lang: Lang) -> String {
    let mut out = String::with_capacity(24);
    match lang {
        Lang::Fr => {
            match d.day() {
                1 => out.push_str("1er"),
                n => push_number(&mut out, n),
            }
            out.push(' ');
            out.push_str(month_name(d, Lang::Fr));
        }
        Lang::En => {
            out.push_str(month_name(d, Lang::En));
            out.push(' ');
            push_number(&mut out, d.day());
        }
    }
    out
}

/// The month's name (`juillet`, `July`), from chrono's locale data, looked up once.
fn month_name(d: NaiveDate, lang: Lang) -> &'static str {
    static NAMES: std::sync::LazyLock<[[String; 12]; 2]> = std::sync::LazyLock::new(|| {
        let name = |month: usize, locale: Locale| {
            NaiveDate::from_ymd_opt(2000, month as u32 + 1, 1)
                .map(|first| first.format_localized("%B", locale).to_string())
                .unwrap_or_default()
        };
        [
            std::array::from_fn(|m| name(m, Locale::fr_FR)),
            std::array::from_fn(|m| name(m, Locale::en_US)),
        ]
    });
    let by_lang = match lang {
        Lang::Fr => &NAMES[0],
        Lang::En => &NAMES[1],
    };
    &by_lang[d.month0() as usize]
}

fn push_number(out: &mut String, n: impl std::fmt::Display) {
    use std::fmt::Write;
    let _ = write!(out, "{n}");
}

/// `juillet 2025`, `July 2025`.
fn month_year(d: NaiveDate, lang: Lang) -> String {
    format_date(d, lang, DateStyle::Month)
}

/// The day number in French, where the first of the month is an ordinal: `1er`, `2`, `30`.
fn day_fr(d: NaiveDate) -> String {
    match d.day() {
        1 => "1er".to_string(),
        n => n.to_string(),
    }
}

/// A date as written by [`format_date`] or [`format_range`], as HTML: escaped, with the
/// French ordinal `1er` written the French way, `1<sup>er</sup>`.
pub(crate) fn html_ordinals(text: &str) -> String {
    let escaped = crate::markdown::highlight::escape(text);
    let mut out = String::with_capacity(escaped.len() + 16);
    let mut rest = escaped.as_str();
    while let Some(at) = rest.find("1er") {
        let starts_word = rest[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let ends_word = rest[at + 3..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        out.push_str(&rest[..at]);
        out.push_str(if starts_word && ends_word {
            "1<sup>er</sup>"
        } else {
            "1er"
        });
        rest = &rest[at + 3..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::dates::tests::{at, day, when};

    #[test]
    fn dates_in_each_language_and_style() {
        let d = day(2025, 7, 1);
        for (date, lang, style, shown) in [
            (d, Lang::Fr, DateStyle::Long, "1er juillet 2025"),
            (day(2025, 6, 30), Lang::Fr, DateStyle::Long, "30 juin 2025"),
            (day(2025, 8, 2), Lang::Fr, DateStyle::Long, "2 août 2025"),
            (
                day(2025, 12, 11),
                Lang::Fr,
                DateStyle::Long,
                "11 décembre 2025",
            ),
            (d, Lang::Fr, DateStyle::Short, "01/07/2025"),
            (d, Lang::Fr, DateStyle::Month, "juillet 2025"),
            (d, Lang::Fr, DateStyle::Iso, "2025-07-01"),
            (d, Lang::En, DateStyle::Long, "July 1, 2025"),
            (d, Lang::En, DateStyle::Short, "2025-07-01"),
            (d, Lang::En, DateStyle::Month, "July 2025"),
            (d, Lang::En, DateStyle::Iso, "2025-07-01"),
        ] {
            assert_eq!(
                format_date(date, lang, style),
                shown,
                "{date} {lang:?} {style:?}"
            );
        }
    }

    #[test]
    fn times() {
        for (h, m, lang, shown) in [
            (9, 30, Lang::Fr, "9 h 30"),
            (17, 0, Lang::Fr, "17 h"),
            (0, 5, Lang::Fr, "0 h 05"),
            (9, 30, Lang::En, "9:30 AM"),
            (17, 0, Lang::En, "5 PM"),
            (12, 0, Lang::En, "12 PM"),
            (0, 15, Lang::En, "12:15 AM"),
        ] {
            assert_eq!(format_time(at(h, m), lang), shown);
        }
    }

    /// Event ranges as the card shows them: (start, end or "", language, text).
    #[test]
    fn ranges() {
        use Lang::{En, Fr};
        for (start, end, lang, shown) in [
            ("2025-07-01", "", Fr, "1er juillet 2025"),
            ("2025-07-01", "2025-07-01", Fr, "1er juillet 2025"),
            ("2025-07-03", "2025-07-04", Fr, "3–4 juillet 2025"),
            ("2025-07-01", "2025-07-03", Fr, "1er–3 juillet 2025"),
            ("2025-06-30", "2025-07-01", Fr, "30 juin – 1er juillet 2025"),
            (
                "2025-12-30",
                "2026-01-02",
                Fr,
                "30 décembre 2025 – 2 janvier 2026",
            ),
            ("2025-07-01T09:30", "", Fr, "1er juillet 2025, 9 h 30"),
            (
                "2025-07-01T09:30",
                "2025-07-01T17:00",
                Fr,
                "1er juillet 2025, 9 h 30 – 17 h",
            ),
            (
                "2025-06-30T09:00:00+02:00",
                "2025-07-01T17:00:00+02:00",
                Fr,
                "30 juin 2025, 9 h – 1er juillet 2025, 17 h",
            ),
            (
                "2025-06-30T09:00",
                "2025-07-01",
                Fr,
                "30 juin 2025, 9 h – 1er juillet 2025",
            ),
            // A zoned time shows the writer's wall clock, not UTC.
            (
                "2025-07-01T09:30:00+02:00",
                "",
                Fr,
                "1er juillet 2025, 9 h 30",
            ),
            ("2025-07-01", "", En, "July 1, 2025"),
            ("2025-07-03", "2025-07-04", En, "July 3–4, 2025"),
            ("2025-06-30", "2025-07-01", En, "June 30 – July 1, 2025"),
            (
                "2025-12-30",
                "2026-01-02",
                En,
                "December 30, 2025 – January 2, 2026",
            ),
            (
                "2025-07-01T09:30",
                "2025-07-01T17:00",
                En,
                "July 1, 2025, 9:30 AM – 5 PM",
            ),
            (
                "2025-06-30T09:00",
                "2025-07-01T17:00",
                En,
                "June 30, 2025, 9 AM – July 1, 2025, 5 PM",
            ),
        ] {
            let end = (!end.is_empty()).then(|| when(end));
            assert_eq!(
                format_range(&when(start), end.as_ref(), lang),
                shown,
                "{start} {end:?}"
            );
        }
    }

    #[test]
    fn long_dates_of_every_day_of_a_leap_year_read_as_chrono_writes_them() {
        for d in day(2024, 1, 1).iter_days().take(366) {
            let fr = format!(
                "{} {}",
                day_fr(d),
                d.format_localized("%B %Y", Locale::fr_FR)
            );
            let en = format!("{} {}, {}", d.format("%B"), d.day(), d.year());
            assert_eq!(long(d, Lang::Fr), fr);
            assert_eq!(long(d, Lang::En), en);
        }
    }

    #[test]
    fn the_french_first_is_written_with_a_superscript_in_html() {
        assert_eq!(
            html_ordinals("1er juillet 2025"),
            "1<sup>er</sup> juillet 2025"
        );
        assert_eq!(
            html_ordinals("30 juin – 1er juillet 2025"),
            "30 juin – 1<sup>er</sup> juillet 2025"
        );
        assert_eq!(html_ordinals("11 juillet 2025"), "11 juillet 2025");
        assert_eq!(html_ordinals("21er <b>"), "21er &lt;b&gt;");
        assert_eq!(html_ordinals("July 1, 2025"), "July 1, 2025");
    }
}
