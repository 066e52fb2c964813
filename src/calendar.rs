//! Placeholder until the text branch lands.
use crate::text::dates::When;
use chrono::{DateTime, Utc};
pub struct CalEvent {
    pub uid: String,
    pub summary: String,
    pub description: Option<String>,
    pub start: When,
    pub end: Option<When>,
    pub location: Option<String>,
    pub url: Option<String>,
    pub organizers: Vec<String>,
    pub stamp: DateTime<Utc>,
}
pub fn calendar(name: &str, events: &[CalEvent]) -> String {
    format!(
        "BEGIN:VCALENDAR\r\nX-WR-CALNAME:{name}\r\n{}END:VCALENDAR\r\n",
        events
            .iter()
            .map(|e| format!(
                "BEGIN:VEVENT\r\nUID:{}\r\nSUMMARY:{}\r\nEND:VEVENT\r\n",
                e.uid, e.summary
            ))
            .collect::<String>()
    )
}
