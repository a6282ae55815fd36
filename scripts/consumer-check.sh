#!/usr/bin/env bash
# A consumer's view: pack generated/ as it would be published, install it into a new project
# with nothing but constructs and the oldest aws-cdk-lib its peer range takes (the floor), and
# synthesize a 4-route API whose routes are handler strings (bundled by the esbuild-wasm the
# package ships), with an access log and a JWT authorizer.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
cdk_lib=$(node -p 'require("./generated/package.json").peerDependencies["aws-cdk-lib"].replace(/^\^/, "")')
constructs=$(node -p 'require("./test-app/package-lock.json").packages["node_modules/constructs"].version')
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tarball=$(scripts/pack-library.sh "$tmp" | tail -1)
tar -tzf "$tarball" > "$tmp/contents"
if ! grep -qx 'package/node_modules/esbuild-wasm/package.json' "$tmp/contents"; then
  echo "consumer check: $tarball does not bundle esbuild-wasm" >&2
  exit 1
fi
mkdir -p "$tmp/app/src"
cd "$tmp/app"
echo '{ "name": "consumer", "private": true }' > package.json
npm install --no-audit --no-fund --loglevel=error --prefer-offline \
  "$tarball" "aws-cdk-lib@$cdk_lib" "constructs@$constructs" > /dev/null
for route in connect disconnect send default; do
  printf 'export const main = async () => ({ statusCode: 200, body: "%s" });\n' "$route" > "src/$route.ts"
done
cat > app.js <<'JS'
const cdk = require("aws-cdk-lib");
const { WebSocketApi } = require("@cdk-from-rust/websocket-api");
const app = new cdk.App({ outdir: "cdk.out" });
const stack = new cdk.Stack(app, "Consumer");
new WebSocketApi(stack, "Chat", {
  accessLog: { retention: "one_week" },
  authorizer: { type: "jwt", jwt: { issuer: "https://issuer.example.com", audience: ["chat"] } },
  routes: {
    $connect: "src/connect.main",
    $disconnect: "src/disconnect.main",
    sendMessage: "src/send.main",
    $default: "src/default.main",
  },
});
app.synth();
JS
node app.js
node -e '
const t = require("./cdk.out/Consumer.template.json");
const routes = Object.values(t.Resources).filter((r) => r.Type === "AWS::ApiGatewayV2::Route");
const fns = Object.values(t.Resources).filter((r) => r.Type === "AWS::Lambda::Function");
// The four routes and the prebuilt JWT authorizer.
if (routes.length !== 4 || fns.length !== 5) { console.error(`expected 4 routes and 5 functions, got ${routes.length} and ${fns.length}`); process.exit(1); }
const authorizers = Object.values(t.Resources).filter((r) => r.Type === "AWS::ApiGatewayV2::Authorizer");
const logs = Object.values(t.Resources).filter((r) => r.Type === "AWS::Logs::LogGroup");
if (authorizers.length !== 1 || logs.length !== 1) { console.error("expected the JWT authorizer and the access log group"); process.exit(1); }
const version = require("aws-cdk-lib/package.json").version;
console.log(`consumer check: aws-cdk-lib ${version}: 4 routes, 4 bundled functions and the JWT authorizer, ${Object.keys(t.Resources).length} resources`);
'
