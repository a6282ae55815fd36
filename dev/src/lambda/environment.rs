//! One warm execution environment: a `node` or `python3` child process running our runtime
//! client, or a function's own `bootstrap`, against its own Runtime API. It serves one invocation at a time and keeps module
//! state between them, as Lambda's environments do. Its output is shown prefixed with the
//! function's name and the request id of its latest invocation, in bounded chunks, so that a
//! handler that floods stdout cannot grow the server's memory.

use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::process::{Child, Command};
use tokio::sync::{mpsc, oneshot, watch};

use super::runtime_api::{Invocation, Outcome, RuntimeApi};
use super::Runner;
use crate::assembly::functions::{Function, Language};

pub struct Environment {
    api: RuntimeApi,
    invocations: mpsc::Sender<Invocation>,
    /// Becomes `Some(status)` when the process has exited.
    exited: watch::Receiver<Option<String>>,
    /// Dropping it kills the process.
    _kill: oneshot::Sender<()>,
    /// The request id of the latest invocation, which tags the process's output.
    request: Arc<Mutex<String>>,
}

/// Lambda's limit on an environment's init phase, which the function timeout does not cover.
const INIT_LIMIT: Duration = Duration::from_secs(10);

/// Why an invocation produced no result.
#[derive(Debug)]
pub enum Failure {
    /// The handler threw or rejected: `{errorType, errorMessage, ...}`.
    Handler(Value),
    /// The environment exited (crash, `process.exit`, or an error while loading the handler),
    /// or did not take the event within the init limit.
    Exited(String),
    /// The function's timeout passed while the handler ran.
    FunctionTimeout,
    /// The caller's limit (API Gateway's integration timeout) passed first.
    CallerTimeout,
}

impl Environment {
    pub async fn start(function: &Function, runner: &Runner) -> std::io::Result<Environment> {
        let (api, invocations) = RuntimeApi::start(function.arn.clone()).await?;
        let mut command = match function.language {
            // A custom runtime: the asset's bootstrap is the runtime client.
            Language::Provided => Command::new(function.code_dir.join("bootstrap")),
            _ => {
                let interpreter = runner.interpreter(function).ok_or_else(|| {
                    std::io::Error::other(format!("no interpreter for {}", function.runtime))
                })?;
                let mut command = Command::new(&interpreter.program);
                command.arg(&interpreter.client);
                command
            }
        };
        command
            .current_dir(&function.code_dir)
            .env_clear()
            .envs(runner.environment(function, &api.addr.to_string()))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        let mut child = command.spawn()?;
        let name: Arc<str> = Arc::from(function.name.as_str());
        let request = Arc::new(Mutex::new(String::new()));
        if let Some(out) = child.stdout.take() {
            tokio::spawn(relay(out, name.clone(), request.clone()));
        }
        if let Some(err) = child.stderr.take() {
            tokio::spawn(relay(err, name, request.clone()));
        }
        let (exited_tx, exited) = watch::channel(None);
        let (kill, kill_rx) = oneshot::channel();
        tokio::spawn(supervise(child, kill_rx, exited_tx));
        Ok(Environment {
            api,
            invocations,
            exited,
            _kill: kill,
            request,
        })
    }

    /// Tags the process's output from now on with this request id.
    pub fn set_request(&self, id: &str) {
        *self.request.lock().expect("not poisoned") = id.to_string();
    }

    /// Runs one invocation; after any failure but `Handler` the environment must not be reused.
    /// `caller_limit` runs from now (it includes a cold start, as API Gateway's timeout does);
    /// the function's timeout from when the runtime client takes the event.
    pub async fn invoke(
        &mut self,
        id: String,
        event: Value,
        function_timeout: Duration,
        caller_limit: Duration,
    ) -> Result<Value, Failure> {
        let (reply, outcome) = oneshot::channel();
        let (started, taken) = oneshot::channel();
        let invocation = Invocation {
            id,
            event,
            timeout: function_timeout,
            started,
            reply,
        };
        let caller = tokio::time::sleep(caller_limit);
        tokio::pin!(caller);
        let mut exited = self.exited.clone();
        let exited_reason = |status: Option<String>| match self.api.init_error() {
            Some(error) => format!(
                "{}: {}",
                error["errorType"].as_str().unwrap_or("Error"),
                error["errorMessage"].as_str().unwrap_or_default()
            ),
            None => format!("the process exited ({})", status.unwrap_or_default()),
        };
        if self.invocations.send(invocation).await.is_err() {
            return Err(Failure::Exited("its Runtime API stopped".into()));
        }
        tokio::select! {
            _ = taken => {}
            status = exited.wait_for(Option::is_some) => return Err(Failure::Exited(exited_reason(status.ok().and_then(|s| s.clone())))),
            _ = tokio::time::sleep(INIT_LIMIT) => return Err(Failure::Exited(format!("the handler did not load within {} s", INIT_LIMIT.as_secs()))),
            _ = &mut caller => return Err(Failure::CallerTimeout),
        }
        tokio::select! {
            outcome = outcome => match outcome {
                Ok(Outcome::Response(body)) => Ok(serde_json::from_slice(&body).unwrap_or(Value::Null)),
                Ok(Outcome::Error(error)) => Err(Failure::Handler(error)),
                Err(_) => Err(Failure::Exited("the invocation was dropped".into())),
            },
            status = exited.wait_for(Option::is_some) => Err(Failure::Exited(exited_reason(status.ok().and_then(|s| s.clone())))),
            _ = tokio::time::sleep(function_timeout) => Err(Failure::FunctionTimeout),
            _ = &mut caller => Err(Failure::CallerTimeout),
        }
    }

    pub fn is_alive(&self) -> bool {
        self.exited.borrow().is_none()
    }
}

/// Owns the child: waits for it to exit, or kills it when the environment is dropped.
async fn supervise(
    mut child: Child,
    kill: oneshot::Receiver<()>,
    exited: watch::Sender<Option<String>>,
) {
    let status = tokio::select! {
        status = child.wait() => status.map(|s| s.to_string()).unwrap_or_else(|e| e.to_string()),
        _ = kill => {
            let _ = child.kill().await;
            "killed".to_string()
        }
    };
    let _ = exited.send(Some(status));
}

/// Copies a child's output to our stderr, each line prefixed with the function's name and the
/// request id of the latest invocation. The id is kept after the invocation ends, not cleared:
/// an environment runs one invocation at a time, and output written just before it answered may
/// be read from the pipe after its END line. Reads at most 8 KiB at a time and writes
/// asynchronously: a flood slows the child, not the server.
async fn relay(mut from: impl AsyncRead + Unpin, name: Arc<str>, request: Arc<Mutex<String>>) {
    let mut buffer = vec![0u8; 8192];
    let mut stderr = tokio::io::stderr();
    while let Ok(n) = from.read(&mut buffer).await {
        if n == 0 {
            break;
        }
        let text = String::from_utf8_lossy(&buffer[..n]);
        let prefix = match request.lock().expect("not poisoned").as_str() {
            "" => format!("[{name}]"),
            id => format!("[{name} {id}]"),
        };
        crate::studio::records::log(&name, request.lock().expect("not poisoned").as_str(), &text);
        let mut shown = String::with_capacity(n + 64);
        for line in text.trim_end_matches('\n').split('\n') {
            shown.push_str(&format!("{prefix} {line}\n"));
        }
        if stderr.write_all(shown.as_bytes()).await.is_err() {
            break;
        }
    }
}
