//! `cargo run -- synth [MODEL]`: generates the model's TypeScript app, makes sure the pinned
//! toolchain is installed and the library built (once; see `toolchain.rs`), synthesizes the app
//! with the real CDK CLI and prints what came out (`summary.rs`). Without a model it uses the
//! chat example built into the binary.

mod summary;
mod toolchain;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::app::{self, Format, Lang};
use crate::error::CodegenError;

/// The model `synth` uses without one: examples/chat/app.yaml, built into the binary. Its
/// handlers are read from examples/chat/src/ in the workspace.
const CHAT_EXAMPLE: &str = include_str!("../../../../examples/chat/app.yaml");
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

fn synthesize(model: Option<&Path>, out: Option<&Path>) -> Result<(app::AppIr, PathBuf), CodegenError> {
    let started = Instant::now();
    let (ir, model_dir) = match model {
        Some(path) => (
            app::load(path)?,
            path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf(),
        ),
        None => {
            progress(&format!("no model given: using the embedded example {CHAT_EXAMPLE_PATH}"));
            let ir = app::from_text(CHAT_EXAMPLE, Format::Yaml, CHAT_EXAMPLE_PATH)?;
            (ir, app::workspace().join("examples/chat"))
        }
    };
    let out: PathBuf = out.map(Path::to_path_buf).unwrap_or_else(|| app::default_out(&ir, Lang::TypeScript));
    let generated = app::generate(&ir, &model_dir, &out, Lang::TypeScript)?;
    progress(&generated.to_string());
    let workspace = app::workspace();
    toolchain::ensure(&workspace)?;
    toolchain::link_app(&workspace, &out)?;
    progress(&format!("cdk synth in {}", out.display()));
    let synth_started = Instant::now();
    run_tool(
        Command::new(workspace.join(toolchain::CDK)).args(["synth", "--no-notices", "--quiet"]).current_dir(&out),
        "cdk synth --no-notices --quiet",
    )?;
    progress(&format!(
        "synthesized in {:.1} s ({:.1} s in all)",
        synth_started.elapsed().as_secs_f64(),
        started.elapsed().as_secs_f64()
    ));
    Ok((ir, out))
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
    let dir = command.get_current_dir().map(Path::to_path_buf).unwrap_or_default();
    let status = command.status().map_err(|e| CodegenError::io(command.get_program(), e))?;
    if status.success() {
        Ok(())
    } else {
        Err(CodegenError::Tool { command: shown_as.to_string(), dir, status: status.to_string() })
    }
}
