//! Placeholder.
pub struct Hashtag {
    pub range: std::ops::Range<usize>,
    pub name: String,
}
pub fn find_hashtags(_text: &str, _prev: Option<char>) -> Vec<Hashtag> {
    Vec::new()
}
