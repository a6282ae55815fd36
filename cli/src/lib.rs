//! The `cdk-from-rust` command: clap, wiring and exit codes over the generators (`codegen`) and
//! the local server (`dev`). `cargo run` regenerates `generated/`; `generate --check` reports
//! drift. This is the one place where `dev` learns how to synthesize an app model.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand};

use codegen::app::{self, Lang};
use codegen::{output, render_library, CodegenError};

#[derive(Debug, Parser)]
#[command(
    name = "cdk-from-rust",
    version,
    about = "Generates the @cdk-from-rust/websocket-api construct library from its Rust model",
    long_about = "Generates the @cdk-from-rust/websocket-api construct library (generated/) from its Rust model (constructs/), and CDK apps that use it from app models.\n\nWith no command, regenerates generated/."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Regenerate the construct library from the model (the default command)
    Generate(GenerateArgs),
    /// Generate a CDK app that uses the library from an app model (TOML, YAML or JSON)
    #[command(
        long_about = "Generate a CDK app that uses the library from an app model (TOML, YAML or JSON, by extension).\n\nThe model is checked before anything is written; each problem names the file, line and column, the field path, the bad value and what is accepted (exit code 2). Handler paths in the model are relative to the model's folder."
    )]
    App(AppArgs),
    /// Generate the TypeScript app of a model and synthesize it with the CDK CLI
    #[command(
        long_about = "Generate the TypeScript app of a model and synthesize it with the CDK CLI.\n\nInstalls the pinned toolchain once (npm ci in test-app/ while its node_modules does not match test-app/package-lock.json, then builds generated/ when its sources changed), links the app to it, runs `cdk synth` and prints the stacks, their resources by type, the routes and the template paths."
    )]
    Synth(SynthArgs),
    /// Serve an app's WebSocket APIs on 127.0.0.1 as API Gateway does, running its handlers locally
    #[command(
        long_about = "Serve every WebSocket API of a CDK app on 127.0.0.1 as API Gateway does, running its Lambda handlers locally and unchanged.\n\nIn a CDK project (a folder with cdk.json, any language) and with no argument, runs the app's `app` command as `cdk synth` does (--app and --output override cdk.json's), serves it and reloads it on changes; elsewhere it serves the embedded chat example. With MODEL, an app model; with --assembly, the cdk.out folder of any CDK app. Each API gets its own port from --port on (ws, wss, http and https on the same port) and is printed as `<construct path> ws://127.0.0.1:PORT/<stage>`; the inspector of live connections (`cdk-from-rust connections`) is on --inspector-port, by default the port below --port. Ctrl-C closes every connection with 1001. Bad input exits with code 2 before anything is served."
    )]
    Dev(dev::DevArgs),
    /// See and reach the live connections of a running `dev`: list, send, broadcast, close
    #[command(
        long_about = "See and reach the live connections of a running `dev` through its inspector (an HTTP JSON API on 127.0.0.1, by default on the port below dev's --port; dev prints its URL on start).\n\nExit code 1 when the inspector refuses (a connection that is gone, an unknown API), 2 for a bad --inspector URL, 3 when no inspector answers."
    )]
    Connections(dev::inspector::client::ConnectionsArgs),
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

#[derive(Debug, Args)]
pub struct AppArgs {
    /// The app model: a .toml, .yaml, .yml or .json file
    pub model: PathBuf,
    /// The app's folder [default: target/apps/APP/LANG at the workspace root]
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The language of the app
    #[arg(long, value_enum, default_value_t = Lang::TypeScript)]
    pub lang: Lang,
}

#[derive(Debug, Args)]
pub struct SynthArgs {
    /// The app model [default: the embedded chat example, examples/chat/app.yaml]
    pub model: Option<PathBuf>,
    /// The app's folder [default: target/apps/APP/typescript at the workspace root]
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// `generated/` at the workspace root, wherever the command is run from.
pub fn default_out() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("cli/ is in the workspace")
        .join("generated")
}

pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Some(Command::Dev(_)) if cfg!(windows) => return not_on_windows("dev"),
        Some(Command::Synth(_)) if cfg!(windows) => return not_on_windows("synth"),
        Some(Command::Dev(args)) => return dev::main(args, Arc::new(Generator)),
        Some(Command::Connections(args)) => return dev::inspector::client::main(args),
        None => generate(GenerateArgs::default()),
        Some(Command::Generate(args)) => generate(args),
        Some(Command::App(args)) => generate_app(args),
        Some(Command::Synth(args)) => app::synth::run(args.model.as_deref(), args.out.as_deref()),
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

/// `dev` and `synth` install and run their tools through a POSIX shell (`sh -c`, `bin/pip`,
/// `python3`), which Windows lacks; inside WSL 2 the Linux binary runs them.
fn not_on_windows(command: &str) -> ExitCode {
    eprintln!("error: `cdk-from-rust {command}` runs on Linux and macOS, not on Windows: run it inside WSL 2 (npm, pip and cargo there install the Linux binary); `generate`, `app` and `connections` run on Windows");
    ExitCode::from(2)
}

fn generate(args: GenerateArgs) -> Result<String, CodegenError> {
    let out = args.out.unwrap_or_else(default_out);
    let files = render_library(&cdk_from_rust_constructs::library())?;
    if args.check {
        let drift = output::check(&out, &files, output::LIBRARY_BUILD_DIRS)?;
        if !drift.is_clean() {
            return Err(CodegenError::Stale {
                root: out,
                drift: drift.lines(),
            });
        }
        return Ok(format!(
            "{}: {} files up to date",
            out.display(),
            files.len()
        ));
    }
    let drift = output::write(&out, &files, output::LIBRARY_BUILD_DIRS)?;
    let changed = drift.stale.len() + drift.missing.len();
    Ok(format!(
        "{}: {changed} written, {} removed, {} unchanged",
        out.display(),
        drift.extra.len(),
        files.len() - changed
    ))
}

fn generate_app(args: AppArgs) -> Result<String, CodegenError> {
    let ir = app::load(&args.model)?;
    let out = args.out.unwrap_or_else(|| app::default_out(&ir, args.lang));
    let model_dir = args
        .model
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let generated = app::generate(&ir, model_dir, &out, args.lang)?;
    let stacks = ir.estimates.iter().map(|(name, estimate)| {
        format!(
            "\n  stack {name}: {} resources (estimated)",
            estimate.total()
        )
    });
    Ok(format!("{generated}{}", stacks.collect::<String>()))
}

/// `dev`'s way to the app-model generator.
struct Generator;

impl dev::AppModels for Generator {
    fn cloud_assembly(&self, model: Option<&Path>) -> Result<PathBuf, dev::SynthError> {
        app::synth::cloud_assembly(model).map_err(|e| dev::SynthError {
            message: e.to_string(),
            exit_code: e.exit_code(),
        })
    }

    fn app_folder(&self, model: &Path) -> Result<PathBuf, dev::SynthError> {
        app::synth::app_folder(Some(model)).map_err(|e| dev::SynthError {
            message: e.to_string(),
            exit_code: e.exit_code(),
        })
    }

    fn cache_root(&self) -> PathBuf {
        app::synth::toolchain::cache_root()
    }
}
