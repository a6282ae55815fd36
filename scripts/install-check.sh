#!/usr/bin/env bash
# The CLI installs and runs anywhere: `cargo install --path cli` from a copy of the
# repository, the copy deleted, then `cdk-from-rust app` and `cdk-from-rust synth` on an example
# copied elsewhere. synth then installs its pinned toolchain into the cache folder
# (CDK_FROM_RUST_CACHE, here target/install-check-cache, kept between runs) and compiles the
# library from the sources built into the binary.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export CDK_DISABLE_CLI_TELEMETRY=1 JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
export CDK_FROM_RUST_CACHE=$root/target/install-check-cache
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/repo"
git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$tmp/repo"
echo "install-check: cargo install --path cli (a copy of the repository)"
# Compiled dependencies are shared through the build folder (target/); the installed binary is
# made in a target folder of its own, so that it never replaces the checkout's target/debug one.
CARGO_BUILD_BUILD_DIR="$root/target" cargo install --quiet --debug --locked --path "$tmp/repo/cli" --root "$tmp/install" --target-dir "$root/target/install-check"
rm -rf "$tmp/repo"
cp -R examples/minimal "$tmp/minimal"
cd "$tmp"
bin=$tmp/install/bin/cdk-from-rust
echo "install-check: cdk-from-rust app, with the copy deleted"
"$bin" app minimal/app.toml --out app
test -f app/lib/minimal-stack.ts
echo "install-check: cdk-from-rust synth, outside any checkout"
"$bin" synth minimal/app.toml --out synth > synth.txt
cat synth.txt
grep -q '^stack Minimal (aws://unknown-account/unknown-region): 12 resources (estimated 12)$' synth.txt
test -L synth/node_modules
case "$(readlink synth/node_modules)" in
  "$CDK_FROM_RUST_CACHE"/toolchain-*) ;;
  *) echo "install-check: synth did not use the cache folder's toolchain: $(readlink synth/node_modules)" >&2; exit 1 ;;
esac
echo "install-check: installed, ran app and synth outside the repository"
