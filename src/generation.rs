//! Generation numbers: a number new each time a file is read or a body rendered, so that the
//! preview's incremental rebuilds compare two numbers instead of two texts.
//!
//! In: nothing. Out: numbers that never repeat within one process.

use std::sync::atomic::{AtomicU64, Ordering};

/// A number no earlier call returned.
pub(crate) fn next() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}
