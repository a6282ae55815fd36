#!/usr/bin/env bash
# Builds the Rust handler of examples/rust with cargo-lambda (the venv of scripts/python-env.sh)
# into target/rust-handlers, kept across runs, where the dev tests and the examples' syntheses
# find it built: the first build takes a minute or two, and scripts/test-all.sh runs it beside
# the steps before them.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
PATH="$(scripts/python-env.sh):$PATH"
(cd examples/rust/src/echo && CARGO_TARGET_DIR=$root/target/rust-handlers cargo-lambda lambda build --release --x86-64 \
  --lambda-dir "$root/target/rust-handlers/lambda" --quiet)
echo "rust-handlers: examples/rust built with $(cargo-lambda lambda --version) into target/rust-handlers"
