//! The preview's photos: made on another thread so that `ruche serve` never waits for them.
//!
//! In: the jobs of one preview build. Out: each job's outputs — its cached copies when the
//! cache holds them, else the original file under the copies' names (the browser scales it
//! meanwhile) — and, once a thread has made the missing copies, a message on the preview's
//! channel of changed paths, which rebuilds and reloads the open pages with the real copies.
//! A photo that cannot be read is remembered and reported by the next build as an error.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};

use super::publish::{self, Job, Unmade};
use super::Images;
use crate::error::Diagnostic;

/// What the preview's image thread knows between builds.
#[derive(Debug, Default)]
pub struct Background {
    notify: Mutex<Option<(Sender<Vec<PathBuf>>, PathBuf)>>,
    in_flight: Mutex<HashSet<PathBuf>>,
    /// By content hash: a photo replaced by a readable one is tried again.
    failed: Mutex<HashMap<String, Diagnostic>>,
}

impl Background {
    /// Where to say that copies are ready: the preview's channel of changed paths, with the
    /// path to report as changed (the cache folder).
    pub fn notify_with(&self, tx: Sender<Vec<PathBuf>>, cache: PathBuf) {
        *lock(&self.notify) = Some((tx, cache));
    }

    /// The outputs of `jobs` now, the missing copies started on another thread.
    pub(super) fn publish(
        self: &Arc<Self>,
        images: &Arc<Images>,
        jobs: Vec<Job>,
    ) -> (Vec<(String, PathBuf)>, Vec<Diagnostic>) {
        let mut files = Vec::new();
        let mut errors = Vec::new();
        let mut pending = Vec::new();
        for job in jobs {
            let source = job.prepared.located.path.clone();
            if let Some(d) = lock(&self.failed).get(&job.prepared.source.hash) {
                errors.push(d.clone());
            } else if publish::ready(images, &job) {
                files.extend(publish::make(images, &job).unwrap_or_default());
            } else {
                files.extend(publish::placeholders(&job));
                if lock(&self.in_flight).insert(source) {
                    pending.push(job);
                }
            }
        }
        if !pending.is_empty() {
            let me = self.clone();
            let images = images.clone();
            std::thread::spawn(move || me.make(&images, pending));
        }
        (files, errors)
    }

    fn make(&self, images: &Images, jobs: Vec<Job>) {
        use rayon::prelude::*;
        let results: Vec<(PathBuf, String, Option<Diagnostic>)> = jobs
            .into_par_iter()
            .map(|job| {
                // A photo replaced while its copies were made is no failure of its own: the
                // save brings a build, which makes the new photo's copies.
                let error = match publish::make(images, &job) {
                    Err(Unmade::Failed(d)) => Some(d),
                    Ok(_) | Err(Unmade::Changed(_)) => None,
                };
                let p = &job.prepared;
                (p.located.path.clone(), p.source.hash.clone(), error)
            })
            .collect();
        for (source, hash, error) in results {
            lock(&self.in_flight).remove(&source);
            if let Some(d) = error {
                lock(&self.failed).insert(hash, d);
            }
        }
        let _ = images.store().save(false);
        if let Some((tx, cache)) = lock(&self.notify).as_ref() {
            let _ = tx.send(vec![cache.clone()]);
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
