// Out of file descriptors: `dev` started with a limit of 96 open files takes connections until
// accept fails (EMFILE). The clients beyond wait in the listen backlog, the server says why and
// does not spin on the failing accept, and once connections close the waiting ones get in and
// are served.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import WebSocket from "ws";
import { caCert, plainAssembly, startDev, stopDev } from "./helpers.mjs";

const PORT = 4051;
const LIMIT = 96;
const CLIENTS = 150;
let dev;
const clients = [];

before(async () => {
  dev = await startDev(["--assembly", plainAssembly, "--port", String(PORT)], {
    apis: 3,
    wrap: ["sh", "-c", `ulimit -n ${LIMIT} && exec "$@"`, "sh"],
  });
});
after(async () => {
  for (const ws of clients) ws.terminate();
  if (dev) await stopDev(dev);
});

/** CPU seconds the server has used so far. */
function cpuSeconds(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const waitFor = async (check, ms, what) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

test(`${CLIENTS} clients against a limit of ${LIMIT} open files: the rest wait, nothing spins, all get in as others leave`, async () => {
  const url = dev.urls[0];
  let opened = 0;
  for (let i = 0; i < CLIENTS; i++) {
    const ws = new WebSocket(url, { ca: caCert() });
    ws.on("open", () => {
      ws.isOpen = true;
      opened++;
    });
    ws.on("error", (e) => (ws.failed = e.message));
    ws.on("close", () => (ws.isClosed = true));
    clients.push(ws);
  }
  await waitFor(() => /Too many open files/.test(dev.stderr), 15_000, "the server saying it ran out of file descriptors");
  const cpu = cpuSeconds(dev.child.pid);
  await new Promise((r) => setTimeout(r, 2_000));
  const spent = cpuSeconds(dev.child.pid) - cpu;
  assert.ok(spent < 0.5, `the server used ${spent} s of CPU in 2 s while out of descriptors: it spins`);
  assert.match(dev.stderr, new RegExp(`dev: Plain/Inner/Templated: port ${PORT}: cannot accept a connection: Too many open files \\(os error 24\\); the limit of open files is ${LIMIT} \\(ulimit -n\\)`));
  const first = opened;
  assert.ok(first > 0 && first < CLIENTS, `only some got in (${first})`);
  assert.ok(clients.every((ws) => !ws.failed && !ws.isClosed), "the others wait; none is refused");
  // Enough of those in leave for all the others to fit, and the descriptors of a handler
  // environment (pipes, its Runtime API): they get in and are served.
  const leaving = clients.filter((ws) => ws.isOpen).slice(0, CLIENTS - first + 20);
  for (const ws of leaving) ws.terminate();
  const staying = clients.filter((ws) => !leaving.includes(ws));
  await waitFor(() => staying.every((ws) => ws.isOpen), 20_000, `all ${staying.length} others open`);
  for (const ws of staying.slice(-5)) {
    const answer = new Promise((resolve) => ws.once("message", (data) => resolve(data.toString())));
    ws.send(JSON.stringify({ service: "s", action: "a" }));
    assert.equal(await withDeadline(answer, 15_000), `$default:${JSON.stringify({ service: "s", action: "a" })}`);
  }
});

const withDeadline = (promise, ms) =>
  Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);
