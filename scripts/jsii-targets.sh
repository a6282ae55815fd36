#!/usr/bin/env bash
# The Java and Go bindings of the built generated/ package, as they would be published:
# jsii-pacmak --targets java --targets go on a staged pack (scripts/pack-library.sh).
# - Java: Maven builds the jar against Maven Central's aws-cdk-lib (the peer range resolves to
#   the newest it serves), into a local repository of the project's own, target/jsii-targets/m2,
#   so ~/.m2 is neither used nor changed; the jar is installed there for the Java apps.
# - Go: the module target/jsii-targets/dist/go/websocketapi, which the Go apps replace the
#   unpublished module path with (scripts/examples-check.sh).
# The targets' names (Java package, Maven coordinates, Go module) come from the model
# (constructs/src/package.rs) through generated/package.json. Needs generated/ built and
# test-app's node_modules (the peers' assemblies). Fails when either build fails.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
out=$root/target/jsii-targets
for tool in java mvn go; do
  command -v "$tool" > /dev/null || { echo "jsii-targets: $tool must be on PATH" >&2; exit 1; }
done
rm -rf "$out/dist" "$out/stage" "$out/tmp" && mkdir -p "$out/tmp"
stage=$(scripts/pack-library.sh "$out" | sed -n 1p)
# jsii-pacmak reads the peers' assemblies (Java and Go name their types): test-app's pinned ones.
for peer in aws-cdk-lib constructs; do
  ln -sfn "$root/test-app/node_modules/$peer" "$stage/node_modules/$peer"
done
export MAVEN_OPTS="-Dmaven.repo.local=$out/m2"
start=$SECONDS
# Its scratch folders (kept when it fails) go into our own TMPDIR.
if ! TMPDIR=$out/tmp timeout 900 test-app/node_modules/.bin/jsii-pacmak --targets java --targets go \
  --outdir "$out/dist" "$stage" > "$out/pacmak.log" 2>&1; then
  tail -40 "$out/pacmak.log" >&2
  echo "jsii-targets: jsii-pacmak failed; its log: $out/pacmak.log" >&2
  exit 1
fi
rm -rf "$out/tmp"
cp -R "$out/dist/java/." "$out/m2/"
echo "jsii-targets: the Java jar and the Go module in $((SECONDS - start))s"
find "$out/dist/java" -name '*.jar' -printf '  java/%P (%s bytes)\n' | sort
echo "  go/websocketapi: $(find "$out/dist/go/websocketapi" -name '*.go' | wc -l) .go files," \
  "$(sed -n 's/^module //p' "$out/dist/go/websocketapi/go.mod")"
