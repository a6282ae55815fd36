// `dev --deterministic --event-log FILE`: ids from counters, a clock that starts at
// 2024-01-01T00:00:00Z and advances one second per event, and one NDJSON line per event
// delivered to a handler and per frame sent to a client. The whole log of a session is
// asserted, line by line, payload by payload.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import WebSocket from "ws";
import { caCert, closed, nextMessage, plainAssembly, request, startDev, stopDev } from "./helpers.mjs";

const PORT = 4001;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dev-deterministic-"));
const logFile = path.join(tmp, "events.ndjson");
let dev;

before(async () => {
  dev = await startDev(["--assembly", plainAssembly, "--port", String(PORT), "--deterministic", "--event-log", logFile], { apis: 3 });
});
after(async () => {
  if (dev) await stopDev(dev);
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** The log's lines once it has at least `n` (within 15 s), parsed. */
async function logLines(n) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const lines = fs.readFileSync(logFile, "utf8").split("\n").filter(Boolean);
    if (lines.length >= n) return lines.map((l) => JSON.parse(l));
    if (Date.now() > deadline) throw new Error(`the event log has ${lines.length} line(s), not ${n}:\n${lines.join("\n")}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A client, with the Sec-WebSocket-Accept it was answered: the Sec-WebSocket-Key it sent (the
 * one value of an event the client picks at random) is the one whose hash that is. */
function open(url, headers = {}) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { ca: caCert(), headers });
    ws.inbox = [];
    ws.waiters = [];
    ws.on("message", (data, isBinary) => {
      const message = isBinary ? data : data.toString();
      const waiter = ws.waiters.shift();
      if (waiter) waiter(message);
      else ws.inbox.push(message);
    });
    ws.closed = new Promise((r) => ws.on("close", (code, reason) => r({ code, reason: reason.toString() })));
    ws.on("upgrade", (res) => (ws.accept = res.headers["sec-websocket-accept"]));
    ws.on("open", () => resolve(ws));
    ws.on("error", reject);
  });
}

const EPOCH = 1704067200000;
const clf = (seconds) => `01/Jan/2024:00:00:${String(seconds).padStart(2, "0")} +0000`;
const connection = (n) => `C${String(n).padStart(13, "0")}A=`;
const requestId = (n) => `R${String(n).padStart(13, "0")}A=`;
const messageId = (n) => `M${String(n).padStart(13, "0")}A=`;

test("a whole session's events and frames, exactly, from fixed ids and clock", async () => {
  const main = `127.0.0.1:${PORT + 1}`;
  const live = `127.0.0.1:${PORT}`;
  // 1. A connects to Main: the authorizer's event, then $connect's.
  const a = await open(`ws://${main}/dev?token=good`, { "X-Team": "blue", "User-Agent": "snapshot/1.0" });
  // 2. A one-way route (an event, no frame), then no route (a frame, no event).
  a.send(JSON.stringify({ action: "oneway", n: 1 }));
  await logLines(3);
  a.send(JSON.stringify({ action: "nope" }));
  assert.equal(await nextMessage(a), JSON.stringify({ message: "Forbidden", connectionId: connection(1), requestId: requestId(3) }));
  // 3. A closes: its close frame is echoed, then $disconnect runs.
  a.close(4000, "done");
  assert.deepEqual(await closed(a), { code: 4000, reason: "done" });
  await logLines(6);
  // 4. B connects to the nested API (no $connect), is answered, posted to and deleted.
  const b = await open(`ws://${live}/live`);
  b.send(JSON.stringify({ service: "chat", action: "join" }));
  assert.equal(await nextMessage(b), `chat/join:${JSON.stringify({ service: "chat", action: "join" })}`);
  const posted = await request(`http://${live}/live/@connections/${encodeURIComponent(connection(2))}`, { method: "POST", body: "hello" });
  assert.equal(posted.status, 200);
  assert.equal(posted.headers["x-amzn-requestid"], requestId(7), "every upgrade and management call counts a request");
  assert.equal(await nextMessage(b), "hello");
  const bytes = Buffer.from([0xff, 0x00, 0x01]);
  assert.equal((await request(`http://${live}/@connections/${encodeURIComponent(connection(2))}`, { method: "POST", body: bytes })).status, 200);
  assert.deepEqual(Buffer.from(await nextMessage(b)), bytes, "not UTF-8: a binary frame");
  const described = JSON.parse((await request(`http://${live}/@connections/${encodeURIComponent(connection(2))}`)).body);
  assert.deepEqual(described, {
    connectedAt: "2024-01-01T00:00:04.000Z",
    identity: { sourceIp: "127.0.0.1", userAgent: null },
    lastActiveAt: "2024-01-01T00:00:05.000Z",
  });
  assert.equal((await request(`http://${live}/@connections/${encodeURIComponent(connection(2))}`, { method: "DELETE" })).status, 204);
  assert.deepEqual(await closed(b), { code: 1000, reason: "Connection deleted" });
  // 5. C connects to the signed API with no query string and no User-Agent, then closes.
  const signed = `127.0.0.1:${PORT + 2}`;
  const c = await open(`ws://${signed}/signed`, { Authorization: "AWS4-HMAC-SHA256 Credential=AKID/20240101/eu-west-1/execute-api/aws4_request, SignedHeaders=host, Signature=00" });
  c.close(1000);
  assert.deepEqual(await closed(c), { code: 1000, reason: "" });

  const lines = await logLines(13);
  const apiId = /:(\w+)\/dev\/\$connect$/.exec(lines[0].event.methodArn)[1];
  const liveApiId = lines[6].event.requestContext.apiId;
  const signedApiId = lines[11].event.requestContext.apiId;
  const signedHeaders = {
    "Sec-WebSocket-Version": "13",
    "Sec-WebSocket-Key": lines[11].event.headers["Sec-WebSocket-Key"],
    "Sec-WebSocket-Extensions": "permessage-deflate; client_max_window_bits",
    Authorization: "AWS4-HMAC-SHA256 Credential=AKID/20240101/eu-west-1/execute-api/aws4_request, SignedHeaders=host, Signature=00",
    Host: signed,
    "X-Amzn-Trace-Id": "Root=1-65920085-000000000000000000000003",
    "X-Forwarded-For": "127.0.0.1",
    "X-Forwarded-Port": String(PORT + 2),
    "X-Forwarded-Proto": "http",
  };
  assert.match(apiId, /^[a-z0-9]{10}$/);
  assert.match(liveApiId, /^[a-z0-9]{10}$/);
  const key = lines[0].event.headers["Sec-WebSocket-Key"];
  assert.equal(createHash("sha1").update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest("base64"), a.accept, "the key A sent");
  // The authorizer's event carries the hop-by-hop Connection and Upgrade headers; the Lambda
  // CONNECT event does not.
  const authorizerHeaders = {
    "X-Team": "blue",
    "User-Agent": "snapshot/1.0",
    "Sec-WebSocket-Version": "13",
    "Sec-WebSocket-Key": key,
    Connection: "Upgrade",
    Upgrade: "websocket",
    "Sec-WebSocket-Extensions": "permessage-deflate; client_max_window_bits",
    Host: main,
    "X-Amzn-Trace-Id": "Root=1-65920080-000000000000000000000001",
    "X-Forwarded-For": "127.0.0.1",
    "X-Forwarded-Port": String(PORT + 1),
    "X-Forwarded-Proto": "http",
  };
  const { Connection, Upgrade, ...connectHeaders } = authorizerHeaders;
  assert.deepEqual([Connection, Upgrade], ["Upgrade", "websocket"]);
  const multi = (headers) => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]]));
  const query = { queryStringParameters: { token: "good" }, multiValueQueryStringParameters: { token: ["good"] } };
  const context = (routeKey, eventType, request, second, extra = {}) => ({
    routeKey,
    eventType,
    extendedRequestId: requestId(request),
    requestTime: clf(second),
    messageDirection: "IN",
    stage: "dev",
    connectedAt: EPOCH,
    requestTimeEpoch: EPOCH + second * 1000,
    identity: { sourceIp: "127.0.0.1", userAgent: "snapshot/1.0" },
    requestId: requestId(request),
    domainName: main,
    connectionId: connection(1),
    apiId,
    ...extra,
  });
  const principal = { principalId: "user-good", team: "blue", level: 3, admin: true };
  const onMain = (route, fn) => ({ type: "event", api: "Plain/Main", route, function: fn, connectionId: connection(1) });
  const frameTo = (api, n, frame) => ({ type: "frame", api, connectionId: connection(n), ...frame });
  assert.deepEqual(lines, [
    {
      ...onMain("$connect", "Plain/Authorizer"),
      event: {
        headers: authorizerHeaders,
        multiValueHeaders: multi(authorizerHeaders),
        ...query,
        type: "REQUEST",
        methodArn: `arn:aws:execute-api:eu-west-1:123456789012:${apiId}/dev/$connect`,
        stageVariables: { tier: "local" },
        requestContext: context("$connect", "CONNECT", 1, 1),
      },
    },
    {
      ...onMain("$connect", "Plain/Connect"),
      event: {
        headers: connectHeaders,
        multiValueHeaders: multi(connectHeaders),
        ...query,
        stageVariables: { tier: "local" },
        requestContext: context("$connect", "CONNECT", 1, 2, { authorizer: { ...principal, integrationLatency: 1000 } }),
        isBase64Encoded: false,
      },
    },
    {
      ...onMain("oneway", "Plain/Echo"),
      event: {
        requestContext: context("oneway", "MESSAGE", 2, 3, { authorizer: principal, messageId: messageId(1) }),
        body: JSON.stringify({ action: "oneway", n: 1 }),
        isBase64Encoded: false,
      },
    },
    frameTo("Plain/Main", 1, { text: JSON.stringify({ message: "Forbidden", connectionId: connection(1), requestId: requestId(3) }) }),
    frameTo("Plain/Main", 1, { close: { code: 4000, reason: "done" } }),
    {
      ...onMain("$disconnect", "Plain/Connect"),
      event: {
        headers: { Host: main, "x-api-key": "", "X-Forwarded-For": "", "x-restapi": "" },
        multiValueHeaders: { Host: [main], "x-api-key": [""], "X-Forwarded-For": [""], "x-restapi": [""] },
        requestContext: context("$disconnect", "DISCONNECT", 4, 4, {
          authorizer: principal,
          disconnectStatusCode: 4000,
          disconnectReason: "Client closed the connection",
        }),
        isBase64Encoded: false,
      },
    },
    {
      type: "event",
      api: "Plain/Inner/Templated",
      route: "chat/join",
      function: "Plain/Inner/Route",
      connectionId: connection(2),
      event: {
        requestContext: {
          ...context("chat/join", "MESSAGE", 6, 5, { messageId: messageId(2) }),
          stage: "live",
          connectedAt: EPOCH + 4000,
          identity: { sourceIp: "127.0.0.1" },
          domainName: live,
          connectionId: connection(2),
          apiId: liveApiId,
        },
        body: JSON.stringify({ service: "chat", action: "join" }),
        isBase64Encoded: false,
      },
    },
    frameTo("Plain/Inner/Templated", 2, { text: `chat/join:${JSON.stringify({ service: "chat", action: "join" })}` }),
    frameTo("Plain/Inner/Templated", 2, { text: "hello" }),
    frameTo("Plain/Inner/Templated", 2, { binary: bytes.toString("base64") }),
    frameTo("Plain/Inner/Templated", 2, { close: { code: 1000, reason: "Connection deleted" } }),
    {
      type: "event",
      api: "Plain/Signed",
      route: "$connect",
      function: "Plain/SignedConnect",
      connectionId: connection(3),
      // No query string: no query keys at all. No User-Agent: identity holds sourceIp alone.
      event: {
        headers: signedHeaders,
        multiValueHeaders: multi(signedHeaders),
        requestContext: {
          ...context("$connect", "CONNECT", 11, 6),
          stage: "signed",
          connectedAt: EPOCH + 5000,
          identity: { sourceIp: "127.0.0.1" },
          domainName: signed,
          connectionId: connection(3),
          apiId: signedApiId,
        },
        isBase64Encoded: false,
      },
    },
    frameTo("Plain/Signed", 3, { close: { code: 1000, reason: "" } }),
  ]);
  // Lambda request ids are counted too (the first one names the first environment's log stream).
  assert.match(dev.stderr, /\[Plain-Authorizer\w+\] START RequestId: 00000000-0000-4000-8000-000000000002 Version: \$LATEST api=Plain\/Main route=\$connect connection=C0000000000001A=/);
});
