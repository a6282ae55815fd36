#!/usr/bin/env bash
# Packs the built generated/ package into DEST as it would be published. generated/ runs
# against test-app's packages through a linked node_modules, which npm does not bundle, so
# the package is staged in a folder of its own with a real install of its dependencies
# (the pinned esbuild-wasm, bundled into the tarball; peers for jsii-pacmak).
# Usage: scripts/pack-library.sh DEST   (prints the staging folder and the tarball path)
set -euo pipefail
dest=$(cd "$1" && pwd)
cd "$(dirname "$0")/../generated"
[ -f .jsii ] || { echo "pack-library: build generated/ first (npm run build)" >&2; exit 1; }
stage="$dest/stage"
rm -rf "$stage" && mkdir -p "$stage"
cp -R package.json README.md .jsii lib "$stage/"
(cd "$stage" && npm install --omit=dev --no-package-lock --no-audit --no-fund --loglevel=error --prefer-offline > /dev/null)
(cd "$stage" && npm pack --silent --pack-destination "$dest" > /dev/null)
echo "$stage"
ls "$dest"/*.tgz
