//! Placeholder.
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Fr,
    En,
}
impl Lang {
    pub fn from_code(code: &str) -> Lang {
        if code.starts_with("fr") {
            Lang::Fr
        } else {
            Lang::En
        }
    }
}
#[derive(Debug, Clone, PartialEq)]
pub enum When {
    Date(NaiveDate),
    Local(NaiveDateTime),
    Zoned(DateTime<FixedOffset>),
}
impl When {
    pub fn parse(s: &str) -> Result<When, String> {
        if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            return Ok(When::Date(d));
        }
        if let Ok(d) = DateTime::parse_from_rfc3339(s) {
            return Ok(When::Zoned(d));
        }
        Err(format!("`{s}` is not a date"))
    }
    pub fn date(&self) -> NaiveDate {
        match self {
            When::Date(d) => *d,
            When::Local(d) => d.date(),
            When::Zoned(d) => d.date_naive(),
        }
    }
    pub fn is_all_day(&self) -> bool {
        matches!(self, When::Date(_))
    }
    pub fn to_rfc3339_or_date(&self) -> String {
        match self {
            When::Date(d) => d.to_string(),
            When::Local(d) => d.format("%Y-%m-%dT%H:%M:%S").to_string(),
            When::Zoned(d) => d.to_rfc3339(),
        }
    }
    pub fn sort_key(&self) -> (NaiveDate, Option<NaiveTime>) {
        match self {
            When::Date(d) => (*d, None),
            When::Local(d) => (d.date(), Some(d.time())),
            When::Zoned(d) => (d.date_naive(), Some(d.time())),
        }
    }
}
pub fn parse_date_prefix(name: &str) -> Option<(NaiveDate, &str)> {
    let head = name.get(..10)?;
    let d = NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()?;
    Some((d, name.get(10..)?.trim_start_matches('-')))
}
#[derive(Debug, Clone, Copy)]
pub enum DateStyle {
    Long,
    Short,
    Month,
    Iso,
}
pub fn format_date(d: NaiveDate, _lang: Lang, _style: DateStyle) -> String {
    d.to_string()
}
pub fn format_range(start: &When, _end: Option<&When>, _lang: Lang) -> String {
    start.to_rfc3339_or_date()
}
