//! Python handlers: their local import graph (the files under a function's source folder that
//! its handler module imports, directly or not) and a syntax check of a save before it is
//! served, both by a long-lived `python3` running our helper (python/rebuild.py), so that a
//! save costs no interpreter start. A saved file in the graph reloads the function alone; any
//! other file of the folder may be the app's own (a CDK app in Python beside its handlers).

use std::path::{Path, PathBuf};
use std::process::Stdio;

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};

struct Process {
    stdin: ChildStdin,
    stdout: Lines<BufReader<ChildStdout>>,
    _child: Child,
}

pub struct Checker {
    script: PathBuf,
    process: Option<Process>,
}

/// The module file of a handler string (`src/app.handler` -> `SRC/src/app.py`).
pub fn handler_file(src_path: &Path, handler: &str) -> PathBuf {
    let module = handler.rsplit_once('.').map_or(handler, |(m, _)| m);
    src_path.join(format!("{module}.py"))
}

impl Checker {
    pub fn new(script: PathBuf) -> Checker {
        Checker {
            script,
            process: None,
        }
    }

    /// The import graph of each `(source folder, handler file)`; a handler whose graph cannot
    /// be read has itself alone.
    pub async fn graphs(&mut self, handlers: &[(PathBuf, PathBuf)]) -> Vec<Vec<PathBuf>> {
        if handlers.is_empty() {
            return Vec::new();
        }
        self.ask(json!({ "graphs": handlers }))
            .await
            .and_then(|a| serde_json::from_value(a["graphs"].clone()).ok())
            .unwrap_or_else(|| handlers.iter().map(|(_, h)| vec![h.clone()]).collect())
    }

    /// Compiles `files` as an import would: a save that does not parse is reported
    /// (`file:line:column: message`) instead of served.
    pub async fn check(&mut self, files: &[PathBuf]) -> Result<(), Vec<String>> {
        let answer = self.ask(json!({ "check": files })).await.ok_or_else(|| {
            vec![format!(
                "the Python helper {} stopped",
                self.script.display()
            )]
        })?;
        let errors: Vec<String> = answer["errors"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e.as_str().map(str::to_string))
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// One request and its answer; `None` (and a new process next time) if the helper failed.
    async fn ask(&mut self, request: Value) -> Option<Value> {
        if self.process.is_none() {
            self.process = self.start().ok();
        }
        let process = self.process.as_mut()?;
        let line = format!("{request}\n");
        let answer = match process.stdin.write_all(line.as_bytes()).await {
            Ok(()) => process.stdout.next_line().await.ok().flatten(),
            Err(_) => None,
        };
        let answer = answer.and_then(|a| serde_json::from_str(&a).ok());
        if answer.is_none() {
            self.process = None;
        }
        answer
    }

    fn start(&self) -> std::io::Result<Process> {
        let mut child = Command::new("python3")
            .arg(&self.script)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()?;
        Ok(Process {
            stdin: child.stdin.take().expect("piped"),
            stdout: BufReader::new(child.stdout.take().expect("piped")).lines(),
            _child: child,
        })
    }
}
