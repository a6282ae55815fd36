#!/usr/bin/env bash
# Links generated/ and test-app/ both ways, as `npm link` would but with one copy of every
# package: test-app resolves @cdk-from-rust/websocket-api to generated/, and generated/
# builds and runs against test-app's pinned aws-cdk-lib, constructs, jsii and esbuild-wasm.
# Run after every `npm ci` in test-app (which empties node_modules).
set -euo pipefail
cd "$(dirname "$0")/.."
ln -sfn ../test-app/node_modules generated/node_modules
mkdir -p test-app/node_modules/@cdk-from-rust
ln -sfn ../../../generated test-app/node_modules/@cdk-from-rust/websocket-api
