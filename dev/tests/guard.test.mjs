// No other web page can drive `dev`: the inspector and `@connections` refuse a foreign Host
// (DNS rebinding) and a foreign Origin (a cross-origin page) with 403 and a reason, and
// `@connections` wants a SigV4-shaped caller as AWS does. Requests are written raw on a TCP
// socket, so that Host and Origin are exactly what an attacker's browser would send; after
// each refusal the client checks that nothing reached it. The WebSocket upgrade itself keeps
// accepting any Origin, as API Gateway does. One server for the file; every process is ended.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as http from "node:http";
import * as net from "node:net";
import { closeBrowser, connect, launchBrowser, nextMessage, plainAssembly, startDev, stopDev } from "./helpers.mjs";

const PORT = 4061;
const INSPECTOR = PORT - 1;
let dev;
let client;
let main;

/** One raw HTTP/1.1 request to 127.0.0.1:port: {status, headers, body}. */
function raw(port, method, path, headers, body = "") {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    let text = "";
    socket.setTimeout(10_000, () => socket.destroy(new Error("no answer in 10 s")));
    socket.on("data", (d) => (text += d));
    socket.on("error", reject);
    socket.on("end", () => {
      const [head, ...rest] = text.split("\r\n\r\n");
      const [statusLine, ...lines] = head.split("\r\n");
      const fields = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]));
      resolve({ status: Number(statusLine.split(" ")[1]), headers: fields, body: rest.join("\r\n\r\n") });
    });
    const fields = { ...headers, "Content-Length": Buffer.byteLength(body), Connection: "close" };
    const lines = Object.entries(fields).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}: ${v}`);
    socket.write(`${method} ${path} HTTP/1.1\r\n${lines.join("\r\n")}\r\n\r\n${body}`);
  });
}

/** Nothing reached the client within half a second. */
async function nothingDelivered() {
  await new Promise((r) => setTimeout(r, 500));
  assert.deepEqual(client.inbox, []);
}

const own = `127.0.0.1:${INSPECTOR}`;
const signed = { Authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/execute-api/aws4_request, SignedHeaders=host, Signature=00" };
const idOf = async () => JSON.parse((await raw(INSPECTOR, "GET", "/connections", { Host: own })).body)[0].id;

before(async () => {
  dev = await startDev(["--assembly", plainAssembly, "--port", String(PORT)], { apis: 3 });
  main = new URL(dev.urls[1]);
  // A page of another site may open the WebSocket: API Gateway accepts any Origin.
  client = await connect(`${dev.urls[1]}?token=good`, { headers: { "X-Team": "blue", Origin: "http://evil.example" } });
});
after(async () => {
  client?.terminate();
  if (dev) await stopDev(dev);
});

describe("the inspector refuses other sites", () => {
  test("a foreign Host (DNS rebinding) gets 403 with the reason, and nothing is broadcast", async () => {
    const res = await raw(INSPECTOR, "POST", "/broadcast", { Host: "evil.example", Origin: "http://evil.example" }, "pwned");
    assert.equal(res.status, 403);
    assert.match(JSON.parse(res.body).message, /Host "evil.example" is not this server/);
    await nothingDelivered();
    assert.equal((await raw(INSPECTOR, "GET", "/connections", { Host: `evil.example:${INSPECTOR}` })).status, 403);
    assert.equal((await raw(INSPECTOR, "GET", "/connections", { Host: `127.0.0.1:${PORT}` })).status, 403, "another port of dev is not this server");
    assert.match(dev.stderr, /dev: inspector: refused POST \/broadcast: Host "evil.example"/);
  });

  test("a cross-origin simple POST gets 403 and delivers nothing; a null Origin likewise", async () => {
    const id = encodeURIComponent(await idOf());
    for (const origin of ["http://evil.example", "null", `http://127.0.0.1:${PORT}`]) {
      const res = await raw(INSPECTOR, "POST", `/connections/${id}`, { Host: own, Origin: origin, "Content-Type": "text/plain" }, "pwned");
      assert.equal(res.status, 403, origin);
      assert.match(JSON.parse(res.body).message, /Origin .* is another site's/);
    }
    await nothingDelivered();
    assert.equal((await raw(INSPECTOR, "DELETE", `/connections/${id}`, { Host: own, Origin: "http://evil.example" })).status, 403);
    assert.equal(client.readyState, client.OPEN);
  });

  test("its own origin, localhost and [::1] names, and clients without Origin pass", async () => {
    for (const host of [own, `localhost:${INSPECTOR}`, `[::1]:${INSPECTOR}`]) {
      assert.equal((await raw(INSPECTOR, "GET", "/connections", { Host: host, Origin: `http://${host}` })).status, 200, host);
    }
    const res = await raw(INSPECTOR, "POST", "/broadcast", { Host: own }, "hello");
    assert.deepEqual(JSON.parse(res.body), { sent: 1 });
    assert.equal(await nextMessage(client), "hello");
  });
});

