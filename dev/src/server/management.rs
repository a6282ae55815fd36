//! The `@connections` management API that handlers reach through `https://${domainName}/${stage}`
//! (and the stage-less form some code uses): POST sends a message (200; 413 over the message
//! limit), GET describes the connection, DELETE closes it (204); an unknown or closed
//! connection is 410 GoneException. Errors carry `x-amzn-ErrorType`, which is how the AWS SDK
//! names the exception it throws. A caller must look signed (SigV4), as AWS asks before anything
//! else, but signatures are accepted unchecked: locally there is no IAM.

use std::sync::atomic::Ordering;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::{Method, Request, Response, StatusCode};
use serde_json::json;

use super::{json, ApiState};
use crate::events::iso_time;

/// The percent-decoded connection id of a management path, with or without the stage prefix.
pub fn connection_id(path: &str, stage: &str) -> Option<String> {
    let rest = path.strip_prefix(&format!("/{stage}")).unwrap_or(path);
    let encoded = rest.strip_prefix("/@connections/")?;
    Some(
        percent_encoding::percent_decode_str(encoded)
            .decode_utf8_lossy()
            .into_owned(),
    )
}

pub async fn handle(req: Request<Incoming>, id: String, state: &ApiState) -> Response<Full<Bytes>> {
    let method = req.method().clone();
    let Some(connection) = state.connection(&id) else {
        // The body is not read: whatever it was, the connection is gone.
        return error(
            StatusCode::GONE,
            "GoneException",
            &format!("Connection {id} is not connected"),
        );
    };
    match method {
        Method::POST => {
            let limit = state.limits.message_bytes;
            let Ok(body) = Limited::new(req.into_body(), limit)
                .collect()
                .await
                .map(|c| c.to_bytes())
            else {
                return error(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "PayloadTooLargeException",
                    &format!("Message is larger than {limit} bytes"),
                );
            };
            if connection.post(body).is_err() {
                return error(
                    StatusCode::GONE,
                    "GoneException",
                    &format!("Connection {id} is not connected"),
                );
            }
            empty(StatusCode::OK)
        }
        Method::GET => {
            let caller = &connection.caller;
            let body = json!({
                "connectedAt": iso_time(caller.connected_at),
                "identity": { "sourceIp": caller.source_ip, "userAgent": caller.user_agent },
                "lastActiveAt": iso_time(connection.last_active.load(Ordering::Relaxed)),
            });
            json(StatusCode::OK, body.to_string())
        }
        Method::DELETE => {
            // Already closing is as good as closed: DELETE is idempotent.
            let _ = connection.delete();
            empty(StatusCode::NO_CONTENT)
        }
        _ => error(
            StatusCode::FORBIDDEN,
            "ForbiddenException",
            "Only POST, GET and DELETE are allowed on @connections",
        ),
    }
}

/// AWS's answer to a call with neither a SigV4 `Authorization` header nor a presigned query.
pub fn missing_authentication_token() -> Response<Full<Bytes>> {
    error(
        StatusCode::FORBIDDEN,
        "MissingAuthenticationTokenException",
        "Missing Authentication Token",
    )
}

fn error(status: StatusCode, kind: &str, message: &str) -> Response<Full<Bytes>> {
    let mut response = json(status, json!({ "message": message }).to_string());
    response.headers_mut().insert(
        "x-amzn-ErrorType",
        kind.parse().expect("a valid header value"),
    );
    response
}

fn empty(status: StatusCode) -> Response<Full<Bytes>> {
    Response::builder()
        .status(status)
        .header("x-amzn-RequestId", crate::events::new_id())
        .body(Full::new(Bytes::new()))
        .expect("valid response")
}
