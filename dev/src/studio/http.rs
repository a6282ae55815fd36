//! The studio's routes on the inspector's port, after its Host/Origin guard:
//!
//! - `GET /?token=SECRET`: sets the cookie and redirects to `/studio/` (the secret leaves the
//!   address bar and history); a wrong secret gets the 403 page; no secret, `/studio/`;
//! - `GET /studio/` and its assets: the page (cookie or `?token=` required, else a 403 page
//!   saying to open the URL `dev` printed);
//! - `GET /studio/events`: server-sent events: `hello` (APIs, live connections), the kept
//!   history, then every record live;
//! - `POST /studio/replay`: runs an event (edited or not) through a function again;
//! - `GET /studio/client` (WebSocket): the test client's connection through `dev` ([`super::proxy`]).
//!
//! Sending, broadcasting and closing go through the inspector's JSON API, which the
//! `connections` command uses without a cookie.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full, Limited, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::{Method, Request, Response, StatusCode};
use serde_json::{json, Value};
use tokio::sync::{broadcast, watch};

use super::{assets, emit, Studio};
use crate::assembly::apis::ConnectAuth;
use crate::lambda::Tag;
use crate::server::ApiState;

pub type Body = BoxBody<Bytes, Infallible>;

/// Records per server-sent event: a burst goes out as a few events, not thousands.
const BATCH: usize = 500;
/// A comment this often lets a closed page's stream end even when nothing happens.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// What the studio's routes reach.
pub struct Context {
    pub apis: Arc<[Arc<ApiState>]>,
    pub studio: Arc<Studio>,
    pub shutdown: watch::Receiver<bool>,
}

/// Whether a path is the studio's (the rest is the inspector's JSON API).
pub fn owns(path: &str) -> bool {
    path == "/" || path == "/studio" || path.starts_with("/studio/")
}

pub async fn handle(req: Request<Incoming>, port: u16, cx: &Context) -> Response<Body> {
    let path = req.uri().path().to_string();
    let query = req.uri().query().map(str::to_string);
    let admitted = cx
        .studio
        .token
        .admits(req.headers(), query.as_deref(), port);
    if path == "/" {
        return match super::auth::query_value(query.as_deref(), "token") {
            Some(_) if admitted => Response::builder()
                .status(StatusCode::SEE_OTHER)
                .header("location", "/studio/")
                .header("set-cookie", cx.studio.token.cookie(port))
                .header("cache-control", "no-store")
                .body(empty())
                .expect("valid response"),
            Some(_) => forbidden(port, "the token in this address is not this run's"),
            None => Response::builder()
                .status(StatusCode::SEE_OTHER)
                .header("location", "/studio/")
                .body(empty())
                .expect("valid response"),
        };
    }
    if !admitted {
        return forbidden(
            port,
            "this browser has not opened the studio's URL of this run",
        );
    }
    match (req.method(), path.as_str()) {
        (&Method::GET, "/studio") => Response::builder()
            .status(StatusCode::SEE_OTHER)
            .header("location", "/studio/")
            .body(empty())
            .expect("valid response"),
        (&Method::GET, "/studio/events") => events(cx),
        (&Method::POST, "/studio/replay") => replay(req, &cx.apis).await,
        (&Method::GET, "/studio/client") => super::proxy::handle(req, &cx.apis),
        (&Method::GET, asset) => match assets::find(asset.trim_start_matches("/studio/")) {
            Some((kind, text)) => page(StatusCode::OK, kind, Bytes::from_static(text.as_bytes())),
            None => json_response(
                StatusCode::NOT_FOUND,
                json!({ "message": format!("no studio file {asset}") }),
            ),
        },
        _ => json_response(
            StatusCode::METHOD_NOT_ALLOWED,
            json!({ "message": format!("{} is not allowed on {path}", req.method()) }),
        ),
    }
}

pub fn empty() -> Body {
    Full::new(Bytes::new()).boxed()
}

/// A page or asset, with headers that keep it to itself: scripts only from this server, no
/// framing by another site, nothing cached (the page belongs to one run).
fn page(status: StatusCode, kind: &str, body: Bytes) -> Response<Body> {
    Response::builder()
        .status(status)
        .header("content-type", kind)
        .header(
            "content-security-policy",
            "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; frame-ancestors 'none'",
        )
        .header("x-content-type-options", "nosniff")
        .header("referrer-policy", "no-referrer")
        .header("cache-control", "no-store")
        .body(Full::new(body).boxed())
        .expect("valid response")
}

pub fn json_response(status: StatusCode, value: Value) -> Response<Body> {
    page(status, "application/json", Bytes::from(value.to_string()))
}

fn forbidden(port: u16, why: &str) -> Response<Body> {
    let html = assets::FORBIDDEN
        .replace("{why}", why)
        .replace("{port}", &port.to_string());
    let mut response = page(
        StatusCode::FORBIDDEN,
        "text/html; charset=utf-8",
        Bytes::from(html),
    );
    // Its one inline style is all it loads: the studio's own files need the token.
    response.headers_mut().insert(
        "content-security-policy",
        hyper::header::HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'"),
    );
    response
}

