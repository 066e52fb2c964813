//! The outside checkers the HTML tests run: the Nu HTML Checker (`vnu.jar`, on Java) and
//! axe-core (in headless Chromium), installed by `npm ci` into the project's `node_modules/`
//! (pinned in `package.json`), plus a tiny static server so built pages load their styles.
//!
//! When a checker is missing, [`find_or_skip`] prints how to install it and the test passes,
//! unless `RUCHE_REQUIRE_CHECKERS=1` (set by `.ci/run`), which makes it fail instead.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use super::browser::Browser;

const INSTALL: &str =
    "run `npm ci --ignore-scripts` at the repository root (and install Java 17+: \
                       apt-get install default-jre-headless; Chromium: apt-get install chromium \
                       chromium-driver)";

/// Whether a missing checker fails the test rather than skipping it.
pub fn required() -> bool {
    std::env::var("RUCHE_REQUIRE_CHECKERS").is_ok_and(|v| v == "1")
}

/// `found`, or `None` after saying on stderr which checker is missing and how to install it;
/// fails the test instead under `RUCHE_REQUIRE_CHECKERS=1`.
pub fn find_or_skip<T>(what: &str, found: Option<T>) -> Option<T> {
    if found.is_none() {
        let line = format!("{what} skipped: {INSTALL}");
        assert!(!required(), "RUCHE_REQUIRE_CHECKERS=1 but {line}");
        // Straight to stderr, past the test harness's capture, so a skip is never silent.
        let _ = writeln!(std::io::stderr(), "{line}");
    }
    found
}

/// A file of the project's `node_modules/`, if installed.
pub fn node_module(path: &str) -> Option<PathBuf> {
    Some(super::repo().join("node_modules").join(path)).filter(|p| p.is_file())
}

/// A program on the `PATH`.
pub fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// Every file under `dir` whose name ends with one of `extensions`, sorted.
pub fn files_with(dir: &Path, extensions: &[&str]) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .filter(|p| {
            let name = p.to_string_lossy();
            extensions.iter().any(|ext| name.ends_with(ext))
        })
        .collect();
    files.sort();
    files
}

/// The Nu HTML Checker: Java and `vnu.jar`, or `None` (after saying so) when either is missing.
pub struct NuChecker {
    java: PathBuf,
    jar: PathBuf,
}

/// The Nu HTML Checker, if installed.
pub fn nu_checker() -> Option<NuChecker> {
    let jar = find_or_skip(
        "Nu HTML Checker (node_modules/vnu-jar)",
        node_module("vnu-jar/build/dist/vnu.jar"),
    )?;
    let java = find_or_skip("Nu HTML Checker (java)", on_path("java"))?;
    Some(NuChecker { java, jar })
}

