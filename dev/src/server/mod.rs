//! One listener per API. Every connection is sniffed: a first byte of 0x16 is a TLS
//! ClientHello (wss, https), anything else is plain HTTP (ws, http). Both end up in the same
//! HTTP/1.1 service, which routes WebSocket upgrades on `/{stage}` to [`connect`] and the
//! management API (`/@connections/{id}`, with or without the stage) to [`management`]. Serving
//! both on one port is what lets `domainName` be `127.0.0.1:PORT` for every use of it.

mod authorizer;
pub mod closing;
pub mod connect;
pub mod management;
pub mod socket;

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::Value;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, watch};

use super::assembly::apis::Api;
use super::assembly::functions::Function;
use super::event_log::EventLog;
use super::events::Caller;
use super::guard;
use super::lambda::{Invoked, Pools, Tag};
use super::selection::Selection;

/// API Gateway's quotas, each overridable on the command line.
#[derive(Debug, Clone)]
pub struct Limits {
    pub frame_bytes: usize,
    pub message_bytes: usize,
    pub integration_timeout: Duration,
    pub idle_timeout: Duration,
    pub max_duration: Duration,
}

/// What a connection's socket task is asked to send.
#[derive(Debug)]
pub enum Outgoing {
    Text(String),
    Binary(Vec<u8>),
    Close(u16, &'static str),
}

/// A live connection, as `@connections` and later events see it.
pub struct Connection {
    pub caller: Caller,
    pub last_active: AtomicU64,
    pub out: mpsc::UnboundedSender<Outgoing>,
}

/// The connection's socket task has ended: it is gone (410 to whoever posts to it).
#[derive(Debug)]
pub struct Gone;

impl Connection {
    pub fn touch(&self) {
        self.last_active
            .store(super::events::shown_ms(), Ordering::Relaxed);
    }

    /// Sends a posted message (`@connections` POST, the inspector's send and broadcast): UTF-8
    /// goes out as a text frame, anything else as a binary one.
    pub fn post(&self, body: Bytes) -> Result<(), Gone> {
        let message = match String::from_utf8(body.to_vec()) {
            Ok(text) => Outgoing::Text(text),
            Err(e) => Outgoing::Binary(e.into_bytes()),
        };
        self.out.send(message).map_err(|_| Gone)
    }

    /// Closes the connection as `@connections` DELETE does; the socket task then runs `$disconnect`.
    pub fn delete(&self) -> Result<(), Gone> {
        self.out
            .send(Outgoing::Close(1000, "Connection deleted"))
            .map_err(|_| Gone)
    }
}

pub struct ApiState {
    pub api: Api,
    pub selection: Selection,
    pub domain: String,
    pub pools: Arc<Pools>,
    pub limits: Limits,
    pub tls: Arc<rustls::ServerConfig>,
    pub connections: Mutex<HashMap<String, Arc<Connection>>>,
    pub shutdown: watch::Receiver<bool>,
    /// `--event-log`: where every event delivered and every frame sent is written.
    pub event_log: Option<Arc<EventLog>>,
}

impl ApiState {
    pub fn connection(&self, id: &str) -> Option<Arc<Connection>> {
        self.connections
            .lock()
            .expect("not poisoned")
            .get(id)
            .cloned()
    }

    pub fn open_connections(&self) -> usize {
        self.connections.lock().expect("not poisoned").len()
    }

    /// Delivers an event to a function of this API (logged first with `--event-log`), within
    /// the integration timeout.
    pub async fn invoke(&self, function: &Function, event: Value, tag: Tag<'_>) -> Invoked {
        if let Some(log) = &self.event_log {
            log.event(
                &self.api.path,
                tag.route,
                &function.path,
                tag.connection,
                &event,
            );
        }
        self.pools
            .get(function)
            .invoke(event, self.limits.integration_timeout, tag)
            .await
    }
}

/// Accepts connections until shutdown.
pub async fn serve(listener: TcpListener, state: Arc<ApiState>) {
    let mut shutdown = state.shutdown.clone();
    // Read now: once out of descriptors, /proc cannot be opened either.
    let limit = open_files_limit()
        .map(|n| format!("the limit of open files is {n} (ulimit -n)"))
        .unwrap_or_else(|| "see ulimit -n".into());
    let mut failing = false;
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    failing = false;
                    tokio::spawn(accept(stream, peer, state.clone()));
                }
                // Out of file descriptors (EMFILE) or the like: the client waits in the listen
                // backlog until one is free. Said once per streak; retrying at once would spin.
                Err(e) => {
                    if !failing {
                        let port = listener.local_addr().map(|a| a.port()).unwrap_or_default();
                        eprintln!("dev: {}: port {port}: cannot accept a connection: {e}; {limit}", state.api.path);
                        failing = true;
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
            _ = shutdown.changed() => break,
        }
    }
}

