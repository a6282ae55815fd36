use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    codegen::cli::run(codegen::cli::Cli::parse())
}
