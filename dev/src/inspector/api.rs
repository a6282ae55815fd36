//! The inspector's HTTP JSON API, on its own loopback port (API Gateway has no "list
//! connections" call, so this is not part of any API's port):
//!
//! - `GET /connections`: every live connection of every served API;
//! - `GET /connections/{id}`: one (410 when it is gone);
//! - `POST /connections/{id}`: sends the body to one (200, 410 when gone, 413 over the message limit);
//! - `POST /broadcast[?api=PATH]`: sends the body to every connection (of one API): `{"sent": N}`;
//! - `DELETE /connections/{id}`: closes one as `@connections` DELETE does (204, 410 when gone).
//!
//! `/` and `/studio/...` are the studio's page and its routes ([`studio::http`]), behind the run's
//! token; the JSON API above needs none, so that the `connections` command can call it.
//!
//! Requests from another web page or under a foreign `Host` are refused with 403 ([`guard`]).
//! It reads the servers' own connection registries and sends through the same
//! [`Connection::post`] and [`Connection::delete`] that `@connections` uses.

use std::convert::Infallible;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use tokio::net::TcpListener;

use crate::events::iso_time;
use crate::guard;
use crate::server::{json, ApiState, Connection};
use crate::studio;

/// Accepts requests until shutdown; the studio's pages ([`studio::http`]) share the port.
pub async fn serve(listener: TcpListener, studio: Arc<studio::http::Context>) {
    let mut shutdown = studio.shutdown.clone();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let port = stream.local_addr().map(|a| a.port()).unwrap_or_default();
                let studio = studio.clone();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |req| {
                        let studio = studio.clone();
                        async move { Ok::<_, Infallible>(guarded(req, port, &studio).await) }
                    });
                    // Upgrades: the studio's test client connects through dev (studio::proxy).
                    let _ = hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service).with_upgrades().await;
                });
            }
            _ = shutdown.changed() => break,
        }
    }
}

/// Every inspector request passes [`guard::refusal`] first: no other web page may drive it.
async fn guarded(
    req: Request<Incoming>,
    port: u16,
    studio: &studio::http::Context,
) -> Response<studio::http::Body> {
    if let Some(why) = guard::refusal(req.headers(), port) {
        eprintln!(
            "dev: inspector: refused {} {}: {why}",
            req.method(),
            req.uri().path()
        );
        return error(StatusCode::FORBIDDEN, &why).map(BodyExt::boxed);
    }
    if studio::http::owns(req.uri().path()) {
        return studio::http::handle(req, port, studio).await;
    }
    route(req, &studio.apis).await.map(BodyExt::boxed)
}

async fn route(req: Request<Incoming>, apis: &[Arc<ApiState>]) -> Response<Full<Bytes>> {
    let path = req.uri().path().to_string();
    if path == "/connections" {
        return match *req.method() {
            Method::GET => json(StatusCode::OK, Value::Array(list(apis)).to_string()),
            _ => error(
                StatusCode::METHOD_NOT_ALLOWED,
                "only GET is allowed on /connections",
            ),
        };
    }
    if path == "/broadcast" {
        return match *req.method() {
            Method::POST => broadcast(req, apis).await,
            _ => error(
                StatusCode::METHOD_NOT_ALLOWED,
                "only POST is allowed on /broadcast",
            ),
        };
    }
    let Some(encoded) = path.strip_prefix("/connections/") else {
        return error(
            StatusCode::NOT_FOUND,
            "not an inspector path: /connections, /connections/{id} or /broadcast",
        );
    };
    let id = percent_encoding::percent_decode_str(encoded)
        .decode_utf8_lossy()
        .into_owned();
    let Some((state, connection)) = find(apis, &id) else {
        return gone(&id);
    };
    match *req.method() {
        Method::GET => json(StatusCode::OK, describe(&state, &connection).to_string()),
        Method::POST => {
            let Some(body) = read_body(req, &state).await else {
                return too_large(&state);
            };
            match connection.post(body) {
                Ok(()) => json(StatusCode::OK, json!({ "sent": 1 }).to_string()),
                Err(_) => gone(&id),
            }
        }
        Method::DELETE => match connection.delete() {
            Ok(()) => Response::builder()
                .status(StatusCode::NO_CONTENT)
                .body(Full::new(Bytes::new()))
                .expect("valid response"),
            Err(_) => gone(&id),
        },
        _ => error(
            StatusCode::METHOD_NOT_ALLOWED,
            "only GET, POST and DELETE are allowed on /connections/{id}",
        ),
    }
}

