#!/usr/bin/env bash
# The documentation works as written (scripts/docs-check.mjs): the relative links and anchors of
# README.md, docs/*.md and examples/README.md resolve, the repository paths they name exist,
# every cdk-from-rust command in their ```sh blocks uses subcommands and flags its --help lists,
# and the blocks marked ```sh runnable run. A few seconds once the CLI is built; its own tests
# run first.
set -euo pipefail
cd "$(dirname "$0")/.."
node --test --test-reporter=dot scripts/docs-check.test.mjs
cargo build --quiet -p cdk-from-rust
node scripts/docs-check.mjs target/debug/cdk-from-rust
