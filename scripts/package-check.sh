#!/usr/bin/env bash
# generated/ is a package that builds on its own: a copy of it, with nothing but its own
# package.json and package-lock.json, runs `npm ci && npm run build` (jsii, then the prebuilt
# handlers) and `npm run docgen`, whose API.typescript.md and API.python.md must equal the
# committed ones (CI never rewrites them; after a change of the library, run `npm run docgen` in
# generated/ and review the diff). Then jsii compiles it again against the floor of its peer
# range of aws-cdk-lib (scripts/consumer-check.sh synthesizes with that floor).
set -euo pipefail
cd "$(dirname "$0")/.."
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/package"
cp -R generated/package.json generated/package-lock.json generated/src generated/handlers generated/scripts \
  generated/rosetta generated/README.md "$tmp/package/"
cd "$tmp/package"
echo "package-check: npm ci in a copy of generated/"
npm ci --no-audit --no-fund --loglevel=error > npm-ci.log 2>&1 || { cat npm-ci.log >&2; exit 1; }
echo "package-check: npm run build"
npm run --silent build > build.log 2>&1 || { cat build.log >&2; exit 1; }
[ -f .jsii ] && [ -f lib/handlers/jwt-authorizer/index.js ] || { echo "package-check: the build wrote no .jsii or handlers" >&2; exit 1; }
echo "package-check: npm run docgen"
npm run --silent docgen > docgen.log 2>&1 || { cat docgen.log >&2; exit 1; }
status=0
for doc in API.typescript.md API.python.md; do
  if ! cmp -s "$doc" "$OLDPWD/generated/$doc"; then
    echo "package-check: generated/$doc is stale; run 'npm run docgen' in generated/ and review the diff:" >&2
    diff "$OLDPWD/generated/$doc" "$doc" | head -20 >&2
    status=1
  fi
done
[ $status = 0 ] || exit 1
echo "package-check: built on its own; API.typescript.md and API.python.md up to date"
floor=$(node -p 'require("./package.json").peerDependencies["aws-cdk-lib"].replace(/^\^/, "")')
echo "package-check: jsii against aws-cdk-lib $floor, the floor of the peer range"
npm install --no-save --no-audit --no-fund --loglevel=error "aws-cdk-lib@$floor" > npm-floor.log 2>&1 || { cat npm-floor.log >&2; exit 1; }
npx jsii --silence-warnings=reserved-word > jsii-floor.log 2>&1 || { cat jsii-floor.log >&2; exit 1; }
echo "package-check: compiles against aws-cdk-lib $floor"
