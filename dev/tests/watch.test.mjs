// `dev --assembly CDK_OUT --watch DIR` (both relative, run in the app's folder) for a CDK app
// written with aws-cdk-lib: a saved handler synthesizes the app in DIR again; the function whose
// asset changed answers with the new code, the other keeps its warm environment, and the open
// connection stays connected.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ask, connect, startDev, stopDev, workspace } from "./helpers.mjs";

const APP = `
import * as path from "node:path";
import * as cdk from "aws-cdk-lib";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as apigwv2 from "aws-cdk-lib/aws-apigatewayv2";
import { WebSocketLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";

const app = new cdk.App();
const stack = new cdk.Stack(app, "Watched");
const api = new apigwv2.WebSocketApi(stack, "Api", { routeSelectionExpression: "$request.body.action" });
new apigwv2.WebSocketStage(stack, "Stage", { webSocketApi: api, stageName: "dev", autoDeploy: true });
for (const name of ["a", "b"]) {
  const fn = new lambda.Function(stack, name, {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: "index.handler",
    code: lambda.Code.fromAsset(path.join(process.cwd(), "handlers", name)),
  });
  api.addRoute(name, { integration: new WebSocketLambdaIntegration(name, fn), returnResponse: true });
}
`;

/** A handler counting the invocations of its environment. */
const handler = (text) => `let n = 0;\nexports.handler = async () => ({ statusCode: 200, body: JSON.stringify({ text: "${text}", n: ++n }) });\n`;

let dir;
let dev;
before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "dev-watch-"));
  fs.writeFileSync(path.join(dir, "app.ts"), APP);
  fs.writeFileSync(path.join(dir, "cdk.json"), JSON.stringify({ app: "node_modules/.bin/tsx app.ts" }));
  fs.symlinkSync(path.join(workspace, "test-app/node_modules"), path.join(dir, "node_modules"));
  for (const name of ["a", "b"]) {
    fs.mkdirSync(path.join(dir, "handlers", name), { recursive: true });
    fs.writeFileSync(path.join(dir, "handlers", name, "index.js"), handler(`${name}1`));
  }
  execFileSync(path.join(dir, "node_modules/.bin/cdk"), ["synth", "--quiet", "--no-notices", "-o", "out"], { cwd: dir, stdio: "ignore", timeout: 180_000 });
  // Relative folders, as a user types them in the app's folder.
  dev = await startDev(["--assembly", "out", "--watch", ".", "--port", "4111"], { cwd: dir });
}, { timeout: 240_000 });
after(async () => {
  if (dev) await stopDev(dev);
  fs.rmSync(dir, { recursive: true, force: true });
});

test("--watch: a saved handler of a CDK app reloads that function only, on the open connection", async () => {
  const ws = await connect(dev.urls[0]);
  assert.deepEqual(await ask(ws, { action: "a" }, 30_000), { text: "a1", n: 1 });
  assert.deepEqual(await ask(ws, { action: "b" }, 30_000), { text: "b1", n: 1 });
  fs.writeFileSync(path.join(dir, "handlers/a/index.js"), handler("a2"));
  const deadline = Date.now() + 180_000;
  let a;
  while ((a = await ask(ws, { action: "a" }, 30_000)).text !== "a2") {
    assert.ok(Date.now() < deadline, `still ${JSON.stringify(a)}:\n${dev.stderr.slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  // A fresh environment for the changed function; the unchanged one stays warm.
  assert.deepEqual(a, { text: "a2", n: 1 });
  assert.deepEqual(await ask(ws, { action: "b" }, 30_000), { text: "b1", n: 2 });
  assert.equal(ws.readyState, ws.OPEN);
  assert.match(dev.stderr, /dev: handlers\/a\/index\.js changed: synthesizing again/);
  // Functions of aws-cdk-lib record no source: dev says they reload by synthesis.
  assert.match(dev.stderr, /dev: a saved handler synthesizes the app again for Watched\/a, Watched\/b \(no cdk-from-rust:function-source metadata/);
  assert.match(dev.stderr, /dev: reloaded in [\d.]+ s: Watched\/a \(fresh environments\); 1 unchanged function\(s\) kept warm/);
  // The synthesis writes into the watched folder (out/): that is no change to reload again.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  assert.equal(dev.stderr.split("synthesizing again").length, 2);
  ws.close();
});
