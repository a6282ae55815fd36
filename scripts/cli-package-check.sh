#!/usr/bin/env bash
# The command as CDK users get it from npm and PyPI, end to end: the packages that
# scripts/package-cli.sh wrote into PKG (their contents, sizes and versions, the launcher's
# platform table, `npm publish --dry-run`, `twine check`), then two projects made by the pinned
# CDK CLI's `cdk init` with a small WebSocketApi in the stack, each served by the bare `dev`
# command and answering a ws client:
#   TypeScript: the construct library and the command installed from their packed tarballs,
#               `npx cdk-from-rust dev`;
#   Python:     the jsii wheel (scripts/python-check.sh builds it) and the command's wheel in the
#               project's .venv, `.venv/bin/cdk-from-rust dev` (the venv not activated).
# Needs generated/ built and test-app's npm toolchain (scripts/test-all.sh sets both up first).
# Also lints the release workflow that builds these packages on every platform.
# Usage: scripts/cli-package-check.sh PKG
set -euo pipefail
pkg=$(cd "$1" && pwd)
cd "$(dirname "$0")/.."
root=$PWD
export CDK_DISABLE_CLI_TELEMETRY=1 JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
# As a user who has not activated the project's venv: dev finds the project's .venv itself.
unset VIRTUAL_ENV
# dev's runtime clients, AWS SDK and boto3 are installed here once, not in the user's cache.
export CDK_FROM_RUST_CACHE=$root/target/cli-package-cache
cdk=$root/test-app/node_modules/.bin/cdk
tests=$root/packaging/tests
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' cli/Cargo.toml | head -1)
tmp=$(mktemp -d)
dev_pid=
cleanup() {
  if [ -n "$dev_pid" ]; then kill -- "-$dev_pid" 2>/dev/null || kill "$dev_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "cli-package-check: $*" >&2; exit 1; }
started=$SECONDS
lap() { echo "  ($((SECONDS - started)) s)"; }

launcher=$pkg/cdk-from-rust-$version.tgz
platform_key=$(node -p 'process.platform + "-" + process.arch')
platform=$pkg/cdk-from-rust-cli-$platform_key-$version.tgz
wheel=$(ls "$pkg"/cdk_from_rust-"$version"-*.whl)
for f in "$launcher" "$platform" "$wheel"; do [ -f "$f" ] || fail "$f missing: run scripts/package-cli.sh $pkg first"; done

echo "cli-package-check: the release workflow"
scripts/workflow-lint.sh

echo "cli-package-check: contents and sizes"
listing() { # the files of a package, sorted, one line
  case "$1" in
    *.tgz) tar -tzf "$1" ;;
    *.whl) python3 -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$1" ;;
  esac | sort | tr '\n' ' '
}
expect_files() { # expect_files PACKAGE FILES...
  local want
  want=$(printf '%s\n' "${@:2}" | sort | tr '\n' ' ')
  [ "$(listing "$1")" = "$want" ] || fail "$(basename "$1") holds: $(listing "$1"); expected: $want"
  printf '  %-70s %6s KB  %s\n' "$(basename "$1")" "$(( $(stat -c %s "$1") / 1024 ))" "$(listing "$1")"
}
expect_files "$launcher" package/package.json package/README.md package/LICENSE package/bin/cdk-from-rust.js package/lib/platform.js
expect_files "$platform" package/package.json package/README.md package/LICENSE package/bin/cdk-from-rust
dist=cdk_from_rust-$version
expect_files "$wheel" "$dist.data/scripts/cdk-from-rust" "$dist.dist-info/METADATA" "$dist.dist-info/WHEEL" "$dist.dist-info/RECORD" "$dist.dist-info/licenses/LICENSE"
# Linked against glibc 2.17 at most, as the wheel's manylinux tag promises.
case "$wheel" in *manylinux_2_17_x86_64*) ;; *) fail "$(basename "$wheel"): not a manylinux_2_17 wheel" ;; esac
mkdir "$tmp/unpacked" && tar -xzf "$platform" -C "$tmp/unpacked"
newest=$(objdump -T "$tmp/unpacked/package/bin/cdk-from-rust" | grep -o 'GLIBC_[0-9.]*' | sort -Vu | tail -1)
[ "$newest" = GLIBC_2.17 ] || [ "$(printf '%s\nGLIBC_2.17\n' "$newest" | sort -V | tail -1)" = GLIBC_2.17 ] \
  || fail "the binary needs $newest, newer than manylinux2014's GLIBC_2.17"
echo "  binary needs glibc ${newest#GLIBC_} at most"

