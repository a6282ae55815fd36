//! Refused upgrades: an upgrade that did not end in `101 Switching Protocols` is published with
//! its status and API Gateway's message, the request's address, query and user agent, and the
//! connection id its authorizer and `$connect` invocations were tagged with (so the page shows
//! them together), and why it was refused (the reason `dev`'s log gives). The id and the reason
//! are learned through a task-local, set when the first `$connect` invocation starts and when
//! the upgrade is refused, since the upgrade's handler keeps them to itself.

use std::cell::RefCell;
use std::net::SocketAddr;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::{Request, Response, StatusCode};
use serde_json::{json, Value};

use super::emit;
use crate::lambda::Tag;
use crate::server::ApiState;

/// What the upgrade's handling tells about itself.
#[derive(Default)]
struct Noted {
    connection: Option<String>,
    why: Option<String>,
}

tokio::task_local! {
    static NOTED: RefCell<Noted>;
}

/// Called as an invocation starts: inside an upgrade, remembers its connection id.
pub fn note_connection(tag: Tag<'_>) {
    if tag.route == "$connect" {
        // Outside an upgrade's task (a replay) there is nothing to note.
        let _ = NOTED.try_with(|n| {
            n.borrow_mut()
                .connection
                .get_or_insert_with(|| tag.connection.to_string());
        });
    }
}

/// Called as an upgrade is refused: the reason, for the page.
pub fn note_refusal(why: &str) {
    let _ = NOTED.try_with(|n| n.borrow_mut().why = Some(why.to_string()));
}

/// An upgrade request, as its refusal is shown.
pub struct Attempt {
    api: String,
    record: Value,
}

impl Attempt {
    pub fn of(req: &Request<Incoming>, peer: SocketAddr, state: &ApiState) -> Attempt {
        let header = |name: &str| {
            req.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        Attempt {
            api: state.api.path.clone(),
            record: json!({
                "sourceIp": peer.ip().to_string(),
                "userAgent": header("user-agent"),
                "query": req.uri().query(),
                "subprotocols": header("sec-websocket-protocol"),
            }),
        }
    }

    /// Runs the upgrade's handling and publishes it when it was refused.
    pub async fn settle(
        self,
        handling: impl std::future::Future<Output = Response<Full<Bytes>>>,
    ) -> Response<Full<Bytes>> {
        let (response, noted) = NOTED
            .scope(RefCell::new(Noted::default()), async {
                let response = handling.await;
                (response, NOTED.with(|n| n.take()))
            })
            .await;
        if response.status() == StatusCode::SWITCHING_PROTOCOLS {
            return response;
        }
        let (parts, body) = response.into_parts();
        // A Full body is already whole: collecting it cannot fail or wait.
        let bytes = body
            .collect()
            .await
            .map(|c| c.to_bytes())
            .unwrap_or_default();
        let mut record = self.record;
        record["type"] = "refused".into();
        record["api"] = self.api.into();
        record["status"] = parts.status.as_u16().into();
        record["body"] = String::from_utf8_lossy(&bytes).into_owned().into();
        record["why"] = noted.why.into();
        if let Some(id) = noted.connection {
            record["connectionId"] = id.into();
        }
        emit(record);
        Response::from_parts(parts, Full::new(bytes))
    }
}
