//! Talking to the preview over real HTTP: plain requests (redirects not followed), request lines
//! sent byte for byte (no client tidies `..` away), and the live-reload WebSocket.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
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
    raw_get_with(addr, target, &format!("Host: {addr}\r\n"))
}

/// [`raw_get`] with these header lines (each ending with `\r\n`) instead of `Host`.
pub fn raw_get_with(addr: SocketAddr, target: &str, headers: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(DEADLINE)).expect("timeout");
    let request = format!("GET {target} HTTP/1.1\r\n{headers}Connection: close\r\n\r\n");
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

/// The live-reload socket of one page.
pub struct LiveSocket {
    socket: tungstenite::WebSocket<TcpStream>,
}

impl LiveSocket {
    /// Connects as a page does and returns once the server said `hello` (whose JSON comes
    /// along), so that no later message can be missed.
    pub fn open(addr: SocketAddr) -> (LiveSocket, serde_json::Value) {
        let stream = TcpStream::connect(addr).expect("connect");
        stream.set_read_timeout(Some(DEADLINE)).expect("timeout");
        let url = format!("ws://{addr}/__ruche/livereload");
        let (socket, _) = tungstenite::client(url.as_str(), stream).expect("a WebSocket");
        let mut live = LiveSocket { socket };
        let hello = live.expect("hello");
        (live, hello)
    }

    /// The next message, which must be of type `kind`; returns it as JSON.
    pub fn expect(&mut self, kind: &str) -> serde_json::Value {
        loop {
            let frame = self.socket.read();
            let text = match frame {
                Ok(tungstenite::Message::Text(text)) => text,
                Ok(tungstenite::Message::Close(close)) => {
                    panic!("closed while waiting for `{kind}`: {close:?}")
                }
                Ok(_) => continue,
                Err(e) => panic!("no `{kind}` message within {DEADLINE:?}: {e}"),
            };
            let message: serde_json::Value =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("bad JSON {text}: {e}"));
            assert_eq!(message["type"], kind, "expected `{kind}`, got {message}");
            return message;
        }
    }

    /// Waits for the server to close the socket; returns the close code.
    pub fn expect_close(&mut self) -> u16 {
        loop {
            match self.socket.read() {
                Ok(tungstenite::Message::Close(close)) => {
                    return close.map(|c| u16::from(c.code)).unwrap_or_default()
                }
                // Whatever was sent before the goodbye.
                Ok(_) => continue,
                Err(e) => panic!("no close within {DEADLINE:?}: {e}"),
            }
        }
    }
}
