//! A headless Chromium driven over WebDriver (chromedriver + fantoccini), for what only a real
//! browser can show: live reload, stylesheet swaps, the error overlay.
//!
//! `Browser::launch_or_skip()` finds `chromium` and `chromedriver` (or the paths in
//! `RUCHE_CHROMIUM` and `RUCHE_CHROMEDRIVER`), starts the driver on a free port and opens a
//! session with a fresh profile. When they are not installed it prints why and returns `None`,
//! so the test passes, unless `RUCHE_REQUIRE_BROWSER=1`, which makes it fail instead (CI).
//! Every call blocks; waits poll until a deadline, never sleep a fixed time.

use std::io::Write;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use serde_json::{json, Value};

use super::http::DEADLINE;

const SKIP: &str =
    "browser test skipped: install chromium and chromium-driver (apt-get install chromium chromium-driver)";

/// Flags for a quiet, deterministic headless Chromium.
const CHROMIUM_FLAGS: [&str; 11] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
    "--no-default-browser-check",
    "--window-size=1280,900",
];

/// A browser session; closed (and its driver stopped) on drop.
pub struct Browser {
    runtime: tokio::runtime::Runtime,
    client: Option<Client>,
    driver: Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// A running browser, or `None` (after saying why) when none is installed.
    pub fn launch_or_skip() -> Option<Browser> {
        Browser::launch_program_or_skip(None)
    }