echo "cli-package-check: versions are the crate's ($version)"
[ "$("$tmp/unpacked/package/bin/cdk-from-rust" --version)" = "cdk-from-rust $version" ] || fail "the npm binary's --version is not cdk-from-rust $version"
tar -xzf "$launcher" -C "$tmp/unpacked" package/package.json --transform 's|package/package.json|launcher.json|'
node -e '
  const [launcher, platform, version] = process.argv.slice(1).map((a, i) => i < 2 ? require(a) : a);
  const wrong = [["launcher", launcher.version], ["platform package", platform.version],
    ...Object.entries(launcher.optionalDependencies).map(([n, v]) => [`optional dependency ${n}`, v])]
    .filter(([, v]) => v !== version);
  if (wrong.length) { console.error(wrong.map(([n, v]) => `${n}: ${v}`).join("\n")); process.exit(1); }
  if (launcher.dependencies) { console.error("the launcher has dependencies"); process.exit(1); }
' "$tmp/unpacked/launcher.json" "$tmp/unpacked/package/package.json" "$version" || fail "package versions differ from $version"

echo "cli-package-check: the launcher's platform table"
node --test --test-reporter=dot packaging/npm/platform.test.mjs

echo "cli-package-check: npm publish --dry-run, twine check"
for tgz in "$launcher" "$platform"; do
  npm publish --dry-run --loglevel=error "$tgz" > /dev/null 2> "$tmp/publish.log" || { cat "$tmp/publish.log"; fail "npm publish --dry-run $(basename "$tgz") failed"; }
done
"$(scripts/python-env.sh)/twine" --no-color check --strict "$wheel"
lap

# serve NAME PORT DIR COMMAND...: starts dev in DIR in a process group of its own, waits until it
# serves, asks the API (the answer goes to $tmp/NAME.answer) and stops the group with SIGINT,
# as Ctrl-C in a terminal does.
serve() {
  local name=$1 port=$2 dir=$3 log=$tmp/$1-dev.log
  started_dev "$name" "$port" "$log" setsid bash -c 'cd "$1" && exec "${@:2}"' _ "$dir" "${@:4}" --port "$port" --no-local-dynamodb
  local url
  url=$(grep -o "ws://127.0.0.1:$port/[^ ]*" "$log" | head -1)
  echo "  $(grep "ws://127.0.0.1:$port/" "$log")"
  (cd "$tmp/ts-app" && node "$tests/answer.mjs" "$url" "hello from $name") > "$tmp/$name.answer" || { cat "$log" >&2; fail "$name: no answer"; }
  echo "  answer: $(cat "$tmp/$name.answer")"
  kill -INT -- "-$dev_pid"
  stopped "$name" "$log"
}
# started_dev NAME PORT LOG COMMAND...: runs COMMAND in the background until it serves PORT.
started_dev() {
  local name=$1 port=$2 log=$3
  : > "$log"
  "${@:4}" >> "$log" 2>&1 &
  dev_pid=$!
  local deadline=$((SECONDS + 240))
  until grep -q "ws://127.0.0.1:$port/" "$log"; do
    if ! kill -0 "$dev_pid" 2>/dev/null || [ $SECONDS -gt $deadline ]; then
      cat "$log" >&2
      fail "$name: dev did not serve on port $port"
    fi
    sleep 0.5
  done
}
# stopped NAME LOG: waits for dev to end; its own log says it stopped cleanly.
stopped() {
  dev_status=0
  wait "$dev_pid" || dev_status=$?
  dev_pid=
  grep -q '^dev: stopped' "$2" || { cat "$2" >&2; fail "$1: dev did not stop cleanly"; }
}

echo "cli-package-check: TypeScript project (cdk init app --language typescript)"
library=$(scripts/pack-library.sh "$tmp" | tail -1)
mkdir "$tmp/ts-app" && cd "$tmp/ts-app"
"$cdk" init app --language typescript --generate-only --no-notices > "$tmp/init.log" 2>&1 || { cat "$tmp/init.log"; fail "cdk init typescript failed"; }
# The CDK packages at test-app's locked versions (in the npm cache already); the rest as cdk init wrote it.
node -e '
  const fs = require("fs");
  const lock = require(process.argv[1]).packages;
  const p = JSON.parse(fs.readFileSync("package.json", "utf8"));
  for (const deps of [p.dependencies, p.devDependencies]) {
    for (const name of ["aws-cdk-lib", "constructs", "aws-cdk"]) if (deps[name]) deps[name] = lock[`node_modules/${name}`].version;
  }
  fs.writeFileSync("package.json", JSON.stringify(p, null, 2));
