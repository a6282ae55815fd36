// examples/authorizer, served with `dev MODEL` (synthesized first): its REQUEST authorizer
// decides the upgrade's status, and its `authorizer: "iam"` API
// guards nothing, since the API has no $connect route (as on AWS).
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
    ws.send(JSON.stringify({ anything: 1 }));
    // The route is one-way (no returnResponse): nothing comes back, not even an error frame.
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepEqual(ws.inbox, []);
    ws.close();
    assert.doesNotMatch(dev.stderr, /dev: Secure\/Tokens\S*: (Error|Task timed out|environment failed)/);
  });

  test("`authorizer: \"iam\"` without a $connect route guards nothing, as on AWS: every client connects", async () => {
    const ws = await connect("ws://127.0.0.1:3501/default");
    ws.close();
  });
});
