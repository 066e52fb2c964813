//! `ruche serve`: the live preview.
//!
//! In: a site root, the folders to watch, and a [`SiteBuilder`] (the build pipeline, seen through
//! two calls). Out: an HTTP server on the local machine that answers from the last good build held
//! in memory (never `public/`) and pushes `reload`, `css` and `error` messages to the open pages.
//!
//! 1. [`Preview::start`] binds the first free port from the one asked, makes the builder with the
//!    local base URL and builds the whole site once.
//! 2. `watch` turns file-system events into batches of changed paths, editor noise filtered out.
//! 3. `build` runs on its own thread: each batch becomes one [`SiteBuilder::rebuild`]; a success
//!    replaces the served output, a failure keeps it and publishes the diagnostics.
//! 4. `server` answers requests from that state; `socket` sends the messages over a WebSocket to
//!    the script that `reload` injects into every HTML page.
//!
//! The state lives in a [`Preview`] value, not in statics, so tests run several previews at once.

mod background;
mod build;
mod guard;
mod paths;
mod reload;
mod server;
pub mod site;
mod socket;
mod state;
mod watch;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::output::Output;

/// What the preview needs from the build pipeline.
pub trait SiteBuilder: Send + 'static {
    /// Builds the whole site; `base_url` is the local address with the site's path prefix kept
    /// (e.g. `http://127.0.0.1:1111/journal`), so every link works in the preview.
    fn build_all(&mut self) -> Result<Output>;

    /// Rebuilds after these files (absolute paths) were created, changed or deleted; returns the
    /// new whole output.
    fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Output>;

    /// Work to do once the last build is served, off the build thread so that the reload of
    /// the page being edited never waits for it (the real builder's search index). The files it
    /// returns are served beside every later build until newer ones replace them; `None` from
    /// it keeps the ones served. By default there is none.
    fn after_build(&mut self) -> Option<AfterBuild> {
        None
    }
    /// Where work finished off the build thread (the photos' copies) asks for a rebuild: the
    /// channel of changed paths. Builders with no such work ignore it.
    fn notify_with(&mut self, _changes: std::sync::mpsc::Sender<Vec<PathBuf>>) {}

    /// The warnings of the last good build (the pages show those about the files just saved).
    fn warnings(&self) -> &[crate::error::Diagnostic] {
        &[]
    }
}

/// See [`SiteBuilder::after_build`].
pub type AfterBuild = Box<dyn FnOnce() -> Option<Output> + Send>;

/// How to run the preview.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site root (the folder of `site.yaml`).
    pub root: PathBuf,
    /// The address to listen on; `127.0.0.1` keeps the preview private to this machine.
    pub bind: IpAddr,
    /// The first port to try; the next ones are tried when it is taken. 0 lets the system choose.
    pub port: u16,
    /// Whether to open the preview in the default browser.
    pub open: bool,
    /// The path prefix of the site's `base_url`, e.g. `/journal/` or `/`.
    pub base_path: String,
    /// Files and folders to watch: `site.yaml`, `content/`, `static/`, `templates/`, `themes/`.
    pub watch: Vec<PathBuf>,
}

impl ServeOptions {
    /// The defaults for a site at `root`: `127.0.0.1:1111`, no path prefix, and the usual site
    /// files and folders that exist.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        let watch = ["site.yaml", "content", "static", "templates", "themes"]
            .iter()
            .map(|name| root.join(name))
            .filter(|path| path.exists())
            .collect();
        ServeOptions {
            root,
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: DEFAULT_PORT,
            open: false,
            base_path: "/".into(),
            watch,
        }
    }
}

/// The port `ruche serve` tries first.
pub const DEFAULT_PORT: u16 = 1111;

/// How many ports after the requested one are tried before giving up.
const PORT_TRIES: u16 = 20;

/// Binds (the next free port if taken, said clearly), then calls `make_builder(local_base_url)`
/// and serves until Ctrl-C.
pub fn run<B: SiteBuilder>(
    opts: ServeOptions,
    make_builder: impl FnOnce(&str) -> Result<B>,
) -> Result<()> {
    let open = opts.open;
    let preview = Preview::start(opts, make_builder)?;
    log::info!("{}", crate::t!("serve-started", url = preview.url()));
    if open {
        if let Err(e) = open::that_detached(preview.url()) {
            let error = e.to_string();
            let line = crate::t!("serve-browser-failed", error = error, url = preview.url());
            log::warn!("{line}");
        }
    }
    let waited = preview.wait_for_stop_signal();
    log::info!("{}", crate::t!("serve-stopping"));
    preview.stop();
    waited
}

