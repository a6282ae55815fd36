// Load on loopback, bounded in count and time: 1,000 concurrent connections each send 20
// distinct messages at once through a two-way route (the nested API's $default, a Node
// handler that echoes), and every message must be answered exactly once: none lost, none
// duplicated, none answered with an error frame. The counts are printed.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { connect, plainAssembly, startDev, stopDev } from "./helpers.mjs";

const PORT = 4031;
const CONNECTIONS = 1000;
const MESSAGES = 20;
/** The whole exchange, connections opened to last answer. */
const LIMIT_MS = 50_000;
let dev;
let sockets = [];

before(async () => {
  // Messages wait for one of the function's environments; API Gateway's 29 s clock would
  // answer the last of 20,000 with `Endpoint request timed out` on a slow machine. Four
  // environments: on two cores, more Node processes only take turns.
  dev = await startDev(["--assembly", plainAssembly, "--port", String(PORT), "--integration-timeout", "120", "--concurrency", "4"], { apis: 3 });
});
after(async () => {
  for (const ws of sockets) ws.terminate();
  if (dev) await stopDev(dev);
});

/** The soft limit on open files of this process (the server inherits the same). */
function openFilesLimit() {
  const line = fs.readFileSync("/proc/self/limits", "utf8").split("\n").find((l) => l.startsWith("Max open files"));
  const soft = line.split(/\s+/)[3];
  return soft === "unlimited" ? Infinity : Number(soft);
}

test(`${CONNECTIONS} connections × ${MESSAGES} messages through an echo route: each answered exactly once`, async () => {
  // Each side holds a socket per connection, plus the handlers' pipes and Runtime APIs.
  assert.ok(openFilesLimit() >= CONNECTIONS + 500, `open files limit ${openFilesLimit()} is below ${CONNECTIONS + 500}: raise it (ulimit -n)`);
  const started = Date.now();
  const url = dev.urls[0];
  for (let i = 0; i < CONNECTIONS; i += 100) {
    sockets.push(...(await Promise.all(Array.from({ length: Math.min(100, CONNECTIONS - i) }, () => connect(url)))));
  }
  const opened = Date.now() - started;
  const expected = CONNECTIONS * MESSAGES;
  // answers[c] counts, per message number, the answers connection c got for it.
  const answers = sockets.map(() => new Array(MESSAGES).fill(0));
  let answered = 0;
  const unexpected = [];
  let done;
  const allAnswered = new Promise((resolve) => (done = resolve));
  sockets.forEach((ws, c) => {
    ws.on("message", (data) => {
      const text = data.toString();
      const match = /^\$default:\{"service":"load","action":"echo","c":(\d+),"m":(\d+)\}$/.exec(text);
      if (!match || Number(match[1]) !== c) {
        unexpected.push(text);
      } else {
        answers[c][Number(match[2])] += 1;
        if (++answered === expected) done();
      }
    });
  });
  const sendStarted = Date.now();
  sockets.forEach((ws, c) => {
    for (let m = 0; m < MESSAGES; m++) ws.send(JSON.stringify({ service: "load", action: "echo", c, m }));
  });
  const timer = setTimeout(done, Math.max(1, LIMIT_MS - (Date.now() - started)));
  await allAnswered;
  clearTimeout(timer);
  // Anything late or doubled would arrive now.
  await new Promise((r) => setTimeout(r, 500));
  const seconds = (Date.now() - sendStarted) / 1000;
  const lost = answers.flat().filter((n) => n === 0).length;
  const duplicated = answers.flat().reduce((sum, n) => sum + Math.max(0, n - 1), 0);
  const open = sockets.filter((ws) => ws.readyState === 1).length;
  console.log(
    `load: ${CONNECTIONS} connections opened in ${opened} ms; sent ${expected}, answered ${answered}, lost ${lost}, duplicated ${duplicated}, ` +
      `unexpected ${unexpected.length}, still open ${open}; ${seconds.toFixed(1)} s, ${(answered / seconds).toFixed(0)} answers/s`,
  );
  assert.deepEqual(unexpected.slice(0, 3), [], "no error frame, no stray answer");
  assert.deepEqual({ answered, lost, duplicated, open }, { answered: expected, lost: 0, duplicated: 0, open: CONNECTIONS });
  assert.ok(Date.now() - started < LIMIT_MS, `within ${LIMIT_MS} ms`);
});
