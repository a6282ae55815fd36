#!/usr/bin/env bash
# Every test of the project: the README's test command, and all that .ci/run runs.
# On a clean clone it installs what it needs from lock files (test-app/package-lock.json).
set -euo pipefail
cd "$(dirname "$0")/.."
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 CDK_DISABLE_CLI_TELEMETRY=1
started=$SECONDS
step() { printf '\n== %s (%ss)\n' "$*" "$((SECONDS - started))"; }

# Checks that need nothing of the steps after their start run beside them (two cores, and most
# steps keep one busy): each in a process group of its own, its output in target/test-all/.
# A failing step ends the run, and the checks beside it end with it.
logs=target/test-all
rm -rf "$logs" && mkdir -p "$logs"
declare -A beside=()
trap 'for pid in "${beside[@]}"; do kill -- -"$pid" 2>/dev/null || true; done' EXIT
start_beside() { # start_beside NAME COMMAND...
  setsid "${@:2}" > "$logs/$1.log" 2>&1 &
  beside[$1]=$!
}
await() { # await NAME TITLE: the check's output, and its failure ends the run
  step "$2 (ran beside the steps above)"
  if ! wait "${beside[$1]}"; then cat "$logs/$1.log"; echo "test-all: $1 failed" >&2; exit 1; fi
  unset "beside[$1]"
  cat "$logs/$1.log"
}

# Its own copy of generated/ and its own npm install: it needs nothing else.
start_beside package scripts/package-check.sh

step "Rust: formatting (cargo fmt --check)"
cargo fmt --all --check

step "Rust: unit, golden and CLI tests"
cargo test --workspace --quiet
# Lints in a build folder of their own, so that they never hold the lock of target/'s builds.
start_beside clippy env CARGO_TARGET_DIR=target/clippy cargo clippy --workspace --all-targets --locked --quiet -- -D warnings
start_beside install scripts/install-check.sh
start_beside rust scripts/rust-handlers.sh

step "generated/ matches the model"
cargo run --quiet -- generate --check

step "The documentation works as written: links, paths, commands against --help, runnable blocks"
scripts/docs-check.sh

step "Install the pinned npm toolchain"
(cd test-app && npm ci --no-audit --no-fund --loglevel=error)
scripts/link-library.sh

step "Build generated/ with jsii"
(cd generated && npm run --silent build)

step "The crate is not rebuilt by the library's build or link (codegen/build.rs watches only what it embeds)"
if cargo build -p cdk-from-rust 2>&1 | grep Compiling; then
  echo "test-all: cargo rebuilt the crate after link-library.sh and the jsii build" >&2
  exit 1
fi

start_beside targets scripts/jsii-targets.sh
start_beside consumer scripts/consumer-check.sh

step "Property test: any app model that validates generates TypeScript that type-checks"
cargo test --quiet -p cdk-from-rust-codegen --test app_typecheck -- --ignored

step "Differential test: the app-model validator and the construct accept and refuse the same cases alike"
cargo test --quiet -p cdk-from-rust-codegen --test differential -- --ignored

step "Type-check the test app"
(cd test-app && npx tsc --noEmit -p .)

step "cdk synth with the CLI"
(cd test-app && rm -rf cdk.out && npx cdk synth --no-notices --quiet > /dev/null)

# It compares with the templates just synthesized.
start_beside python scripts/python-check.sh

step "Template tests"
(cd test-app && npm test --silent)

await rust "The Rust handler of examples/rust, built with cargo-lambda"

# Mostly waiting on its servers, clients and timers, so the examples' builds fill the other core.
start_beside dev scripts/dev-check.sh

await python "Python bindings: wheel and sdist, the test app in Python against the TypeScript templates, errors"

await targets "Java and Go bindings: jsii-pacmak, Maven"

step "Example app models in TypeScript, Python, Java and Go: generate, synthesize, compare with hand-written twins"
scripts/examples-check.sh

step "Resource estimates of the examples against their synthesized templates, type by type"
cargo test --quiet -p cdk-from-rust-codegen --test app_estimate -- --ignored

# The examples' Python, Java and Go templates equal the TypeScript ones (examples step).
step "cfn-lint on every synthesized template"
venv_bin=$(scripts/python-env.sh)
(cd test-app && "$venv_bin/cfn-lint" cdk.out/*.template.json python/cdk.out/*.template.json ../target/examples/*/typescript/cdk.out/*.template.json)

await dev "cdk-from-rust dev: the local WebSocket server, with ws clients, Node handlers and moto"
await consumer "A consumer project with only the package, constructs and the floor of its aws-cdk-lib peer range"
await package "generated/ on its own: npm ci, jsii build and API docs (jsii-docgen) from its own lock file; jsii against the peer floor"
await clippy "Rust: cargo clippy --workspace --all-targets -D warnings"
await install "The CLI installed from a deleted copy runs app and synth outside the repository"

step "done"
