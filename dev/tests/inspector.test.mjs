// The inspector of `dev` (its HTTP JSON API on the port below --port, and the
// `cdk-from-rust connections` CLI that calls it) and the START/END/REPORT lines of every
// invocation, on the fixture app's Main API (REQUEST authorizer, $connect and $disconnect
// handlers). One server for the whole file, two clients; every process is ended.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as net from "node:net";
import { bin, closed, connect, nextMessage, plainAssembly, request, runDevToFailure, startDev, stopDev } from "./helpers.mjs";

const PORT = 3101;
const INSPECTOR = `http://127.0.0.1:${PORT - 1}`;
let dev;
let alice;
let bob;

/** `cdk-from-rust connections ARGS` against this file's server: {code, stdout, stderr}. */
function cli(...args) {
  return cliAt(INSPECTOR, ...args);
}

function cliAt(inspector, ...args) {
  return new Promise((resolve) => {
    execFile(bin, ["connections", ...args, "--inspector", inspector], { timeout: 30_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? error.code : 0, stdout, stderr }),
    );
  });
}

const path = (id) => `${INSPECTOR}/connections/${encodeURIComponent(id)}`;
const list = async () => JSON.parse((await request(`${INSPECTOR}/connections`)).body);
/** The connection id of a client, by the user agent it connected with. */
const idOf = async (agent) => (await list()).find((c) => c.userAgent === agent).id;

