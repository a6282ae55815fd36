#!/usr/bin/env bash
# Benchmark of the `dev` studio page (not a test): 1,000 live connections and 100 messages/s
# through an API, without and with the page open in headless Chromium; prints dev's CPU and
# memory for both and the page's frame times (dev/tests/studio-bench.mjs; BENCH_CONNECTIONS,
# BENCH_RATE, BENCH_SECONDS change the load). Run scripts/dev-check.sh once before (it installs
# the test client and puppeteer-core and synthesizes the fixture app). DEV_BIN picks the build
# (default: the debug one, as the tests use).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet -p cdk-from-rust
export CHROMIUM=$(scripts/browser-env.sh)
cd dev/tests
timeout 300 node studio-bench.mjs
