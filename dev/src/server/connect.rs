//! `$connect`: the HTTP upgrade waits for the authorizer and the `$connect` handler, and a
//! refusal is an HTTP status before the upgrade (as API Gateway answers), never a close frame:
//! 401 when an identity source is missing or the authorizer throws `Unauthorized`, 403 for a
//! Deny policy (or a missing SigV4 signature on `AWS_IAM`), 500 when the authorizer fails or
//! answers something malformed, 502 when the handler throws, else the handler's `statusCode`.
//! Every refusal is logged with its reason; `authorizer.rs` judges the authorizer's outcome.

use std::net::SocketAddr;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::{Request, Response, StatusCode};
use serde_json::Value;

use super::authorizer::{authorize, failure, identity_present};
use super::{json, socket, ApiState};
use crate::assembly::apis::ConnectAuth;
use crate::events::{new_connection_id, new_id, shown_ms, Caller, EventContext, Upgrade};
use crate::lambda::{Invoked, Tag};

pub async fn handle(
    req: Request<Incoming>,
    peer: SocketAddr,
    state: Arc<ApiState>,
    tls: bool,
) -> Response<Full<Bytes>> {
    let key = req
        .headers()
        .get("sec-websocket-key")
        .map(|k| k.as_bytes().to_vec());
    let (Some(key), true) = (key, is_upgrade(&req)) else {
        return upgrade_required();
    };
    let upgrade = upgrade_request(&req, peer, tls, &state.domain);
    let mut caller = Caller {
        connection_id: new_connection_id(),
        connected_at: shown_ms(),
        source_ip: peer.ip().to_string(),
        user_agent: upgrade.header("User-Agent").map(str::to_string),
        authorizer: None,
    };
    let api = &state.api;
    let request_id = new_id();
    let context = |caller| EventContext {
        api,
        domain: &state.domain,
        caller,
        route_key: "$connect",
        request_id: &request_id,
    };

    let started = shown_ms();
    match &api.connect_auth {
        ConnectAuth::None => {}
        ConnectAuth::Iam => {
            if crate::guard::missing_signature(req.headers(), req.uri().query()) {
                return refuse(
                    &api.path,
                    StatusCode::FORBIDDEN,
                    "AWS_IAM: the upgrade is not SigV4-signed (no Authorization header, no X-Amz-Signature query)".into(),
                    r#"{"message":"Missing Authentication Token"}"#.into(),
                );
            }
        }
        ConnectAuth::Lambda {
            identity_sources,
            function,
        } => {
            if let Some(missing) = identity_sources
                .iter()
                .find(|source| !identity_present(source, &upgrade, &api.stage_variables))
            {
                return refuse(
                    &api.path,
                    StatusCode::UNAUTHORIZED,
                    format!("identity source {missing} is missing or empty (the authorizer is not invoked)"),
                    r#"{"message":"Unauthorized"}"#.into(),
                );
            }
            let event = context(&caller).authorizer(&upgrade);
            let tag = Tag {
                api: &api.path,
                route: "$connect",
                connection: &caller.connection_id,
            };
            let outcome = state.invoke(function, event, tag).await;
            match authorize(outcome, &function.path) {
                Ok(mut authorizer) => {
                    caller.authorizer = Some(Value::Object(authorizer.clone()));
                    authorizer.insert("integrationLatency".into(), (shown_ms() - started).into());
                    // Only the CONNECT event carries the latency; later events get the rest.
                    let connect_caller = Caller {
                        authorizer: Some(Value::Object(authorizer)),
                        ..caller.clone()
                    };
                    return connect_route(
                        req,
                        key,
                        upgrade,
                        caller,
                        connect_caller,
                        state.clone(),
                        &request_id,
                    )
                    .await;
                }
                Err((status, why)) => {
                    let body = format!(r#"{{"message":"{}"}}"#, message(status));
                    return refuse(&api.path, status, why, body);
                }
            }
        }
    }
    connect_route(
        req,
        key,
        upgrade,
        caller.clone(),
        caller,
        state.clone(),
        &request_id,
    )
    .await
}

/// Whether the request asks for a WebSocket upgrade.
pub fn is_upgrade(req: &Request<Incoming>) -> bool {
    req.headers()
        .get("upgrade")
        .is_some_and(|u| u.as_bytes().eq_ignore_ascii_case(b"websocket"))
}

/// API Gateway's answer to a plain HTTP request on a WebSocket API's stage.
pub fn upgrade_required() -> Response<Full<Bytes>> {
    json(
        StatusCode::UPGRADE_REQUIRED,
        r#"{"message":"This is a WebSocket API: connect with a WebSocket client"}"#.into(),
    )
}

/// Runs `$connect` (when the API has it) and, if it accepts, upgrades.
async fn connect_route(
    mut req: Request<Incoming>,
    key: Vec<u8>,
    upgrade: Upgrade,
    caller: Caller,
    connect_caller: Caller,
    state: Arc<ApiState>,
    request_id: &str,
) -> Response<Full<Bytes>> {
    let mut protocol = None;
    if let Some(route) = state.api.routes.get("$connect") {
        let event = EventContext {
            api: &state.api,
            domain: &state.domain,
            caller: &connect_caller,
            route_key: "$connect",
            request_id,
        }
        .connect(&upgrade);
        let tag = Tag {
            api: &state.api.path,
            route: "$connect",
            connection: &caller.connection_id,
        };
        let handler = &route.function.path;
        let api = &state.api.path;
        match state.invoke(&route.function, event, tag).await {
            Invoked::Ok(result) => {
                let status = result["statusCode"].as_u64().unwrap_or(200);
                if !(200..300).contains(&status) {
                    let code =
                        StatusCode::from_u16(status as u16).unwrap_or(StatusCode::BAD_GATEWAY);
                    let body = result["body"]
                        .as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| format!(r#"{{"message":"{}"}}"#, message(code)));
                    let why =
                        format!("the $connect handler {handler} returned statusCode {status}");
                    return refuse(api, code, why, body);
                }
                protocol = result["headers"]
                    .as_object()
                    .and_then(|h| {
                        h.iter()
                            .find(|(k, _)| k.eq_ignore_ascii_case("Sec-WebSocket-Protocol"))
                    })
                    .and_then(|(_, v)| v.as_str().map(str::to_string));
            }
            Invoked::IntegrationTimeout => {
                let why = format!("the $connect handler {handler} hit the integration timeout");
                let body = r#"{"message":"Endpoint request timed out"}"#;
                return refuse(api, StatusCode::GATEWAY_TIMEOUT, why, body.into());
            }
            failed => {
                return refuse(
                    api,
                    StatusCode::BAD_GATEWAY,
                    format!("the $connect handler {handler} {}", failure(&failed)),
                    r#"{"message":"Internal server error"}"#.into(),
                )
            }
        }
    }
    tokio::spawn(socket::run(hyper::upgrade::on(&mut req), caller, state));
    let mut response = switching_protocols(&key);
    if let Some(p) = protocol {
        response = response.header("Sec-WebSocket-Protocol", p);
    }
    response
        .body(Full::new(Bytes::new()))
        .expect("valid response")
}

/// The `101 Switching Protocols` answer to an upgrade whose `Sec-WebSocket-Key` is `key`.
pub fn switching_protocols(key: &[u8]) -> hyper::http::response::Builder {
    Response::builder()
        .status(StatusCode::SWITCHING_PROTOCOLS)
        .header("Upgrade", "websocket")
        .header("Connection", "Upgrade")
        .header(
            "Sec-WebSocket-Accept",
            tokio_tungstenite::tungstenite::handshake::derive_accept_key(key),
        )
}

/// Refuses the upgrade with `status`, saying why on `dev`'s log: the client sees only the status.
fn refuse(api: &str, status: StatusCode, why: String, body: String) -> Response<Full<Bytes>> {
    eprintln!(
        "dev: {api}: $connect refused with {}: {why}",
        status.as_u16()
    );
    crate::studio::refusals::note_refusal(&why);
    json(status, body)
}

fn message(status: StatusCode) -> &'static str {
    match status {
        StatusCode::UNAUTHORIZED => "Unauthorized",
        StatusCode::FORBIDDEN => "Forbidden",
        StatusCode::BAD_GATEWAY | StatusCode::INTERNAL_SERVER_ERROR => "Internal server error",
        _ => "Error",
    }
}

/// The upgrade request as events show it, with the headers API Gateway adds.
fn upgrade_request(req: &Request<Incoming>, peer: SocketAddr, tls: bool, domain: &str) -> Upgrade {
    let mut headers: Vec<(String, Vec<String>)> = Vec::new();
    for (name, value) in req.headers() {
        let name = canonical(name.as_str());
        let mut value = String::from_utf8_lossy(value.as_bytes()).into_owned();
        // The studio's secret is no handler's business (an API on a stage named `studio` gets
        // its cookie from the browser).
        if name == "Cookie" {
            match crate::studio::auth::without_studio_cookies(&value) {
                Some(kept) => value = kept,
                None => continue,
            }
        }
        match headers.iter_mut().find(|(n, _)| *n == name) {
            Some((_, values)) => values.push(value),
            None => headers.push((name, vec![value])),
        }
    }
    // The port the client connected to (443 on AWS), not the client's own.
    let port = domain.rsplit(':').next().unwrap_or_default().to_string();
    let random = crate::deterministic::trace()
        .unwrap_or_else(|| format!("{:024x}", rand::random::<u128>() >> 32));
    let trace = format!("Root=1-{:08x}-{random}", shown_ms() / 1000);
    for (name, value) in [
        ("X-Amzn-Trace-Id", trace),
        ("X-Forwarded-For", peer.ip().to_string()),
        ("X-Forwarded-Port", port),
        (
            "X-Forwarded-Proto",
            if tls { "https" } else { "http" }.to_string(),
        ),
    ] {
        headers.push((name.to_string(), vec![value]));
    }
    let mut query: Vec<(String, Vec<String>)> = Vec::new();
    for pair in req
        .uri()
        .query()
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty())
    {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let (k, v) = (decode(k), decode(v));
        match query.iter_mut().find(|(n, _)| *n == k) {
            Some((_, values)) => values.push(v),
            None => query.push((k, vec![v])),
        }
    }
    Upgrade { headers, query }
}

fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(&text.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

/// `sec-websocket-key` -> `Sec-WebSocket-Key`: hyper lowercases names; events show them in
/// the case clients send, which for the WebSocket headers is this one.
fn canonical(name: &str) -> String {
    let titled: Vec<String> = name
        .split('-')
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect();
    titled.join("-").replace("Websocket", "WebSocket")
}