/// The served APIs, as the page lists them.
fn describe_apis(apis: &[Arc<ApiState>]) -> Value {
    let list: Vec<Value> = apis
        .iter()
        .map(|state| {
            let api = &state.api;
            let route =
                |key: &str, function: &crate::assembly::functions::Function, two_way: bool| {
                    json!({
                        "key": key,
                        "function": function.path,
                        "name": function.name,
                        "runtime": function.runtime,
                        "twoWay": two_way,
                        "warm": state.pools.warm(&function.path),
                    })
                };
            let routes: Vec<Value> = api
                .routes
                .values()
                .map(|r| route(&r.key, &r.function, r.two_way))
                .collect();
            let auth = match &api.connect_auth {
                ConnectAuth::None => json!({ "type": "NONE" }),
                ConnectAuth::Iam => json!({ "type": "AWS_IAM" }),
                ConnectAuth::Lambda {
                    identity_sources,
                    function,
                } => json!({
                    "type": "REQUEST",
                    "identitySources": identity_sources,
                    "function": route("authorizer", function, false),
                }),
            };
            json!({
                "path": api.path,
                "stack": api.stack,
                "stage": api.stage,
                "ws": format!("ws://{}/{}", state.domain, api.stage),
                "wss": format!("wss://{}/{}", state.domain, api.stage),
                "routeSelection": api.route_selection,
                "auth": auth,
                "routes": routes,
            })
        })
        .collect();
    Value::Array(list)
}

/// Where a page's stream is.
struct Feed {
    hello: Option<String>,
    history: VecDeque<Arc<str>>,
    live: broadcast::Receiver<Arc<str>>,
    shutdown: watch::Receiver<bool>,
}

fn events(cx: &Context) -> Response<Body> {
    let subscription = cx.studio.store.subscribe();
    let hello = json!({
        "apis": describe_apis(&cx.apis),
        "connections": crate::inspector::api::list(&cx.apis),
        "dropped": subscription.dropped,
        "limits": {
            "records": super::store::MAX_RECORDS,
            "bytes": super::store::MAX_BYTES,
            "perConnection": super::store::PER_CONNECTION,
        },
    });
    let feed = Feed {
        hello: Some(format!("event: hello\ndata: {hello}\n\n")),
        history: subscription.history.into(),
        live: subscription.live,
        shutdown: cx.shutdown.clone(),
    };
    let stream = futures_util::stream::unfold(feed, |mut feed| async move {
        let chunk = next_chunk(&mut feed).await?;
        Some((Ok::<_, Infallible>(Frame::data(Bytes::from(chunk))), feed))
    });
    Response::builder()
        .header("content-type", "text/event-stream")
        .header("cache-control", "no-store")
        .header("x-content-type-options", "nosniff")
        .body(BodyExt::boxed(StreamBody::new(stream)))
        .expect("valid response")
}

/// The next piece of a page's stream; `None` ends it (shutdown).
async fn next_chunk(feed: &mut Feed) -> Option<String> {
    if let Some(hello) = feed.hello.take() {
        return Some(hello);
    }
    if !feed.history.is_empty() {
        let take = feed.history.len().min(BATCH);
        let batch: Vec<Arc<str>> = feed.history.drain(..take).collect();
        return Some(batch_event(&batch));
    }
    if *feed.shutdown.borrow() {
        return None;
    }
    tokio::select! {
        first = feed.live.recv() => match first {
            Ok(record) => {
                let mut batch = vec![record];
                while batch.len() < BATCH {
                    match feed.live.try_recv() {
                        Ok(record) => batch.push(record),
                        Err(_) => break,
                    }
                }
                Some(batch_event(&batch))
            }
            Err(broadcast::error::RecvError::Lagged(missed)) => Some(format!("event: lagged\ndata: {missed}\n\n")),
            Err(broadcast::error::RecvError::Closed) => None,
        },
        _ = tokio::time::sleep(KEEPALIVE) => Some(": keepalive\n\n".into()),
        _ = feed.shutdown.changed() => None,
    }
}

fn batch_event(records: &[Arc<str>]) -> String {
    let mut text = String::from("data: [");
    for (i, record) in records.iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        text.push_str(record);
    }
    text.push_str("]\n\n");
    text
}

/// `{function, event, api?, route?, connectionId?}`: the event goes to the function's current
/// environments as the route would deliver it (its log lines and result show in the timeline);
/// the answer is how it ended. The result is not sent to the connection.
async fn replay(req: Request<Incoming>, apis: &[Arc<ApiState>]) -> Response<Body> {
    let Ok(body) = Limited::new(req.into_body(), 1024 * 1024).collect().await else {
        return json_response(
            StatusCode::PAYLOAD_TOO_LARGE,
            json!({ "message": "a replayed event is at most 1 MiB" }),
        );
    };
    let Ok(ask) = serde_json::from_slice::<Value>(&body.to_bytes()) else {
        return json_response(
            StatusCode::BAD_REQUEST,
            json!({ "message": "the body is not JSON: send {\"function\", \"event\", \"api\", \"route\", \"connectionId\"}" }),
        );
    };
    let path = ask["function"].as_str().unwrap_or_default();
    let api = ask["api"].as_str().unwrap_or_default();
    let found = apis
        .iter()
        .filter(|s| api.is_empty() || s.api.path == api)
        .find_map(|s| s.pools.function(path).map(|f| (s, f)));
    let Some((state, function)) = found else {
        return json_response(
            StatusCode::NOT_FOUND,
            json!({ "message": format!("no function {path:?} is served (in API {api:?})") }),
        );
    };
    let route = ask["route"].as_str().unwrap_or("replay");
    let connection = ask["connectionId"].as_str().unwrap_or_default();
    emit(
        json!({ "type": "replay", "api": state.api.path, "route": route, "function": function.path, "connectionId": connection }),
    );
    let tag = Tag {
        api: &state.api.path,
        route,
        connection,
    };
    let invoked = state.invoke(&function, ask["event"].clone(), tag).await;
    json_response(StatusCode::OK, invoked.describe())
}
