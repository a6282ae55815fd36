//! `dev` in a CDK project: the folder's `cdk.json` names the command that runs the app (`app`),
//! where its cloud assembly goes (`output`, default `cdk.out`), its context and an optional
//! `build` step, as `cdk synth` reads them. The app is run the way the CDK CLI runs it (through
//! the shell, with the output folder and the context in CDK_OUTDIR and CDK_CONTEXT_JSON), so
//! a Python or Java project needs no CDK CLI beside it.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Map, Value};

/// Why a CDK project's app cannot be served; each names the file (or flag) and the fix.
#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    #[error("{}: {message}; fix the file (it is JSON, as `cdk init` writes it)", .file.display())]
    BadConfig { file: PathBuf, message: String },
    #[error("{}: no \"app\" entry, so dev does not know how to run the app; add the command that runs it, as `cdk init` writes it (for example \"app\": \"npx ts-node --prefer-ts-exts bin/my-app.ts\" or \"app\": \"python3 app.py\"), or pass --app CMD", .file.display())]
    NoApp { file: PathBuf },
    #[error("--output is where a CDK app writes its cloud assembly, and there is no cdk.json in {}: run dev in the app's folder or pass --app CMD", .dir.display())]
    OutputWithoutApp { dir: PathBuf },
    #[error("{origin}: `{command}` failed ({status}), its output is above; fix the app and run dev again")]
    Failed {
        origin: String,
        command: String,
        status: String,
    },
    #[error("{origin}: `{command}` wrote no cloud assembly to {} (no manifest.json); the app must call app.synth() (cdk init's apps do)", .output.display())]
    NoAssembly {
        origin: String,
        command: String,
        output: PathBuf,
    },
    #[error("{origin}: the app needs values that `cdk synth` looks up in your AWS account ({keys}); run `cdk synth` once with credentials so that cdk.context.json holds them, then dev again")]
    MissingContext { origin: String, keys: String },
}

/// A CDK app and how to synthesize it.
#[derive(Debug, Clone)]
pub struct CdkApp {
    /// The project folder: the app runs there.
    pub dir: PathBuf,
    /// `cdk.json` or `--app`, for messages.
    origin: String,
    app: String,
    build: Option<String>,
    /// The cloud assembly folder (absolute).
    pub output: PathBuf,
    context: Map<String, Value>,
}

/// The CDK app of `dir` (its `cdk.json`, overridden by `--app` and `--output`), or `None`
/// when there is neither `cdk.json` nor `--app`.
pub fn find(
    dir: &Path,
    app: Option<&str>,
    output: Option<&Path>,
) -> Result<Option<CdkApp>, ProjectError> {
    let file = dir.join("cdk.json");
    let config = match std::fs::read_to_string(&file) {
        Ok(text) => object(&file, &text)?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if app.is_none() {
                return match output {
                    Some(_) => Err(ProjectError::OutputWithoutApp { dir: absolute(dir) }),
                    None => Ok(None),
                };
            }
            Map::new()
        }
        Err(e) => {
            return Err(ProjectError::BadConfig {
                file,
                message: e.to_string(),
            })
        }
    };
    let (app, origin) = match (app, string(&file, &config, "app")?) {
        (Some(app), _) => (app.to_string(), "--app".to_string()),
        (None, Some(app)) => (app, file.display().to_string()),
        (None, None) => return Err(ProjectError::NoApp { file }),
    };
    let output = match (output, string(&file, &config, "output")?) {
        (Some(output), _) => output.to_path_buf(),
        (None, Some(output)) => dir.join(output),
        (None, None) => dir.join("cdk.out"),
    };
    Ok(Some(CdkApp {
        dir: dir.to_path_buf(),
        origin,
        app,
        build: string(&file, &config, "build")?,
        output: absolute(&output),
        context: context(dir, &config)?,
    }))
}

impl CdkApp {
    /// Whether the app is cdk.json's own `app`, with no `build` step to run before it.
    pub fn is_plain_cdk_json_app(&self) -> bool {
        self.build.is_none() && self.origin != "--app"
    }

