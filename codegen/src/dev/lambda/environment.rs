//! One warm execution environment: a `node` child process running our runtime client against
//! its own Runtime API. It serves one invocation at a time and keeps module state between
//! them, as Lambda's environments do. Its output is shown prefixed with the function's name,
//! in bounded chunks, so that a handler that floods stdout cannot grow the server's memory.

use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::process::{Child, Command};
use tokio::sync::{mpsc, oneshot, watch};

use super::runtime_api::{Invocation, Outcome, RuntimeApi};
use super::Runner;
use crate::dev::assembly::functions::Function;
use crate::dev::events::now_ms;

pub struct Environment {
    api: RuntimeApi,
    invocations: mpsc::Sender<Invocation>,
    /// Becomes `Some(status)` when the process has exited.
    exited: watch::Receiver<Option<String>>,
    /// Dropping it kills the process.
    _kill: oneshot::Sender<()>,
}

/// Why an invocation produced no result.
#[derive(Debug)]
pub enum Failure {
    /// The handler threw or rejected: `{errorType, errorMessage, ...}`.
    Handler(Value),
    /// The environment exited (crash, `process.exit`, or an error while loading the handler).
    Exited(String),
    /// The deadline passed; the environment was killed.
    TimedOut,
}

impl Environment {
    pub async fn start(function: &Function, runner: &Runner) -> std::io::Result<Environment> {
        let (api, invocations) = RuntimeApi::start(function.arn.clone()).await?;
        let mut command = Command::new(&runner.node);
        command
            .arg(&runner.runtime_client)
            .current_dir(&function.code_dir)
            .env_clear()
            .envs(runner.environment(function, &api.addr.to_string()))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        let mut child = command.spawn()?;
        let name: Arc<str> = Arc::from(function.name.as_str());
        if let Some(out) = child.stdout.take() {
            tokio::spawn(relay(out, name.clone()));
        }
        if let Some(err) = child.stderr.take() {
            tokio::spawn(relay(err, name));
        }
        let (exited_tx, exited) = watch::channel(None);
        let (kill, kill_rx) = oneshot::channel();
        tokio::spawn(supervise(child, kill_rx, exited_tx));
        Ok(Environment { api, invocations, exited, _kill: kill })
    }

    /// Runs one invocation; on `TimedOut` or `Exited` the environment must not be reused.
    pub async fn invoke(&mut self, id: String, event: Value, timeout: Duration, deadline: Duration) -> Result<Value, Failure> {
        let (reply, outcome) = oneshot::channel();
        let invocation = Invocation { id, event, deadline_ms: now_ms() + deadline.as_millis() as u64, reply };
        if self.invocations.send(invocation).await.is_err() {
            return Err(Failure::Exited("its Runtime API stopped".into()));
        }
        let mut exited = self.exited.clone();
        tokio::select! {
            outcome = outcome => match outcome {
                Ok(Outcome::Response(body)) => Ok(serde_json::from_slice(&body).unwrap_or(Value::Null)),
                Ok(Outcome::Error(error)) => Err(Failure::Handler(error)),
                Err(_) => Err(Failure::Exited("the invocation was dropped".into())),
            },
            status = exited.wait_for(Option::is_some) => {
                let status = status.map(|s| s.clone().unwrap_or_default()).unwrap_or_default();
                let reason = match self.api.init_error() {
                    Some(error) => format!("{}: {}", error["errorType"].as_str().unwrap_or("Error"), error["errorMessage"].as_str().unwrap_or_default()),
                    None => format!("the process exited ({status})"),
                };
                Err(Failure::Exited(reason))
            }
            _ = tokio::time::sleep(timeout) => Err(Failure::TimedOut),
        }
    }

    pub fn is_alive(&self) -> bool {
        self.exited.borrow().is_none()
    }
}

/// Owns the child: waits for it to exit, or kills it when the environment is dropped.
async fn supervise(mut child: Child, kill: oneshot::Receiver<()>, exited: watch::Sender<Option<String>>) {
    let status = tokio::select! {
        status = child.wait() => status.map(|s| s.to_string()).unwrap_or_else(|e| e.to_string()),
        _ = kill => {
            let _ = child.kill().await;
            "killed".to_string()
        }
    };
    let _ = exited.send(Some(status));
}

/// Copies a child's output to our stderr, each chunk prefixed with the function's name. Reads
/// at most 8 KiB at a time and writes asynchronously: a flood slows the child, not the server.
async fn relay(mut from: impl AsyncRead + Unpin, name: Arc<str>) {
    let mut buffer = vec![0u8; 8192];
    let mut stderr = tokio::io::stderr();
    while let Ok(n) = from.read(&mut buffer).await {
        if n == 0 {
            break;
        }
        let text = String::from_utf8_lossy(&buffer[..n]);
        let mut shown = String::with_capacity(n + 64);
        for line in text.trim_end_matches('\n').split('\n') {
            shown.push_str(&format!("[{name}] {line}\n"));
        }
        if stderr.write_all(shown.as_bytes()).await.is_err() {
            break;
        }
    }
}
