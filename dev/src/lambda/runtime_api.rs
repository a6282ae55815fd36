//! The Lambda Runtime API (`/2018-06-01/runtime/...`) for one environment, on its own loopback
//! port: the handler's runtime client long-polls `invocation/next`, then posts the result or
//! the error. One server per environment because the API has no notion of several
//! environments: its paths name no environment, so the address must.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::{mpsc, oneshot, Mutex};
use tokio::task::JoinHandle;

/// Lambda's limit on a synchronous response payload: the 6,291,556 bytes its error names.
const MAX_RESPONSE: usize = 6_291_556;

pub struct Invocation {
    pub id: String,
    pub event: Value,
    /// The function's timeout: the deadline is set when the runtime client takes the event,
    /// since Lambda's timeout covers the invoke phase, not the environment's start.
    pub timeout: std::time::Duration,
    /// Told when the runtime client has taken the event.
    pub started: oneshot::Sender<()>,
    pub reply: oneshot::Sender<Outcome>,
}

#[derive(Debug)]
pub enum Outcome {
    /// The handler's result, as the JSON text it posted.
    Response(Bytes),
    /// `{errorType, errorMessage, trace}` (Node) or `{..., stackTrace}` (Python) as the runtime client posted it.
    Error(Value),
}

struct State {
    queue: Mutex<mpsc::Receiver<Invocation>>,
    current: std::sync::Mutex<Option<(String, oneshot::Sender<Outcome>)>>,
    init_error: std::sync::Mutex<Option<Value>>,
    function_arn: String,
}

pub struct RuntimeApi {
    pub addr: SocketAddr,
    state: Arc<State>,
    server: JoinHandle<()>,
}

impl Drop for RuntimeApi {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl RuntimeApi {
    /// Starts the API; invocations sent on the returned channel are handed to `next`.
    pub async fn start(
        function_arn: String,
    ) -> std::io::Result<(RuntimeApi, mpsc::Sender<Invocation>)> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let (sender, receiver) = mpsc::channel(1);
        let state = Arc::new(State {
            queue: Mutex::new(receiver),
            current: std::sync::Mutex::new(None),
            init_error: std::sync::Mutex::new(None),
            function_arn,
        });
        let served = state.clone();
        let server = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let state = served.clone();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |req| handle(state.clone(), req));
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Ok((
            RuntimeApi {
                addr,
                state,
                server,
            },
            sender,
        ))
    }

    /// What the runtime client reported through `/runtime/init/error`, if anything.
    pub fn init_error(&self) -> Option<Value> {
        self.state.init_error.lock().expect("not poisoned").clone()
    }
}

async fn handle(
    state: Arc<State>,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let path = req
        .uri()
        .path()
        .trim_start_matches("/2018-06-01/runtime")
        .to_string();
    let method = req.method().clone();
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let response = match (method, segments.as_slice()) {
        (Method::GET, ["invocation", "next"]) => next(&state).await,
        (Method::POST, ["invocation", id, kind @ ("response" | "error")]) => {
            let body = match read_within(req.into_body(), MAX_RESPONSE).await {
                Posted::Whole(body) => Some(body),
                Posted::TooLarge => None,
                Posted::Broken => {
                    return Ok(status(
                        StatusCode::BAD_REQUEST,
                        r#"{"errorMessage":"the body ended early"}"#,
                    ))
                }
            };
            let taken = {
                let mut current = state.current.lock().expect("not poisoned");
                if current.as_ref().is_some_and(|(c, _)| c == id) {
                    current.take()
                } else {
                    None
                }
            };
            let Some(body) = body else {
                // As Lambda: the invocation fails with this error, the environment lives on.
                if let Some((_, reply)) = taken {
                    let _ = reply.send(Outcome::Error(serde_json::json!({
                        "errorType": "Function.ResponseSizeTooLarge",
                        "errorMessage": format!("Response payload size exceeded maximum allowed payload size ({MAX_RESPONSE} bytes)."),
                    })));
                }
                return Ok(status(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    r#"{"errorMessage":"response too large","errorType":"RequestEntityTooLarge"}"#,
                ));
            };
            match taken {
                Some((_, reply)) => {
                    let outcome = if *kind == "response" {
                        Outcome::Response(body)
                    } else {
                        Outcome::Error(serde_json::from_slice(&body).unwrap_or_else(|_| {
                            serde_json::json!({ "errorType": "Runtime.Unknown", "errorMessage": String::from_utf8_lossy(&body) })
                        }))
                    };
                    let _ = reply.send(outcome);
                    status(StatusCode::ACCEPTED, r#"{"status":"OK"}"#)
                }
                None => status(
                    StatusCode::BAD_REQUEST,
                    r#"{"errorMessage":"unknown or finished invocation id"}"#,
                ),
            }
        }
        (Method::POST, ["init", "error"]) => {
            let body = req
                .into_body()
                .collect()
                .await
                .map(|c| c.to_bytes())
                .unwrap_or_default();
            *state.init_error.lock().expect("not poisoned") = serde_json::from_slice(&body).ok();
            status(StatusCode::ACCEPTED, r#"{"status":"OK"}"#)
        }
        _ => status(
            StatusCode::NOT_FOUND,
            r#"{"errorMessage":"not a Runtime API path"}"#,
        ),
    };
    Ok(response)
}

/// Waits for the next invocation and hands its event to the runtime client.
async fn next(state: &State) -> Response<Full<Bytes>> {
    let invocation = state.queue.lock().await.recv().await;
    let Some(invocation) = invocation else {
        return status(
            StatusCode::INTERNAL_SERVER_ERROR,
            r#"{"errorMessage":"environment shutting down"}"#,
        );
    };
    let body = invocation.event.to_string();
    let deadline_ms = crate::events::now_ms() + invocation.timeout.as_millis() as u64;
    *state.current.lock().expect("not poisoned") = Some((invocation.id.clone(), invocation.reply));
    let _ = invocation.started.send(());
    Response::builder()
        .header("Lambda-Runtime-Aws-Request-Id", &invocation.id)
        .header("Lambda-Runtime-Deadline-Ms", deadline_ms.to_string())
        .header("Lambda-Runtime-Invoked-Function-Arn", &state.function_arn)
        .header(
            "Lambda-Runtime-Trace-Id",
            format!(
                "Root=1-{:08x}-{:024x};Sampled=0",
                deadline_ms / 1000,
                rand::random::<u128>() >> 32
            ),
        )
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(body)))
        .expect("valid response")
}

/// A posted result or error, as far as it was read.
enum Posted {
    Whole(Bytes),
    /// Over the limit. It is still read to its end (and dropped), so that the runtime client,
    /// still writing it, gets the 413 rather than a broken pipe.
    TooLarge,
    /// The connection broke before the end.
    Broken,
}

async fn read_within(mut body: Incoming, limit: usize) -> Posted {
    let mut kept = Vec::new();
    let mut over = false;
    while let Some(frame) = body.frame().await {
        let Ok(frame) = frame else {
            return Posted::Broken;
        };
        let data = frame.into_data().unwrap_or_default();
        over = over || kept.len() + data.len() > limit;
        if !over {
            kept.extend_from_slice(&data);
        }
    }
    if over {
        Posted::TooLarge
    } else {
        Posted::Whole(Bytes::from(kept))
    }
}

fn status(code: StatusCode, body: &'static str) -> Response<Full<Bytes>> {
    Response::builder()
        .status(code)
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(body)))
        .expect("valid response")
}
