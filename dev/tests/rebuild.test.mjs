// A saved handler of an app model rebuilds its function alone (no synthesis): Node bundles from
// the import graph our Function records, Python handlers from their source folder. The open
// connection stays connected, other functions stay warm, a file shared by two functions
// rebuilds both, a new import of a new file is watched, a save that does not build keeps the
// previous code serving with the error's file and line, saves in quick succession end on the
// last one, and the bundle `dev` serves is the bytes a synthesis produces.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ask, bin, connect, startDev, stopDev, workspace } from "./helpers.mjs";

const MODEL = `app: rebuild
stacks:
  Rebuild:
    webSocketApis:
      Api:
        routeSelectionExpression: $request.body.action
        routes:
          a: { function: { handler: src/a.handler, runtime: nodejs22.x }, returnResponse: true }
          b: { function: { handler: src/b.handler, runtime: nodejs22.x }, returnResponse: true }
          c: { function: { handler: src/c.handler, runtime: nodejs22.x }, returnResponse: true }
          p: { function: { handler: py/app.handler, runtime: python3.12, srcPath: py }, returnResponse: true }
`;

/** A handler answering its name, a text and how many invocations its environment served. */
const node = (name, text, imports = "") => `${imports}let n = 0;\nexport const handler = async () => ({ statusCode: 200, body: JSON.stringify({ name: "${name}", text: ${text}, n: ++n }) });\n`;
const shared = (text) => `export const shared: string = "${text}";\n`;

