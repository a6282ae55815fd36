#!/usr/bin/env bash
# The examples, as a user runs them. Each examples/<name>/app.{toml,yaml,json}:
# - becomes a TypeScript app that `cargo run -- synth` synthesizes with the CDK CLI, which must
#   type-check (codegen/tests/app_estimate.rs then compares each stack with the model's estimate);
# - becomes a Python app that must compile;
# - and its synthesized templates must equal those of its hand-written twin,
#   test-app/lib/examples/<name>.ts (test-app/test/examples.test.ts compares them).
# The python example's Python app is also synthesized and compared when the Python venv with the
# library's wheel exists (test-app/python/.venv, made by scripts/python-check.sh).
# Outputs go to target/examples/<name>/{typescript,python}.
set -euo pipefail
cd "$(dirname "$0")/.."
export CDK_DISABLE_CLI_TELEMETRY=1 JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
root=$PWD
out=target/examples
cdk=$root/test-app/node_modules/.bin/cdk
venv_python=$root/test-app/python/.venv/bin/python
assemblies=()
# cargo-lambda (and zig) for examples/rust, whose handler builds into its own target/ folder.
PATH="$(scripts/python-env.sh):$PATH"

cargo build --quiet
for model in examples/*/app.*; do
  name=$(basename "$(dirname "$model")")
  ts=$out/$name/typescript
  py=$out/$name/python
  echo "== $name ($model)"
  cargo run --quiet -- synth "$model" --out "$ts"
  assemblies+=("$name=$root/$ts/cdk.out")

  cargo run --quiet -- app "$model" --lang python --out "$py"
  python3 -m py_compile "$py"/*.py
  if [ "$name" = python ]; then
    if [ -x "$venv_python" ]; then
      (cd "$py" && "$cdk" synth --app "$venv_python app.py" --no-notices --quiet)
      assemblies+=("$name=$root/$py/cdk.out")
    else
      echo "skip: the Python app of examples/$name is not synthesized: no $venv_python (scripts/python-check.sh makes it)"
    fi
  fi
done

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
