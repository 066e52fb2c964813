//! The state shared by the build thread (which writes it) and the server (which reads it).
//!
//! In: each build's outcome. Out: a [`Snapshot`] that every request reads whole, so that a page
//! and its stylesheet never come from two different builds, and a stream of [`Message`]s for the
//! open pages.

use std::sync::Arc;

use tokio::sync::{broadcast, watch};
use tokio_util::task::TaskTracker;

use super::reload::{Message, Problem};
use crate::output::Output;

/// What the server shows right now.
#[derive(Debug, Clone)]
pub(crate) struct Snapshot {
    /// The last good build (empty until the first build succeeds).
    pub output: Arc<Output>,
    /// Names that build for the pages: `<server id>-<generation>`. A page built from another tag
    /// is stale and reloads when its script connects.
    pub build: Arc<str>,
    /// The problems of the last build, when it failed.
    pub error: Option<Arc<[Problem]>>,
    /// Whether any build has succeeded yet.
    pub has_built: bool,
    /// The warnings about the files of the last save (the editorial lint among them), which
    /// the open pages show beside the page, and say again to a page that reconnects.
    pub warnings: Option<Message>,
}

/// Everything the server's handlers need, behind one `Arc`.
pub(crate) struct Shared {
    /// The site's path prefix, always starting and ending with `/`.
    pub base_path: String,
    state: watch::Sender<Arc<Snapshot>>,
    /// The files made after a build, in the background ([`super::SiteBuilder::after_build`]).
    extras: std::sync::RwLock<Arc<Output>>,
    events: broadcast::Sender<Message>,
    shutdown: watch::Sender<bool>,
    /// The open pages' sockets, so that stopping can wait for their goodbyes to be sent.
    pub sockets: TaskTracker,
    server_id: String,
}

impl Shared {
    /// A state with nothing built yet.
    pub(crate) fn new(base_path: String) -> Self {
        let server_id = server_id();
        let first = Snapshot {
            output: Arc::new(Output::default()),
            build: Arc::from(format!("{server_id}-0")),
            error: None,
            has_built: false,
            warnings: None,
        };
        // A page that falls more than this many messages behind is simply reloaded.
        let (events, _) = broadcast::channel(64);
        Shared {
            base_path,
            state: watch::Sender::new(Arc::new(first)),
            extras: std::sync::RwLock::default(),
            events,
            shutdown: watch::Sender::new(false),
            sockets: TaskTracker::new(),
            server_id,
        }
    }

    /// The current snapshot.
    pub(crate) fn snapshot(&self) -> Arc<Snapshot> {
        self.state.borrow().clone()
    }

    /// The tag of build number `generation` of this server.
    pub(crate) fn build_tag(&self, generation: u64) -> Arc<str> {
        Arc::from(format!("{}-{generation}", self.server_id))
    }

    /// Replaces the snapshot, then tells the open pages (in that order, so that a page reloading
    /// on `message` already gets the new snapshot).
    pub(crate) fn publish(&self, snapshot: Snapshot, message: Option<Message>) {
        self.state.send_replace(Arc::new(snapshot));
        if let Some(message) = message {
            // No page open is no error.
            let _ = self.events.send(message);
        }
    }

    /// Tells the open pages `message` without changing the snapshot.
    pub(crate) fn tell(&self, message: Message) {
        let _ = self.events.send(message);
    }

    /// The files made after a build, served where the build has no file of that path.
    pub(crate) fn extras(&self) -> Arc<Output> {
        let extras = self
            .extras
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        extras.clone()
    }

    /// Serves `extras` from now on, then tells the open pages.
    pub(crate) fn publish_extras(&self, extras: Output) {
        *self
            .extras
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(extras);
        let _ = self.events.send(Message::Search);
    }

    /// A receiver of the messages published from now on.
    pub(crate) fn subscribe(&self) -> broadcast::Receiver<Message> {
        self.events.subscribe()
    }

    /// Asks the server and the open sockets to end.
    pub(crate) fn begin_shutdown(&self) {
        self.shutdown.send_replace(true);
    }

    /// Resolves once [`Shared::begin_shutdown`] was called.
    pub(crate) fn shutdown_signal(&self) -> impl std::future::Future<Output = ()> + Send + 'static {
        let mut receiver = self.shutdown.subscribe();
        async move {
            // An error means the sender is gone, which is a shutdown too.
            let _ = receiver.wait_for(|stopping| *stopping).await;
        }
    }
}

/// A name for this server run, so that a page left open across a restart sees that it is stale.
fn server_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("{:x}", nanos ^ u128::from(std::process::id()))
}
