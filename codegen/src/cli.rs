//! The command line: `cargo run` regenerates `generated/`; `generate --check` reports drift.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::{output, render_library, CodegenError};

#[derive(Debug, Parser)]
#[command(
    name = "cdk-from-rust",
    version,
    about = "Generates the @cdk-from-rust/websocket-api construct library from its Rust model",
    long_about = "Generates the @cdk-from-rust/websocket-api construct library (generated/) from its Rust model (constructs/).\n\nWith no command, regenerates generated/."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Regenerate the construct library from the model (the default command)
    Generate(GenerateArgs),
}

#[derive(Debug, Args, Default)]
pub struct GenerateArgs {
    /// Write nothing; exit 1 and name every stale, missing or extra file
    #[arg(long)]
    pub check: bool,
    /// The package folder [default: generated/ at the workspace root]
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// `generated/` at the workspace root, wherever the command is run from.
pub fn default_out() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("codegen/ is in the workspace").join("generated")
}

pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        None => generate(GenerateArgs::default()),
        Some(Command::Generate(args)) => generate(args),
    };
    match result {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

fn generate(args: GenerateArgs) -> Result<String, CodegenError> {
    let out = args.out.unwrap_or_else(default_out);
    let files = render_library(&cdk_from_rust_constructs::library())?;
    if args.check {
        let drift = output::check(&out, &files)?;
        if !drift.is_clean() {
            return Err(CodegenError::Stale { root: out, drift: drift.lines() });
        }
        return Ok(format!("{}: {} files up to date", out.display(), files.len()));
    }
    let drift = output::write(&out, &files)?;
    let changed = drift.stale.len() + drift.missing.len();
    Ok(format!(
        "{}: {changed} written, {} removed, {} unchanged",
        out.display(),
        drift.extra.len(),
        files.len() - changed
    ))
}
