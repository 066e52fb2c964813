//! Talking to the preview over real HTTP: plain requests (redirects not followed), request lines
//! sent byte for byte (no client tidies `..` away), and the Server-Sent Events stream.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

/// How long any one expected thing may take before the test fails. Generous: it is a deadline
/// for a machine under load, not a measure of speed.
pub const DEADLINE: Duration = Duration::from_secs(15);

/// A response, read whole.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    /// The value of a header (first of that name, any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .proxy(None)
        .timeout_global(Some(DEADLINE))
        .build()
        .into()
}

/// `GET url`.
pub fn get(url: &str) -> Reply {
    let mut response = agent().get(url).call().expect("the preview answers");
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or("").to_string()))
        .collect();
    Reply {
        status: response.status().as_u16(),
        headers,
        body: response.body_mut().read_to_string().expect("a text body"),
    }
}

/// Sends `GET <target> HTTP/1.1` with `target` exactly as given; returns the status and the
/// whole raw response.
pub fn raw_get(addr: SocketAddr, target: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(DEADLINE)).expect("timeout");
    let request = format!("GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read");
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let status = raw
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {raw:?}"));
    (status, raw)
}

/// The live-reload stream of one page, read on a thread of its own.
pub struct EventStream {
    events: Receiver<(String, String)>,
}

impl EventStream {
    /// Connects and returns once the server said `hello` (so later messages cannot be missed).
    pub fn open(url: &str) -> (EventStream, serde_json::Value) {
        let response = ureq::Agent::config_builder()
            .proxy(None)
            .build()
            .new_agent()
            .get(url)
            .call()
            .expect("the event stream opens");
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        assert!(
            content_type.starts_with("text/event-stream"),
            "{content_type}"
        );
        let (sender, events) = mpsc::channel();
        let reader = BufReader::new(response.into_body().into_reader());
        std::thread::spawn(move || {
            let mut name = String::new();
            let mut data = String::new();
            for line in reader.lines() {
                let Ok(line) = line else { break };
                if let Some(value) = line.strip_prefix("event:") {
                    name = value.trim().to_string();
                } else if let Some(value) = line.strip_prefix("data:") {
                    data.push_str(value.trim_start());
                } else if line.is_empty() && !name.is_empty() {
                    let event = (std::mem::take(&mut name), std::mem::take(&mut data));
                    if sender.send(event).is_err() {
                        break;
                    }
                }
            }
        });
        let stream = EventStream { events };
        let hello = stream.expect("hello");
        (stream, hello)
    }

    /// The next event, which must be named `name`; returns its data as JSON.
    pub fn expect(&self, name: &str) -> serde_json::Value {
        let (got, data) = self
            .events
            .recv_timeout(DEADLINE)
            .unwrap_or_else(|_| panic!("no `{name}` event within {DEADLINE:?}"));
        assert_eq!(
            got, name,
            "expected a `{name}` event, got `{got}` with {data}"
        );
        serde_json::from_str(&data).unwrap_or_else(|e| panic!("bad JSON {data:?}: {e}"))
    }
}
