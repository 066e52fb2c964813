//! The background thread: the work a builder asks for after each build (the search index),
//! done off the build thread, its files handed to the server.
//!
//! In: [`AfterBuild`] jobs, one per published build. Out: the files each made, published with
//! [`Shared::publish_extras`] (which tells the open pages). Only the newest job waiting is
//! run: a burst of saves costs one index, the one of the last build.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Arc;

use super::state::Shared;
use super::AfterBuild;

/// Hands jobs to the background thread; the thread ends once this is dropped and the job in
/// progress is done.
pub(crate) struct Background {
    jobs: Option<Sender<AfterBuild>>,
}

impl Background {
    /// Starts the thread. If it cannot start, jobs are dropped: the preview works without
    /// what they make (its search finds nothing), and says so once.
    pub(crate) fn start(shared: Arc<Shared>) -> Background {
        let (jobs, waiting) = channel();
        let started = std::thread::Builder::new()
            .name("ruche-after-build".into())
            .spawn(move || run(&shared, &waiting));
        match started {
            Ok(_) => Background { jobs: Some(jobs) },
            Err(e) => {
                let error = e.to_string();
                log::warn!("{}", crate::t!("serve-search-not-updated", error = error));
                Background { jobs: None }
            }
        }
    }

    /// Queues `job` behind the one in progress, replacing any other waiting.
    pub(crate) fn submit(&self, job: AfterBuild) {
        if let Some(jobs) = &self.jobs {
            let _ = jobs.send(job);
        }
    }
}

fn run(shared: &Shared, waiting: &Receiver<AfterBuild>) {
    while let Ok(first) = waiting.recv() {
        let job = waiting.try_iter().last().unwrap_or(first);
        // A bug in the job must not end the thread: the next build's job tries again.
        match catch_unwind(AssertUnwindSafe(job)) {
            Ok(Some(extras)) => shared.publish_extras(extras),
            Ok(None) => {}
            Err(_) => log::warn!("{}", crate::t!("serve-search-failed")),
        }
    }
}
