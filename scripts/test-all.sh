#!/usr/bin/env bash
# Every test of the project: the README's test command, and all that .ci/run runs.
# On a clean clone it installs what it needs from lock files (test-app/package-lock.json).
set -euo pipefail
cd "$(dirname "$0")/.."
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 CDK_DISABLE_CLI_TELEMETRY=1
started=$SECONDS
step() { printf '\n== %s (%ss)\n' "$*" "$((SECONDS - started))"; }

step "Rust: unit, golden and CLI tests"
cargo test --workspace --quiet

step "generated/ matches the model"
cargo run --quiet -- generate --check

step "Install the pinned npm toolchain"
(cd test-app && npm ci --no-audit --no-fund --loglevel=error)
scripts/link-library.sh

step "Build generated/ with jsii"
(cd generated && npm run --silent build)

# The Java and Go bindings build beside the next steps (mostly Maven and network, one thread);
# the examples step waits for them.
mkdir -p target
setsid scripts/jsii-targets.sh > target/jsii-targets.log 2>&1 &
targets=$!
# A failing step ends the run: the builds beside it end with it.
trap 'kill -- -"$targets" 2>/dev/null || true' EXIT

step "Property test: any app model that validates generates TypeScript that type-checks"
cargo test --quiet -p cdk-from-rust --test app_typecheck -- --ignored

step "Differential test: the app-model validator and the construct accept and refuse the same cases alike"
cargo test --quiet -p cdk-from-rust --test differential -- --ignored

step "Type-check the test app"
(cd test-app && npx tsc --noEmit -p .)

step "cdk synth with the CLI"
(cd test-app && rm -rf cdk.out && npx cdk synth --no-notices --quiet > /dev/null)

step "Template tests"
(cd test-app && npm test --silent)

step "cdk-from-rust dev: the local WebSocket server, with ws clients, Node handlers and moto"
scripts/dev-check.sh

step "Python bindings: wheel and sdist, the test app in Python against the TypeScript templates, errors"
scripts/python-check.sh

step "Java and Go bindings (jsii-pacmak; built beside the steps above)"
wait "$targets" || { cat target/jsii-targets.log; exit 1; }
cat target/jsii-targets.log

step "Example app models in TypeScript, Python, Java and Go: generate, synthesize, compare with hand-written twins"
scripts/examples-check.sh

step "Resource estimates of the examples against their synthesized templates, type by type"
cargo test --quiet -p cdk-from-rust --test app_estimate -- --ignored

# The examples' Python, Java and Go templates equal the TypeScript ones (examples step).
step "cfn-lint on every synthesized template"
venv_bin=$(scripts/python-env.sh)
(cd test-app && "$venv_bin/cfn-lint" cdk.out/*.template.json python/cdk.out/*.template.json ../target/examples/*/typescript/cdk.out/*.template.json)

step "A consumer project with only the package, constructs and the floor of its aws-cdk-lib peer range"
scripts/consumer-check.sh

step "generated/ on its own: npm ci, jsii build and API docs (jsii-docgen) from its own lock file; jsii against the peer floor"
scripts/package-check.sh

step "The CLI installed from a deleted copy runs app and synth outside the repository"
scripts/install-check.sh

step "done"
