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
for model in examples/*/app.*; do
  name=$(basename "$(dirname "$model")")
  ts=$out/$name/typescript
  py=$out/$name/python
  echo "== $name ($model)"
  cargo run --quiet -- synth "$model" --out "$ts"
  assemblies+=("$name=$root/$ts/cdk.out")

  cargo run --quiet -- app "$model" --lang python --out "$py"
  (cd "$py" && "$cdk" synth --app "$venv_python app.py" --no-notices --quiet)
  assemblies+=("$name=$root/$py/cdk.out")

  java=$out/$name/java
  cargo run --quiet -- app "$model" --lang java --out "$java"
  (cd "$java" && "$cdk" synth --no-notices --quiet > /dev/null)
  assemblies+=("$name=$root/$java/cdk.out")

  go=$out/$name/go
  cargo run --quiet -- app "$model" --lang go --out "$go"
  cat > "$GOWORK" <<WORK
go 1.26

use ./$name/go

replace $(sed -n 's/^module //p' "$bindings/dist/go/websocketapi/go.mod") => $bindings/dist/go/websocketapi
WORK
  (cd "$go" && go build -o "$root/$out/$name/go-app" . && "$cdk" synth --app "$root/$out/$name/go-app" --no-notices --quiet > /dev/null)
  assemblies+=("$name=$root/$go/cdk.out")
done
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