    /// Runs `build` (when cdk.json has one) and the app, and checks the assembly it wrote.
    pub fn synthesize(&self) -> Result<PathBuf, ProjectError> {
        if let Some(build) = &self.build {
            self.run(build, false)?;
        }
        std::fs::create_dir_all(&self.output).map_err(|e| ProjectError::BadConfig {
            file: self.output.clone(),
            message: format!("cannot create the output folder: {e}"),
        })?;
        self.run(&self.app, true)?;
        let manifest = self.output.join("manifest.json");
        let text = std::fs::read_to_string(&manifest).map_err(|_| ProjectError::NoAssembly {
            origin: self.origin.clone(),
            command: self.app.clone(),
            output: self.output.clone(),
        })?;
        let missing: Vec<String> = serde_json::from_str::<Value>(&text)
            .ok()
            .and_then(|m| m["missing"].as_array().cloned())
            .unwrap_or_default()
            .iter()
            .filter_map(|m| m["key"].as_str().map(String::from))
            .collect();
        if !missing.is_empty() {
            return Err(ProjectError::MissingContext {
                origin: self.origin.clone(),
                keys: missing.join(", "),
            });
        }
        Ok(self.output.clone())
    }

    /// Runs a command line through the shell in the project folder, its output on stderr
    /// (dev's stdout is for the lines that say what is served).
    fn run(&self, command: &str, synth: bool) -> Result<(), ProjectError> {
        let mut process = shell(command);
        process
            .current_dir(&self.dir)
            .stdout(std::io::stderr())
            .env("CDK_DISABLE_CLI_TELEMETRY", "1");
        if synth {
            process.env("CDK_OUTDIR", &self.output).env(
                "CDK_CONTEXT_JSON",
                Value::Object(self.context.clone()).to_string(),
            );
        }
        if let Some((path, venv)) = project_venv(&self.dir) {
            process.env("PATH", path).env("VIRTUAL_ENV", venv);
        }
        let failed = |status: String| ProjectError::Failed {
            origin: self.origin.clone(),
            command: command.to_string(),
            status,
        };
        let status = process.status().map_err(|e| failed(e.to_string()))?;
        match status.success() {
            true => Ok(()),
            false => Err(failed(status.to_string())),
        }
    }
}

/// The CDK CLI runs `app` and `build` through the shell (`dev` refuses to run on Windows).
fn shell(command: &str) -> Command {
    let mut process = Command::new("sh");
    process.args(["-c", command]);
    process
}

/// A Python project's `.venv` (`cdk init` makes one) when no virtual environment is active:
/// the app then finds the packages installed there, as after `source .venv/bin/activate`.
/// Returns the PATH with its scripts folder first, and the venv.
fn project_venv(dir: &Path) -> Option<(std::ffi::OsString, PathBuf)> {
    if std::env::var_os("VIRTUAL_ENV").is_some() {
        return None;
    }
    let venv = absolute(&dir.join(".venv"));
    let scripts = venv.join("bin");
    if !venv.join("pyvenv.cfg").is_file() || !scripts.is_dir() {
        return None;
    }
    let rest = std::env::var_os("PATH").unwrap_or_default();
    let path =
        std::env::join_paths(std::iter::once(scripts).chain(std::env::split_paths(&rest))).ok()?;
    Some((path, venv))
}

/// The context the app gets, as `cdk synth` gives it: cdk.context.json, then cdk.json's
/// `context` over it, and the CLI's defaults for synth (asset metadata is how dev finds the
/// handlers' code).
fn context(dir: &Path, config: &Map<String, Value>) -> Result<Map<String, Value>, ProjectError> {
    let mut context = Map::new();
    context.insert("aws:cdk:enable-path-metadata".into(), json!(true));
    context.insert("aws:cdk:enable-asset-metadata".into(), json!(true));
    context.insert("aws:cdk:version-reporting".into(), json!(true));
    context.insert("aws:cdk:bundling-stacks".into(), json!(["**"]));
    let saved = dir.join("cdk.context.json");
    if let Ok(text) = std::fs::read_to_string(&saved) {
        context.extend(object(&saved, &text)?);
    }
    match config.get("context") {
        Some(Value::Object(own)) => context.extend(own.clone()),
        Some(_) => {
            return Err(ProjectError::BadConfig {
                file: dir.join("cdk.json"),
                message: "\"context\" is not an object".into(),
            })
        }
        None => {}
    }
    Ok(context)
}

fn object(file: &Path, text: &str) -> Result<Map<String, Value>, ProjectError> {
    match serde_json::from_str(text) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(ProjectError::BadConfig {
            file: file.to_path_buf(),
            message: "not a JSON object".into(),
        }),
        Err(e) => Err(ProjectError::BadConfig {
            file: file.to_path_buf(),
            message: format!("not valid JSON ({e})"),
        }),
    }
}

