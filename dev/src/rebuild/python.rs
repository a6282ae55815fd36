//! The local import graph of Python handlers: the files under a function's source folder that
//! its handler module imports, directly or not (the standard library's `modulefinder`, which
//! reads imports without running them). A saved file in it reloads the function alone; any
//! other file of the folder may be the app's own (a CDK app in Python beside its handlers).

use std::path::{Path, PathBuf};
use std::process::Stdio;

use tokio::io::AsyncWriteExt;
use tokio::process::Command;

/// Reads `[[srcPath, handlerFile], ...]` on stdin, prints the graph of each as a JSON list.
const SCRIPT: &str = r#"
import json, os, sys
from modulefinder import ModuleFinder
graphs = []
for src, handler in json.load(sys.stdin):
    files = {handler}
    finder = ModuleFinder(path=[src])
    try:
        finder.run_script(handler)
    except Exception:
        pass
    # A module that does not parse (saved mid-edit) is a bad module here, and still part of
    # the graph when its file is in the folder.
    for name in finder.badmodules:
        base = os.path.join(src, *name.split("."))
        for file in (base + ".py", os.path.join(base, "__init__.py")):
            if os.path.isfile(file):
                files.add(os.path.abspath(file))
    for module in finder.modules.values():
        file = getattr(module, "__file__", None)
        if file and os.path.abspath(file).startswith(src + os.sep):
            files.add(os.path.abspath(file))
    graphs.append(sorted(files))
print(json.dumps(graphs))
"#;

/// The module file of a handler string (`src/app.handler` -> `SRC/src/app.py`).
pub fn handler_file(src_path: &Path, handler: &str) -> PathBuf {
    let module = handler.rsplit_once('.').map_or(handler, |(m, _)| m);
    src_path.join(format!("{module}.py"))
}

/// The import graph of each `(source folder, handler file)`; a handler that cannot be read
/// has itself alone.
pub async fn graphs(handlers: &[(PathBuf, PathBuf)]) -> Vec<Vec<PathBuf>> {
    let alone = || handlers.iter().map(|(_, h)| vec![h.clone()]).collect();
    if handlers.is_empty() {
        return Vec::new();
    }
    let input = serde_json::to_string(handlers).unwrap_or_default();
    let child = Command::new("python3")
        .args(["-c", SCRIPT])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn();
    let Ok(mut child) = child else { return alone() };
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(input.as_bytes()).await;
    }
    match child.wait_with_output().await {
        Ok(out) if out.status.success() => {
            serde_json::from_slice::<Vec<Vec<PathBuf>>>(&out.stdout).unwrap_or_else(|_| alone())
        }
        _ => alone(),
    }
}

/// Compiles `files` as the interpreter would import them: a save that does not parse is
/// reported (`file:line:column: message`) instead of served.
pub async fn check(files: &[PathBuf]) -> Result<(), Vec<String>> {
    const COMPILE: &str = r#"
import sys
for file in sys.argv[1:]:
    try:
        with open(file, "rb") as source:
            compile(source.read(), file, "exec")
    except SyntaxError as e:
        print(f"{e.filename}:{e.lineno}:{e.offset or 0}: {e.msg}")
    except OSError as e:
        print(f"{file}: {e.strerror}")
"#;
    let output = Command::new("python3")
        .args(["-c", COMPILE])
        .args(files)
        .kill_on_drop(true)
        .output()
        .await
        .map_err(|e| vec![format!("could not run python3: {e}")])?;
    let errors: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}
