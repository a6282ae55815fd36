use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    cdk_from_rust::run(cdk_from_rust::Cli::parse())
}