/// The soft limit on open files, where /proc tells it.
fn open_files_limit() -> Option<String> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    line.split_whitespace().nth(3).map(str::to_string)
}

async fn accept(stream: TcpStream, peer: SocketAddr, state: Arc<ApiState>) {
    let _ = stream.set_nodelay(true);
    let port = stream.local_addr().map(|a| a.port()).unwrap_or_default();
    let mut first = [0u8; 1];
    let tls = matches!(tokio::time::timeout(Duration::from_secs(10), stream.peek(&mut first)).await, Ok(Ok(1)) if first[0] == 0x16);
    if tls {
        let acceptor = tokio_rustls::TlsAcceptor::from(state.tls.clone());
        if let Ok(Ok(stream)) =
            tokio::time::timeout(Duration::from_secs(10), acceptor.accept(stream)).await
        {
            http(
                stream,
                Local {
                    peer,
                    port,
                    tls: true,
                },
                state,
            )
            .await;
        }
    } else {
        http(
            stream,
            Local {
                peer,
                port,
                tls: false,
            },
            state,
        )
        .await;
    }
}

/// Longest URL API Gateway accepts, in characters.
const MAX_URL_LENGTH: usize = 4096;

/// Where a request came from and arrived.
#[derive(Clone, Copy)]
struct Local {
    peer: SocketAddr,
    port: u16,
    tls: bool,
}

async fn http<S: AsyncRead + AsyncWrite + Unpin + Send + 'static>(
    stream: S,
    local: Local,
    state: Arc<ApiState>,
) {
    let service = hyper::service::service_fn(move |req| {
        let state = state.clone();
        async move { Ok::<_, Infallible>(route(req, local, state).await) }
    });
    let _ = hyper::server::conn::http1::Builder::new()
        .title_case_headers(true)
        .serve_connection(TokioIo::new(stream), service)
        .with_upgrades()
        .await;
}

async fn route(
    req: Request<Incoming>,
    local: Local,
    state: Arc<ApiState>,
) -> Response<Full<Bytes>> {
    let path = req.uri().path().to_string();
    if let Some(id) = management::connection_id(&path, &state.api.stage) {
        if let Some(why) = guard::refusal(req.headers(), local.port) {
            eprintln!(
                "dev: {}: refused {} {path}: {why}",
                state.api.path,
                req.method()
            );
            return json(
                StatusCode::FORBIDDEN,
                serde_json::json!({ "message": why }).to_string(),
            );
        }
        if guard::missing_signature(req.headers(), req.uri().query()) {
            return management::missing_authentication_token();
        }
        return management::handle(req, id, &state).await;
    }
    let stage_path = format!("/{}", state.api.stage);
    // API Gateway's URL length quota.
    if req.uri().to_string().len() > MAX_URL_LENGTH {
        return json(
            StatusCode::URI_TOO_LONG,
            r#"{"message":"Request-URI Too Long"}"#.into(),
        );
    }
    if (path == stage_path || path == format!("{stage_path}/")) && !connect::is_upgrade(&req) {
        return connect::handle(req, local.peer, state, local.tls).await;
    }
    if path == stage_path || path == format!("{stage_path}/") {
        let attempt = crate::studio::refusals::Attempt::of(&req, local.peer, &state);
        return attempt
            .settle(connect::handle(req, local.peer, state, local.tls))
            .await;
    }
    // A plain request anywhere under the stage gets the stage's 426, as API Gateway answers.
    if path.starts_with(&format!("{stage_path}/")) && !connect::is_upgrade(&req) {
        return connect::upgrade_required();
    }
    json(StatusCode::FORBIDDEN, r#"{"message":"Forbidden"}"#.into())
}

pub fn json(status: StatusCode, body: String) -> Response<Full<Bytes>> {
    Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .header("x-amzn-RequestId", super::events::new_id())
        .body(Full::new(Bytes::from(body)))
        .expect("valid response")
}
