// examples/python, served with `dev MODEL`: Python handlers with boto3 write to the local
// DynamoDB that `dev` starts itself (moto), behind AWS_IAM on $connect.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import * as path from "node:path";
import { ask, connect, startDev, stopDev, workspace } from "./helpers.mjs";

let dev;
before(async () => {
  const env = Object.fromEntries(Object.keys(process.env).filter((k) => k.startsWith("AWS_ENDPOINT_URL")).map((k) => [k, ""]));
  dev = await startDev([path.join(workspace, "examples/python/app.yaml"), "--port", "3951"], { env, timeoutMs: 240_000 });
});
after(async () => {
  if (dev) await stopDev(dev);
});

test("python example: signed connect, the post route stores the message in the local table with boto3", async () => {
  assert.deepEqual(dev.urls, ["ws://127.0.0.1:3951/prod"]);
  assert.equal(await connect(dev.urls[0]).then((ws) => (ws.close(), 101), (e) => e.status), 403);
  const ws = await connect(dev.urls[0], { headers: { Authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/execute-api/aws4_request, SignedHeaders=host, Signature=00" } });
  assert.deepEqual(await ask(ws, { type: "post", room: "r1", text: "hello" }, 30_000), { stored: true });
  ws.close();

  const [, endpoint, table] = /local DynamoDB at (http:\/\/127\.0\.0\.1:\d+) with tables (\S+)/.exec(dev.stderr);
  const scan = await fetch(endpoint, {
    method: "POST",
    headers: {
      "X-Amz-Target": "DynamoDB_20120810.Scan",
      "Content-Type": "application/x-amz-json-1.0",
      Authorization: "AWS4-HMAC-SHA256 Credential=local/20240101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0",
    },
    body: JSON.stringify({ TableName: table }),
  }).then((r) => r.json());
  assert.equal(scan.Count, 1);
  assert.deepEqual(scan.Items[0].text, { S: "hello" });
  assert.deepEqual(scan.Items[0].room, { S: "r1" });
});
