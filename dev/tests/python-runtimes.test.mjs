// Python handlers of every runtime Lambda offers from python3.11 to python3.14, in one server:
// the fixture's Python function copied once per runtime, each behind a route of its own. Each
// runs through the Lambda Runtime API with our client, warm (module state grows), with the
// pinned boto3; one answering more than Lambda's 6 MB fails as on Lambda (plain.test.mjs
// covers a raising Python handler).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ask, connect, plainAssembly, startDev, stopDev } from "./helpers.mjs";

const PORT = 4041;
const RUNTIMES = ["python3.11", "python3.12", "python3.13", "python3.14"];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dev-python-"));
const good = { headers: { "X-Team": "blue" } };
let dev;

/** The fixture's assembly with Py copied as Py311 ... Py314, routes py311 ... py314. */
function assemblyWithEveryRuntime() {
  const dir = path.join(tmp, "assembly");
  fs.cpSync(plainAssembly, dir, { recursive: true });
  const file = path.join(dir, "Plain.template.json");
  const template = JSON.parse(fs.readFileSync(file, "utf8"));
  const resources = template.Resources;
  const logicalOf = (type, test) => Object.keys(resources).find((id) => resources[id].Type === type && test(resources[id]));
  const fn = logicalOf("AWS::Lambda::Function", (r) => r.Metadata["aws:cdk:path"] === "Plain/Py/Resource");
  const route = logicalOf("AWS::ApiGatewayV2::Route", (r) => r.Properties.RouteKey === "py");
  const integration = resources[route].Properties.Target["Fn::Join"][1][1].Ref;
  const response = logicalOf("AWS::ApiGatewayV2::RouteResponse", (r) => r.Properties.RouteId.Ref === route);
  const copy = (value, from, to) => JSON.parse(JSON.stringify(value).replaceAll(`"${from}"`, `"${to}"`));
  for (const runtime of RUNTIMES) {
    const v = runtime.replace("python3.", "3");
    resources[`${fn}${v}`] = copy(resources[fn], fn, `${fn}${v}`);
    resources[`${fn}${v}`].Properties.Runtime = runtime;
    resources[`${fn}${v}`].Metadata["aws:cdk:path"] = `Plain/Py${v}/Resource`;
    resources[`${integration}${v}`] = copy(resources[integration], fn, `${fn}${v}`);
    resources[`${route}${v}`] = copy(resources[route], integration, `${integration}${v}`);
    resources[`${route}${v}`].Properties.RouteKey = `py${v}`;
    resources[`${response}${v}`] = copy(resources[response], route, `${route}${v}`);
  }
  // And pyhuge on the newest: an answer over Lambda's 6 MB.
  resources[`${route}huge`] = copy(resources[`${route}314`], `${integration}314`, `${integration}314`);
  resources[`${route}huge`].Properties.RouteKey = "pyhuge";
  resources[`${response}huge`] = copy(resources[response], route, `${route}huge`);
  fs.writeFileSync(file, JSON.stringify(template));
  return dir;
}

before(async () => {
  dev = await startDev(["--assembly", assemblyWithEveryRuntime(), "--port", String(PORT)], { apis: 3 });
});
after(async () => {
  if (dev) await stopDev(dev);
  fs.rmSync(tmp, { recursive: true, force: true });
});

test("python3.11 to python3.14: accepted, warm, boto3 as Lambda provides it; over 6 MB the error frame", async () => {
  const ws = await connect(`${dev.urls[1]}?token=good`, good);
  for (const runtime of RUNTIMES) {
    const action = runtime.replace("python3.", "py3");
    const first = await ask(ws, { action }, 30_000);
    assert.equal(first.routeKey, action, runtime);
    assert.equal(first.boto3, "1.44.8", `${runtime}: the pinned boto3`);
    assert.equal(first.remaining, true, `${runtime}: the context's deadline`);
    assert.equal(first.authorizer.team, "blue");
    assert.equal((await ask(ws, { action })).calls, first.calls + 1, `${runtime}: the environment stays warm`);
    assert.match(dev.stderr, new RegExp(`\\[Plain-Py\\w+${runtime.replace("python3.", "3")}\\] START RequestId: \\S+ Version: \\$LATEST api=Plain/Main route=${action} `), `${runtime}: its own function`);
  }
  // Over 6 MB: the error frame, as Lambda fails it; the environment lives on (its count goes on).
  const before = (await ask(ws, { action: "py314" })).calls;
  assert.equal((await ask(ws, { action: "pyhuge" }, 30_000)).message, "Internal server error");
  assert.match(dev.stderr, /dev: Plain\/Py314: Function\.ResponseSizeTooLarge: Response payload size exceeded maximum allowed payload size \(6291556 bytes\)\./);
  assert.equal((await ask(ws, { action: "py314" })).calls, before + 2);
  ws.close();
  // The local python3 runs every runtime; newer ones are said once each on start.
  const local = execFileSync("python3", ["--version"]).toString().trim().replace("Python ", "");
  const minor = Number(local.split(".")[1]);
  for (const runtime of RUNTIMES.filter((r) => Number(r.split(".")[1]) > minor)) {
    const count = runtime === "python3.12" ? 2 : 1; // the fixture's own Py is python3.12
    assert.match(dev.stderr, new RegExp(`dev: ${count} function\\(s\\) are ${runtime.replace(".", "\\.")}; they run on the local python3 ${local.replace(/\./g, "\\.")}`));
  }
});
