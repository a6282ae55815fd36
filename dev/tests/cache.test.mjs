// Two `dev` processes starting at once with a fresh cache folder and no `flock` command on the
// PATH: the install lock (the standard library's file lock) lets one create the CA and install
// the AWS SDK while the other waits, and both then serve a Node handler that loads the SDK.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import WebSocket from "ws";
import { startDev, stopDev } from "./helpers.mjs";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dev-cache-"));
const started = [];
after(async () => {
  for (const dev of started) await stopDev(dev);
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** The smallest assembly with a WebSocket API and a Node handler, written by hand. */
function assembly() {
  const dir = path.join(tmp, "cdk.out");
  fs.mkdirSync(path.join(dir, "asset.handler"), { recursive: true });
  fs.writeFileSync(
    path.join(dir, "asset.handler/index.js"),
    `exports.handler = async () => ({ statusCode: 200, body: typeof require("@aws-sdk/client-dynamodb").DynamoDBClient });`,
  );
  const template = {
    Resources: {
      Api: { Type: "AWS::ApiGatewayV2::Api", Properties: { Name: "Api", ProtocolType: "WEBSOCKET", RouteSelectionExpression: "$request.body.action" } },
      Stage: { Type: "AWS::ApiGatewayV2::Stage", Properties: { ApiId: { Ref: "Api" }, StageName: "dev" } },
      Fn: {
        Type: "AWS::Lambda::Function",
        Properties: { Runtime: "nodejs22.x", Handler: "index.handler", Code: { S3Bucket: "b", S3Key: "x.zip" } },
        Metadata: { "aws:asset:path": "asset.handler" },
      },
      Integration: {
        Type: "AWS::ApiGatewayV2::Integration",
        Properties: { ApiId: { Ref: "Api" }, IntegrationType: "AWS_PROXY", IntegrationUri: { "Fn::Join": ["", ["arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/", { "Fn::GetAtt": ["Fn", "Arn"] }, "/invocations"]] } },
      },
      Route: {
        Type: "AWS::ApiGatewayV2::Route",
        Properties: { ApiId: { Ref: "Api" }, RouteKey: "$default", RouteResponseSelectionExpression: "$default", Target: { "Fn::Join": ["", ["integrations/", { Ref: "Integration" }]] } },
      },
      Response: { Type: "AWS::ApiGatewayV2::RouteResponse", Properties: { ApiId: { Ref: "Api" }, RouteId: { Ref: "Route" }, RouteResponseKey: "$default" } },
    },
  };
  fs.writeFileSync(path.join(dir, "Tiny.template.json"), JSON.stringify(template));
  const manifest = { version: "40.0.0", artifacts: { Tiny: { type: "aws:cloudformation:stack", environment: "aws://unknown-account/unknown-region", properties: { templateFile: "Tiny.template.json" } } } };
  fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(manifest));
  return dir;
}

function which(tool) {
  const dir = process.env.PATH.split(path.delimiter).find((d) => fs.existsSync(path.join(d, tool)));
  assert.ok(dir, `${tool} on the PATH`);
  return fs.realpathSync(path.join(dir, tool));
}

function ask(url) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const timer = setTimeout(() => (ws.terminate(), reject(new Error(`no answer from ${url}`))), 30_000);
    ws.on("open", () => ws.send("hi"));
    ws.on("message", (data) => (clearTimeout(timer), ws.close(), resolve(data.toString())));
    ws.on("error", (e) => (clearTimeout(timer), reject(e)));
  });
}

test("two servers, one fresh cache: one CA, one SDK install, both serve", async () => {
  const dir = assembly();
  // A PATH with node, npm and sh only: no `flock` command to lean on (stock macOS has none).
  const bin = path.join(tmp, "bin");
  fs.mkdirSync(bin);
  for (const tool of ["node", "npm", "sh"]) fs.symlinkSync(which(tool), path.join(bin, tool));
  const env = { CDK_FROM_RUST_CACHE: path.join(tmp, "cache"), PATH: bin };
  const devs = await Promise.all(
    [3991, 3993].map((port) => startDev(["--assembly", dir, "--port", String(port), "--no-watch"], { env, timeoutMs: 180_000 }).then((d) => (started.push(d), d))),
  );
  for (const dev of devs) assert.equal(await ask(dev.urls[0]), "function", dev.stderr);
  const count = (re) => devs.filter((d) => re.test(d.stderr)).length;
  assert.equal(count(/dev: installing the AWS SDK for handlers into /), 1, devs.map((d) => d.stderr).join("\n---\n"));
  assert.equal(count(/dev: installed the AWS SDK for handlers in \d+\.\d s/), 1);
  assert.equal(count(/dev: created a local certificate authority/), 1);
  assert.ok(count(/dev: waiting for another process installing into /) >= 1, "one waited for the other");
});
