//! Placeholder.
#[derive(Default)]
pub struct French {
    _prev: Option<char>,
}
impl French {
    pub fn apply(&mut self, chunk: &str) -> String {
        chunk.to_string()
    }
    pub fn reset(&mut self) {}
}