/// A running preview: the server, the watcher and the build thread. Dropping it stops them all.
pub struct Preview {
    runtime: Option<tokio::runtime::Runtime>,
    addr: SocketAddr,
    url: String,
    shared: Arc<state::Shared>,
    server: Option<tokio::task::JoinHandle<()>>,
    watcher: Option<watch::Watcher>,
    build_thread: Option<std::thread::JoinHandle<()>>,
}

impl Preview {
    /// Binds, makes the builder, builds the site once and starts serving and watching. Returns
    /// once the first build is served (a failed first build is served as an error page).
    ///
    /// Call it from plain threads, not from inside an async runtime: it owns its own.
    pub fn start<B: SiteBuilder>(
        opts: ServeOptions,
        make_builder: impl FnOnce(&str) -> Result<B>,
    ) -> Result<Preview> {
        let runtime = new_runtime()?;
        let root = absolute(&opts.root)?;
        let base_path = paths::normalise_base_path(&opts.base_path);
        let (listener, addr) = bind_first_free(opts.bind, opts.port)?;
        let url = browser_url(addr, &base_path);
        if opts.port != 0 && addr.port() != opts.port {
            log::info!(
                "{}",
                crate::t!("serve-port-taken", port = opts.port, url = url)
            );
        }
        let mut builder = make_builder(url.trim_end_matches('/'))?;

        let shared = Arc::new(state::Shared::new(base_path));
        // The watcher starts before the first build so that no save made during it is lost.
        let watched: Result<Vec<PathBuf>> = opts.watch.iter().map(|p| absolute(p)).collect();
        let (batches_tx, batches_rx) = std::sync::mpsc::channel();
        builder.notify_with(batches_tx.clone());
        let watcher = watch::Watcher::start(&root, &watched?, batches_tx)?;
        let mut rebuilds = build::Rebuilds::new(builder, root, shared.clone());
        rebuilds.first_build();
        let build_thread = std::thread::Builder::new()
            .name("ruche-build".into())
            .spawn(move || rebuilds.run(batches_rx))
            .map_err(|e| Error::msg(crate::t!("serve-thread-failed", error = e.to_string())))?;
        let server = start_serving(&runtime, listener, shared.clone())?;
        Ok(Preview {
            runtime: Some(runtime),
            addr,
            url,
            shared,
            server: Some(server),
            watcher: Some(watcher),
            build_thread: Some(build_thread),
        })
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The home page of the preview, e.g. `http://127.0.0.1:1111/journal/`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Blocks until Ctrl-C (or, on Unix, SIGTERM).
    pub fn wait_for_stop_signal(&self) -> Result<()> {
        let Some(runtime) = &self.runtime else {
            return Ok(());
        };
        runtime
            .block_on(stop_signal())
            .map_err(|e| Error::msg(crate::t!("serve-ctrl-c-failed", error = e.to_string())))
    }

    /// Stops serving (open pages are told to wait and reconnect), watching and building.
    pub fn stop(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        self.shared.begin_shutdown();
        if let (Some(runtime), Some(server)) = (&self.runtime, self.server.take()) {
            // Graceful: requests in flight finish; a stuck client cannot hold the exit for long.
            // (The timer is made inside the runtime, which it needs.)
            let sockets = self.shared.sockets.clone();
            runtime.block_on(async {
                let _ = tokio::time::timeout(Duration::from_secs(3), server).await;
                // Open pages are sockets the server no longer tracks: their goodbyes are awaited
                // here, or the runtime's end would cut them off mid-sentence.
                sockets.close();
                let _ = tokio::time::timeout(Duration::from_secs(1), sockets.wait()).await;
            });
        }
        // Stopping the watcher drops the sender of batches, which ends the build thread's loop.
        if let Some(watcher) = self.watcher.take() {
            watcher.stop();
        }
        if let Some(thread) = self.build_thread.take() {
            // A long build in progress is left to end on its own (it writes nothing), so that
            // Ctrl-C is never kept waiting for it.
            let deadline = Instant::now() + Duration::from_secs(2);
            while !thread.is_finished() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(10));
            }
            if thread.is_finished() {
                let _ = thread.join();
            }
        }
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_timeout(Duration::from_secs(1));
        }
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        self.shut_down();
    }
}

