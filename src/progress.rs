//! How far a build has gone, for the command line's progress bar.
//!
//! The pipeline counts what it has done in each stage with atomic counters (cheap enough to
//! bump from every parallel worker); the command line reads them from another thread and draws
//! the bar. Builds nobody watches count into [`Progress::none`].

use std::sync::atomic::{AtomicUsize, Ordering};

/// The stages a build goes through, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Nothing started yet.
    Starting,
    /// Reading and parsing content files.
    Reading,
    /// Rendering the Markdown of every page.
    Markdown,
    /// Building what templates receive about each page.
    Preparing,
    /// Rendering pages, lists and taxonomies through the templates, and writing them.
    Rendering,
}

impl Stage {
    const ALL: [Stage; 5] = [
        Stage::Starting,
        Stage::Reading,
        Stage::Markdown,
        Stage::Preparing,
        Stage::Rendering,
    ];

    /// The stage's name on the progress bar.
    pub fn label(self) -> String {
        match self {
            Stage::Starting => crate::t!("stage-starting"),
            Stage::Reading => crate::t!("stage-reading"),
            Stage::Markdown => crate::t!("stage-markdown"),
            Stage::Preparing => crate::t!("stage-preparing"),
            Stage::Rendering => crate::t!("stage-rendering"),
        }
    }
}

/// The counters of one build.
#[derive(Debug, Default)]
pub struct Progress {
    stage: AtomicUsize,
    done: AtomicUsize,
    total: AtomicUsize,
}

/// What a build has done so far: its stage, and how many of its items are done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    /// The current stage.
    pub stage: Stage,
    /// Items done in this stage.
    pub done: usize,
    /// Items in this stage.
    pub total: usize,
}

impl Progress {
    /// The counters of builds nobody watches.
    pub fn none() -> &'static Progress {
        static NONE: Progress = Progress {
            stage: AtomicUsize::new(0),
            done: AtomicUsize::new(0),
            total: AtomicUsize::new(0),
        };
        &NONE
    }

    /// Enters `stage`, which has `total` items.
    pub fn start(&self, stage: Stage, total: usize) {
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
        let index = Stage::ALL.iter().position(|s| *s == stage).unwrap_or(0);
        self.stage.store(index, Ordering::Relaxed);
    }

    /// One more item of the current stage done.
    pub fn step(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }

    /// Where the build is now.
    pub fn read(&self) -> Reading {
        let stage = Stage::ALL[self.stage.load(Ordering::Relaxed).min(Stage::ALL.len() - 1)];
        let total = self.total.load(Ordering::Relaxed);
        Reading {
            stage,
            done: self.done.load(Ordering::Relaxed).min(total),
            total,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stage_counts_its_own_items_from_zero() {
        let p = Progress::default();
        assert_eq!(p.read().stage, Stage::Starting);
        p.start(Stage::Reading, 3);
        p.step();
        p.step();
        assert_eq!(
            p.read(),
            Reading {
                stage: Stage::Reading,
                done: 2,
                total: 3
            }
        );
        p.start(Stage::Rendering, 10);
        p.step();
        assert_eq!(
            (p.read().stage, p.read().done, p.read().total),
            (Stage::Rendering, 1, 10)
        );
    }
}