/** Waits (bounded) until dev's stderr matches. */
async function logged(pattern, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (!pattern.test(dev.stderr)) {
    if (Date.now() > deadline) throw new Error(`dev's stderr never matched ${pattern}:\n${dev.stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

before(async () => {
  dev = await startDev(["--assembly", plainAssembly, "--port", String(PORT)], { apis: 3 });
  const main = dev.urls[1];
  alice = await connect(`${main}?token=good`, { headers: { "X-Team": "blue", "User-Agent": "alice-agent" } });
  bob = await connect(`${main}?token=good`, { headers: { "X-Team": "blue", "User-Agent": "bob-agent" } });
});
after(async () => {
  for (const ws of [alice, bob]) ws?.terminate();
  if (dev) await stopDev(dev);
});

describe("inspector", () => {
  test("dev prints the inspector's URL, on the port below --port", () => {
    assert.match(dev.stdout, new RegExp(`^inspector ${INSPECTOR} `, "m"));
  });

  test("GET /connections lists both clients with every field", async () => {
    const connections = await list();
    assert.equal(connections.length, 2);
    for (const [c, agent] of connections.map((c, i) => [c, ["alice-agent", "bob-agent"][i]])) {
      assert.equal(c.userAgent, agent, "oldest first");
      assert.equal(c.api, "Plain/Main");
      assert.equal(c.stack, "Plain");
      assert.equal(c.port, PORT + 1);
      assert.equal(c.stage, "dev");
      assert.equal(c.sourceIp, "127.0.0.1");
      assert.match(c.id, /^[A-Za-z0-9+/]{15}=$/);
      assert.match(c.connectedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.match(c.lastActiveAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.equal(typeof c.authorizer, "object");
      assert.ok(c.authorizer && "principalId" in c.authorizer, JSON.stringify(c.authorizer));
    }
    const one = await request(path(connections[0].id));
    assert.equal(one.status, 200);
    assert.deepEqual(JSON.parse(one.body), await list().then((l) => l[0]));
  });

  test("`connections list` prints both as a table", async () => {
    const ids = (await list()).map((c) => c.id);
    const { code, stdout, stderr } = await cli("list");
    assert.equal(code, 0, stderr);
    const lines = stdout.trim().split("\n");
    assert.match(lines[0], /^ID +API +PORT +STAGE +CONNECTED AT +LAST ACTIVE AT +SOURCE IP +USER AGENT +AUTHORIZER$/);
    assert.equal(lines.length, 3);
    assert.ok(lines[1].startsWith(`${ids[0]} `) && lines[1].includes("alice-agent"), lines[1]);
    assert.ok(lines[2].startsWith(`${ids[1]} `) && lines[2].includes("bob-agent"), lines[2]);
    assert.match(lines[1], / Plain\/Main +3102 +dev +\S+Z +\S+Z +127\.0\.0\.1 +alice-agent +\{"principalId"/);
  });

  test("send reaches one connection only (HTTP and CLI)", async () => {
    const [aliceId, bobId] = [await idOf("alice-agent"), await idOf("bob-agent")];
    const sent = await request(path(aliceId), { method: "POST", body: "hello alice" });
    assert.equal(sent.status, 200);
    assert.equal(await nextMessage(alice), "hello alice");
    const viaCli = await cli("send", bobId, "hello bob");
    assert.equal(viaCli.code, 0, viaCli.stderr);
    assert.equal(viaCli.stdout.trim(), `sent to ${bobId}`);
    assert.equal(await nextMessage(bob), "hello bob");
    // Nothing else arrived: each got exactly its own message.
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual([alice.inbox, bob.inbox], [[], []]);
  });

  test("broadcast reaches both and answers the count; ?api= filters", async () => {
    const all = await request(`${INSPECTOR}/broadcast`, { method: "POST", body: "to everyone" });
    assert.deepEqual([all.status, JSON.parse(all.body)], [200, { sent: 2 }]);
    assert.deepEqual([await nextMessage(alice), await nextMessage(bob)], ["to everyone", "to everyone"]);
    const other = await request(`${INSPECTOR}/broadcast?api=${encodeURIComponent("Plain/Signed")}`, { method: "POST", body: "nobody" });
    assert.deepEqual(JSON.parse(other.body), { sent: 0 });
    const unknown = await request(`${INSPECTOR}/broadcast?api=Nope`, { method: "POST", body: "x" });
    assert.equal(unknown.status, 404);
    const viaCli = await cli("broadcast", "again", "--api", "Plain/Main");
    assert.equal(viaCli.stdout.trim(), "sent to 2 connection(s)", viaCli.stderr);
    assert.deepEqual([await nextMessage(alice), await nextMessage(bob)], ["again", "again"]);
  });

  test("every invocation is logged with START/END/REPORT tagged with API, route, connection and request id", async () => {
    const bobId = await idOf("bob-agent");
    const tags = `api=Plain/Main route=\\$connect connection=${bobId.replace(/[+/]/g, "\\$&")}`;
    const uuid = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    await logged(new RegExp(`START RequestId: (${uuid}) Version: \\$LATEST ${tags}`));
    const [, requestId] = new RegExp(`\\] START RequestId: (${uuid}) Version: \\$LATEST ${tags}`).exec(dev.stderr);
    assert.match(dev.stderr, new RegExp(`END RequestId: ${requestId} ${tags}`));
    assert.match(dev.stderr, new RegExp(`REPORT RequestId: ${requestId} Duration: \\d+\\.\\d\\d ms Billed Duration: \\d+ ms Memory Size: \\d+ MB ${tags}`));
    // A message route: the echo handler's invocation, tagged with its route.
    alice.send(JSON.stringify({ action: "echo" }));
    await nextMessage(alice);
    const aliceId = await idOf("alice-agent");
    await logged(new RegExp(`REPORT RequestId: ${uuid} Duration: .* api=Plain/Main route=echo connection=${aliceId.replace(/[+/]/g, "\\$&")}`));
    // The handler's own output (here the runtime client's console.error of a thrown error)
    // carries the request id of its invocation.
    alice.send(JSON.stringify({ action: "throw" }));
    assert.equal(JSON.parse(await nextMessage(alice)).message, "Internal server error");
    const thrown = new RegExp(`\\] START RequestId: (${uuid}) Version: \\$LATEST api=Plain/Main route=throw `);
    await logged(thrown);
    const [, throwId] = thrown.exec(dev.stderr);
    await logged(new RegExp(`^\\[Plain-Fail\\w+ ${throwId}\\] Error: handler failed on purpose$`, "m"));
    await logged(new RegExp(`REPORT RequestId: ${throwId} Duration: .* route=throw `));
  });

  test("close disconnects one: close frame, $disconnect runs, then 410 (HTTP and CLI)", async () => {
    const [aliceId, bobId] = [await idOf("alice-agent"), await idOf("bob-agent")];
    const deleted = await request(path(aliceId), { method: "DELETE" });
    assert.equal(deleted.status, 204);
    assert.deepEqual(await closed(alice), { code: 1000, reason: "Connection deleted" });
    await logged(new RegExp(`START RequestId: \\S+ Version: \\$LATEST api=Plain/Main route=\\$disconnect connection=${aliceId.replace(/[+/]/g, "\\$&")}`));
    assert.equal((await request(path(aliceId))).status, 410);
    assert.equal((await request(path(aliceId), { method: "POST", body: "late" })).status, 410);
    const gone = await cli("send", aliceId, "late");
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /is not connected \(410 Gone\)/);
    assert.deepEqual((await list()).map((c) => c.id), [bobId]);

    const viaCli = await cli("close", bobId);
    assert.equal(viaCli.code, 0, viaCli.stderr);
    assert.equal((await closed(bob)).code, 1000);
    assert.equal((await cli("list")).stdout.trim(), "no live connections");
  });
});

describe("inspector errors", () => {
  test("a busy inspector port stops dev with exit 2 before serving", async () => {
    const busy = net.createServer();
    await new Promise((resolve) => busy.listen(3110, "127.0.0.1", resolve));
    try {
      const { code, stderr } = await runDevToFailure(["--assembly", plainAssembly, "--port", "3111"]);
      assert.equal(code, 2);
      assert.match(stderr, /^error: the inspector's port 3110 on 127\.0\.0\.1 is not free .*; choose another with --inspector-port$/m);
    } finally {
      busy.close();
    }
  });

  test("the CLI says when no inspector answers (exit 3) and refuses a non-http URL (exit 2)", async () => {
    const none = await cliAt("http://127.0.0.1:1", "list");
    assert.equal(none.code, 3);
    assert.match(none.stderr, /^error: no inspector at http:\/\/127\.0\.0\.1:1 .*is `cdk-from-rust dev` running\?/);
    const bad = await cliAt("https://127.0.0.1:3000", "list");
    assert.equal(bad.code, 2);
  });
});
