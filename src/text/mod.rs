//! Pure text helpers the pipeline calls: nothing here reads files or knows about pages.
//!
//! - [`slug`]: any title or term in, a lowercase ASCII URL segment out.
//! - [`typography`]: the text chunks of a document in, the same text with French spacing out.
//! - [`hashtags`]: a text chunk in, the byte ranges and names of its `#Hashtags` out.
//! - [`dates`]: front matter date strings in, typed values and their display in the site's
//!   language out.
//! - [`words`]: a text chunk in, its number of words out.

pub(crate) mod dates;
pub(crate) mod hashtags;
pub(crate) mod slug;
pub(crate) mod typography;
pub(crate) mod words;
