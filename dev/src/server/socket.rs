//! A live WebSocket connection: reads messages and hands each to its route (concurrently, as
//! API Gateway invokes per message), writes what routes answer and what `@connections` posts,
//! and enforces the quotas: frames over the frame limit or messages over the message limit
//! close with 1009, a binary frame with 1003, idleness and the maximum duration with 1001.
//! Every close of ours is a full closing handshake ([`closing`]). After the socket is closed,
//! `$disconnect` runs (best effort, as on AWS).

use std::sync::atomic::AtomicU64;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures_util::{SinkExt, StreamExt};
use hyper::upgrade::OnUpgrade;
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::error::Error as WsError;
use tokio_tungstenite::tungstenite::protocol::{Role, WebSocketConfig};
use tokio_tungstenite::tungstenite::{Message, Utf8Bytes};
use tokio_tungstenite::WebSocketStream;

use super::closing::{self, Watched};
use super::{ApiState, Connection, Outgoing};
use crate::event_log::Frame;
use crate::events::{new_id, Caller, EventContext};
use crate::lambda::{Invoked, Tag};
use crate::studio::records as studio;

pub async fn run(on_upgrade: OnUpgrade, caller: Caller, state: Arc<ApiState>) {
    let Ok(upgraded) = on_upgrade.await else {
        return;
    };
    // tungstenite reads in 128 KiB chunks by default, which an idle connection would hold;
    // small reads cost a few syscalls on big messages and save that memory on every socket.
    let config = WebSocketConfig::default()
        .read_buffer_size(4 * 1024)
        .max_frame_size(Some(state.limits.frame_bytes))
        .max_message_size(Some(state.limits.message_bytes));
    let ws = WebSocketStream::from_raw_socket(
        Watched::new(TokioIo::new(upgraded)),
        Role::Server,
        Some(config),
    )
    .await;
    let (mut sink, mut stream) = ws.split();
    let (out, mut outgoing) = mpsc::unbounded_channel();
    let id = caller.connection_id.clone();
    let connection = Arc::new(Connection {
        last_active: AtomicU64::new(caller.connected_at),
        caller,
        out,
    });
    state
        .connections
        .lock()
        .expect("not poisoned")
        .insert(id.clone(), connection.clone());
    studio::opened(&state, &connection);

    // `--event-log`: every frame that reached the socket.
    let log = |frame: Frame<'_>, sent: bool| {
        if sent {
            studio::frame(&state.api.path, &id, &frame);
        }
        if let (Some(log), true) = (&state.event_log, sent) {
            log.frame(&state.api.path, &id, frame);
        }
    };
    let limits = state.limits.clone();
    let hard_deadline = tokio::time::sleep(limits.max_duration);
    tokio::pin!(hard_deadline);
    let mut shutdown = state.shutdown.clone();
    let end = loop {
        let idle = tokio::time::sleep(limits.idle_timeout);
        tokio::select! {
            message = stream.next() => match message {
                Some(Ok(Message::Text(text))) => {
                    connection.touch();
                    studio::message(&state.api.path, &id, &text);
                    tokio::spawn(dispatch(text.to_string(), connection.clone(), state.clone()));
                }
                Some(Ok(Message::Binary(_))) => break End::Server(1003, "Binary frames are not supported"),
                Some(Ok(Message::Close(frame))) => {
                    let code = frame.as_ref().map(|f| u16::from(f.code)).unwrap_or(1005);
                    // tungstenite has queued the echo of the client's close frame; closing the
                    // sink sends it, as API Gateway answers a close (else the client sees 1006).
                    let echoed = tokio::time::timeout(Duration::from_secs(2), sink.close()).await.is_ok_and(|r| r.is_ok());
                    let reason = frame.as_ref().map(|f| f.reason.as_str()).unwrap_or_default();
                    log(Frame::Close(code, reason), echoed && frame.is_some());
                    break End::Client(code);
                }
                Some(Ok(_)) => connection.touch(),
                Some(Err(WsError::Capacity(_))) => break End::Server(1009, "Message too big"),
                Some(Err(_)) | None => break End::Lost,
            },
            Some(next) = outgoing.recv() => {
                // Utf8Bytes and Bytes clone by reference count: the log costs no copy.
                let sent = match next {
                    Outgoing::Text(text) => {
                        let text = Utf8Bytes::from(text);
                        let sent = sink.send(Message::Text(text.clone())).await;
                        log(Frame::Text(text.as_str()), sent.is_ok());
                        sent
                    }
                    Outgoing::Binary(data) => {
                        let data = Bytes::from(data);
                        let sent = sink.send(Message::Binary(data.clone())).await;
                        log(Frame::Binary(&data), sent.is_ok());
                        sent
                    }
                    Outgoing::Close(code, reason) => break End::Server(code, reason),
                };
                if sent.is_err() {
                    break End::Lost;
                }
            }
            _ = idle => break End::Server(1001, "Going away"),
            _ = &mut hard_deadline => break End::Server(1001, "Going away"),
            _ = shutdown.changed() => break End::Shutdown,
        }
    };
    let (code, reason) = match end {
        End::Client(code) => (code, "Client closed the connection"),
        End::Lost => (1006, "Connection lost"),
        End::Server(code, reason) => (code, reason),
        // Stopping: every connection is told 1001; handlers are going away, so no `$disconnect`.
        End::Shutdown => (1001, "Going away"),
    };
    // Gone for `@connections` (410) and the inspector from here on, as on AWS, even while the
    // closing handshake below still waits for the client's Close.
    state.connections.lock().expect("not poisoned").remove(&id);
    outgoing.close();
    if let End::Server(..) | End::Shutdown = end {
        let ws = sink.reunite(stream).expect("halves of one stream");
        let sent = closing::close(ws, code, reason).await;
        log(Frame::Close(code, reason), sent);
    }
    studio::closed(&state.api.path, &id, code, reason);
    if let End::Shutdown = end {
        return;
    }
    if let Some(route) = state.api.routes.get("$disconnect") {
        let request_id = new_id();
        let event = EventContext {
            api: &state.api,
            domain: &state.domain,
            caller: &connection.caller,
            route_key: "$disconnect",
            request_id: &request_id,
        }
        .disconnect(code, reason);
        let tag = Tag {
            api: &state.api.path,
            route: "$disconnect",
            connection: &id,
        };
        state.invoke(&route.function, event, tag).await;
    }
}

