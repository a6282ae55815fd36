#!/usr/bin/env bash
# The tests of `cdk-from-rust dev` (dev/tests/*.test.mjs): real clients (`ws` from npm,
# the AWS SDK inside handlers) against the local server on loopback, handlers in real Node
# processes, DynamoDB served by moto. Installs its own pinned test dependencies
# (dev/tests/package-lock.json, dev/tests/requirements.txt); expects the
# toolchain that scripts/test-all.sh sets up before it (test-app npm ci, link-library, generated/
# built). Every test is bounded in time and ends every process it starts. The server's log is
# kept in target/dev-tests/dev.log.
set -euo pipefail
cd "$(dirname "$0")/.."
export CDK_DISABLE_CLI_TELEMETRY=1 JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
root=$PWD
out=$root/target/dev-tests
tests=$root/dev/tests
mkdir -p "$out"

cargo build --quiet -p cdk-from-rust
# The Rust handler of examples/rust, which the tests build again after a change (into a copy
# of its target folder).
. scripts/rust-handler-env.sh
scripts/rust-handlers.sh

# Chromium for the browser tests (dev/tests/helpers.mjs launchBrowser).
export CHROMIUM=$(scripts/browser-env.sh)

# Test-only npm packages (ws, puppeteer-core), once per lock file.
if ! cmp -s "$tests/package-lock.json" "$tests/node_modules/.package-lock.json" 2>/dev/null; then
  (cd "$tests" && npm ci --no-audit --no-fund --loglevel=error)
fi

# moto's server for the chat test, in a venv reinstalled only when the requirements change.
stamp=$out/venv/.requirements
if ! cmp -s "$tests/requirements.txt" "$stamp" 2>/dev/null; then
  rm -rf "$out/venv"
  python3 -m venv "$out/venv"
  "$out/venv/bin/pip" install --quiet --disable-pip-version-check --requirement "$tests/requirements.txt" >&2
  cp "$tests/requirements.txt" "$stamp"
fi

# The app written with aws-cdk-lib only, synthesized with test-app's CDK CLI.
ln -sfn "$root/test-app/node_modules" "$tests/fixture-app/node_modules"
rm -rf "$out/plain.out"
(cd "$tests/fixture-app" && "$root/test-app/node_modules/.bin/cdk" synth --app "node_modules/.bin/tsx app.ts" \
  -o "$out/plain.out" --quiet --no-notices > /dev/null)

# The same app without asset metadata (`dev` then reads the asset manifest), and an app in
# eu-west-1 synthesized as scripts do, with app.synth() and no CDK CLI.
rm -rf "$out/plain-bare.out" "$out/regional.out"
(cd "$tests/fixture-app" && "$root/test-app/node_modules/.bin/cdk" synth --app "node_modules/.bin/tsx app.ts" \
  -o "$out/plain-bare.out" --no-asset-metadata --quiet --no-notices > /dev/null)
ln -sfn "$root/test-app/node_modules" "$tests/regional-app/node_modules"
(cd "$tests/regional-app" && node_modules/.bin/tsx app.ts "$out/regional.out")

export DEV_LOG=$out/dev.log MOTO_SERVER=$out/venv/bin/moto_server PLAIN_ASSEMBLY=$out/plain.out
export BARE_ASSEMBLY=$out/plain-bare.out REGIONAL_ASSEMBLY=$out/regional.out
: > "$DEV_LOG"
cd "$tests"
if ! timeout 900 node --test --test-concurrency=1 --test-timeout=240000 ./*.test.mjs; then
  echo "dev-check: failed; the servers' output is in $DEV_LOG" >&2
  exit 1
fi
