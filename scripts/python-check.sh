#!/usr/bin/env bash
# The Python bindings, end to end: builds the wheel and sdist of the built generated/ package with
# jsii-pacmak (from a staged pack, as published), installs the wheel into test-app/python/.venv
# beside the pinned aws-cdk-lib and constructs (test-app/python/requirements.txt), synthesizes the
# Python twin of the test app (test-app/python/app.py) with the CDK CLI, compares its templates
# with the TypeScript app's, and checks the errors a Python user gets.
#
# Needs generated/ built and the TypeScript app synthesized into test-app/cdk.out (scripts/test-all.sh
# does both first). TS_OUT=DIR compares with another TypeScript cloud assembly.
# The venv is made again only when requirements.txt (or python3) changes; the wheel is always
# rebuilt and reinstalled. Build output goes to test-app/python/build (gitignored).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 CDK_DISABLE_CLI_TELEMETRY=1
py=$root/test-app/python
build=$py/build
venv=$py/.venv
ts_out=$(cd "${TS_OUT:-test-app/cdk.out}" 2>/dev/null && pwd) || ts_out=
if [ -z "$ts_out" ] || [ ! -f "$ts_out/manifest.json" ]; then
  echo "python-check: no TypeScript cloud assembly in ${TS_OUT:-test-app/cdk.out}; run 'npx cdk synth' in test-app first" >&2
  exit 1
fi

timings=()
now() { date +%s.%N; }
lap() { # lap NAME START: records NAME's duration
  timings+=(" $1 $(awk -v s="$2" -v e="$(now)" 'BEGIN { printf "%.1fs", e - s }')")
}
size() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.2f MB", b / 1048576 }'; }

echo "python-check: pack and jsii-pacmak --targets python"
t=$(now)
rm -rf "$build" && mkdir -p "$build"
packed=$(scripts/pack-library.sh "$build")
stage=$(sed -n 1p <<< "$packed")
lap pack "$t"
t=$(now)
# Its scratch folders (kept when it fails) go into the build folder, not /tmp.
mkdir -p "$build/tmp"
if ! TMPDIR=$build/tmp test-app/node_modules/.bin/jsii-pacmak --targets python --outdir "$build/dist" "$stage" > "$build/pacmak-python.log" 2>&1; then
  cat "$build/pacmak-python.log" >&2
  echo "python-check: jsii-pacmak --targets python failed" >&2
  exit 1
fi
lap pacmak-python "$t"
if grep -qi 'warn' "$build/pacmak-python.log"; then
  echo "python-check: jsii-pacmak warnings:"
  grep -i 'warn' "$build/pacmak-python.log" | sed 's/^/  /'
fi
wheel=$(ls "$build"/dist/python/*.whl)
sdist=$(ls "$build"/dist/python/*.tar.gz)
echo "  wheel $(basename "$wheel") ($(size "$wheel")), sdist $(basename "$sdist") ($(size "$sdist"))"

echo "python-check: venv test-app/python/.venv"
t=$(now)
stamp_now=$(python3 --version; cat "$py/requirements.txt")
if [ "$(cat "$venv/.requirements" 2>/dev/null)" != "$stamp_now" ]; then
  echo "  requirements changed: making the venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check --requirement "$py/requirements.txt"
  printf '%s\n' "$stamp_now" > "$venv/.requirements"
else
  echo "  requirements unchanged: reusing the venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps --force-reinstall "$wheel"
# The wheel's own requirements must be met by the pinned ones.
"$venv/bin/pip" check --disable-pip-version-check > "$build/pip-check.log" || { cat "$build/pip-check.log" >&2; exit 1; }
lap venv "$t"

echo "python-check: cdk synth of test-app/python/app.py"
t=$(now)
rm -rf "$py/cdk.out"
if ! (cd "$py" && "$root/test-app/node_modules/.bin/cdk" synth --no-notices --quiet > "$build/synth.log" 2>&1); then
  cat "$build/synth.log" >&2
  echo "python-check: cdk synth of the Python app failed" >&2
  exit 1
fi
lap synth "$t"
# Warnings of the synth (annotations, jsii deprecations): the TypeScript synth shows the same ones.
grep -E '^\[?(WARNING|Warning)|jsii' "$build/synth.log" | cut -c1-150 | sed 's/^/  /' || true

echo "python-check: compare with the TypeScript templates"
t=$(now)
status=0
"$venv/bin/python" "$py/compare.py" "$ts_out" "$py/cdk.out" || status=1
lap compare "$t"

echo "python-check: errors seen from Python"
t=$(now)
(cd test-app && "$venv/bin/python" python/test_errors.py) || status=1
lap errors "$t"

(IFS=,; echo "python-check: timings:${timings[*]}")
exit $status
