//! Dates: front matter strings in, typed values out, and their display in the site's language.
//!
//! - [`When::parse`] reads `2025-07-01`, `2025-07-01 09:30` (a wall-clock time, no zone) and
//!   RFC 3339 (`2025-07-01T09:30:00+02:00`), with an error a writer can act on otherwise.
//! - [`parse_date_prefix`] takes the date off a file or folder name (`2025-07-01-formation`).
//! - [`format_date`] and [`format_range`] (with `format::format_time`) display them in French or English
//!   (`1er juillet 2025`, `9 h 30`, `30 juin – 1er juillet 2025`), with month and day names
//!   from chrono's locale data rather than tables of our own.
//!
//! A time with an offset is shown as the writer wrote it (its own wall clock), not moved to the
//! reader's zone or to UTC: `09:30+02:00` is shown `9 h 30`.

mod format;
#[cfg(test)]
mod tests;

pub(crate) use format::{format_date, format_range, html_ordinals, DateStyle};

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, SecondsFormat};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// The language dates are displayed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// French, the default of a ruche site.
    #[default]
    Fr,
    /// English, for every language other than French.
    En,
}

impl Lang {
    /// The display language for a BCP 47 code: `fr`, `fr-FR`, `fr-CA` … are French, anything
    /// else is English.
    pub fn from_code(code: &str) -> Lang {
        let code = code.trim();
        let primary = code.split(['-', '_']).next().unwrap_or(code);
        if primary.eq_ignore_ascii_case("fr") {
            Lang::Fr
        } else {
            Lang::En
        }
    }
}

/// A date from the front matter, with as much precision as the writer gave.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum When {
    /// A day, no time: `2025-07-01`. An event with such dates lasts whole days.
    Date(NaiveDate),
    /// A wall-clock time with no zone: `2025-07-01 09:30`.
    Local(NaiveDateTime),
    /// A time with its offset from UTC: `2025-07-01T09:30:00+02:00`.
    Zoned(DateTime<FixedOffset>),
}

impl When {
    /// Reads a date as written in the front matter; surrounding spaces are ignored.
    ///
    /// The error is a sentence for the writer: it names the value and shows the forms that
    /// work, or says that the date or time does not exist (`2025-02-30`, `25:00`).
    pub fn parse(s: &str) -> Result<When, String> {
        let s = s.trim();
        let Some(date) = s.get(..10).and_then(split_ymd) else {
            return Err(unreadable(s));
        };
        let date = existing_date(s, date)?;
        let rest = &s[10..];
        if rest.is_empty() {
            return Ok(When::Date(date));
        }
        match rest.strip_prefix(['T', 't', ' ']) {
            Some(time) => parse_time(s, date, time.trim_start()),
            None => Err(unreadable(s)),
        }
    }

    /// The day, on the writer's wall clock.
    pub fn date(&self) -> NaiveDate {
        match self {
            When::Date(d) => *d,
            When::Local(dt) => dt.date(),
            When::Zoned(dt) => dt.date_naive(),
        }
    }

    /// The time of day on the writer's wall clock, `None` for a whole day.
    pub fn time(&self) -> Option<NaiveTime> {
        match self {
            When::Date(_) => None,
            When::Local(dt) => Some(dt.time()),
            When::Zoned(dt) => Some(dt.time()),
        }
    }

    /// Whether this is a day without a time.
    pub fn is_all_day(&self) -> bool {
        matches!(self, When::Date(_))
    }

    /// The value in canonical form: `2025-07-01`, `2025-07-01T09:30:00`, or RFC 3339
    /// (`2025-07-01T09:30:00+02:00`, `Z` for UTC). [`When::parse`] reads it back unchanged.
    pub fn to_rfc3339_or_date(&self) -> String {
        match self {
            When::Date(d) => d.format("%Y-%m-%d").to_string(),
            When::Local(dt) => dt.format("%Y-%m-%dT%H:%M:%S%.f").to_string(),
            When::Zoned(dt) => dt.to_rfc3339_opts(SecondsFormat::AutoSi, true),
        }
    }

    /// A key to sort by: the day, then the time (a whole day sorts before its times).
    ///
    /// Times compare on their wall clocks, offsets aside: what sorts a site's events is the
    /// time its readers see on the page.
    pub fn sort_key(&self) -> (NaiveDate, Option<NaiveTime>) {
        (self.date(), self.time())
    }
}

impl fmt::Display for When {
    /// The canonical form, as [`When::to_rfc3339_or_date`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339_or_date())
    }
}

impl FromStr for When {
    type Err = String;

    fn from_str(s: &str) -> Result<When, String> {
        When::parse(s)
    }
}

impl Serialize for When {
    /// Serialised in canonical form, so templates get `2025-07-01` or RFC 3339.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_rfc3339_or_date())
    }
}

