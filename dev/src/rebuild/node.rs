//! Node bundles rebuilt by a long-lived `node` process running our helper (node/rebuild.js),
//! which keeps an incremental esbuild context per bundle warm: a saved handler rebuilds in
//! milliseconds instead of the app being synthesized again. One JSON line per request and per
//! answer; the helper is started at the first rebuild and again if it died.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, ChildStdin, Command};
use tokio::sync::oneshot;

/// A rebuild of one small bundle takes milliseconds; a first build of a large one, seconds.
const LIMIT: Duration = Duration::from_secs(120);

type Pending = Arc<Mutex<HashMap<u64, oneshot::Sender<Value>>>>;

struct Helper {
    stdin: tokio::sync::Mutex<ChildStdin>,
    pending: Pending,
    _child: Child,
}

pub struct Bundler {
    script: PathBuf,
    helper: tokio::sync::Mutex<Option<Arc<Helper>>>,
    next: std::sync::atomic::AtomicU64,
}

/// A rebuilt bundle, or esbuild's errors as `file:line:column: text` lines.
pub type Built = Result<(String, Vec<PathBuf>), Vec<String>>;

impl Bundler {
    pub fn new(script: PathBuf) -> Bundler {
        Bundler {
            script,
            helper: Default::default(),
            next: Default::default(),
        }
    }

    /// Rebuilds the bundle `key` from `request` (module, version, options, srcPath, entry).
    pub async fn build(&self, key: &str, mut request: Value) -> Built {
        let helper = self.helper().await.map_err(|e| vec![e])?;
        let id = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        request["id"] = id.into();
        request["key"] = key.into();
        let (tx, rx) = oneshot::channel();
        helper.pending.lock().expect("not poisoned").insert(id, tx);
        let line = format!("{request}\n");
        if let Err(e) = helper.stdin.lock().await.write_all(line.as_bytes()).await {
            *self.helper.lock().await = None;
            return Err(vec![format!("the bundler process stopped: {e}")]);
        }
        let answer = match tokio::time::timeout(LIMIT, rx).await {
            Ok(Ok(answer)) => answer,
            Ok(Err(_)) => {
                *self.helper.lock().await = None;
                return Err(vec!["the bundler process stopped".into()]);
            }
            Err(_) => return Err(vec![format!("no bundle within {} s", LIMIT.as_secs())]),
        };
        if answer["ok"] == true {
            let inputs = answer["inputs"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(PathBuf::from)
                .collect();
            return Ok((
                answer["code"].as_str().unwrap_or_default().to_string(),
                inputs,
            ));
        }
        Err(answer["errors"]
            .as_array()
            .into_iter()
            .flatten()
            .map(error_line)
            .collect())
    }

    async fn helper(&self) -> Result<Arc<Helper>, String> {
        let mut slot = self.helper.lock().await;
        if let Some(helper) = slot.as_ref() {
            return Ok(helper.clone());
        }
        let helper = Arc::new(
            start(&self.script)
                .map_err(|e| format!("could not start node {}: {e}", self.script.display()))?,
        );
        *slot = Some(helper.clone());
        Ok(helper)
    }
}

fn start(script: &Path) -> std::io::Result<Helper> {
    let mut child = Command::new("node")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .spawn()?;
    let stdin = child.stdin.take().expect("piped");
    let stdout = child.stdout.take().expect("piped");
    let pending: Pending = Default::default();
    let answers = pending.clone();
    tokio::spawn(async move {
        let mut lines = BufReader::new(stdout).lines();
        while let Ok(Some(line)) = lines.next_line().await {
            let Ok(answer) = serde_json::from_str::<Value>(&line) else {
                continue;
            };
            let waiting = answer["id"]
                .as_u64()
                .and_then(|id| answers.lock().expect("not poisoned").remove(&id));
            if let Some(tx) = waiting {
                let _ = tx.send(answer);
            }
        }
        // Ended: whoever still waits learns it from the dropped senders.
        answers.lock().expect("not poisoned").clear();
    });
    Ok(Helper {
        stdin: tokio::sync::Mutex::new(stdin),
        pending,
        _child: child,
    })
}

/// esbuild's message as a compiler's: `file:line:column: text`.
fn error_line(error: &Value) -> String {
    let text = error["text"].as_str().unwrap_or("error");
    match (error["file"].as_str(), error["line"].as_u64()) {
        (Some(file), Some(line)) => format!(
            "{file}:{line}:{}: {text}",
            error["column"].as_u64().unwrap_or(0) + 1
        ),
        _ => text.to_string(),
    }
}
