#!/usr/bin/env bash
# Benchmark of `cdk-from-rust dev`'s reload (not a test): seconds from saving one route's
# handler to the new code answering, in a 3-route and a 50-route app model, as a table
# (dev/tests/reload-bench.mjs; RUNS=N saves each, default 3). Run scripts/dev-check.sh
# once before (it installs the test client). The debug build: the time is the synthesis's
# (test-app's toolchain), not the server's.
set -euo pipefail
cd "$(dirname "$0")/.."
export CDK_DISABLE_CLI_TELEMETRY=1 JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
cargo build --quiet -p cdk-from-rust
cd dev/tests
timeout 1800 node reload-bench.mjs
