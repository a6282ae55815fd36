// `dev --assembly` on an app written only with aws-cdk-lib's constructs (fixture-app/): the
// API Gateway behaviour of the reference, observed with the `ws` client and from handlers that
// use the AWS SDK. One server for the whole file, with an 8 s integration timeout.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import WebSocket from "ws";
import * as path from "node:path";
import { ask, bin, cacheDir, closed, connect, hostOf, nextMessage, plainAssembly, request, startDev, stopDev } from "./helpers.mjs";

const PORT = 3301;
let dev;
let main;
let templated;
let signed;
const good = { headers: { "X-Team": "blue" } };

before(async () => {
  dev = await startDev(["--assembly", plainAssembly, "--port", String(PORT), "--integration-timeout", "8"], { apis: 3 });
  [templated, main, signed] = dev.urls;
});
after(async () => {
  if (dev) await stopDev(dev);
});

describe("aws-cdk-lib app served from its cdk.out", () => {
  test("one URL per API, ports in construct-path order, nested stacks included", async () => {
    assert.deepEqual(dev.urls, [`ws://127.0.0.1:${PORT}/live`, `ws://127.0.0.1:${PORT + 1}/dev`, `ws://127.0.0.1:${PORT + 2}/signed`]);
    assert.match(dev.stdout, /^Plain\/Inner\/Templated ws:\/\/127\.0\.0\.1:3301\/live$/m);
    assert.match(dev.stdout, /^Plain\/Main ws:\/\/127\.0\.0\.1:3302\/dev$/m);
    const inspector = `http://127.0.0.1:${PORT - 1}`;
    assert.ok(dev.stdout.includes(`inspector ${inspector} (${bin} connections list --inspector ${inspector})\n`), "the hint names the program as it was started");
    const ca = path.join(cacheDir, "ca/ca.pem");
    const secure = `wss://127.0.0.1:${PORT}/live wss://127.0.0.1:${PORT + 1}/dev wss://127.0.0.1:${PORT + 2}/signed`;
    await waitFor(() => dev.stderr.includes("dev: serving;"), 5_000, "dev: serving");
    assert.ok(dev.stderr.includes(`dev: the same ports answer TLS, with a certificate of the local CA ${ca}: ${secure}\n`), dev.stderr);
  });

  test("plain HTTP: 426 on the stage and anywhere under it, 403 elsewhere", async () => {
    const host = hostOf(templated);
    for (const where of ["/live", "/live/", "/live/anything", "/live/a/b?c=1"]) {
      const answer = await request(`http://${host}${where}`);
      assert.equal(answer.status, 426, where);
      assert.deepEqual(JSON.parse(answer.body), { message: "This is a WebSocket API: connect with a WebSocket client" });
    }
    assert.equal((await request(`http://${host}/elsewhere`)).status, 403);
  });

  test("REQUEST authorizer: sources AND-ed (401), Unauthorized (401), Deny (403), failure (500)", async () => {
    const status = (url, options) => connect(url, options).then((ws) => (ws.close(), 101), (e) => e.status);
    assert.equal(await status(main), 401);
    assert.equal(await status(`${main}?token=good`), 401, "X-Team header missing");
    assert.equal(await status(`${main}?token=`, good), 401, "empty identity source");
    assert.equal(await status(`${main}?token=bad`, good), 403);
    assert.equal(await status(`${main}?token=boom`, good), 401);
    assert.equal(await status(`${main}?token=crash`, good), 500);
    // Each refusal says why on dev's log, where the client sees only the status.
    const why = [
      /^dev: Plain\/Main: \$connect refused with 401: identity source route\.request\.querystring\.token is missing or empty \(the authorizer is not invoked\)$/m,
      /^dev: Plain\/Main: \$connect refused with 401: identity source route\.request\.header\.X-Team is missing or empty/m,
      /^dev: Plain\/Main: \$connect refused with 403: the authorizer Plain\/Authorizer returned a Deny policy$/m,
      /^dev: Plain\/Main: \$connect refused with 401: the authorizer Plain\/Authorizer threw Unauthorized$/m,
      /^dev: Plain\/Main: \$connect refused with 500: the authorizer Plain\/Authorizer threw Error: database down$/m,
    ];
    for (const line of why) await waitFor(() => line.test(dev.stderr), 5_000, line);
  });

  test("AWS_IAM on $connect: unsigned 403, SigV4-signed accepted (signature not verified locally, said on start)", async () => {
    assert.equal(await connect(signed).then((ws) => (ws.close(), 101), (e) => e.status), 403);
    const unsigned = /^dev: Plain\/Signed: \$connect refused with 403: AWS_IAM: the upgrade is not SigV4-signed/m;
    await waitFor(() => unsigned.test(dev.stderr), 5_000, unsigned);
    const header = { headers: { Authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/eu-west-1/execute-api/aws4_request, SignedHeaders=host, Signature=00" } };
    const ws = await connect(signed, header);
    assert.equal((await ask(ws, "hi")).requestContext.routeKey, "$default");
    ws.close();
    const presigned = await connect(`${signed}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=00`);
    presigned.close();
    assert.match(dev.stderr, /Plain\/Signed: \$connect uses AWS_IAM: a SigV4-signed upgrade is accepted without checking the signature; an unsigned one gets 403/);
  });

  test("$connect handler outcome is the upgrade's HTTP status", async () => {
    const status = (url) => connect(url, good).then((ws) => (ws.close(), 101), (e) => e.status);
    assert.equal(await status(`${main}?token=good&status=418`), 418);
    assert.equal(await status(`${main}?token=good&throw=1`), 502);
    for (const line of [
      /^dev: Plain\/Main: \$connect refused with 418: the \$connect handler Plain\/Connect returned statusCode 418$/m,
      /^dev: Plain\/Main: \$connect refused with 502: the \$connect handler Plain\/Connect threw Error: connect refused by handler$/m,
    ]) {
      await waitFor(() => line.test(dev.stderr), 5_000, line);
    }
  });

  test("MESSAGE event: every field, AWS-shaped ids, authorizer context, local env", async () => {
    const ws = await connect(`${main}?token=good`, good);
    const reply = await ask(ws, { action: "echo", hello: 1 });
    const rc = reply.requestContext;
    assert.equal(reply.body, JSON.stringify({ action: "echo", hello: 1 }));
    assert.equal(reply.isBase64Encoded, false);
    assert.equal(rc.routeKey, "echo");
    assert.equal(rc.eventType, "MESSAGE");
    assert.equal(rc.messageDirection, "IN");
    assert.equal(rc.stage, "dev");
    assert.equal(rc.domainName, hostOf(main));
    assert.equal(rc.extendedRequestId, rc.requestId);
    assert.match(rc.connectionId, /^[A-Za-z0-9+/]{15}=$/);
    assert.match(rc.requestId, /^[A-Za-z0-9+/]{15}=$/);
    assert.match(rc.messageId, /^[A-Za-z0-9+/]{15}=$/);
    assert.match(rc.apiId, /^[a-z0-9]{10}$/);
    assert.match(rc.requestTime, /^\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d \+0000$/);
    assert.ok(rc.requestTimeEpoch >= rc.connectedAt);
    assert.equal(rc.identity.sourceIp, "127.0.0.1");
    assert.deepEqual(rc.authorizer, { principalId: "user-good", team: "blue", level: 3, admin: true });
    assert.equal(reply.env.MAIN_URL, `wss://${hostOf(main)}/dev`);
    assert.equal(reply.env.MAIN_CALLBACK, `https://${hostOf(main)}/dev`);
    assert.equal(reply.env.AWS_REGION, "eu-west-1");
    const again = await ask(ws, { action: "echo" });
    assert.equal(again.calls, reply.calls + 1, "the environment stays warm");
    ws.close();
  });

  test("CONNECT and DISCONNECT events; the subprotocol $connect picks", async () => {
    const chosen = await new Promise((resolve, reject) => {
      const client = new WebSocket(`${main}?token=good&protocol=chat.v1`, ["chat.v1", "chat.v2"], { ...good });
      client.on("open", () => (resolve(client.protocol), client.close(1000)));
      client.on("error", reject);
    });
    assert.equal(chosen, "chat.v1");
    await new Promise((r) => setTimeout(r, 300));
    const observer = await connect(`${main}?token=good&observer=1`, good);
    const { lastConnect, lastDisconnect } = await ask(observer, { action: "events" });
    observer.close();
    assert.equal(lastConnect.queryStringParameters.protocol, "chat.v1");
    assert.equal(lastConnect.headers["Sec-WebSocket-Protocol"], "chat.v1,chat.v2", "as the client sent it");
    assert.equal(lastConnect.requestContext.eventType, "CONNECT");
    assert.equal(lastConnect.requestContext.routeKey, "$connect");
    assert.equal(lastConnect.isBase64Encoded, false);
    assert.equal(lastConnect.headers.Host, hostOf(main));
    assert.ok(lastConnect.headers["Sec-WebSocket-Key"]);
    assert.equal(lastConnect.headers["Sec-WebSocket-Version"], "13");
    assert.equal(lastConnect.headers["X-Team"], "blue");
    assert.equal(lastConnect.headers["X-Forwarded-For"], "127.0.0.1");
    assert.match(lastConnect.headers["X-Amzn-Trace-Id"], /^Root=1-/);
    assert.deepEqual(lastConnect.multiValueHeaders["X-Team"], ["blue"]);
    assert.equal(lastConnect.queryStringParameters.token, "good");
    assert.deepEqual(lastConnect.stageVariables, { tier: "local" });
    assert.ok(typeof lastConnect.requestContext.authorizer.integrationLatency === "number");
    assert.equal(lastConnect.requestContext.authorizer.team, "blue");
    assert.equal(lastDisconnect.requestContext.eventType, "DISCONNECT");
    assert.equal(lastDisconnect.requestContext.routeKey, "$disconnect");
    assert.equal(lastDisconnect.requestContext.disconnectStatusCode, 1000);
    assert.ok(lastDisconnect.requestContext.disconnectReason);
    assert.equal(lastDisconnect.requestContext.authorizer.principalId, "user-good");
    assert.equal(lastDisconnect.requestContext.authorizer.integrationLatency, undefined);
  });

  test("wss from a client trusting the local CA: X-Forwarded-Proto https, repeated query keys", async () => {
    const ws = await connect(`wss://${hostOf(main)}/dev?token=good&a=1&a=2`, good);
    ws.close(1000);
    await closed(ws);
    await new Promise((r) => setTimeout(r, 300));
    const observer = await connect(`wss://${hostOf(main)}/dev?token=good&observer=1`, good);
    const { lastConnect } = await ask(observer, { action: "events" });
    observer.close();
    assert.equal(lastConnect.headers["X-Forwarded-Proto"], "https");
    assert.deepEqual(lastConnect.multiValueQueryStringParameters.a, ["1", "2"]);
    assert.equal(lastConnect.queryStringParameters.a, "2");
  });

  test("a Python handler: boto3 provided, warm module state, authorizer context, error frame", async () => {
    const ws = await connect(`${main}?token=good`, good);
    const first = await ask(ws, { action: "py" }, 30_000);
    assert.equal(first.routeKey, "py");
    assert.equal(first.boto3, "1.44.8");
    assert.equal(first.remaining, true);
    assert.equal(first.authorizer.team, "blue");
    assert.equal((await ask(ws, { action: "py" })).calls, first.calls + 1);
    assert.equal((await ask(ws, { action: "pyfail" })).message, "Internal server error");
    assert.match(dev.stderr, /dev: Plain\/Py: ValueError: python handler failed on purpose/);
    ws.close();
  });

  test("failures that are not Errors: the errorType Lambda's Node runtime reports", async () => {
    const ws = await connect(`${main}?token=good`, good);
    const cases = {
      "callback-text": "string: some text",
      "throw-number": "number: 42",
      "reject-null": "string: handled",
      "reject-undefined": "string: handled",
      "throw-object": "object: [object Object]",
      "context-fail": "string: handled",
      "type-error": "TypeError: typed on purpose",
    };
    for (const [how, reported] of Object.entries(cases)) {
      const shown = dev.stderr.length;
      assert.equal((await ask(ws, { action: "odd", how })).message, "Internal server error", how);
      await waitFor(() => dev.stderr.slice(shown).includes(`dev: Plain/Odd: ${reported}\n`), 5_000, `${how}: ${reported}`);
    }
    ws.close();
  });

  test("no route and no $default: the Forbidden frame; a one-way route answers nothing", async () => {
    const ws = await connect(`${main}?token=good`, good);
    const forbidden = await ask(ws, { action: "nope" });
    assert.equal(forbidden.message, "Forbidden");
    assert.match(forbidden.connectionId, /=$/);
    assert.ok(forbidden.requestId);
    assert.equal((await ask(ws, "not json")).message, "Forbidden");
    ws.send(JSON.stringify({ action: "oneway" }));
    const reply = await ask(ws, { action: "echo" });
    assert.equal(reply.requestContext.routeKey, "echo", "the one-way route sent nothing before");
    ws.close();
  });

  test("handlers post with the AWS SDK on https://${domainName}/${stage}; @connections GET, POST, DELETE, 410, 413", async () => {
    const a = await connect(`${main}?token=good`, good);
    const b = await connect(`${main}?token=good`, good);
    const idOf = async (ws) => (await ask(ws, { action: "echo" })).requestContext.connectionId;
    const [idA, idB] = [await idOf(a), await idOf(b)];
    a.send(JSON.stringify({ action: "post", to: idB, data: "to b" }));
    assert.equal(await nextMessage(b), "to b");
    assert.deepEqual(JSON.parse(await nextMessage(a)), { posted: true, sourceIp: "127.0.0.1" });
    assert.doesNotMatch(dev.stderr, /NodeVersionSupportWarning/, "no SDK notice about Node 20 from the SDK client");

    const base = `https://${hostOf(main)}/dev/@connections`;
    const live = await request(`${base}/${encodeURIComponent(idA)}`);
    assert.equal(live.status, 200);
    const described = JSON.parse(live.body);
    assert.match(described.connectedAt, /^\d{4}-\d\d-\d\dT/);
    assert.match(described.lastActiveAt, /^\d{4}-\d\d-\d\dT/);
    assert.equal(described.identity.sourceIp, "127.0.0.1");
    const plainHttp = await request(`http://${hostOf(main)}/@connections/${encodeURIComponent(idA)}`);
    assert.equal(plainHttp.status, 200, "stage-less path, plain http, same port");
    const tooBig = await request(`${base}/${encodeURIComponent(idA)}`, { method: "POST", body: "x".repeat(131_073) });
    assert.equal(tooBig.status, 413);

    b.close();
    await closed(b);
    await new Promise((r) => setTimeout(r, 200));
    const gonePost = await request(`${base}/${encodeURIComponent(idB)}`, { method: "POST", body: "late" });
    assert.equal(gonePost.status, 410);
    assert.equal(gonePost.headers["x-amzn-errortype"], "GoneException");
    assert.equal((await request(`${base}/${encodeURIComponent(idB)}`)).status, 410);
    assert.deepEqual(await ask(a, { action: "post", to: idB, data: "late" }), { posted: false, error: "GoneException", status: 410 });

    const deleted = await request(`${base}/${encodeURIComponent(idA)}`, { method: "DELETE" });
    assert.equal(deleted.status, 204);
    await closed(a);
  });

  test("failing handlers: error frames, timeouts, crashes and floods leave the server serving", async () => {
    const ws = await connect(`${main}?token=good`, good);
    assert.equal((await ask(ws, { action: "throw" })).message, "Internal server error");
    const started = Date.now();
    assert.equal((await ask(ws, { action: "hang" }, 30_000)).message, "Internal server error", "function timeout (5 s)");
    assert.ok(Date.now() - started < 12_000);
    assert.equal((await ask(ws, { action: "crash" })).message, "Internal server error");
    assert.equal(await ask(ws, { action: "flood" }, 30_000), "flooded", "a fresh environment after the crash");
    assert.equal((await ask(ws, { action: "slow" }, 30_000)).message, "Endpoint request timed out", "integration timeout (8 s)");
    assert.equal((await ask(ws, { action: "echo" })).requestContext.routeKey, "echo");
    ws.close();
  });

  test("quotas: frame over 32 KB and message over 128 KB close with 1009, binary frames with 1003", async () => {
    const big = await connect(`${main}?token=good`, good);
    big.send("x".repeat(40 * 1024));
    assert.equal((await closed(big)).code, 1009);

    const fragmented = await connect(`${main}?token=good`, good);
    for (let i = 0; i < 5; i++) fragmented.send("y".repeat(30 * 1024), { fin: i === 4 });
    assert.equal((await closed(fragmented)).code, 1009);

    const binary = await connect(`${main}?token=good`, good);
    binary.send(Buffer.from([1, 2, 3]), { binary: true });
    assert.equal((await closed(binary)).code, 1003);
  });

  test("template selection expression in a nested stack's API without $connect", async () => {
    const ws = await connect(templated);
    assert.equal(await ask(ws, { service: "chat", action: "join" }), `chat/join:${JSON.stringify({ service: "chat", action: "join" })}`);
    assert.equal(await ask(ws, { service: "chat" }), `$default:${JSON.stringify({ service: "chat" })}`);
    assert.equal(await ask(ws, "plain text"), `$default:"plain text"`);
    ws.close();
  });

  test("Ctrl-C closes every connection with 1001 and exits 0", async () => {
    const ws = await connect(templated);
    const exit = await stopDev(dev);
    assert.equal((await closed(ws)).code, 1001);
    assert.deepEqual(exit, { code: 0, signal: null });
  });
});

/** Polls `check` until it holds, failing with `what` after `ms`. */
async function waitFor(check, ms, what) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