impl<'de> Deserialize<'de> for When {
    /// Read with [`When::parse`], whose message becomes the deserialiser's error.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<When, D::Error> {
        let s = String::deserialize(deserializer)?;
        When::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// Takes a `YYYY-MM-DD-` prefix off a file or folder name:
/// `2025-07-01-formation-vie-cooperative` → (2025-07-01, `formation-vie-cooperative`).
///
/// `None` when the name does not start with a date that exists followed by `-` and more.
pub(crate) fn parse_date_prefix(name: &str) -> Option<(NaiveDate, &str)> {
    let (y, m, d) = split_ymd(name.get(..10)?)?;
    let rest = name.get(10..)?.strip_prefix('-')?;
    if rest.is_empty() {
        return None;
    }
    Some((NaiveDate::from_ymd_opt(y, m, d)?, rest))
}

/// Year, month and day of a `YYYY-MM-DD` string (exactly that shape), not checked against
/// the calendar.
fn split_ymd(s: &str) -> Option<(i32, u32, u32)> {
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return None;
    }
    Some((
        s[..4].parse().ok()?,
        s[5..7].parse().ok()?,
        s[8..].parse().ok()?,
    ))
}

/// The date `(y, m, d)` read from `s`, or a message saying why it does not exist.
fn existing_date(s: &str, (y, m, d): (i32, u32, u32)) -> Result<NaiveDate, String> {
    if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
        return Ok(date);
    }
    let why = match NaiveDate::from_ymd_opt(y, m, 1) {
        None => crate::t!("date-no-such-month", month = m),
        Some(first) => {
            let lang = Lang::from_code(crate::i18n::language());
            let month = format_date(first, lang, DateStyle::Month);
            crate::t!(
                "date-month-days",
                month = month,
                days = days_in_month(first)
            )
        }
    };
    Err(crate::t!(
        "date-does-not-exist",
        date = s,
        why = why,
        forms = crate::t!("date-forms")
    ))
}

/// The number of days in the month of `first`.
fn days_in_month(first: NaiveDate) -> u32 {
    (28..=31)
        .rev()
        .find(|&d| first.with_day(d).is_some())
        .unwrap_or(28)
}

/// The time part of `s` (after the date and `T` or a space): a wall clock, then an optional
/// offset (`Z`, `+02:00`, `+0200`, `+02`).
fn parse_time(s: &str, date: NaiveDate, time: &str) -> Result<When, String> {
    let zone_at = time.find(['Z', 'z', '+', '-']).unwrap_or(time.len());
    let (clock, zone) = time.split_at(zone_at);
    let clock = clock.trim_end();
    let Some(clock_time) = parse_clock(clock) else {
        return Err(if looks_like_clock(clock) {
            crate::t!(
                "date-no-such-time",
                date = s,
                forms = crate::t!("date-forms")
            )
        } else {
            unreadable(s)
        });
    };
    let local = date.and_time(clock_time);
    if zone.is_empty() {
        return Ok(When::Local(local));
    }
    parse_offset(zone)
        .and_then(|offset| local.and_local_timezone(offset).single())
        .map(When::Zoned)
        .ok_or_else(|| unreadable(s))
}

/// `09:30`, `9:30`, `09:30:15` or `09:30:15.250`.
fn parse_clock(clock: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(clock, "%H:%M:%S%.f")
        .or_else(|_| NaiveTime::parse_from_str(clock, "%H:%M"))
        .ok()
}

/// Whether `clock` has the shape of a time (`25:00`, `09:75`), so that failing to read it
/// means the time does not exist rather than that it is written in another way.
fn looks_like_clock(clock: &str) -> bool {
    clock.starts_with(|c: char| c.is_ascii_digit())
        && clock.contains(':')
        && clock
            .chars()
            .all(|c| c.is_ascii_digit() || c == ':' || c == '.')
}

/// A UTC offset: `Z`, `+02:00`, `-0530`, `+02`.
fn parse_offset(zone: &str) -> Option<FixedOffset> {
    if zone.eq_ignore_ascii_case("z") {
        return FixedOffset::east_opt(0);
    }
    let (sign, digits) = match zone.split_at_checked(1)? {
        ("+", rest) => (1, rest),
        ("-", rest) => (-1, rest),
        _ => return None,
    };
    let digits: String = digits.chars().filter(|&c| c != ':').collect();
    if !matches!(digits.len(), 2 | 4) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits
        .get(2..)
        .filter(|m| !m.is_empty())
        .map_or(Ok(0), str::parse)
        .ok()?;
    if minutes > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}

/// The message for a value that is not written as a date at all.
fn unreadable(s: &str) -> String {
    if s.is_empty() {
        return crate::t!("date-empty", forms = crate::t!("date-forms"));
    }
    match day_first(s) {
        Some(iso) => crate::t!("date-day-first", date = s, iso = iso),
        None => crate::t!("date-unreadable", date = s, forms = crate::t!("date-forms")),
    }
}

/// `2025-07-01` for a day-first date such as `01/07/2025` or `1.7.2025`, the usual way to
/// write one in France, so the message can show the fix.
fn day_first(s: &str) -> Option<String> {
    let parts: Vec<&str> = s.split(['/', '.']).collect();
    let [d, m, y] = parts.as_slice() else {
        return None;
    };
    let date = NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)?;
    (y.len() == 4).then(|| date.format("%Y-%m-%d").to_string())
}
