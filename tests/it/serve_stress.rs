//! The preview under stress, with the real pipeline: 200 saves as fast as a script can make
//! them while 100 clients read pages and 10 pages listen for reloads. The preview must stay up,
//! never answer with a broken page, and end up serving the last save.
//!
//! Loopback only; every loop is bounded in count, every wait in time.

use crate::support;

use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use ruche::serve::site::PipelineBuilder;
use ruche::serve::{Preview, ServeOptions};
use ruche::BuildOptions;
use support::http::{get, DEADLINE};
use support::Site;
use tungstenite::{Message, WebSocket};

const SAVES: usize = 200;
const READERS: usize = 100;
const REQUESTS_PER_READER: usize = 10;
const LISTENERS: usize = 10;
/// How long the last save may take to be served, on a loaded machine with a debug build.
const SETTLE: Duration = Duration::from_secs(60);

fn article(version: usize) -> String {
    format!("---\ntitle: Article\ndate: 2025-07-01\n---\nVersion {version} du texte.\n")
}

fn start(site: &Site) -> Preview {
    let options = ServeOptions {
        port: 0,
        ..ServeOptions::new(site.root())
    };
    let opts = BuildOptions::new(site.root());
    Preview::start(options, |url| Ok(PipelineBuilder::new(opts, url))).expect("the preview starts")
}

/// Polls `url` until its body contains `text`; fails the test after [`SETTLE`].
fn wait_for(url: &str, text: &str) {
    let start = Instant::now();
    loop {
        let page = get(url);
        if page.status == 200 && page.body.contains(text) {
            return;
        }
        assert!(
            start.elapsed() < SETTLE,
            "{url} never showed {text:?}; last answer {}:\n{}",
            page.status,
            page.body
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A page's live-reload socket, once the server said `hello`.
fn open_socket(addr: SocketAddr) -> WebSocket<TcpStream> {
    let stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(DEADLINE)).expect("timeout");
    let url = format!("ws://{addr}/__ruche/livereload");
    let (mut socket, _) = tungstenite::client(url.as_str(), stream).expect("a WebSocket");
    assert_eq!(next_message(&mut socket), "hello");
    socket
}

/// Reads messages until a `reload`; `error`, `clear` and `css` may come before it.
fn wait_for_reload(socket: &mut WebSocket<TcpStream>) {
    for _ in 0..10_000 {
        match next_message(socket).as_str() {
            "reload" => return,
            // `search`: the index made after a build is served (docs/serve.md); only a search
            // page reloads on it.
            "error" | "clear" | "css" | "search" => continue,
            other => panic!("unexpected message `{other}`"),
        }
    }
    panic!("no reload among 10,000 messages");
}

/// The type of the next text message; fails the test on a close or after [`DEADLINE`].
fn next_message(socket: &mut WebSocket<TcpStream>) -> String {
    loop {
        match socket.read() {
            Ok(Message::Text(text)) => {
                let message: serde_json::Value = serde_json::from_str(&text).expect("JSON");
                return message["type"].as_str().unwrap_or_default().to_string();
            }
            Ok(Message::Close(close)) => panic!("the socket was closed: {close:?}"),
            Ok(_) => continue,
            Err(e) => panic!("no message within {DEADLINE:?}: {e}"),
        }
    }
}

#[test]
fn two_hundred_saves_and_a_hundred_clients_leave_the_preview_serving_the_last_save() {
    let site = Site::new().file("content/a.md", article(0));
    let preview = start(&site);
    let page_url = format!("{}a/", preview.url());
    wait_for(&page_url, "Version 0 du texte.");

    let saving = Arc::new(AtomicBool::new(true));
    let go = Arc::new(Barrier::new(READERS + LISTENERS + 1));
    let mut readers = Vec::new();
    for _ in 0..READERS {
        let (url, go) = (page_url.clone(), go.clone());
        readers.push(std::thread::spawn(move || {
            go.wait();
            for _ in 0..REQUESTS_PER_READER {
                let page = get(&url);
                // The last good build is always what is served: never a half-written page.
                assert_eq!(page.status, 200, "{}", page.body);
                assert!(page.body.contains("Version ") && page.body.contains("</html>"));
                std::thread::sleep(Duration::from_millis(20));
            }
        }));
    }
    let mut listeners = Vec::new();
    for _ in 0..LISTENERS {
        let (addr, go, saving) = (preview.addr(), go.clone(), saving.clone());
        listeners.push(std::thread::spawn(move || {
            let mut socket = open_socket(addr);
            go.wait();
            // At least one reload reaches every open page (after errors, when a build caught a
            // save half-written); the socket stays open throughout.
            wait_for_reload(&mut socket);
            while saving.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(10));
            }
        }));
    }

    go.wait();
    let path = site.root().join("content/a.md");
    for version in 1..=SAVES {
        if version % 2 == 0 {
            // Half the saves as a plain rewrite, which a build may catch half-written…
            std::fs::write(&path, article(version)).unwrap();
        } else {
            // …half as editors save: a scratch file renamed over the article.
            let scratch = site.root().join("content/.a.md.tmp");
            std::fs::write(&scratch, article(version)).unwrap();
            std::fs::rename(&scratch, &path).unwrap();
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    for reader in readers {
        reader.join().expect("a reader saw a bad answer");
    }
    saving.store(false, Ordering::SeqCst);
    for listener in listeners {
        listener.join().expect("a page was not told to reload");
    }

    wait_for(&page_url, &format!("Version {SAVES} du texte."));
    // Still alive: one more save is picked up, and the rest of the site is served.
    std::fs::write(&path, article(SAVES + 1)).unwrap();
    wait_for(&page_url, &format!("Version {} du texte.", SAVES + 1));
    assert_eq!(get(&format!("{}style.css", preview.url())).status, 200);
    assert_eq!(get(&format!("{}nulle-part/", preview.url())).status, 404);
    preview.stop();
    assert!(
        !site.root().join("public").exists(),
        "the preview never writes public/"
    );
}
