//! One open page's WebSocket.
//!
//! In: the upgraded connection and the [`Shared`] state. Out: `hello`, the current error if the
//! last build failed, then every [`Message`] the build thread publishes, until the page goes away
//! or the server stops (then the page is told so with a "going away" close, and reconnects to
//! the next server by itself).

use std::sync::Arc;

use axum::extract::ws::{close_code, CloseFrame, Message as Frame, Utf8Bytes, WebSocket};
use axum::extract::{State, WebSocketUpgrade};
use axum::response::Response;
use tokio::sync::broadcast::error::RecvError;

use super::reload::Message;
use super::state::Shared;

/// Answers the page's upgrade request.
pub(crate) async fn upgrade(
    socket: WebSocketUpgrade,
    State(shared): State<Arc<Shared>>,
) -> Response {
    // Counted from the request on, so that a stop cannot slip between the upgrade and the talk.
    let open = shared.sockets.token();
    socket.on_upgrade(move |socket| async move {
        talk(socket, shared).await;
        drop(open);
    })
}

async fn talk(mut socket: WebSocket, shared: Arc<Shared>) {
    // Subscribe before reading the snapshot so that no message falls between the two.
    let mut published = shared.subscribe();
    for message in first_messages(&shared) {
        if send(&mut socket, &message).await.is_err() {
            return;
        }
    }
    let shutdown = shared.shutdown_signal();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            received = published.recv() => {
                let message = match received {
                    Ok(message) => message,
                    // Too far behind to know what was missed: a reload is always right.
                    Err(RecvError::Lagged(_)) => Message::Reload { build: Arc::from("") },
                    Err(RecvError::Closed) => break,
                };
                if send(&mut socket, &message).await.is_err() {
                    return;
                }
            }
            incoming = socket.recv() => match incoming {
                // Pages only listen: anything but a close is ignored.
                Some(Ok(Frame::Close(_)) | Err(_)) | None => return,
                Some(Ok(_)) => {}
            },
            _ = &mut shutdown => break,
        }
    }
    let goodbye = CloseFrame {
        code: close_code::AWAY,
        reason: Utf8Bytes::from(crate::t!("serve-going-away")),
    };
    let _ = socket.send(Frame::Close(Some(goodbye))).await;
}

/// `hello` with the current build, and the current error if there is one.
fn first_messages(shared: &Shared) -> Vec<Message> {
    let snapshot = shared.snapshot();
    let mut first = vec![Message::Hello {
        build: snapshot.build.clone(),
    }];
    if let Some(diagnostics) = &snapshot.error {
        first.push(Message::Error {
            diagnostics: diagnostics.clone(),
            kept_last_build: snapshot.has_built,
        });
    }
    first.extend(snapshot.warnings.clone());
    first
}

async fn send(socket: &mut WebSocket, message: &Message) -> Result<(), axum::Error> {
    socket.send(Frame::Text(message.to_json().into())).await
}
