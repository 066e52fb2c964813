//! Who may read the preview: requests meant for this server, from its own pages.
//!
//! In: a request's `Host` and `Origin` headers. Out: the request passed on, or 403. The
//! preview shows drafts and error messages quoting the sources, so another web site open in
//! the same browser must not read them:
//! - through DNS rebinding, a site's own name made to point at 127.0.0.1 (its requests then
//!   carry `Host: that-name`): only an IP address, `localhost` or a `*.localhost` name is
//!   accepted, the names that cannot be anybody else's;
//! - through a WebSocket, which browsers open across sites, or a cross-site `fetch`: a request
//!   that says where it comes from (`Origin`) must come from the preview's own address.

use axum::extract::Request;
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Passes the request on when [`allowed`], else answers 403 with a sentence saying why.
pub(crate) async fn guard(request: Request, next: Next) -> Response {
    if allowed(request.headers()) {
        return next.run(request).await;
    }
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        crate::t!("serve-forbidden"),
    )
        .into_response()
}

/// Whether a request names this server by an address no other site can have, and comes from
/// one of its pages when it says where it comes from.
pub(crate) fn allowed(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        // HTTP/1.0 clients may send no Host; browsers always do.
        return true;
    };
    if !local_name(host) {
        return false;
    }
    match headers.get(header::ORIGIN).map(|o| o.to_str()) {
        None => true,
        Some(Ok(origin)) => origin
            .strip_prefix("http://")
            .is_some_and(|origin_host| origin_host.eq_ignore_ascii_case(host)),
        Some(Err(_)) => false,
    }
}

/// `127.0.0.1:1111`, `[::1]:1111`, `192.168.1.10:1111`, `localhost:1111`, `x.localhost`.
fn local_name(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => {
            return rest
                .split(']')
                .next()
                .is_some_and(|ip| ip.parse::<std::net::Ipv6Addr>().is_ok())
        }
        None => host.rsplit_once(':').map_or(host, |(name, port)| {
            if port.bytes().all(|b| b.is_ascii_digit()) {
                name
            } else {
                host
            }
        }),
    };
    let lower = name.to_ascii_lowercase();
    name.parse::<std::net::Ipv4Addr>().is_ok()
        || lower == "localhost"
        || lower.ends_with(".localhost")
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(host: Option<&str>, origin: Option<&str>) -> HeaderMap {
        let mut h = HeaderMap::new();
        if let Some(host) = host {
            h.insert(header::HOST, HeaderValue::from_str(host).unwrap());
        }
        if let Some(origin) = origin {
            h.insert(header::ORIGIN, HeaderValue::from_str(origin).unwrap());
        }
        h
    }

    #[test]
    fn the_preview_answers_its_own_addresses() {
        for host in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LOCALHOST",
            "[::1]:1111",
            "192.168.1.10:1111",
            "journal.localhost:1111",
        ] {
            assert!(allowed(&headers(Some(host), None)), "{host}");
            let own = format!("http://{host}");
            assert!(
                allowed(&headers(Some(host), Some(&own))),
                "{host} from itself"
            );
        }
        assert!(allowed(&headers(None, None)));
    }

    #[test]
    fn other_names_and_other_sites_pages_are_refused() {
        assert!(
            !allowed(&headers(Some("evil.example:1111"), None)),
            "DNS rebinding"
        );
        assert!(!allowed(&headers(Some("localhost.evil.example"), None)));
        assert!(!allowed(&headers(
            Some("127.0.0.1:1111"),
            Some("https://evil.example")
        )));
        assert!(!allowed(&headers(
            Some("127.0.0.1:1111"),
            Some("http://127.0.0.1:2222")
        )));
        assert!(!allowed(&headers(Some("127.0.0.1:1111"), Some("null"))));
    }
}