/// How a connection ended.
enum End {
    /// The client's Close, answered; its code.
    Client(u16),
    /// Gone without a Close.
    Lost,
    /// A close of ours (quota, timeout, `@connections` DELETE): the code and reason.
    Server(u16, &'static str),
    /// `dev` is stopping.
    Shutdown,
}

/// One message: selects its route, invokes the handler and answers as API Gateway does.
async fn dispatch(body: String, connection: Arc<Connection>, state: Arc<ApiState>) {
    let routes = &state.api.routes;
    let selected = state
        .selection
        .select(&body)
        .filter(|key| !key.starts_with('$') || key == "$default");
    let route = selected
        .and_then(|key| routes.get(&key))
        .or_else(|| routes.get("$default"));
    let request_id = new_id();
    let caller = &connection.caller;
    let frame = |message: &str| {
        json!({ "message": message, "connectionId": caller.connection_id, "requestId": request_id })
            .to_string()
    };
    let Some(route) = route else {
        let _ = connection.out.send(Outgoing::Text(frame("Forbidden")));
        return;
    };
    let event = EventContext {
        api: &state.api,
        domain: &state.domain,
        caller,
        route_key: &route.key,
        request_id: &request_id,
    }
    .message(&body);
    let tag = Tag {
        api: &state.api.path,
        route: &route.key,
        connection: &caller.connection_id,
    };
    let reply = match state.invoke(&route.function, event, tag).await {
        Invoked::Ok(result) if route.two_way => response_body(result),
        Invoked::Ok(_) => None,
        Invoked::IntegrationTimeout => Some(frame("Endpoint request timed out")),
        Invoked::Failed(_) | Invoked::FunctionTimeout | Invoked::Crashed(_) => {
            Some(frame("Internal server error"))
        }
    };
    if let Some(reply) = reply {
        let _ = connection.out.send(Outgoing::Text(reply));
    }
    connection.touch();
}

/// What a two-way route sends back: the result's `body` (any `statusCode`, even 500, is
/// delivered as a message), or the whole result when it is not a proxy response.
fn response_body(result: Value) -> Option<String> {
    match result {
        Value::Null => None,
        Value::Object(ref map) if map.contains_key("statusCode") || map.contains_key("body") => {
            match &map.get("body") {
                Some(Value::String(s)) => Some(s.clone()),
                Some(Value::Null) | None => None,
                Some(other) => Some(other.to_string()),
            }
        }
        Value::String(s) => Some(s),
        other => Some(other.to_string()),
    }
}
