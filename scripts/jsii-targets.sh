#!/usr/bin/env bash
# Java and Go bindings, on trial: runs jsii-pacmak --targets java and --targets go on a staged pack
# of the built generated/ package and reports what each produced (artifacts, sizes, time).
#
# The targets' names (Java package, Maven coordinates, Go module) come from the model
# (constructs/src/package.rs), through generated/package.json.
#
# Never fails the test run: a language whose toolchain is not on PATH (java and mvn; go) is skipped
# with a message, and a failed Maven or Go build is reported with its cause (one line). Every build
# downloads its dependencies (aws-cdk-lib's jar from Maven Central, the aws-cdk-go module from the Go
# module proxy) unless ~/.m2 or the Go module cache already holds them.
# Usage: scripts/jsii-targets.sh [OUT]   (OUT keeps the artifacts; by default a temporary folder)
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
if [ $# -ge 1 ]; then
  mkdir -p "$1" && out=$(cd "$1" && pwd)
else
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
fi


have() { command -v "$1" > /dev/null 2>&1; }
want=()
if have java && have mvn; then want+=(java); else echo "jsii-targets: skip java: java and mvn must be on PATH"; fi
if have go; then want+=(go); else echo "jsii-targets: skip go: go must be on PATH"; fi
[ ${#want[@]} -gt 0 ] || exit 0

packed=$(scripts/pack-library.sh "$out") || { echo "jsii-targets: skip: could not stage generated/ (build it first)"; exit 0; }
stage=$(sed -n 1p <<< "$packed")

# jsii-pacmak reads the peers' assemblies (Java and Go name their types): test-app's pinned ones.
for peer in aws-cdk-lib constructs; do
  ln -sfn "$root/test-app/node_modules/$peer" "$stage/node_modules/$peer"
done

for target in "${want[@]}"; do
  start=$(date +%s.%N)
  log="$out/pacmak-$target.log"
  scratch="$out/tmp-$target"
  mkdir -p "$scratch"
  if TMPDIR=$scratch timeout 900 test-app/node_modules/.bin/jsii-pacmak --targets "$target" --outdir "$out/dist" "$stage" > "$log" 2>&1; then
    result=ok
  else
    result=FAILED
  fi
  took=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1fs", e - s }')
  echo "jsii-targets: $target $result in $took"
  dir="$out/dist/$target"
  if [ "$target" = java ] && [ -d "$dir" ]; then
    find "$dir" -type f \( -name '*.jar' -o -name '*.pom' \) -printf '  java/%P (%s bytes)\n' | sort
  fi
  if [ "$target" = go ] && [ -d "$dir" ]; then
    for module in "$dir"/*/; do
      echo "  go/$(basename "$module"): $(find "$module" -name '*.go' | wc -l) .go files, $(du -sk "$module" | cut -f1) KB in all," \
        "module $(sed -n 's/^module //p' "$module/go.mod")"
      # Without its dependencies the module cannot build; at least it must parse.
      if [ "$result" = FAILED ]; then
        if gofmt -e -l "$module" > /dev/null 2> "$out/gofmt.log"; then
          echo "  the generated Go code parses (gofmt -e)"
        else
          echo "  the generated Go code does not parse:"; head -10 "$out/gofmt.log" | sed 's/^/    /'
        fi
      fi
    done
  fi
  # On failure jsii-pacmak keeps its scratch folders: they are in our own TMPDIR.
  rm -rf "$scratch"
  if [ "$result" = FAILED ]; then
    cause=$(grep -m1 -E '\[ERROR\] [A-Z]|403 Forbidden|not available|Could not|Cannot find' "$log" | sed 's/^[#A-Z]*> *//; s/\x1b\[[0-9;]*m//g')
    echo "  cause: ${cause:-see $log}"
    [ $# -ge 1 ] && echo "  log: $log"
  elif grep -qi 'warn' "$log"; then
    grep -i 'warn' "$log" | sed 's/^/  /' | head -10
  fi
done
exit 0