    /// [`Browser::launch_or_skip`] with this program instead of the Chromium found (a wrapper
    /// adding flags). Given here, never through the environment: every test of the binary
    /// shares it.
    pub fn launch_program_or_skip(chromium: Option<&Path>) -> Option<Browser> {
        let found = (
            chromium.map(Path::to_path_buf).or_else(|| {
                program(
                    "RUCHE_CHROMIUM",
                    &["chromium", "chromium-browser", "google-chrome"],
                )
            }),
            program("RUCHE_CHROMEDRIVER", &["chromedriver"]),
        );
        let (Some(chromium), Some(driver)) = found else {
            let required = std::env::var("RUCHE_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
            assert!(!required, "RUCHE_REQUIRE_BROWSER=1 but {SKIP}");
            // Straight to stderr, past the test harness's capture, so a skip is never silent.
            let _ = writeln!(std::io::stderr(), "{SKIP}");
            return None;
        };
        Some(Browser::launch(&chromium, &driver))
    }

    fn launch(chromium: &Path, driver_path: &Path) -> Browser {
        let profile = tempfile::tempdir().expect("a profile folder");
        let port = free_port();
        let log = std::fs::File::create(profile.path().join("chromedriver.log")).expect("log");
        let mut driver = Command::new(driver_path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("{} does not start: {e}", driver_path.display()));
        wait_for_port(&mut driver, ([127, 0, 0, 1], port).into());

        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a runtime");
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let connecting = runtime.block_on(
            ClientBuilder::new(connector)
                .capabilities(capabilities(chromium, &profile.path().join("chromium")))
                .connect(&format!("http://127.0.0.1:{port}")),
        );
        let client = match connecting {
            Ok(client) => client,
            Err(e) => {
                let _ = driver.kill();
                let log = std::fs::read_to_string(profile.path().join("chromedriver.log"));
                panic!("no browser session: {e}\n{}", log.unwrap_or_default());
            }
        };
        Browser {
            runtime,
            client: Some(client),
            driver,
            _profile: profile,
        }
    }

    fn client(&self) -> &Client {
        self.client.as_ref().expect("an open session")
    }

    /// Opens a URL and waits for it to load.
    pub fn goto(&self, url: &str) {
        let result = self.runtime.block_on(self.client().goto(url));
        result.unwrap_or_else(|e| panic!("cannot open {url}: {e}"));
    }

    /// Runs a script (`return …` gives its value) in the page.
    pub fn eval(&self, script: &str) -> Result<Value, String> {
        let result = self.runtime.block_on(self.client().execute(script, vec![]));
        result.map_err(|e| e.to_string())
    }

    /// Polls `script` until it returns something truthy, which it returns; fails the test with
    /// `what` after the deadline. Errors while polling (a page mid-reload) count as "not yet".
    pub fn wait_until(&self, what: &str, script: &str) -> Value {
        let start = Instant::now();
        let mut last = Err(String::from("never ran"));
        while start.elapsed() < DEADLINE {
            last = self.eval(script);
            if let Ok(value) = &last {
                if truthy(value) {
                    return value.clone();
                }
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let picture =
            std::env::temp_dir().join(format!("ruche-browser-{}.png", std::process::id()));
        let saved = match self.screenshot(&picture) {
            Ok(()) => format!("screenshot: {}", picture.display()),
            Err(e) => format!("no screenshot: {e}"),
        };
        panic!("waited {DEADLINE:?} for {what}; last result: {last:?}; {saved}")
    }

    /// Saves what the page looks like as a PNG.
    pub fn screenshot(&self, path: &Path) -> Result<(), String> {
        let png = self.runtime.block_on(self.client().screenshot());
        let png = png.map_err(|e| e.to_string())?;
        std::fs::write(path, png).map_err(|e| e.to_string())
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            let _ = self.runtime.block_on(client.close());
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// What chromedriver is asked for: our Chromium, headless, with a fresh profile.
fn capabilities(chromium: &Path, profile: &Path) -> serde_json::Map<String, Value> {
    let mut args: Vec<String> = CHROMIUM_FLAGS
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
    args.push(format!("--user-data-dir={}", profile.display()));
    // A page that never loads fails the test at the deadline, not after WebDriver's 5 min.
    let deadline_ms = DEADLINE.as_millis() as u64;
    let capabilities = json!({
        "browserName": "chrome",
        "goog:chromeOptions": { "binary": chromium, "args": args },
        "timeouts": { "pageLoad": deadline_ms, "script": deadline_ms },
    });
    match capabilities {
        Value::Object(map) => map,
        _ => unreachable!("a JSON object literal"),
    }
}

fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::String(s) => !s.is_empty(),
        Value::Number(n) => n.as_f64() != Some(0.0),
        Value::Array(_) | Value::Object(_) => true,
    }
}

/// The program named by `variable`, else the first of `names` on the `PATH`.
fn program(variable: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(variable) {
        return Some(PathBuf::from(path)).filter(|p| p.is_file());
    }
    let path = std::env::var_os("PATH")?;
    names
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

fn free_port() -> u16 {
    let listener = TcpListener::bind(("127.0.0.1", 0)).expect("a free port");
    listener.local_addr().expect("its address").port()
}

fn wait_for_port(driver: &mut Child, addr: SocketAddr) {
    let start = Instant::now();
    while TcpStream::connect(addr).is_err() {
        if let Ok(Some(status)) = driver.try_wait() {
            panic!("chromedriver exited at start ({status})");
        }
        assert!(
            start.elapsed() < DEADLINE,
            "chromedriver did not listen on {addr}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

impl Browser {
    /// Opens a new tab and makes it the current one.
    pub fn open_tab(&self) {
        let client = self.client();
        let tab = self.runtime.block_on(client.new_window(true));
        let tab = tab.expect("a new tab");
        let switched = self.runtime.block_on(client.switch_to_window(tab.handle));
        switched.expect("switch to the new tab");
    }

    /// Makes each tab the current one in turn, in the order they were opened, and calls `visit`.
    pub fn for_each_tab(&self, mut visit: impl FnMut(usize)) {
        let client = self.client();
        let tabs = self.runtime.block_on(client.windows()).expect("the tabs");
        for (index, tab) in tabs.into_iter().enumerate() {
            let switched = self.runtime.block_on(client.switch_to_window(tab));
            switched.expect("switch tabs");
            visit(index);
        }
    }
}

impl Browser {
    /// Types `text` into the element `selector` finds, key by key as a person would (the page
    /// sees focus, `input` events and, with a final `\u{E007}`, Enter).
    pub fn type_into(&self, selector: &str, text: &str) {
        let client = self.client();
        let found = self
            .runtime
            .block_on(client.find(fantoccini::Locator::Css(selector)));
        let element = found.unwrap_or_else(|e| panic!("no `{selector}` on the page: {e}"));
        let typed = self.runtime.block_on(element.send_keys(text));
        typed.unwrap_or_else(|e| panic!("cannot type into `{selector}`: {e}"));
    }
}
