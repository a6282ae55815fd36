#!/usr/bin/env bash
# Benchmark of `cdk-from-rust dev`'s reload (not a test): seconds from saving a file to the new
# code answering on an open connection, as two tables with the targets beside them: a handler
# saved (Node and Python app models of 3 and 50 routes, the Rust handler of examples/rust) and
# the app model saved (synthesized again) (dev/tests/reload-bench.mjs; RUNS=N saves each,
# default 5). Run scripts/dev-check.sh once before (it installs the test client and builds the
# Rust handler's dependencies). The debug build of the server: its own share is milliseconds.
set -euo pipefail
cd "$(dirname "$0")/.."
export CDK_DISABLE_CLI_TELEMETRY=1 JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
cargo build --quiet -p cdk-from-rust
root=$PWD
# cargo-lambda on PATH, and the Rust handler's build folder the benchmark copies.
. scripts/rust-handler-env.sh
scripts/rust-handlers.sh
cd dev/tests
timeout 1800 node reload-bench.mjs
