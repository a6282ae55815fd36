#!/usr/bin/env bash
# Builds the cdk-from-rust command for this machine once (release, through maturin) and writes
# into OUT what is published: the npm launcher `cdk-from-rust`, this platform's npm package
# `@cdk-from-rust/cli-<platform>-<arch>` holding the binary, and the PyPI wheel. On Linux the
# binary is linked by zig against glibc 2.17 (manylinux2014), so both npm and pip users with an
# older distribution can run it. The release workflow runs this on each platform's runner.
# Usage: scripts/package-cli.sh OUT   (prints the files written)
# The binary stays at target/<host triple>/release/cdk-from-rust: steps that need a release
# build use that one.
set -euo pipefail
mkdir -p "$1"
out=$(cd "$1" && pwd)
cd "$(dirname "$0")/.."
root=$PWD
rm -f "$out"/cdk-from-rust-*.tgz "$out"/cdk_from_rust-*.whl
# The release workflow installs packaging/python/requirements.txt itself and names its scripts folder.
tools=${PACKAGE_CLI_TOOLS:-$(scripts/python-env.sh)}
# maturin finds zig as `python -m ziglang` of the python on PATH.
export PATH="$tools:$PATH"
triple=$(rustc -vV | sed -n 's/^host: //p')
zig=()
case "$triple" in
  *-linux-gnu) zig=(--zig --compatibility manylinux2014) ;;
esac
# A copy rather than a link: Windows checkouts turn links into text files.
cp packaging/LICENSE packaging/python/LICENSE
(cd packaging/python && maturin build --quiet --release --locked --target "$triple" ${zig[@]+"${zig[@]}"} --out "$out" >&2)
exe=
case "$triple" in *-windows-*) exe=.exe ;; esac
binary=$root/target/$triple/release/cdk-from-rust$exe
platform=$(node -p 'process.platform + "-" + process.arch')
node packaging/npm/assemble.mjs "$out" --launcher --platform "$platform" --binary "$binary" > /dev/null
ls "$out"/*.tgz "$out"/*.whl