/// Every live connection, oldest first.
pub fn list(apis: &[Arc<ApiState>]) -> Vec<Value> {
    let mut all: Vec<(u64, Value)> = Vec::new();
    for state in apis {
        for connection in snapshot(state) {
            all.push((connection.caller.connected_at, describe(state, &connection)));
        }
    }
    all.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| a.1["id"].as_str().cmp(&b.1["id"].as_str()))
    });
    all.into_iter().map(|(_, v)| v).collect()
}

/// The connections of one API, copied out so that the registry's lock is not held while sending.
fn snapshot(state: &ApiState) -> Vec<Arc<Connection>> {
    state
        .connections
        .lock()
        .expect("not poisoned")
        .values()
        .cloned()
        .collect()
}

fn find(apis: &[Arc<ApiState>], id: &str) -> Option<(Arc<ApiState>, Arc<Connection>)> {
    apis.iter()
        .find_map(|state| state.connection(id).map(|c| (state.clone(), c)))
}

fn describe(state: &ApiState, connection: &Connection) -> Value {
    let caller = &connection.caller;
    let port: Option<u16> = state.domain.rsplit(':').next().and_then(|p| p.parse().ok());
    json!({
        "id": caller.connection_id,
        "api": state.api.path,
        "stack": state.api.stack,
        "port": port,
        "stage": state.api.stage,
        "connectedAt": iso_time(caller.connected_at),
        "lastActiveAt": iso_time(connection.last_active.load(Ordering::Relaxed)),
        "sourceIp": caller.source_ip,
        "userAgent": caller.user_agent,
        "authorizer": caller.authorizer,
    })
}

/// Sends the body to every connection, or to those of the API named by `?api=`.
async fn broadcast(req: Request<Incoming>, apis: &[Arc<ApiState>]) -> Response<Full<Bytes>> {
    let filter = req
        .uri()
        .query()
        .unwrap_or_default()
        .split('&')
        .find_map(|pair| {
            let value = pair.strip_prefix("api=")?;
            Some(
                percent_encoding::percent_decode_str(&value.replace('+', " "))
                    .decode_utf8_lossy()
                    .into_owned(),
            )
        });
    let targets: Vec<&Arc<ApiState>> = apis
        .iter()
        .filter(|s| filter.as_ref().is_none_or(|api| &s.api.path == api))
        .collect();
    let Some(first) = targets.first() else {
        let served: Vec<&str> = apis.iter().map(|s| s.api.path.as_str()).collect();
        let message = format!(
            "no API {} is served; the APIs are: {}",
            filter.unwrap_or_default(),
            served.join(", ")
        );
        return error(StatusCode::NOT_FOUND, &message);
    };
    // Every API is served with the same limits.
    let Some(body) = read_body(req, first).await else {
        return too_large(first);
    };
    let mut sent = 0;
    for state in targets {
        // A connection that closes meanwhile is simply not counted.
        sent += snapshot(state)
            .iter()
            .filter(|c| c.post(body.clone()).is_ok())
            .count();
    }
    json(StatusCode::OK, json!({ "sent": sent }).to_string())
}

/// The body, or None when it is over the API's message limit.
async fn read_body(req: Request<Incoming>, state: &ApiState) -> Option<Bytes> {
    Limited::new(req.into_body(), state.limits.message_bytes)
        .collect()
        .await
        .ok()
        .map(|c| c.to_bytes())
}

fn too_large(state: &ApiState) -> Response<Full<Bytes>> {
    error(
        StatusCode::PAYLOAD_TOO_LARGE,
        &format!(
            "message is larger than {} bytes",
            state.limits.message_bytes
        ),
    )
}

fn gone(id: &str) -> Response<Full<Bytes>> {
    error(
        StatusCode::GONE,
        &format!("connection {id} is not connected"),
    )
}

fn error(status: StatusCode, message: &str) -> Response<Full<Bytes>> {
    json(status, json!({ "message": message }).to_string())
}
