//! `cdk-from-rust connections list|send|broadcast|close`: a small HTTP/1.1 client of a running
//! `dev`'s inspector ([`super::api`]), one request per command.

use std::process::ExitCode;
use std::time::Duration;

use bytes::Bytes;
use clap::{Args, Subcommand};
use http_body_util::{BodyExt, Full};
use hyper::{Method, Request, StatusCode, Uri};
use hyper_util::rt::TokioIo;
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use serde_json::Value;

use super::table;

/// Where `dev` serves its inspector when started with the default `--port 3001`.
pub const DEFAULT_URL: &str = "http://127.0.0.1:3000";

/// A request to a local server answers at once; longer means something is wrong.
const TIMEOUT: Duration = Duration::from_secs(15);

#[derive(Debug, Args)]
pub struct ConnectionsArgs {
    #[command(subcommand)]
    pub action: Action,
    /// The inspector of the running `dev` (it prints the URL when it starts)
    #[arg(long, global = true, value_name = "URL", default_value = DEFAULT_URL)]
    pub inspector: String,
}

#[derive(Debug, Subcommand)]
pub enum Action {
    /// List the live connections of every served API as a table
    List {
        /// Print the inspector's JSON instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Send a message to one connection
    Send { id: String, message: String },
    /// Send a message to every connection
    Broadcast {
        message: String,
        /// Only the connections of this API (its construct path, as `dev` prints it)
        #[arg(long, value_name = "PATH")]
        api: Option<String>,
    },
    /// Disconnect one connection (the client gets a close frame, then `$disconnect` runs)
    Close { id: String },
}

#[derive(Debug, thiserror::Error)]
pub enum InspectorError {
    #[error("--inspector {url}: {reason}")]
    BadUrl { url: String, reason: &'static str },
    #[error("no inspector at {url} ({source}); is `cdk-from-rust dev` running? It prints its inspector's URL on start; pass it with --inspector")]
    Unreachable { url: String, source: std::io::Error },
    #[error("{url}: {source}")]
    Http { url: String, source: hyper::Error },
    #[error("{url}: no answer within {} s", TIMEOUT.as_secs())]
    Timeout { url: String },
    /// The inspector refused, e.g. 410 for a connection that is gone; its message says why.
    #[error("{message} ({status})")]
    Refused { status: StatusCode, message: String },
    #[error("{url}: not the inspector's JSON ({source})")]
    BadAnswer {
        url: String,
        source: serde_json::Error,
    },
}

impl InspectorError {
    /// 1 when the inspector refused (gone, unknown API), 2 for a bad URL, 3 when unreachable.
    fn exit_code(&self) -> u8 {
        match self {
            InspectorError::Refused { .. } => 1,
            InspectorError::BadUrl { .. } => 2,
            _ => 3,
        }
    }
}

pub fn main(args: ConnectionsArgs) -> ExitCode {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    match runtime.block_on(run(args)) {
        Ok(text) => {
            println!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

async fn run(args: ConnectionsArgs) -> Result<String, InspectorError> {
    let base = args.inspector.trim_end_matches('/');
    let one = |id: &str| format!("/connections/{}", utf8_percent_encode(id, NON_ALPHANUMERIC));
    match args.action {
        Action::List { json } => {
            let list = call(base, Method::GET, "/connections".into(), None).await?;
            Ok(if json {
                serde_json::to_string_pretty(&list).expect("JSON")
            } else {
                table::render(&list)
            })
        }
        Action::Send { id, message } => {
            call(base, Method::POST, one(&id), Some(message)).await?;
            Ok(format!("sent to {id}"))
        }
        Action::Broadcast { message, api } => {
            let path = match api {
                Some(api) => format!(
                    "/broadcast?api={}",
                    utf8_percent_encode(&api, NON_ALPHANUMERIC)
                ),
                None => "/broadcast".into(),
            };
            let answer = call(base, Method::POST, path, Some(message)).await?;
            Ok(format!("sent to {} connection(s)", answer["sent"]))
        }
        Action::Close { id } => {
            call(base, Method::DELETE, one(&id), None).await?;
            Ok(format!("closed {id}"))
        }
    }
}

/// One request; the answer's JSON (null when empty), or the inspector's refusal.
async fn call(
    base: &str,
    method: Method,
    path: String,
    body: Option<String>,
) -> Result<Value, InspectorError> {
    let url = format!("{base}{path}");
    let uri: Uri = url.parse().map_err(|_| InspectorError::BadUrl {
        url: base.into(),
        reason: "not a URL",
    })?;
    if uri.scheme_str() != Some("http") {
        return Err(InspectorError::BadUrl {
            url: base.into(),
            reason: "the inspector is served over http://",
        });
    }
    let host = uri
        .host()
        .ok_or(InspectorError::BadUrl {
            url: base.into(),
            reason: "no host",
        })?
        .to_string();
    let port = uri.port_u16().unwrap_or(80);
    let request = Request::builder()
        .method(method)
        .uri(uri.path_and_query().map(|p| p.as_str()).unwrap_or("/"))
        .header("host", format!("{host}:{port}"))
        .header("content-type", "text/plain; charset=utf-8")
        .body(Full::new(Bytes::from(body.unwrap_or_default())))
        .expect("a valid request");
    let exchange = async {
        let stream = tokio::net::TcpStream::connect((host.as_str(), port))
            .await
            .map_err(|source| InspectorError::Unreachable {
                url: base.into(),
                source,
            })?;
        let http = |source| InspectorError::Http {
            url: url.clone(),
            source,
        };
        let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .map_err(http)?;
        tokio::spawn(connection);
        let response = sender.send_request(request).await.map_err(http)?;
        let status = response.status();
        let bytes = response
            .into_body()
            .collect()
            .await
            .map_err(http)?
            .to_bytes();
        Ok((status, bytes))
    };
    let (status, bytes) = tokio::time::timeout(TIMEOUT, exchange)
        .await
        .map_err(|_| InspectorError::Timeout { url: url.clone() })??;
    let answer: Value = match bytes.is_empty() {
        true => Value::Null,
        false => serde_json::from_slice(&bytes).map_err(|source| InspectorError::BadAnswer {
            url: url.clone(),
            source,
        })?,
    };
    if !status.is_success() {
        let message = answer["message"]
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| format!("{url} answered {status}"));
        return Err(InspectorError::Refused { status, message });
    }
    Ok(answer)
}
