#!/usr/bin/env bash
# Benchmark of `cdk-from-rust dev` (not a test): round trips/s and p50/p99 at 1, 100 and 1,000
# connections, connect latency with and without an authorizer, server memory with 1,000 idle
# connections, all on loopback (dev/tests/bench.mjs). Run scripts/dev-check.sh once
# before (it installs the test client and synthesizes the fixture app). Release build.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --release -p cdk-from-rust
cd dev/tests
DEV_BIN=$PWD/../../target/release/cdk-from-rust timeout 300 node bench.mjs
