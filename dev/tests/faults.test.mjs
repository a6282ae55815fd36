// Faults, on loopback and bounded in time: handler processes that exit, spin past their
// timeout, print 10 MB or answer 10 MB, and clients that vanish without a close frame. The
// faulty connection gets what API Gateway sends, the environment is replaced where Lambda
// replaces it (`pid` answers with the process id of the environment that ran it), and the
// server and every other connection keep working, during the fault and after it.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ask, connect, hostOf, plainAssembly, request, startDev, stopDev } from "./helpers.mjs";

const PORT = 4021;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dev-faults-"));
/** `--event-log`: where `$disconnect` is seen delivered. */
const logFile = path.join(tmp, "events.ndjson");
const good = { headers: { "X-Team": "blue" } };
let dev;
let main;
let templated;
/** Connections that never misbehave: each must keep being answered. */
let bystanders;

before(async () => {
  dev = await startDev(["--assembly", plainAssembly, "--port", String(PORT), "--integration-timeout", "8", "--event-log", logFile], { apis: 3 });
  [templated, main] = dev.urls;
  bystanders = [await connect(`${main}?token=good`, good), await connect(templated)];
});
after(async () => {
  for (const ws of bystanders ?? []) ws.terminate();
  if (dev) await stopDev(dev);
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Every bystander answered within `ms`, and none closed. */
async function bystandersServed(ms = 3_000) {
  const started = Date.now();
  const [echo, routed] = await Promise.all([ask(bystanders[0], { action: "echo" }, ms), ask(bystanders[1], { service: "s", action: "a" }, ms)]);
  assert.equal(echo.requestContext.routeKey, "echo");
  assert.equal(routed, `$default:${JSON.stringify({ service: "s", action: "a" })}`);
  assert.ok(bystanders.every((ws) => ws.readyState === 1), "no bystander was closed");
  return Date.now() - started;
}

const errorFrame = (reply, ws) => {
  assert.equal(reply.message, "Internal server error");
  assert.match(reply.connectionId, /=$/);
  assert.ok(reply.requestId);
  assert.equal(ws.readyState, 1, "the connection stays open, as on AWS");
};

describe("a handler process that fails", () => {
  test("exits: the error frame, a fresh environment next, everyone else served", async () => {
    const ws = await connect(`${main}?token=good`, good);
    const before = await ask(ws, { action: "pid" });
    errorFrame(await ask(ws, { action: "crash" }), ws);
    assert.match(dev.stderr, /dev: Plain\/Fail: environment failed: the process exited \(exit status: 3\)/);
    await bystandersServed();
    const afterwards = await ask(ws, { action: "pid" }, 15_000);
    assert.notEqual(afterwards, before, "the environment that exited was replaced");
    ws.close();
  });

  test("spins on the CPU past its 5 s timeout: killed, the error frame; others served meanwhile", async () => {
    const ws = await connect(`${main}?token=good`, good);
    const other = await connect(`${main}?token=good`, good);
    const spinner = await ask(ws, { action: "pid" });
    const started = Date.now();
    const spun = ask(ws, { action: "spin" }, 20_000);
    await new Promise((r) => setTimeout(r, 500));
    // While it spins: the same function answers from another environment, the rest as usual.
    const meanwhile = await ask(other, { action: "pid" }, 15_000);
    assert.notEqual(meanwhile, spinner, "a busy environment takes no second invocation");
    assert.ok((await bystandersServed()) < 3_000);
    errorFrame(await spun, ws);
    const took = Date.now() - started;
    assert.ok(took >= 4_900 && took < 12_000, `the error frame came after the 5 s timeout, not ${took} ms`);
    assert.match(dev.stderr, /dev: Plain\/Fail: Task timed out after 5\.00 seconds \(environment replaced\)/);
    await waitFor(() => !alive(Number(spinner)), 5_000);
    assert.notEqual(await ask(ws, { action: "pid" }, 15_000), spinner);
    await bystandersServed();
    ws.close();
    other.close();
  });

  test("prints 10 MB: answered, every byte shown on the server's stderr, the environment kept", async () => {
    const ws = await connect(`${main}?token=good`, good);
    const before = await ask(ws, { action: "pid" });
    const shownBefore = dev.stderr.length;
    const printing = ask(ws, { action: "print" }, 30_000);
    await bystandersServed(10_000);
    assert.equal(await printing, "printed");
    // Lambda would send it to CloudWatch; here every line is relayed, in chunks, prefixed.
    await waitFor(() => count(dev.stderr.slice(shownBefore), "#") >= 10 * 256 * 4095, 15_000);
    assert.equal(count(dev.stderr.slice(shownBefore), "#"), 10 * 256 * 4095, "no output lost or repeated");
    assert.equal(await ask(ws, { action: "pid" }), before, "printing is not a failure: the environment stays warm");
    ws.close();
  });

  test("answers 10 MB (Lambda's limit is 6 MB): the error frame, the environment kept", async () => {
    const ws = await connect(`${main}?token=good`, good);
    const before = await ask(ws, { action: "pid" });
    errorFrame(await ask(ws, { action: "huge" }, 15_000), ws);
    assert.match(dev.stderr, /dev: Plain\/Fail: Function\.ResponseSizeTooLarge: Response payload size exceeded maximum allowed payload size \(6291556 bytes\)\./);
    assert.equal(await ask(ws, { action: "pid" }), before, "as on Lambda, the environment lives on");
    await bystandersServed();
    ws.close();
  });
});

describe("a client that vanishes without a close frame", () => {
  for (const [how, vanish] of [
    ["its socket ended (FIN)", (ws) => ws.terminate()],
    // `ws` has no public way to reset a socket; Node's own socket does it.
    ["its socket reset (RST)", (ws) => ws._socket.resetAndDestroy()],
  ]) {
    test(`${how}: $disconnect runs with 1006, then posting to it answers 410`, async () => {
      const ws = await connect(`${main}?token=good`, good);
      const id = (await ask(ws, { action: "echo" })).requestContext.connectionId;
      vanish(ws);
      let disconnect;
      await waitFor(() => (disconnect = logged().find((l) => l.route === "$disconnect" && l.connectionId === id)), 10_000);
      assert.equal(disconnect.event.requestContext.eventType, "DISCONNECT");
      assert.equal(disconnect.event.requestContext.disconnectStatusCode, 1006);
      assert.equal(disconnect.event.requestContext.disconnectReason, "Connection lost");
      const handled = new RegExp(`END RequestId: \\S+ api=Plain/Main route=\\$disconnect connection=${id.replace(/[+/]/g, "\\$&")}`);
      await waitFor(() => handled.test(dev.stderr), 10_000);
      const url = `https://${hostOf(main)}/dev/@connections/${encodeURIComponent(id)}`;
      const posted = await request(url, { method: "POST", body: "anyone there?" });
      assert.equal(posted.status, 410);
      assert.equal(posted.headers["x-amzn-errortype"], "GoneException");
      assert.equal((await request(url)).status, 410);
      await bystandersServed();
    });
  }
});

/** Whether a process exists (a killed one may take a moment to be reaped). */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    if (e.code === "ESRCH") return false;
    throw e;
  }
}

/** The event log's lines so far. */
const logged = () => fs.readFileSync(logFile, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));

function count(text, char) {
  let n = 0;
  for (let i = text.indexOf(char); i !== -1; i = text.indexOf(char, i + 1)) n++;
  return n;
}

/** Polls `check` (maybe async) until it is true, at most `ms`. */
async function waitFor(check, ms) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