describe("a page of another origin in Chromium", () => {
  test("its no-cors POSTs to the inspector and to @connections deliver nothing", async () => {
    // The attacker's page: another origin (another port) on loopback, so that the browser sends
    // the requests (no private-network block) and only dev's own checks stand in the way.
    const page = http.createServer((_, res) => res.end("<!doctype html><title>evil</title>"));
    await new Promise((r) => page.listen(0, "127.0.0.1", r));
    const browser = await launchBrowser();
    try {
      const tab = await browser.newPage();
      await tab.goto(`http://127.0.0.1:${page.address().port}/`);
      const id = encodeURIComponent(await idOf());
      const targets = [`http://${own}/broadcast`, `http://${own}/connections/${id}`, `http://${main.host}/dev/@connections/${id}?X-Amz-Signature=00`];
      const sent = await tab.evaluate(async (urls) => {
        const results = [];
        for (const url of urls) results.push(await fetch(url, { method: "POST", body: "pwned", mode: "no-cors" }).then((r) => r.type, (e) => String(e)));
        return results;
      }, targets);
      assert.deepEqual(sent, ["opaque", "opaque", "opaque"], "the browser sent each request");
      await nothingDelivered();
      assert.match(dev.stderr, /refused POST \/broadcast: Origin "http:\/\/127\.0\.0\.1:\d+" is another site's/);
      // Presigned, so that only the Origin check stands in the way on the API's port.
      assert.match(dev.stderr, /Plain\/Main: refused POST \/dev\/@connections\/\S+: Origin "http:\/\/127\.0\.0\.1:\d+" is another site's/);
    } finally {
      await closeBrowser(browser);
      page.close();
    }
  });
});

describe("@connections on the API's port", () => {
  const apiPort = () => Number(main.port);
  const path = async () => `/dev/@connections/${encodeURIComponent(await idOf())}`;

  test("a foreign Host or Origin gets 403, even when signed", async () => {
    const p = await path();
    const rebound = await raw(apiPort(), "POST", p, { Host: "evil.example", ...signed }, "pwned");
    assert.equal(rebound.status, 403);
    assert.match(JSON.parse(rebound.body).message, /Host "evil.example" is not this server/);
    const crossOrigin = await raw(apiPort(), "POST", p, { Host: main.host, Origin: "http://evil.example", ...signed }, "pwned");
    assert.equal(crossOrigin.status, 403);
    assert.match(JSON.parse(crossOrigin.body).message, /Origin "http:\/\/evil.example" is another site's/);
    await nothingDelivered();
  });

  test("an unsigned caller gets AWS's Missing Authentication Token; a SigV4-shaped one is served", async () => {
    const p = await path();
    const unsigned = await raw(apiPort(), "POST", p, { Host: main.host }, "pwned");
    assert.equal(unsigned.status, 403);
    assert.deepEqual(JSON.parse(unsigned.body), { message: "Missing Authentication Token" });
    assert.equal(unsigned.headers["x-amzn-errortype"], "MissingAuthenticationTokenException");
    const bearer = await raw(apiPort(), "GET", p, { Host: main.host, Authorization: "Bearer abc" });
    assert.equal(bearer.status, 403);
    await nothingDelivered();
    assert.equal((await raw(apiPort(), "POST", p, { Host: main.host, ...signed }, "signed")).status, 200);
    assert.equal(await nextMessage(client), "signed");
    const presigned = `${p}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=00`;
    assert.equal((await raw(apiPort(), "GET", presigned, { Host: main.host })).status, 200);
  });
});