' "$root/test-app/package-lock.json"
cp "$tests/ts-stack.ts" lib/ts-app-stack.ts
mkdir src && cp "$tests/echo.ts" src/echo.ts
# ws: the test's client, at dev/tests' pinned version.
ws=$(node -p "require('$root/dev/tests/package-lock.json').packages['node_modules/ws'].version")
npm install --prefer-offline --no-audit --no-fund --loglevel=error "$library" "$launcher" "$platform" "ws@$ws" > /dev/null
lap
[ "$(npx --no-install cdk-from-rust --version)" = "cdk-from-rust $version" ] || fail "npx cdk-from-rust --version is not cdk-from-rust $version"
serve typescript 4301 "$tmp/ts-app" npx --no-install cdk-from-rust dev
[ "$(cat "$tmp/typescript.answer")" = "node: hello from typescript" ] || fail "typescript: a wrong answer"
lap
echo "cli-package-check: the launcher passes SIGTERM on and exits with the binary's code"
started_dev launcher 4305 "$tmp/launcher.log" setsid node_modules/.bin/cdk-from-rust dev --assembly cdk.out --no-watch --port 4305
kill -TERM "$dev_pid"
stopped launcher "$tmp/launcher.log"
# dev stops cleanly on SIGTERM and exits 0; the failing app above exits 2 through npx and the launcher.
[ "$dev_status" = 0 ] || fail "the launcher exited with $dev_status after SIGTERM; the binary stopped cleanly (0)"
echo "cli-package-check: the launcher without its platform package, and with CDK_FROM_RUST_BINARY"
mv node_modules/@cdk-from-rust/cli-$platform_key "$tmp/platform-package"
set +e
node_modules/.bin/cdk-from-rust --version > /dev/null 2> "$tmp/err.log"; code=$?
set -e
mv "$tmp/platform-package" node_modules/@cdk-from-rust/cli-$platform_key
[ $code = 1 ] && grep -q "^cdk-from-rust: the package @cdk-from-rust/cli-$platform_key, which holds the binary for this platform, is not installed" "$tmp/err.log" \
  || { cat "$tmp/err.log"; fail "without its platform package the launcher exited $code"; }
echo "  $(cat "$tmp/err.log")"
[ "$(CDK_FROM_RUST_BINARY="$tmp/unpacked/package/bin/cdk-from-rust" node_modules/.bin/cdk-from-rust --version)" = "cdk-from-rust $version" ] \
  || fail "CDK_FROM_RUST_BINARY was not run"

echo "cli-package-check: errors in a CDK project are one message and exit 2"
set +e
npx --no-install cdk-from-rust dev --app "node -e 'process.exit(3)'" > /dev/null 2> "$tmp/err.log"; code=$?
set -e
[ $code = 2 ] && grep -q "^error: --app: \`node -e 'process.exit(3)'\` failed (exit status: 3)" "$tmp/err.log" || { cat "$tmp/err.log"; fail "a failing app: exit $code"; }
mkdir "$tmp/no-app" && echo '{"output": "cdk.out"}' > "$tmp/no-app/cdk.json"
set +e
(cd "$tmp/no-app" && "$tmp/ts-app/node_modules/.bin/cdk-from-rust" dev) > /dev/null 2> "$tmp/err.log"; code=$?
set -e
[ $code = 2 ] && grep -q '^error: ./cdk.json: no "app" entry' "$tmp/err.log" || { cat "$tmp/err.log"; fail "cdk.json without app: exit $code"; }
echo "  $(cat "$tmp/err.log")"

echo "cli-package-check: Python project (cdk init app --language python)"
jsii_wheel=$(ls "$root"/test-app/python/build/dist/python/*.whl 2>/dev/null) || fail "no jsii wheel in test-app/python/build/dist/python: run scripts/python-check.sh first"
mkdir "$tmp/py-app" && cd "$tmp/py-app"
"$cdk" init app --language python --generate-only --no-notices > "$tmp/init.log" 2>&1 || { cat "$tmp/init.log"; fail "cdk init python failed"; }
cp "$tests/py_stack.py" py_app/py_app_stack.py
mkdir src && cp "$tests/echo.py" src/echo.py
python3 -m venv .venv
# aws-cdk-lib and constructs at test-app/python's pinned versions (the pip cache has them);
# no .pyc compiling: the venv lives for one run.
.venv/bin/pip install --quiet --disable-pip-version-check --no-compile -r "$root/test-app/python/requirements.txt" "$jsii_wheel" "$wheel"
lap
[ "$(.venv/bin/cdk-from-rust --version)" = "cdk-from-rust $version" ] || fail ".venv/bin/cdk-from-rust --version is not cdk-from-rust $version"
serve python 4311 "$tmp/py-app" .venv/bin/cdk-from-rust dev
[ "$(cat "$tmp/python.answer")" = "python: hello from python" ] || fail "python: a wrong answer"
lap
echo "cli-package-check: both projects served by the bare dev command"
