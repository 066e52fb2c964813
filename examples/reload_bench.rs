//! Measures what a writer waits for in `ruche serve`: from the moment a saved file is on disk to
//! the moment the open page is told to reload.
//!
//! `cargo build --release && cargo run --release --example reload_bench -- SITE_DIR [PAGE.md]`
//! (with `--title`, `--date`, `--slug`, `--new` or `--photo`, the saves change the page's title,
//! date or address instead of its body, add a new article, or replace a photo it shows, as with
//! `edit_bench`)
//!
//! Starts the release `ruche serve` on the site (a free port), connects to its live-reload
//! socket as an open page does, then appends a sentence to one page twenty times, one save at a
//! time, and times each save to the `reload` message: the watcher's quiet time, the rebuild and
//! the comparison with the previous build are all inside. Prints each time and the median. The
//! page is restored at the end.

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const ROUNDS: usize = 20;

#[path = "support/mod.rs"]
mod support;
use support::{first_page, Edit};

fn main() {
    let (flags, positional): (Vec<String>, Vec<String>) =
        std::env::args().skip(1).partition(|a| a.starts_with("--"));
    let edit = Edit::from_flags(&flags);
    let mut args = positional.into_iter();
    let usage =
        "usage: reload_bench SITE_DIR [PAGE.md] [--title | --date | --slug | --new | --photo]";
    let root = PathBuf::from(args.next().expect(usage))
        .canonicalize()
        .expect("the site folder exists");
    let page = match args.next() {
        Some(p) => root.join(p),
        None => first_page(&root.join("content")),
    };
    let original = std::fs::read_to_string(&page).expect("the page is readable");
    edit.prepare(&page, &original);
    let (mut server, addr) = start(&root);
    let url = format!("ws://{addr}/__ruche/livereload");
    let stream = TcpStream::connect(&addr).expect("the preview answers");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("a timeout");
    let (mut socket, _) = tungstenite::client(url.as_str(), stream).expect("a WebSocket");
    wait_for(&mut socket, "hello");
    let mut times = Vec::new();
    for round in 0..ROUNDS {
        edit.save(&page, &original, round);
        let saved = Instant::now();
        wait_for(&mut socket, "reload");
        let ms = saved.elapsed().as_secs_f64() * 1e3;
        println!("save {round}: reload sent after {ms:.1} ms");
        times.push(ms);
        // Let the watcher settle, as between two saves of a writer.
        std::thread::sleep(Duration::from_millis(300));
    }
    edit.undo(&page, &original, ROUNDS);
    let _ = server.kill();
    times.sort_by(f64::total_cmp);
    println!(
        "median save-to-reload: {:.1} ms (min {:.1}, max {:.1})",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1]
    );
}

/// Starts `ruche serve` from the same target folder and returns it with its address, once the
/// first build is served.
fn start(root: &Path) -> (Child, String) {
    let exe = std::env::current_exe().expect("this program's path");
    let ruche = exe
        .parent()
        .and_then(Path::parent)
        .map(|dir| dir.join("ruche"))
        .filter(|p| p.is_file())
        .expect("build `ruche` first: cargo build --release");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let mut child = Command::new(ruche)
        .args(["--root"])
        .arg(root)
        .args(["serve", "--port", &port.to_string()])
        .stdout(Stdio::piped())
        .spawn()
        .expect("ruche serve starts");
    let stdout = child.stdout.take().expect("its output");
    let mut lines = BufReader::new(stdout).lines();
    // The first build's line comes before the address line.
    for line in lines.by_ref() {
        let line = line.expect("its output");
        println!("ruche: {line}");
        if line.contains("http://") {
            break;
        }
    }
    std::thread::spawn(move || lines.for_each(drop));
    (child, format!("127.0.0.1:{port}"))
}

/// Reads messages until one of type `kind`.
fn wait_for(socket: &mut tungstenite::WebSocket<TcpStream>, kind: &str) {
    loop {
        let text = match socket.read().expect("a message from the preview") {
            tungstenite::Message::Text(text) => text,
            _ => continue,
        };
        let message: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        if message["type"] == kind {
            return;
        }
        assert_ne!(message["type"], "error", "the rebuild failed: {message}");
    }
}
