// examples/authorizer, served with `dev MODEL` (synthesized first): its REQUEST authorizer
// decides the upgrade's status, its `authorizer: "iam"` API (with the $connect route that
// AWS_IAM is set on) refuses unsigned upgrades, and both $default routes acknowledge messages.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as path from "node:path";
import { ask, connect, startDev, stopDev, workspace } from "./helpers.mjs";

let dev;
before(async () => {
  dev = await startDev([path.join(workspace, "examples/authorizer/app.json"), "--port", "3501", "--no-local-dynamodb"], { apis: 2, timeoutMs: 240_000 });
});
after(async () => {
  if (dev) await stopDev(dev);
});

const status = (url, options) => connect(url, options).then((ws) => (ws.close(), 101), (e) => e.status);

describe("authorizer example", () => {
  test("ports in construct-path order", () => {
    assert.match(dev.stdout, /^Internal\/Admin\/Api ws:\/\/127\.0\.0\.1:3501\/default$/m);
    assert.match(dev.stdout, /^Secure\/Tokens\/Api ws:\/\/127\.0\.0\.1:3502\/default$/m);
  });

  test("no token 401, a wrong token 403, the right token connects and its messages run the $default route", async () => {
    const url = "ws://127.0.0.1:3502/default";
    assert.equal(await status(url), 401);
    assert.equal(await status(`${url}?token=`), 401);
    assert.equal(await status(`${url}?token=wrong`), 403);
    const ws = await connect(`${url}?token=let-me-in`);
    assert.deepEqual(await ask(ws, { anything: 1 }), { received: JSON.stringify({ anything: 1 }) });
    ws.close();
    assert.doesNotMatch(dev.stderr, /dev: Secure\/Tokens\S*: (Error|Task timed out|environment failed)/);
  });

  test("`authorizer: \"iam\"`: an unsigned upgrade gets 403, a SigV4-signed one connects and is acknowledged", async () => {
    const url = "ws://127.0.0.1:3501/default";
    assert.equal(await status(url), 403);
    const signed = { headers: { Authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/execute-api/aws4_request, SignedHeaders=host, Signature=00" } };
    const ws = await connect(url, signed);
    assert.deepEqual(await ask(ws, "hello"), { received: JSON.stringify("hello") });
    ws.close();
  });
});
