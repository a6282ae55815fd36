#!/usr/bin/env bash
# The examples, as a user runs them. Each examples/<name>/app.{toml,yaml,json}:
# - becomes a TypeScript app that `cargo run -- synth` synthesizes with the CDK CLI, which must
#   type-check (codegen/tests/app_estimate.rs then compares each stack with the model's estimate);
# - becomes a Python, a Java and a Go app (`cargo run -- app --lang ...`), each synthesized with
#   the CDK CLI as its cdk.json says, Go's built first;
# - and every language's templates must equal those of its hand-written twin,
#   test-app/lib/examples/<name>.ts (test-app/test/examples.test.ts compares them).
# Python needs the venv with the library's wheel (test-app/python/.venv, made by
# scripts/python-check.sh); Java and Go need the bindings of scripts/jsii-targets.sh.
# Outputs go to target/examples/<name>/{typescript,python,java,go}.
set -euo pipefail
cd "$(dirname "$0")/.."
export CDK_DISABLE_CLI_TELEMETRY=1 JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
root=$PWD
out=target/examples
cdk=$root/test-app/node_modules/.bin/cdk
venv_python=$root/test-app/python/.venv/bin/python
bindings=$root/target/jsii-targets
[ -x "$venv_python" ] || { echo "examples-check: no $venv_python; run scripts/python-check.sh first" >&2; exit 1; }
[ -f "$bindings/dist/go/websocketapi/go.mod" ] || { echo "examples-check: no Java and Go bindings; run scripts/jsii-targets.sh first" >&2; exit 1; }
# Maven finds the library's jar in the bindings' local repository; Go replaces the library's
# unpublished module path with the module jsii-pacmak wrote, through a workspace file, so that
# the generated go.mod stays as generated.
export MAVEN_OPTS="-Dmaven.repo.local=$bindings/m2"
export GOWORK=$root/$out/go.work GOFLAGS=-buildvcs=false
assemblies=()

cargo build --quiet
cli=$root/target/debug/cdk-from-rust
# examples/rust's handler builds where scripts/rust-handlers.sh built it.
. scripts/rust-handler-env.sh
models=(examples/*/app.*)
name_of() { basename "$(dirname "$1")"; }

# Every app's source first, so that the Go apps (the longest build: aws-cdk-go) build and
# synthesize beside the other languages.
for model in "${models[@]}"; do
  for lang in python java go; do
    "$cli" app "$model" --lang "$lang" --out "$out/$(name_of "$model")/$lang" > /dev/null
  done
done
unformatted=$(gofmt -l "$out"/*/go/*.go)
[ -z "$unformatted" ] || { echo "examples-check: gofmt would change: $unformatted" >&2; exit 1; }
{
  echo "go 1.26"
  for model in "${models[@]}"; do echo "use ./$(name_of "$model")/go"; done
  echo "replace $(sed -n 's/^module //p' "$bindings/dist/go/websocketapi/go.mod") => $bindings/dist/go/websocketapi"
} > "$GOWORK"
go_apps() {
  for model in "${models[@]}"; do
    local go=$out/$(name_of "$model")/go
    echo "== $(name_of "$model") in Go"
    (cd "$go" && go build -o ../go-app . && "$cdk" synth --app ../go-app --no-notices --quiet > /dev/null)
  done
}
go_apps > "$out/go.log" 2>&1 &
go_pid=$!
trap 'kill "$go_pid" 2>/dev/null || true' EXIT

for model in "${models[@]}"; do
  name=$(name_of "$model")
  echo "== $name ($model)"
  "$cli" synth "$model" --out "$out/$name/typescript"
  (cd "$out/$name/python" && "$cdk" synth --app "$venv_python app.py" --no-notices --quiet > /dev/null)
  (cd "$out/$name/java" && "$cdk" synth --no-notices --quiet > /dev/null)
  for lang in typescript python java go; do
    assemblies+=("$name=$root/$out/$name/$lang/cdk.out")
  done
done
if ! wait "$go_pid"; then
  cat "$out/go.log" >&2
  echo "examples-check: a Go app failed to build or synthesize" >&2
  exit 1
fi
cat "$out/go.log"
rm -f "$GOWORK" "$GOWORK.sum"

echo "== type-check every generated TypeScript app (one program: they share aws-cdk-lib's types)"
first=$(basename "$(dirname "$(ls -d examples/*/app.* | head -1)")")
cat > "$out/tsconfig.json" <<JSON
{
  "extends": "./$first/typescript/tsconfig.json",
  "compilerOptions": { "typeRoots": ["../../test-app/node_modules/@types"] },
  "include": ["*/typescript/bin", "*/typescript/lib"]
}
JSON
"$root/test-app/node_modules/.bin/tsc" --noEmit -p "$out/tsconfig.json"

echo "== generated apps against their hand-written twins"
(cd test-app && CDK_FROM_RUST_EXAMPLES="${assemblies[*]}" node --import tsx --test --test-reporter=spec test/examples.test.ts)
