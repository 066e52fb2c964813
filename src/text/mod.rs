//! Text utilities (placeholder until the text branch lands).
pub mod dates;
pub mod hashtags;
pub mod slug;
pub mod typography;