/// Runs the Nu HTML Checker over `files` (HTML, CSS and SVG); returns its messages, one line
/// each (`file:line: type: message [extract]`).
pub fn nu_check(checker: &NuChecker, files: &[PathBuf]) -> Vec<String> {
    let NuChecker { java, jar } = checker;
    let child = std::process::Command::new(java)
        .args(["-jar"])
        .arg(jar)
        .args([
            "--errors-only",
            "--also-check-css",
            "--also-check-svg",
            "--format",
            "json",
        ])
        .args(files)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("java runs");
    let output = wait_at_most(child, NU_CHECKER_TIME, "the Nu HTML Checker");
    // The report goes to stderr; the exit status only says whether there was an error.
    let report: serde_json::Value = serde_json::from_slice(&output.stderr).unwrap_or_else(|e| {
        panic!(
            "vnu's report is not JSON ({e}):\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let messages = report["messages"].as_array().cloned().unwrap_or_default();
    messages
        .iter()
        .map(|m| {
            format!(
                "{}:{}: {}: {} [{}]",
                m["url"].as_str().unwrap_or("?"),
                m["lastLine"],
                m["type"].as_str().unwrap_or("?"),
                m["message"].as_str().unwrap_or("?"),
                m["extract"].as_str().unwrap_or("").replace('\n', " ")
            )
        })
        .collect()
}

/// Longer than the checker ever took here (about 20 s on a busy machine): a hung JVM fails the
/// test instead of CI's whole run.
const NU_CHECKER_TIME: std::time::Duration = std::time::Duration::from_secs(300);

/// The child's output once it exits, or a panic naming `what` after `limit` (the child killed).
fn wait_at_most(
    mut child: std::process::Child,
    limit: std::time::Duration,
    what: &str,
) -> std::process::Output {
    use std::io::Read;
    // Read stderr on its own thread, so that a full pipe never blocks the child.
    let mut stderr = child.stderr.take().expect("piped stderr");
    let reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stderr.read_to_end(&mut bytes);
        bytes
    });
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the child") {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{what} ran for more than {} s and was stopped",
                limit.as_secs()
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    std::process::Output {
        status,
        stdout: Vec::new(),
        stderr: reader.join().expect("the reader thread"),
    }
}

/// The axe-core script, or `None` (after saying so) when it is not installed.
pub fn axe_source() -> Option<String> {
    let path = find_or_skip(
        "axe-core (node_modules/axe-core)",
        node_module("axe-core/axe.min.js"),
    )?;
    Some(std::fs::read_to_string(path).expect("axe.min.js is readable"))
}

/// The rule sets checked: WCAG 2.0 and 2.1, levels A and AA, and axe's best practices.
pub const AXE_TAGS: [&str; 5] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

/// Runs axe-core on the page open in `browser`; returns one line per violation and node.
pub fn axe_violations(browser: &Browser, axe: &str) -> Vec<String> {
    // A <script> element runs the library in the page's global scope, where it defines `axe`.
    let inject = format!(
        "if (!window.axe) {{ const s = document.createElement('script'); s.textContent = {}; \
         document.head.appendChild(s); }} return typeof window.axe;",
        serde_json::Value::String(axe.to_string())
    );
    let loaded = browser.eval(&inject).expect("axe-core injected");
    assert_eq!(loaded, "object", "axe-core did not load");
    // WebDriver waits for a returned promise.
    let run = format!(
        "return axe.run(document, {{ runOnly: {{ type: 'tag', values: {} }}, resultTypes: ['violations'] }})\
         .then(r => r.violations.flatMap(v => v.nodes.map(n => \
           v.id + ' (' + v.impact + '): ' + v.help + ' — ' + n.target.join(' ') + ' — ' + \
           (n.failureSummary || '').replace(/\\s+/g, ' '))))",
        serde_json::json!(AXE_TAGS)
    );
    let found = browser
        .eval(&run)
        .unwrap_or_else(|e| panic!("axe.run failed: {e}"));
    found
        .as_array()
        .expect("a list of violations")
        .iter()
        .map(|v| v.as_str().unwrap_or_default().to_string())
        .collect()
}

/// Serves a folder over HTTP on the loopback interface until dropped, as a static host would
/// (`/a/` → `a/index.html`, unknown paths → the site's `404.html` with status 404).
pub struct StaticServer {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl StaticServer {
    /// Serves `dir` on `listener` (bound beforehand so the site can be built for its address).
    pub fn start(listener: TcpListener, dir: PathBuf) -> StaticServer {
        let addr = listener.local_addr().expect("an address");
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = stop.clone();
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    let dir = dir.clone();
                    std::thread::spawn(move || answer(stream, &dir));
                }
            }
        });
        StaticServer {
            addr,
            stop,
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:port`, without a trailing slash.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accept loop so it sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn answer(stream: TcpStream, dir: &Path) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(&stream);
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    // Skip the headers.
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    let target = request.split(' ').nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let safe = !path
        .split('/')
        .any(|s| s == ".." || s.contains('\\') || s.contains('%'));
    let mut file = dir.join(path.trim_start_matches('/'));
    if file.is_dir() {
        file = file.join("index.html");
    }
    let (status, file) = if safe && file.is_file() {
        ("200 OK", file)
    } else {
        ("404 Not Found", dir.join("404.html"))
    };
    let body = std::fs::read(&file).unwrap_or_default();
    let kind = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("xml") => "application/xml",
        Some("js") => "text/javascript",
        _ => "application/octet-stream",
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let mut stream = &stream;
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}
