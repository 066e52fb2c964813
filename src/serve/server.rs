//! The HTTP side of the preview (axum on tokio).
//!
//! In: requests, and the [`Shared`] state the build thread keeps up to date. Out: the files of
//! the current snapshot (HTML with the live-reload script injected), the site's own `404.html`,
//! redirects, the client script and the WebSocket of reload messages. Every response says
//! `Cache-Control: no-store`: a preview must never show yesterday's page from the cache.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use tower::ServiceExt;
use tower_http::services::ServeFile;
use tower_http::set_header::SetResponseHeaderLayer;

use super::paths::{self, Located, Resolved};
use super::reload;
use super::socket;
use super::state::{Shared, Snapshot};
use crate::output::OutFile;

/// Serves until [`Shared::begin_shutdown`].
pub(crate) async fn serve(listener: tokio::net::TcpListener, shared: Arc<Shared>) {
    let shutdown = shared.shutdown_signal();
    if let Err(e) = axum::serve(listener, router(shared))
        .with_graceful_shutdown(shutdown)
        .await
    {
        let error = e.to_string();
        log::warn!("{}", crate::t!("serve-server-stopped", error = error));
    }
}

/// The whole application: two reserved paths, everything else is the site.
pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(reload::SCRIPT_PATH, get(script))
        .route(reload::SOCKET_PATH, get(socket::upgrade))
        .fallback(site)
        .with_state(shared)
        .layer(axum::middleware::from_fn(super::guard::guard))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
}

async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        reload::script(),
    )
        .into_response()
}

/// Any other path: a file of the site, a redirect, or the 404 page.
async fn site(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return plain(StatusCode::METHOD_NOT_ALLOWED, crate::t!("serve-read-only"));
    }
    let raw = request.uri().path().to_owned();
    let rest = match paths::strip_base(&raw, &shared.base_path) {
        Located::Inside(rest) => rest,
        Located::Prefix => return Redirect::temporary(&shared.base_path).into_response(),
        Located::Outside if raw == "/" => {
            return Redirect::temporary(&shared.base_path).into_response()
        }
        Located::Outside => return not_found(&shared, &shared.snapshot(), &raw).await,
    };
    let Ok(key) = paths::normalise(rest) else {
        return plain(StatusCode::BAD_REQUEST, crate::t!("serve-outside"));
    };
    let snapshot = shared.snapshot();
    let extras = shared.extras();
    let resolved = match paths::resolve(&snapshot.output, &key) {
        Resolved::Missing => paths::resolve(&extras, &key),
        found => found,
    };
    match resolved {
        Resolved::File(key, file) => match send_file(&snapshot, key, file, request).await {
            Some(response) => response,
            // Deleted since the build: the watcher is about to rebuild without it.
            None => not_found(&shared, &snapshot, &raw).await,
        },
        // Temporary: the folder may become a file in the next build, and browsers keep 308s.
        // One leading slash only: `//name/` would send the browser to another host.
        Resolved::AddSlash => {
            let location = format!("/{}/", raw.trim_start_matches('/'));
            Redirect::temporary(&location).into_response()
        }
        Resolved::Missing => not_found(&shared, &snapshot, &raw).await,
    }
}

/// One file of the snapshot; `None` when a copied file can no longer be read.
async fn send_file(
    snapshot: &Snapshot,
    key: &str,
    file: &OutFile,
    request: Request,
) -> Option<Response> {
    let mime = mime_guess::from_path(key).first_or_octet_stream();
    if is_html(key) {
        let bytes = read(file).await?;
        return Some(html(StatusCode::OK, &bytes, &snapshot.build));
    }
    match file {
        OutFile::Bytes(bytes) => {
            let body = Body::from(bytes.to_vec());
            Some(([(header::CONTENT_TYPE, content_type(&mime))], body).into_response())
        }
        // tower-http streams the file and answers range requests, which video seeking needs.
        OutFile::Copy(path) => {
            let mime = content_type(&mime).parse().unwrap_or(mime);
            let response = ServeFile::new_with_mime(path, &mime).oneshot(request).await;
            let response = response.unwrap_or_else(|never| match never {});
            if response.status() == StatusCode::NOT_FOUND {
                return None;
            }
            Some(response.map(Body::new))
        }
    }
}

async fn read(file: &OutFile) -> Option<Arc<[u8]>> {
    match file {
        OutFile::Bytes(bytes) => Some(bytes.clone()),
        OutFile::Copy(path) => tokio::fs::read(path).await.ok().map(Arc::from),
    }
}

/// The site's own `404.html` with status 404, or a short page of ours when it has none (or
/// when nothing could be built yet, where the overlay then says why).
async fn not_found(shared: &Shared, snapshot: &Snapshot, raw_path: &str) -> Response {
    if let Some(file) = snapshot.output.files.get("404.html") {
        if let Some(bytes) = read(file).await {
            return html(StatusCode::NOT_FOUND, &bytes, &snapshot.build);
        }
    }
    let (status, title, text) = if snapshot.has_built {
        (
            StatusCode::NOT_FOUND,
            crate::t!("serve-404-title"),
            crate::t!("serve-404-text", path = raw_path),
        )
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            crate::t!("serve-not-built-title"),
            crate::t!("serve-fix-and-save"),
        )
    };
    let escape = crate::markdown::highlight::escape;
    let (title, text) = (escape(&title), code_spans(&escape(&text)));
    let page = format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         </head><body><h1>{title}</h1><p>{text}</p><p><a href=\"{home}\">{back}</a></p>\
         </body></html>",
        lang = crate::i18n::language(),
        home = escape(&shared.base_path),
        back = escape(&crate::t!("serve-home")),
    );

    html(status, page.as_bytes(), &snapshot.build)
}

fn html(status: StatusCode, bytes: &[u8], build: &str) -> Response {
    let body = reload::inject(bytes, &reload::script_tag(build));
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

/// The message's particulars, between backticks, as `<code>` (the text is already escaped).
fn code_spans(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for (i, part) in text.split('`').enumerate() {
        if i > 0 {
            out.push_str(if i % 2 == 1 { "<code>" } else { "</code>" });
        }
        out.push_str(part);
    }
    out
}

fn plain(status: StatusCode, text: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

fn is_html(key: &str) -> bool {
    std::path::Path::new(key)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
}

/// The `Content-Type` value: text says it is UTF-8, which is what ruche writes.
fn content_type(mime: &mime_guess::Mime) -> String {
    let textual = mime.type_() == mime_guess::mime::TEXT
        || matches!(mime.subtype().as_str(), "javascript" | "json" | "xml");
    if textual && mime.get_param(mime_guess::mime::CHARSET).is_none() {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_types_say_utf_8() {
        let of = |name: &str| content_type(&mime_guess::from_path(name).first_or_octet_stream());
        assert_eq!(of("style.css"), "text/css; charset=utf-8");
        assert_eq!(of("atom.xml"), "text/xml; charset=utf-8");
        assert_eq!(of("calendar.ics"), "text/calendar; charset=utf-8");
        assert_eq!(of("salle.jpg"), "image/jpeg");
        assert_eq!(of("no-extension"), "application/octet-stream");
    }
}