fn string(
    file: &Path,
    config: &Map<String, Value>,
    key: &str,
) -> Result<Option<String>, ProjectError> {
    match config.get(key) {
        None => Ok(None),
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(Some(s.clone())),
        Some(other) => Err(ProjectError::BadConfig {
            file: file.to_path_buf(),
            message: format!("\"{key}\" is {other}, and a command line or folder name (a non-empty string) is accepted"),
        }),
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh folder with the given files.
    fn project(name: &str, files: &[(&str, &str)]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "cdk-from-rust-project-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for (file, text) in files {
            std::fs::write(dir.join(file), text).unwrap();
        }
        dir
    }

    #[test]
    fn cdk_json_names_the_app_output_and_context_over_the_saved_context() {
        let dir = project(
            "config",
            &[
                (
                    "cdk.json",
                    r#"{"app": "python3 app.py", "output": "out", "context": {"a": 1}}"#,
                ),
                ("cdk.context.json", r#"{"a": 0, "b": 2}"#),
            ],
        );
        let app = find(&dir, None, None).unwrap().unwrap();
        assert_eq!(app.app, "python3 app.py");
        assert_eq!(app.output, absolute(&dir.join("out")));
        assert_eq!(app.context["a"], json!(1));
        assert_eq!(app.context["b"], json!(2));
        assert_eq!(app.context["aws:cdk:enable-asset-metadata"], json!(true));
        let flags = find(&dir, Some("node app.js"), Some(&dir.join("elsewhere")))
            .unwrap()
            .unwrap();
        assert_eq!(
            (flags.app.as_str(), flags.origin.as_str()),
            ("node app.js", "--app")
        );
        assert_eq!(flags.output, absolute(&dir.join("elsewhere")));
    }

    #[test]
    fn without_cdk_json_there_is_no_app_unless_one_is_passed() {
        let dir = project("none", &[]);
        assert!(find(&dir, None, None).unwrap().is_none());
        let app = find(&dir, Some("node app.js"), None).unwrap().unwrap();
        assert_eq!(app.output, absolute(&dir.join("cdk.out")));
        let e = find(&dir, None, Some(Path::new("out"))).unwrap_err();
        assert!(matches!(e, ProjectError::OutputWithoutApp { .. }), "{e}");
    }

    #[test]
    fn a_bad_cdk_json_names_the_file_and_the_fix() {
        let dir = project("bad", &[("cdk.json", r#"{"output": "cdk.out"}"#)]);
        let e = find(&dir, None, None).unwrap_err().to_string();
        assert!(
            e.starts_with(&format!(
                "{}: no \"app\" entry",
                dir.join("cdk.json").display()
            )),
            "{e}"
        );
        assert!(e.ends_with("or pass --app CMD"), "{e}");
        std::fs::write(dir.join("cdk.json"), r#"{"app": 3}"#).unwrap();
        let e = find(&dir, None, None).unwrap_err().to_string();
        assert!(
            e.contains(
                "\"app\" is 3, and a command line or folder name (a non-empty string) is accepted"
            ),
            "{e}"
        );
        std::fs::write(dir.join("cdk.json"), "{").unwrap();
        let e = find(&dir, None, None).unwrap_err().to_string();
        assert!(e.contains("not valid JSON"), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn the_app_runs_in_its_folder_with_the_output_folder_and_context_as_the_cdk_cli_passes_them() {
        let app = r#"printf '{"version":"1"}' > "$CDK_OUTDIR/manifest.json" && printf '%s' "$CDK_CONTEXT_JSON" > context.json"#;
        let dir = project(
            "run",
            &[(
                "cdk.json",
                &json!({"app": app, "context": {"k": "v"}}).to_string(),
            )],
        );
        let found = find(&dir, None, None).unwrap().unwrap();
        assert_eq!(found.synthesize().unwrap(), absolute(&dir.join("cdk.out")));
        let context: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("context.json")).unwrap())
                .unwrap();
        assert_eq!(context["k"], json!("v"));

        let failing = find(&dir, Some("exit 3"), None).unwrap().unwrap();
        let e = failing.synthesize().unwrap_err().to_string();
        assert_eq!(e, "--app: `exit 3` failed (exit status: 3), its output is above; fix the app and run dev again");

        let lookups = r#"printf '{"version":"1","missing":[{"key":"vpc-provider:account=1"}]}' > "$CDK_OUTDIR/manifest.json""#;
        let e = find(&dir, Some(lookups), None)
            .unwrap()
            .unwrap()
            .synthesize()
            .unwrap_err();
        assert!(
            matches!(&e, ProjectError::MissingContext { keys, .. } if keys == "vpc-provider:account=1"),
            "{e}"
        );
    }
}
