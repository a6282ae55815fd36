#!/usr/bin/env bash
# Builds the Rust handler of examples/rust with cargo-lambda into target/rust-handlers, kept
# across runs, where the dev tests and the examples' syntheses find it built (the settings are
# in scripts/rust-handler-env.sh). The first build takes a minute: scripts/test-all.sh runs it
# beside the steps before them.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
. scripts/rust-handler-env.sh
(cd examples/rust/src/echo && cargo-lambda lambda build --release --x86-64 --lambda-dir "$CARGO_TARGET_DIR/lambda" --quiet)
# The debug build `dev` makes when a handler is saved: its dependencies built once here.
(cd examples/rust/src/echo && cargo-lambda lambda build --x86-64 --lambda-dir "$CARGO_TARGET_DIR/lambda-debug" --quiet)
echo "rust-handlers: examples/rust built with $(cargo-lambda lambda --version) into target/rust-handlers"
