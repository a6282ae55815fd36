// examples/rust, served with `dev MODEL` from a copy (the tests edit it): its Rust route handler
// (a Cargo package built with cargo-lambda at synth) runs as its own `bootstrap` against the
// server's Runtime API, beside a Node one. Then reload: saving a handler's source rebuilds that
// function alone (the Rust crate with a debug `cargo lambda build`, no synthesis); it answers
// with the new code from a fresh environment, the other keeps its warm environment (its
// module-level counter goes on), and the open connection stays connected throughout. A save
// that does not compile keeps the previous code serving and shows rustc's error.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ask, connect, startDev, stopDev, workspace } from "./helpers.mjs";

const BUILD_MS = 300_000;

let dir;
let env;
let dev;
let ws;
before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "dev-rust-"));
  fs.cpSync(path.join(workspace, "examples/rust"), path.join(dir, "app"), { recursive: true, filter: (src) => path.basename(src) !== "target" });
  // A copy of the target folder where scripts/rust-handlers.sh built the dependencies: the
  // edited crate's builds then cannot replace the binary that the examples' syntheses, running
  // beside these tests, copy out of the shared folder.
  fs.cpSync(path.join(workspace, "target/rust-handlers"), path.join(dir, "target"), { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
  env = { CARGO_TARGET_DIR: path.join(dir, "target") };
  dev = await startDev([path.join(dir, "app", "app.yaml"), "--port", "4101"], { env, timeoutMs: BUILD_MS });
  ws = await connect(dev.urls[0]);
}, { timeout: BUILD_MS + 10_000 });
after(async () => {
  ws?.close();
  if (dev) await stopDev(dev);
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Edits a file of the copy as an editor saves it. */
function edit(relative, from, to) {
  const file = path.join(dir, "app", relative);
  const text = fs.readFileSync(file, "utf8");
  assert.ok(text.includes(from), `${relative} has ${from}`);
  fs.writeFileSync(file, text.replace(from, to));
}

/** Asks until `done(answer)` (the reload landed), within the build deadline. */
async function askUntil(message, done) {
  const deadline = Date.now() + BUILD_MS;
  for (;;) {
    const answer = await ask(ws, message, 30_000);
    if (done(answer)) return answer;
    assert.ok(Date.now() < deadline, `still ${JSON.stringify(answer)} after ${BUILD_MS} ms:\n${dev.stderr.slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

test("rust example: the Cargo package's bootstrap answers its route, beside a Node handler", async () => {
  assert.deepEqual(dev.urls, ["ws://127.0.0.1:4101/default"]);
  const echo = await ask(ws, { action: "echo", text: "hello" }, 30_000);
  assert.equal(echo.echo, "hello");
  assert.equal(echo.language, "rust");
  assert.match(echo.connectionId, /^[A-Za-z0-9+/]{15}=$/);
  assert.deepEqual(await ask(ws, { action: "other" }, 30_000), { served: 1 });
  assert.match(dev.stderr, /\[Rust-Apiecho[0-9A-F]{8}\] REPORT RequestId: \S+ Duration: [\d.]+ ms .* route=echo /);
  assert.match(dev.stderr, /dev: watching .*dev-rust-/);
});

test("reload: a saved Rust change answers with new code on the open connection; the Node function stays warm", async () => {
  const before = await ask(ws, { action: "other" }, 30_000);
  edit("src/echo/src/main.rs", '"language": "rust"', '"language": "rust, reloaded"');
  const echo = await askUntil({ action: "echo", text: "again" }, (a) => a.language !== "rust");
  assert.equal(echo.language, "rust, reloaded");
  assert.equal(echo.echo, "again");
  // The same connection, never closed, and the unchanged function's module state goes on.
  assert.equal(ws.readyState, ws.OPEN);
  assert.deepEqual(await ask(ws, { action: "other" }, 30_000), { served: before.served + 1 });
  assert.match(dev.stderr, /dev: src\/echo\/src\/main\.rs changed: rebuilding Rust\/Api\/echo\n/);
  assert.match(dev.stderr, /dev: reloaded in [\d.]+ s: Rust\/Api\/echo \(rebuilt alone, fresh environments\); 1 other function\(s\) kept warm/);
  assert.doesNotMatch(dev.stderr, /synthesizing again/);
});

test("reload: a saved Node change starts that function afresh and keeps the Rust one", async () => {
  edit("src/count.mjs", "JSON.stringify({ served })", 'JSON.stringify({ served, version: "2" })');
  const count = await askUntil({ action: "other" }, (a) => a.version === "2");
  // A fresh environment: the counter starts again.
  assert.deepEqual(count, { served: 1, version: "2" });
  assert.equal((await ask(ws, { action: "echo", text: "still" }, 30_000)).language, "rust, reloaded");
  assert.match(dev.stderr, /dev: reloaded in [\d.]+ s: Rust\/Api\/\$default \(rebuilt alone, fresh environments\); 1 other function\(s\) kept warm/);
});

test("reload: a change that does not build keeps the previous code serving", async () => {
  const reloads = dev.stderr.split("dev: reloaded").length;
  edit("src/echo/src/main.rs", "let reply = json!", "let reply = not_a_macro!");
  const deadline = Date.now() + BUILD_MS;
  while (!/dev: rebuilding Rust\/Api\/echo \(Rust crate\) failed; the previous code keeps serving:/.test(dev.stderr)) {
    assert.ok(Date.now() < deadline, `no failed reload within ${BUILD_MS} ms:\n${dev.stderr.slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  // rustc's error, with the file and line.
  assert.match(dev.stderr, /not_a_macro[\s\S]*src\/main\.rs:\d+:\d+/);
  assert.equal(dev.stderr.split("dev: reloaded").length, reloads);
  assert.equal((await ask(ws, { action: "echo", text: "kept" }, 30_000)).language, "rust, reloaded");
  assert.equal(ws.readyState, ws.OPEN);
});
