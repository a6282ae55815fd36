#!/usr/bin/env bash
# Benchmark (not a test): prints the table of issue 8. Needs the test toolchain installed
# (scripts/test-all.sh does it once). Usage: scripts/bench.sh [RUNS, default 5]
set -euo pipefail
cd "$(dirname "$0")/.."
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 CDK_DISABLE_CLI_TELEMETRY=1
cargo build --release --quiet
cd test-app && node --import tsx bench/bench.ts "${1:-5}" 2>/dev/null
