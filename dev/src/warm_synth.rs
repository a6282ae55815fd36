//! An app model's generated app synthesized in a warm `node` process (node/synth.js) rather
//! than by `cdk synth`: the CDK CLI, `tsx`, aws-cdk-lib and the construct library start once,
//! and a save of the model costs the app's own run. The process starts at the first
//! synthesis and again after it died (an app that calls `process.exit`, say).

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Mutex;

use serde_json::{json, Value};

struct Process {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct WarmSynth {
    script: PathBuf,
    process: Mutex<Option<Process>>,
}

impl WarmSynth {
    pub fn new(script: PathBuf) -> WarmSynth {
        WarmSynth {
            script,
            process: Mutex::new(None),
        }
    }

    /// Synthesizes the app in `dir` into `outdir` (default: cdk.json's `output`, else cdk.out)
    /// when cdk.json runs it with `tsx` from CommonJS; `None` for any other app (the CDK CLI
    /// synthesizes it). An assembly that needs context lookups, which only the CLI makes, is an
    /// error.
    pub fn synth(&self, dir: &Path, outdir: Option<&Path>) -> Option<Result<PathBuf, String>> {
        let entry = tsx_entry(dir)?;
        // Node keys its module cache by real, absolute paths: the app's modules are found (and
        // dropped, so that the app runs anew) only under the folder's real path.
        let real = std::fs::canonicalize(dir).ok()?;
        let dir = real.as_path();
        Some(self.run(dir, &entry, outdir).and_then(|out| {
            let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap_or_default();
            let missing =
                serde_json::from_str::<Value>(&manifest).is_ok_and(|m| m.get("missing").is_some());
            match missing {
                true => Err("the app needs context lookups, which the CDK CLI makes".into()),
                false => Ok(out),
            }
        }))
    }

    fn run(&self, dir: &Path, entry: &str, outdir: Option<&Path>) -> Result<PathBuf, String> {
        let mut slot = self.process.lock().expect("not poisoned");
        if slot.is_none() {
            *slot = Some(self.start(dir)?);
        }
        let process = slot.as_mut().expect("started");
        let request = json!({ "dir": dir, "entry": entry, "outdir": outdir });
        let mut line = String::new();
        let exchanged = writeln!(process.stdin, "{request}")
            .and_then(|()| process.stdin.flush())
            .and_then(|()| process.stdout.read_line(&mut line));
        let answer: Option<Value> = match exchanged {
            Ok(n) if n > 0 => serde_json::from_str(&line).ok(),
            _ => None,
        };
        let Some(answer) = answer else {
            *slot = None;
            return Err(format!(
                "the synthesizing process ({}) ended; it starts again at the next save",
                self.script.display()
            ));
        };
        match answer["outdir"].as_str() {
            Some(outdir) if answer["ok"] == true => Ok(PathBuf::from(outdir)),
            _ => Err(answer["error"].as_str().unwrap_or("failed").to_string()),
        }
    }

    fn start(&self, dir: &Path) -> Result<Process, String> {
        let mut child = Command::new("node")
            .arg(&self.script)
            .current_dir(dir)
            .env("CDK_DISABLE_CLI_TELEMETRY", "1")
            .env("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("could not start node {}: {e}", self.script.display()))?;
        let stdin = child.stdin.take().expect("piped");
        let stdout = BufReader::new(child.stdout.take().expect("piped"));
        Ok(Process {
            child,
            stdin,
            stdout,
        })
    }
}

/// The entry file of an app that cdk.json runs as `[npx] tsx FILE` (or node_modules/.bin/tsx),
/// in a package that is not an ES module.
fn tsx_entry(dir: &Path) -> Option<String> {
    let read = |name: &str| -> Option<Value> {
        serde_json::from_str(&std::fs::read_to_string(dir.join(name)).ok()?).ok()
    };
    if read("package.json").is_some_and(|p| p["type"] == "module") {
        return None;
    }
    let config = read("cdk.json")?;
    let words: Vec<&str> = config["app"].as_str()?.split_whitespace().collect();
    match words.as_slice() {
        ["npx", "tsx", entry] | ["tsx", entry] | ["node_modules/.bin/tsx", entry] => {
            Some(entry.to_string())
        }
        _ => None,
    }
}
