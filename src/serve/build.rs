//! The build thread: batches of changed paths in, published snapshots and messages out.
//!
//! Building runs here, off the async runtime, so the server keeps answering (from the last good
//! build) while a rebuild takes its time. Batches that queued up during a build are merged into
//! the next one, so a burst of saves costs one rebuild, not one per save.

use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;
use std::sync::Arc;
use std::time::Instant;

use super::background::Background;
use super::reload::{self, Change, Message};
use super::state::{Shared, Snapshot};
use super::SiteBuilder;
use crate::error::{Diagnostic, Error, Result};
use crate::output::Output;

/// The builder and what the thread remembers between builds.
pub(crate) struct Rebuilds<B> {
    builder: B,
    root: PathBuf,
    shared: Arc<Shared>,
    generation: u64,
    /// Paths changed since the last good build: a failed rebuild may have stopped half-way, so
    /// the next attempt is told about everything it has not yet built successfully.
    pending: BTreeSet<PathBuf>,
    /// No good build yet (or the builder panicked): the next attempt builds everything.
    needs_full_build: bool,
    /// Where the builder's work after a build goes.
    background: Background,
}

impl<B: SiteBuilder> Rebuilds<B> {
    /// Ready to build; nothing is built until [`Rebuilds::first_build`].
    pub(crate) fn new(builder: B, root: PathBuf, shared: Arc<Shared>) -> Self {
        Rebuilds {
            builder,
            root,
            generation: 0,
            pending: BTreeSet::new(),
            needs_full_build: true,
            background: Background::start(shared.clone()),
            shared,
        }
    }

    /// Builds the whole site and publishes it (or its errors).
    pub(crate) fn first_build(&mut self) {
        let started = Instant::now();
        let result = self.attempt();
        self.publish(result, started);
    }

    /// Rebuilds once per batch (merging the batches already waiting) until the sender is gone.
    pub(crate) fn run(mut self, batches: Receiver<Vec<PathBuf>>) {
        while let Ok(batch) = batches.recv() {
            self.pending.extend(batch);
            self.pending.extend(batches.try_iter().flatten());
            let started = Instant::now();
            let result = self.attempt();
            self.publish(result, started);
        }
    }

    fn attempt(&mut self) -> Result<Output> {
        let changed: Vec<PathBuf> = self.pending.iter().cloned().collect();
        let full = self.needs_full_build;
        let builder = &mut self.builder;
        // A bug in the pipeline must not take the preview down with it: it becomes an error on
        // the page, and the next save tries a whole build again.
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            if full {
                builder.build_all()
            } else {
                builder.rebuild(&changed)
            }
        }));
        match outcome {
            Ok(result) => result,
            Err(panic) => {
                self.needs_full_build = true;
                Err(panic_error(panic.as_ref()))
            }
        }
    }

    fn publish(&mut self, result: Result<Output>, started: Instant) {
        let old = self.shared.snapshot();
        match result {
            Ok(output) => {
                let changed: Vec<PathBuf> = std::mem::take(&mut self.pending).into_iter().collect();
                self.needs_full_build = false;
                let change = if old.has_built {
                    reload::classify(&old.output, &output, &changed, &self.root)
                } else {
                    Change::Other
                };
                let what = describe(&changed, &self.root);
                say_built(&change, old.has_built, &what, started);
                let (build, message) = self.message_for(change, &old);
                let warnings =
                    reload::warnings_about(self.builder.warnings(), &changed, &self.root);
                // Saying "no warning" only matters to pages that show some.
                let told = warnings.clone().or_else(|| {
                    old.warnings.as_ref().map(|_| Message::Warnings {
                        title: String::new(),
                        diagnostics: Arc::from([]),
                    })
                });
                let snapshot = Snapshot {
                    output: Arc::new(output),
                    build,
                    error: None,
                    has_built: true,
                    warnings,
                };
                self.shared.publish(snapshot, message);
                if let Some(told) = told {
                    self.shared.tell(told);
                }

                if let Some(job) = self.builder.after_build() {
                    self.background.submit(job);
                }
            }
            Err(error) => {
                say_failed(&error, old.has_built);
                let diagnostics = reload::problems(&error);
                let snapshot = Snapshot {
                    error: Some(diagnostics.clone()),
                    ..(*old).clone()
                };
                let message = Message::Error {
                    diagnostics,
                    kept_last_build: old.has_built,
                };
                self.shared.publish(snapshot, Some(message));
            }
        }
    }

    /// The tag of the new snapshot and what the open pages are told.
    fn message_for(&mut self, change: Change, old: &Snapshot) -> (Arc<str>, Option<Message>) {
        if change == Change::Nothing {
            let clear = old.error.as_ref().map(|_| Message::Clear {
                build: old.build.clone(),
            });
            return (old.build.clone(), clear);
        }
        self.generation += 1;
        let build = self.shared.build_tag(self.generation);
        let message = match change {
            Change::CssOnly(files) => Message::Css {
                build: build.clone(),
                files,
            },
            _ => Message::Reload {
                build: build.clone(),
            },
        };
        (build, Some(message))
    }
}

fn say_built(change: &Change, rebuilt: bool, what: &str, started: Instant) {
    let ms = started.elapsed().as_millis();
    match (rebuilt, change) {
        (false, _) => log::info!("{}", crate::t!("serve-built", ms = ms as u64)),
        (true, Change::Nothing) => {
            log::info!(
                "{}",
                crate::t!("serve-rebuilt-nothing", what = what, ms = ms as u64)
            );
        }
        (true, Change::CssOnly(_)) => {
            log::info!(
                "{}",
                crate::t!("serve-rebuilt-styles", what = what, ms = ms as u64)
            );
        }
        (true, Change::Other) => {
            log::info!(
                "{}",
                crate::t!("serve-rebuilt-reload", what = what, ms = ms as u64)
            );
        }
    }
}

/// Names the changed files for the terminal, relative to the site root: `content/a.md`, or
/// `content/a.md and 2 other files`.
fn describe(changed: &[PathBuf], root: &Path) -> String {
    let Some(first) = changed.first() else {
        return crate::t!("serve-the-site");
    };
    let name = first
        .strip_prefix(root)
        .unwrap_or(first)
        .display()
        .to_string();
    match changed.len() {
        1 => name,
        n => crate::t!("serve-and-others", name = name, others = n - 1),
    }
}

fn say_failed(error: &Error, rebuilt: bool) {
    if rebuilt {
        log::warn!("{}\n{error}", crate::t!("serve-edit-has-error"));
    } else {
        log::warn!(
            "{}\n{error}\n{}",
            crate::t!("serve-first-build-failed"),
            crate::t!("serve-fix-and-save")
        );
    }
}

fn panic_error(panic: &(dyn std::any::Any + Send)) -> Error {
    let detail = panic
        .downcast_ref::<&str>()
        .map(std::string::ToString::to_string)
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    Diagnostic::general(crate::t!("serve-internal-error", detail = detail))
        .hint(crate::t!("serve-internal-error-hint"))
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_files_are_named_from_the_site_root() {
        let root = Path::new("/site");
        let one = [PathBuf::from("/site/content/a.md")];
        assert_eq!(describe(&one, root), "content/a.md");
        let three = [
            "/site/content/a.md",
            "/site/static/b.css",
            "/site/site.yaml",
        ];
        let three = three.map(PathBuf::from);
        assert_eq!(describe(&three, root), "content/a.md and 2 other files");
        assert_eq!(describe(&[], root), "Site");
    }
}
