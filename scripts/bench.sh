#!/usr/bin/env bash
# Benchmark (not a test): prints the table of issue 15, WebSocketApi against aws-cdk-lib's
# NodejsFunction and the floor. Needs the test toolchain installed (scripts/test-all.sh does it
# once), generated/ built and, for python, scripts/python-check.sh run once (its venv).
# Usage: scripts/bench.sh [RUNS, default 3] [SIZES, default 1,5,50,300] [typescript|python]
set -euo pipefail
cd "$(dirname "$0")/.."
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 CDK_DISABLE_CLI_TELEMETRY=1
cd test-app && node --import tsx bench/bench.ts "${1:-3}" "${2:-1,5,50,300}" "${3:-typescript}"
