//! The test client's way past a browser's limit: a page cannot set headers on a WebSocket
//! upgrade, so with headers the page connects here (`/studio/client?api=PATH&query=Q&
//! headers=JSON&protocols=a,b`) and `dev` opens the API's connection itself with them, then
//! relays frames both ways. Only the served APIs can be reached (`dev` builds the URL), never
//! another address. A refused upgrade closes the page's socket with 4000 + the status (4403 for
//! 403) and the status and body as the reason, which a browser could not otherwise learn.

use std::sync::Arc;

use futures_util::{SinkExt, StreamExt};
use hyper::body::Incoming;
use hyper::upgrade::OnUpgrade;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::{json, Map, Value};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::error::Error as WsError;
use tokio_tungstenite::tungstenite::http::{HeaderName, HeaderValue};
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::{CloseFrame, Role};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;

use super::auth::query_value;
use super::http::{json_response, Body};
use crate::server::ApiState;

/// What the page asked for: the API's URL and the upgrade's extra headers.
struct Target {
    url: String,
    domain: String,
    headers: Vec<(String, String)>,
}

pub fn handle(mut req: Request<Incoming>, apis: &[Arc<ApiState>]) -> Response<Body> {
    let key = req
        .headers()
        .get("sec-websocket-key")
        .map(|k| k.as_bytes().to_vec());
    let Some(key) = key else {
        return json_response(
            StatusCode::UPGRADE_REQUIRED,
            json!({ "message": "connect with a WebSocket" }),
        );
    };
    let target = match target(req.uri().query(), apis) {
        Ok(target) => target,
        Err(message) => {
            return json_response(StatusCode::BAD_REQUEST, json!({ "message": message }))
        }
    };
    tokio::spawn(relay(hyper::upgrade::on(&mut req), target));
    crate::server::connect::switching_protocols(&key)
        .body(super::http::empty())
        .expect("valid response")
}

fn target(query: Option<&str>, apis: &[Arc<ApiState>]) -> Result<Target, String> {
    let path = query_value(query, "api").unwrap_or_default();
    let Some(state) = apis.iter().find(|s| s.api.path == path) else {
        let served: Vec<&str> = apis.iter().map(|s| s.api.path.as_str()).collect();
        return Err(format!(
            "no API {path:?} is served; the APIs are: {}",
            served.join(", ")
        ));
    };
    let mut url = format!("ws://{}/{}", state.domain, state.api.stage);
    if let Some(q) = query_value(query, "query").filter(|q| !q.is_empty()) {
        url = format!("{url}?{}", q.trim_start_matches('?'));
    }
    let given = query_value(query, "headers").unwrap_or_else(|| "{}".into());
    let Ok(Value::Object(map)) = serde_json::from_str::<Value>(&given) else {
        return Err(format!(
            "headers must be a JSON object of strings, not {given:?}"
        ));
    };
    let mut headers = strings(&map)?;
    if let Some(protocols) = query_value(query, "protocols").filter(|p| !p.is_empty()) {
        headers.push(("Sec-WebSocket-Protocol".into(), protocols));
    }
    Ok(Target {
        url,
        domain: state.domain.clone(),
        headers,
    })
}

fn strings(map: &Map<String, Value>) -> Result<Vec<(String, String)>, String> {
    map.iter()
        .map(|(k, v)| match v.as_str() {
            Some(v) => Ok((k.clone(), v.to_string())),
            None => Err(format!("header {k}: its value must be a string, not {v}")),
        })
        .collect()
}

async fn relay(on_upgrade: OnUpgrade, target: Target) {
    let Ok(upgraded) = on_upgrade.await else {
        return;
    };
    let mut page =
        WebSocketStream::from_raw_socket(TokioIo::new(upgraded), Role::Server, None).await;
    let api = match connect(&target).await {
        Ok(api) => api,
        Err((code, reason)) => {
            let frame = CloseFrame {
                code: CloseCode::from(code),
                reason: shorten(&reason).into(),
            };
            let _ = page.send(Message::Close(Some(frame))).await;
            return;
        }
    };
    let (mut page_out, mut page_in) = page.split();
    let (mut api_out, mut api_in) = api.split();
    loop {
        tokio::select! {
            from_page = page_in.next() => match from_page {
                Some(Ok(m @ (Message::Text(_) | Message::Binary(_) | Message::Close(_)))) => {
                    if api_out.send(m).await.is_err() { break }
                }
                Some(Ok(_)) => {}
                _ => break,
            },
            from_api = api_in.next() => match from_api {
                Some(Ok(Message::Close(frame))) => {
                    let _ = page_out.send(Message::Close(frame)).await;
                    break;
                }
                Some(Ok(m @ (Message::Text(_) | Message::Binary(_)))) => {
                    if page_out.send(m).await.is_err() { break }
                }
                Some(Ok(_)) => {}
                _ => break,
            },
        }
    }
}

type ApiSocket = WebSocketStream<tokio::net::TcpStream>;

/// The API's connection, or the close code and reason to give the page.
async fn connect(target: &Target) -> Result<ApiSocket, (u16, String)> {
    let mut request = target
        .url
        .as_str()
        .into_client_request()
        .map_err(|e| (4400, format!("bad URL {}: {e}", target.url)))?;
    for (name, value) in &target.headers {
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| (4400, format!("bad header name {name:?}")))?;
        let value = HeaderValue::from_str(value)
            .map_err(|_| (4400, format!("bad value for header {name}")))?;
        request.headers_mut().append(name, value);
    }
    let stream = tokio::net::TcpStream::connect(&target.domain)
        .await
        .map_err(|e| (1011, format!("cannot reach {}: {e}", target.domain)))?;
    match tokio_tungstenite::client_async(request, stream).await {
        Ok((socket, _)) => Ok(socket),
        Err(WsError::Http(response)) => {
            let status = response.status().as_u16();
            let body = response
                .body()
                .as_deref()
                .map(String::from_utf8_lossy)
                .unwrap_or_default();
            Err((4000 + status, format!("refused {status} {body}")))
        }
        Err(e) => Err((1011, format!("upgrade failed: {e}"))),
    }
}

/// A close frame's reason is at most 123 bytes.
fn shorten(text: &str) -> String {
    let mut end = text.len().min(123);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_string()
}