let dir;
let dev;
let ws;
before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "dev-rebuild-"));
  write("app.yaml", MODEL);
  write("src/shared.ts", shared("s1"));
  write("src/a.ts", node("a", "shared", 'import { shared } from "./shared";\n'));
  write("src/b.ts", node("b", "shared", 'import { shared } from "./shared";\n'));
  write("src/c.mjs", node("c", '"c1"'));
  write("py/py/app.py", 'from py.helper import TEXT\nn = 0\n\ndef handler(event, context):\n    global n\n    n += 1\n    return {"statusCode": 200, "body": f\'{{"name": "p", "text": "{TEXT}", "n": {n}}}\'}\n');
  write("py/py/helper.py", 'TEXT = "p1"\n');
  write("py/py/__init__.py", "");
  write("py/py/unrelated.py", "UNUSED = 1\n");
  dev = await startDev([path.join(dir, "app.yaml"), "--port", "4121"], { timeoutMs: 180_000 });
  ws = await connect(dev.urls[0]);
}, { timeout: 200_000 });
after(async () => {
  ws?.close();
  if (dev) await stopDev(dev);
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(relative, text) {
  fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
  fs.writeFileSync(path.join(dir, relative), text);
}

/** Asks `action` until `done(answer)`, within 20 s (a rebuild takes well under one). */
async function askUntil(action, done) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const answer = await ask(ws, { action }, 15_000);
    if (done(answer)) return answer;
    assert.ok(Date.now() < deadline, `${action} still answers ${JSON.stringify(answer)}:\n${dev.stderr.slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
}

const synthesized = () => dev.stderr.split("synthesizing again").length - 1;

test("dev says how each function reloads", async () => {
  await waitFor(() => /dev: a saved handler rebuilds its function alone/.test(dev.stderr));
  assert.match(dev.stderr, /dev: a saved handler rebuilds its function alone \(Node bundle: 3, Python folder: 1\)\n/);
  assert.doesNotMatch(dev.stderr, /synthesizes the app again for/);
});

test("a saved handler rebuilds its function alone: fresh environment, the others warm, the connection open", async () => {
  assert.equal((await ask(ws, { action: "c" })).text, "c1");
  const a = await ask(ws, { action: "a" });
  write("src/c.mjs", node("c", '"c2"'));
  assert.deepEqual(await askUntil("c", (x) => x.text === "c2"), { name: "c", text: "c2", n: 1 });
  assert.deepEqual(await ask(ws, { action: "a" }), { ...a, n: a.n + 1 });
  assert.equal(ws.readyState, ws.OPEN);
  assert.match(dev.stderr, /dev: src\/c\.mjs changed: rebuilding Rebuild\/Api\/c\n/);
  assert.match(dev.stderr, /dev: reloaded in [\d.]+ s: Rebuild\/Api\/c \(rebuilt alone, fresh environments\); 3 other function\(s\) kept warm/);
  assert.equal(synthesized(), 0);
});

test("a file imported by two functions rebuilds both", async () => {
  write("src/shared.ts", shared("s2"));
  assert.equal((await askUntil("a", (x) => x.text === "s2")).n, 1);
  assert.equal((await askUntil("b", (x) => x.text === "s2")).n, 1);
  assert.match(dev.stderr, /dev: src\/shared\.ts changed: rebuilding Rebuild\/Api\/a, Rebuild\/Api\/b\n/);
  assert.equal(synthesized(), 0);
});

test("a new import of a new file is watched from then on", async () => {
  write("src/extra.ts", 'export const extra = "e1";\n');
  // Not yet imported by any function: app code as far as `dev` can tell, so it synthesizes.
  await waitFor(() => synthesized() === 1 && /dev: reloaded in [\d.]+ s: no function/.test(dev.stderr));
  write("src/c.mjs", node("c", "extra", 'import { extra } from "./extra";\n'));
  await askUntil("c", (x) => x.text === "e1");
  write("src/extra.ts", 'export const extra = "e2";\n');
  await askUntil("c", (x) => x.text === "e2");
  assert.match(dev.stderr, /dev: src\/extra\.ts changed: rebuilding Rebuild\/Api\/c\n/);
  assert.equal(synthesized(), 1);
});

test("a save that does not build keeps the previous code serving and names file and line", async () => {
  const failures = dev.stderr.split("failed; the previous code keeps serving").length;
  write("src/a.ts", node("a", "shared +", 'import { shared } from "./shared";\n'));
  await waitFor(() => dev.stderr.split("failed; the previous code keeps serving").length > failures);
  assert.match(dev.stderr, /dev: rebuilding Rebuild\/Api\/a \(Node bundle\) failed; the previous code keeps serving:\n {2}\S*src\/a\.ts:3:\d+: /);
  assert.equal((await ask(ws, { action: "a" })).text, "s2");
  write("src/a.ts", node("a", '"a fixed"'));
  await askUntil("a", (x) => x.text === "a fixed");
});

test("saves in quick succession, during rebuilds, end on the last", async () => {
  for (let i = 1; i <= 8; i++) {
    write("src/b.ts", node("b", `"burst ${i}"`));
    await new Promise((resolve) => setTimeout(resolve, 5 + 25 * (i % 3)));
  }
  await askUntil("b", (x) => x.text === "burst 8");
  // Nothing later replaces it with an earlier save.
  await new Promise((resolve) => setTimeout(resolve, 600));
  assert.equal((await ask(ws, { action: "b" })).text, "burst 8");
});

test("the bundle dev serves is the bytes a synthesis produces from the same sources", async () => {
  write("src/a.ts", node("a", "`${shared} for synth`", 'import { shared } from "./shared";\n'));
  await askUntil("a", (x) => x.text === "s2 for synth");
  const assembly = path.join(workspace, "target/apps/rebuild/typescript/cdk.out");
  const rebuilt = path.join(assembly, ".cdk-from-rust-dev");
  const newest = fs.readdirSync(rebuilt).sort((x, y) => Number(y) - Number(x))[0];
  const served = fs.readFileSync(path.join(rebuilt, newest, "index.js"));
  assert.match(served.toString(), /for synth/);
  // In the checkout, so that the synthesis runs with dev's toolchain (test-app's node_modules).
  fs.mkdirSync(path.join(workspace, "target/dev-tests"), { recursive: true });
  const out = fs.mkdtempSync(path.join(workspace, "target/dev-tests/rebuild-synth-"));
  try {
    // A bundle cache of its own: the synthesis runs esbuild rather than reading a bundle back.
    const env = { ...process.env, CDK_FROM_RUST_BUNDLE_CACHE: path.join(out, "bundles") };
    execFileSync(bin, ["synth", path.join(dir, "app.yaml"), "--out", path.join(out, "app")], { env, stdio: "ignore", timeout: 180_000 });
    const template = JSON.parse(fs.readFileSync(path.join(out, "app/cdk.out/Rebuild.template.json"), "utf8"));
    const [, fn] = Object.entries(template.Resources).find(([, r]) => r.Type === "AWS::Lambda::Function" && r.Metadata["aws:cdk:path"] === "Rebuild/Api/a/Resource");
    const staged = fs.readFileSync(path.join(out, "app/cdk.out", fn.Metadata["aws:asset:path"], "index.js"));
    assert.ok(served.equals(staged), `dev served ${served.length} bytes, the synthesis staged ${staged.length}`);
    // A model change is synthesized in dev's warm process, not by the CDK CLI, into the same
    // template as the CLI's.
    const synths = synthesized();
    fs.appendFileSync(path.join(dir, "app.yaml"), "# saved again\n");
    await waitFor(() => synthesized() === synths + 1 && /dev: reloaded in/.test(dev.stderr.split("synthesizing again").pop()));
    assert.match(dev.stderr.split("synthesizing again").pop(), /dev: reloaded in [\d.]+ s: no function's code or settings changed/);
    assert.equal(dev.stderr.split("synth: cdk synth in").length, 2, "only the first synthesis runs the CDK CLI");
    const warm = JSON.parse(fs.readFileSync(path.join(assembly, "Rebuild.template.json"), "utf8"));
    assert.deepEqual(warm, template);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});

test("python: a saved module the handler imports reloads it alone, unless it does not parse; another file of the folder synthesizes", async () => {
  const before = await ask(ws, { action: "p" });
  assert.equal(before.text, "p1");
  const synths = synthesized();
  write("py/py/helper.py", 'TEXT = "p2"\n');
  assert.deepEqual(await askUntil("p", (x) => x.text === "p2"), { name: "p", text: "p2", n: 1 });
  assert.match(dev.stderr, /dev: py\/py\/helper\.py changed: rebuilding Rebuild\/Api\/p\n/);
  assert.equal(synthesized(), synths);
  // A module that does not parse is not served: the warm environment keeps the previous code.
  const failures = dev.stderr.split("failed; the previous code keeps serving").length;
  write("py/py/helper.py", 'TEXT = "p3\n');
  await waitFor(() => dev.stderr.split("failed; the previous code keeps serving").length > failures);
  assert.match(dev.stderr, /dev: rebuilding Rebuild\/Api\/p \(Python folder\) failed; the previous code keeps serving:\n {2}\S*py\/py\/helper\.py:1:\d+: /);
  assert.deepEqual(await ask(ws, { action: "p" }), { name: "p", text: "p2", n: 2 });
  write("py/py/helper.py", 'TEXT = "p3"\n');
  assert.deepEqual(await askUntil("p", (x) => x.text === "p3"), { name: "p", text: "p3", n: 1 });
  // Not imported by the handler: it may be the app's own code.
  write("py/py/unrelated.py", "UNUSED = 2\n");
  await waitFor(() => synthesized() === synths + 1);
});

async function waitFor(condition, ms = 120_000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    assert.ok(Date.now() < deadline, `not within ${ms} ms:\n${dev.stderr.slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
