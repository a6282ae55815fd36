#!/usr/bin/env bash
# Creates .venv at the repository root with the pinned Python tools (scripts/requirements.txt),
# once: it is reinstalled only when the requirements (and the file they include) change.
# Prints the venv's bin folder.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=.venv/.requirements
if ! cat scripts/requirements.txt packaging/python/requirements.txt | cmp -s - "$stamp" 2>/dev/null; then
  rm -rf .venv
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check --requirement scripts/requirements.txt >&2
  cat scripts/requirements.txt packaging/python/requirements.txt > "$stamp"
fi
echo "$PWD/.venv/bin"
