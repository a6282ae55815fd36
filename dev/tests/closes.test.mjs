// Every close the server starts is a full closing handshake (RFC 6455 §7.1.1): Close sent, the
// client's Close awaited, then TCP closed. A real browser (Debian Chromium, headless) is the
// judge: its close event must say `wasClean: true` with the expected code for each kind of
// close: the inspector's, `@connections` DELETE, the idle and the hard timeout, a frame over
// the limit, a binary frame, and Ctrl-C after traffic. `ws` clients on the main API check that
// `$disconnect` runs once per close with its code and reason. The cases run side by side on one
// server with short timeouts, so the file takes a few seconds; every process is ended.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { ask, closeBrowser, closed, connect, hostOf, launchBrowser, plainAssembly, request, startDev, stopDev } from "./helpers.mjs";

const PORT = 4201;
const INSPECTOR = PORT - 1;
const IDLE = 2;
const MAX_DURATION = 4;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dev-closes-"));
const logFile = path.join(tmp, "events.ndjson");
const good = { headers: { "X-Team": "blue" } };
let dev;
let templated;
let main;
let browser;
let page;
let tab;

before(async () => {
  dev = await startDev(
    ["--assembly", plainAssembly, "--port", String(PORT), "--idle-timeout", String(IDLE), "--max-duration", String(MAX_DURATION), "--event-log", logFile],
    { apis: 3 },
  );
  [templated, main] = dev.urls;
  page = http.createServer((_, res) => res.end("<!doctype html><title>client</title>"));
  await new Promise((r) => page.listen(0, "127.0.0.1", r));
  browser = await launchBrowser();
  tab = await browser.newPage();
  await tab.goto(`http://127.0.0.1:${page.address().port}/`);
  // The page's sockets: each records its messages and its close event.
  await tab.evaluate(() => {
    window.sockets = [];
    window.openSocket = (url) =>
      new Promise((resolve, reject) => {
        const ws = new WebSocket(url);
        const entry = { ws, messages: [], waiters: [] };
        entry.closed = new Promise((r) => {
          ws.onclose = (e) => r({ code: e.code, reason: e.reason, wasClean: e.wasClean, openMs: Date.now() - entry.openedAt });
        });
        ws.onmessage = (e) => (entry.waiters.shift() ?? ((m) => entry.messages.push(m)))(e.data);
        ws.onopen = () => {
          entry.openedAt = Date.now();
          resolve(window.sockets.push(entry) - 1);
        };
        ws.onerror = () => reject(new Error(`${url}: error before open`));
      });
    window.ask = (i, text) => {
      const entry = window.sockets[i];
      entry.ws.send(text);
      return new Promise((r) => (entry.messages.length ? r(entry.messages.shift()) : entry.waiters.push(r)));
    };
  });
});
after(async () => {
  await closeBrowser(browser);
  page?.close();
  if (dev) await stopDev(dev);
  fs.rmSync(tmp, { recursive: true, force: true });
});

const ids = async () => JSON.parse((await request(`http://127.0.0.1:${INSPECTOR}/connections`)).body).map((c) => c.id);

/** Opens a page socket on the templated API; its index and its connection id. */
async function pageSocket() {
  const known = new Set(await ids());
  const index = await tab.evaluate((url) => window.openSocket(url), templated);
  // The server lists a connection once its 101 is flushed, which can be after the page's onopen.
  let id;
  for (const deadline = Date.now() + 5_000; !id && Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
    id = (await ids()).find((i) => !known.has(i));
  }
  assert.ok(id, "the page's connection is listed by the inspector");
  return { index, id };
}

const pageClosed = (index, ms = 10_000) =>
  Promise.race([tab.evaluate((i) => window.sockets[i].closed, index), new Promise((_, reject) => setTimeout(() => reject(new Error(`page socket ${index} not closed within ${ms} ms`)), ms))]);

/** Every server-initiated close but Ctrl-C, side by side: [name, start, expected code, at least ms]. */
const kinds = [
  ["the inspector's close", ({ id }) => request(`http://127.0.0.1:${INSPECTOR}/connections/${encodeURIComponent(id)}`, { method: "DELETE" }), 1000, 0],
  ["@connections DELETE", ({ id }, url) => request(`http://${hostOf(url)}/${new URL(url).pathname.split("/")[1]}/@connections/${encodeURIComponent(id)}`, { method: "DELETE" }), 1000, 0],
  ["the idle timeout", async () => {}, 1001, IDLE * 1000 - 100],
  ["the maximum duration", null, 1001, MAX_DURATION * 1000 - 100],
  ["a frame over the frame limit", null, 1009, 0],
  ["a binary frame", null, 1003, 0],
];