fn new_runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("ruche-serve")
        .enable_all()
        .build()
        .map_err(|e| Error::msg(crate::t!("serve-server-failed", error = e.to_string())))
}

fn start_serving(
    runtime: &tokio::runtime::Runtime,
    listener: TcpListener,
    shared: Arc<state::Shared>,
) -> Result<tokio::task::JoinHandle<()>> {
    let _inside = runtime.enter();
    let port = listener.local_addr().map(|a| a.port()).unwrap_or_default();
    let listener = tokio::net::TcpListener::from_std(listener).map_err(|e| {
        Error::msg(crate::t!(
            "serve-port-unusable",
            port = port,
            error = e.to_string()
        ))
    })?;
    Ok(runtime.spawn(server::serve(listener, shared)))
}

async fn stop_signal() -> std::io::Result<()> {
    #[cfg(unix)]
    {
        let mut terminate =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
        tokio::select! {
            result = tokio::signal::ctrl_c() => result,
            _ = terminate.recv() => Ok(()),
        }
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c().await
    }
}

/// Binds `ip:port`, or the next free port among the following ones.
fn bind_first_free(ip: IpAddr, port: u16) -> Result<(TcpListener, SocketAddr)> {
    let last = port.saturating_add(if port == 0 { 0 } else { PORT_TRIES - 1 });
    for candidate in port..=last {
        match TcpListener::bind((ip, candidate)) {
            Ok(listener) => {
                let addr = listener.local_addr().map_err(|e| {
                    Error::msg(crate::t!("serve-address-unknown", error = e.to_string()))
                })?;
                listener.set_nonblocking(true).map_err(|e| {
                    Error::msg(crate::t!(
                        "serve-port-unusable",
                        port = candidate,
                        error = e.to_string()
                    ))
                })?;
                return Ok((listener, addr));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => continue,
            Err(e) => {
                let (ip, error) = (ip.to_string(), e.to_string());
                return Err(Error::msg(crate::t!(
                    "serve-cannot-listen",
                    ip = ip,
                    port = candidate,
                    error = error
                )));
            }
        }
    }
    Err(Error::from(
        crate::error::Diagnostic::general(crate::t!(
            "serve-ports-taken",
            first = port,
            last = last
        ))
        .hint(crate::t!("serve-ports-taken-hint")),
    ))
}

/// The URL a browser opens: the bound address (loopback when bound to every interface, since
/// `0.0.0.0` is no address a browser can open) followed by the site's path prefix.
fn browser_url(addr: SocketAddr, base_path: &str) -> String {
    let ip = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}{base_path}", SocketAddr::new(ip, addr.port()))
}

fn absolute(path: &Path) -> Result<PathBuf> {
    std::path::absolute(path).map_err(|e| Error::io(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_taken_port_moves_to_the_next_free_one() {
        let taken = TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let port = taken.local_addr().unwrap().port();
        let localhost = IpAddr::V4(Ipv4Addr::LOCALHOST);
        let (_listener, addr) = bind_first_free(localhost, port).unwrap();
        assert_ne!(addr.port(), port);
        assert!(addr.port() > port && addr.port() < port.saturating_add(PORT_TRIES));
    }

    #[test]
    fn the_browser_url_keeps_the_path_prefix_and_never_shows_0_0_0_0() {
        let addr: SocketAddr = "127.0.0.1:1112".parse().unwrap();
        assert_eq!(
            browser_url(addr, "/journal/"),
            "http://127.0.0.1:1112/journal/"
        );
        let any: SocketAddr = "0.0.0.0:1111".parse().unwrap();
        assert_eq!(browser_url(any, "/"), "http://127.0.0.1:1111/");
        let v6: SocketAddr = "[::1]:1111".parse().unwrap();
        assert_eq!(browser_url(v6, "/"), "http://[::1]:1111/");
    }

    #[test]
    fn default_options_watch_only_what_exists() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("site.yaml"), "title: x").unwrap();
        let opts = ServeOptions::new(dir.path());
        assert_eq!(
            opts.watch,
            vec![dir.path().join("site.yaml"), dir.path().join("content")]
        );
        assert_eq!(opts.port, 1111);
        assert_eq!(opts.bind.to_string(), "127.0.0.1");
    }
}
