//! `cargo run -- synth [MODEL]`: generates the model's TypeScript app, makes sure the pinned
//! toolchain is installed and the library built (once; see `toolchain.rs`), synthesizes the app
//! with the real CDK CLI and prints what came out (`summary.rs`). Without a model it uses the
//! chat example built into the binary, with its handlers.

mod summary;
pub mod toolchain;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::app::{self, Format, Lang};
use crate::embedded::CHAT_EXAMPLE;
use crate::error::CodegenError;
use toolchain::Toolchain;

const CHAT_EXAMPLE_PATH: &str = "examples/chat/app.yaml";

pub fn run(model: Option<&Path>, out: Option<&Path>) -> Result<String, CodegenError> {
    let (ir, out) = synthesize(model, out)?;
    summary::summarize(&ir, &out.join("cdk.out"))
}

/// Synthesizes a model (or the embedded example) like `synth` and returns its cdk.out folder,
/// for `dev`.
pub fn cloud_assembly(model: Option<&Path>) -> Result<PathBuf, CodegenError> {
    synthesize(model, None).map(|(_, out)| out.join("cdk.out"))
}

/// Generates a model's TypeScript app with the toolchain installed and linked, without
/// synthesizing it, and returns its folder: `dev` runs its `bin/app.ts` in a warm process.
pub fn app_folder(model: Option<&Path>) -> Result<PathBuf, CodegenError> {
    prepare(model, None).map(|(_, out, _)| out)
}

fn synthesize(
    model: Option<&Path>,
    out: Option<&Path>,
) -> Result<(app::AppIr, PathBuf), CodegenError> {
    let started = Instant::now();
    let (ir, out, toolchain) = prepare(model, out)?;
    progress(&format!("cdk synth in {}", out.display()));
    let synth_started = Instant::now();
    run_tool(
        Command::new(toolchain.cdk())
            .args(["synth", "--no-notices", "--quiet"])
            .current_dir(&out),
        "cdk synth --no-notices --quiet",
    )?;
    progress(&format!(
        "synthesized in {:.1} s ({:.1} s in all)",
        synth_started.elapsed().as_secs_f64(),
        started.elapsed().as_secs_f64()
    ));
    Ok((ir, out))
}

/// Generates the app of a model (or of the embedded example) into `out` (default: its folder
/// under target/apps) and makes sure the toolchain it runs with is installed and linked.
fn prepare(
    model: Option<&Path>,
    out: Option<&Path>,
) -> Result<(app::AppIr, PathBuf, Toolchain), CodegenError> {
    let (ir, model_dir) = match model {
        Some(path) => (
            app::load(path)?,
            path.parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."))
                .to_path_buf(),
        ),
        None => {
            progress(&format!(
                "no model given: using the embedded example {CHAT_EXAMPLE_PATH}"
            ));
            let (yaml, dir) = chat_example()?;
            (app::from_text(yaml, Format::Yaml, CHAT_EXAMPLE_PATH)?, dir)
        }
    };
    let out: PathBuf = out
        .map(Path::to_path_buf)
        .unwrap_or_else(|| app::default_out(&ir, Lang::TypeScript));
    let generated = app::generate(&ir, &model_dir, &out, Lang::TypeScript)?;
    progress(&generated.to_string());
    let toolchain = Toolchain::for_app(&out)?;
    toolchain.ensure()?;
    toolchain::link_app(&toolchain.node_modules(), &out)?;
    Ok((ir, out, toolchain))
}

/// The embedded chat model and the folder its handlers are in: the checkout's
/// examples/chat, or, for an installed binary, a copy of the embedded one in the cache folder.
fn chat_example() -> Result<(&'static str, PathBuf), CodegenError> {
    let yaml = CHAT_EXAMPLE
        .iter()
        .find(|(rel, _)| *rel == "app.yaml")
        .map(|(_, text)| *text)
        .expect("the chat example has app.yaml");
    if let Some(checkout) = app::checkout() {
        return Ok((yaml, checkout.join("examples/chat")));
    }
    let dir = toolchain::cache_root().join("examples/chat");
    for (rel, text) in CHAT_EXAMPLE {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().expect("below the folder"))
            .map_err(|e| CodegenError::io(&path, e))?;
        std::fs::write(&path, text).map_err(|e| CodegenError::io(&path, e))?;
    }
    Ok((yaml, dir))
}

/// A progress line of a long step, on stderr: stdout is the summary.
fn progress(line: &str) {
    eprintln!("synth: {line}");
}

/// Runs a tool of the toolchain with telemetry and Node's end-of-life warning off. Its output
/// is shown on stderr, so that stdout holds only the summary.
fn run_tool(command: &mut Command, shown_as: &str) -> Result<(), CodegenError> {
    let command = command
        .env("CDK_DISABLE_CLI_TELEMETRY", "1")
        .env("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
        .stdout(std::io::stderr());
    let dir = command
        .get_current_dir()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let status = command
        .status()
        .map_err(|e| CodegenError::io(command.get_program(), e))?;
    if status.success() {
        Ok(())
    } else {
        Err(CodegenError::Tool {
            command: shown_as.to_string(),
            dir,
            status: status.to_string(),
        })
    }
}