test("Chromium sees a clean close with the expected code for every kind of server close", async () => {
  const sockets = [];
  for (const kind of kinds) sockets.push(await pageSocket());
  const [, , , duration, large, binary] = sockets;
  // Kept active past the idle timeout, so that only the maximum duration closes it.
  await tab.evaluate((i) => {
    window.keepAlive = setInterval(() => window.sockets[i].ws.readyState === 1 && window.sockets[i].ws.send('{"service":"keep","action":"alive"}'), 400);
  }, duration.index);
  // 200 KB: far past the 32 KB frame limit, much of it still in flight when the server closes.
  await tab.evaluate((i) => window.sockets[i].ws.send("x".repeat(200_000)), large.index);
  await tab.evaluate((i) => window.sockets[i].ws.send(new Uint8Array([1, 2, 3])), binary.index);
  await Promise.all(kinds.map(([, start], i) => start?.(sockets[i], templated)));
  const results = await Promise.all(sockets.map((s) => pageClosed(s.index)));
  await tab.evaluate(() => clearInterval(window.keepAlive));
  kinds.forEach(([name, , code, atLeast], i) => {
    assert.equal(results[i].code, code, name);
    assert.equal(results[i].wasClean, true, `${name}: ${JSON.stringify(results[i])}`);
    assert.ok(results[i].openMs >= atLeast, `${name}: closed after ${results[i].openMs} ms`);
  });
});

test("$disconnect runs once per server close, with its code and reason", async () => {
  const logged = () => fs.readFileSync(logFile, "utf8").trim().split("\n").map((l) => JSON.parse(l)).filter((l) => l.route === "$disconnect");
  const cases = [
    ["@connections DELETE", 1000, "Connection deleted", (ws, id) => request(`https://${hostOf(main)}/dev/@connections/${encodeURIComponent(id)}`, { method: "DELETE" })],
    ["a message over the limit", 1009, "Message too big", (ws) => ws.send("y".repeat(200_000))],
    ["a binary frame", 1003, "Binary frames are not supported", (ws) => ws.send(Buffer.from([1, 2, 3]))],
    ["the idle timeout", 1001, "Going away", () => {}],
  ];
  const clients = await Promise.all(cases.map(() => connect(`${main}?token=good`, good)));
  const connectionIds = await Promise.all(clients.map(async (ws) => (await ask(ws, { action: "echo" })).requestContext.connectionId));
  await Promise.all(cases.map(([, , , start], i) => start(clients[i], connectionIds[i])));
  const codes = await Promise.all(clients.map((ws) => closed(ws, 10_000)));
  // $disconnect runs after the socket is closed: give it a moment to be delivered.
  const deadline = Date.now() + 10_000;
  while (logged().filter((l) => connectionIds.includes(l.connectionId)).length < cases.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 300));
  const disconnects = logged();
  for (const [i, [name, code, reason]] of cases.entries()) {
    assert.equal(codes[i].code, code, `${name}: the client's close code`);
    const mine = disconnects.filter((l) => l.connectionId === connectionIds[i]);
    assert.equal(mine.length, 1, `${name}: $disconnect once`);
    assert.equal(mine[0].event.requestContext.disconnectStatusCode, code, name);
    assert.equal(mine[0].event.requestContext.disconnectReason, reason, name);
  }
});

test("Ctrl-C after traffic: every page socket closes cleanly with 1001, and dev stops within the bound", async () => {
  const sockets = [];
  for (let i = 0; i < 4; i++) sockets.push(await pageSocket());
  for (const { index } of sockets) {
    assert.equal(await tab.evaluate((i) => window.ask(i, '{"service":"chat","action":"join"}'), index), 'chat/join:{"service":"chat","action":"join"}');
  }
  // One more message in flight on each as the signal arrives.
  await tab.evaluate((list) => list.forEach((i) => window.sockets[i].ws.send('{"service":"chat","action":"late"}')), sockets.map((s) => s.index));
  const started = Date.now();
  const exit = await stopDev(dev);
  const stoppedMs = Date.now() - started;
  const results = await Promise.all(sockets.map((s) => pageClosed(s.index)));
  for (const result of results) {
    assert.equal(result.code, 1001, JSON.stringify(result));
    assert.equal(result.wasClean, true, JSON.stringify(result));
  }
  assert.equal(exit.code, 0);
  assert.ok(stoppedMs < 5_000, `stopped in ${stoppedMs} ms`);
  assert.match(dev.stderr, /dev: stopped/);
});
