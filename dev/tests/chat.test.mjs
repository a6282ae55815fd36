// The embedded chat example end to end: `dev` with no argument synthesizes and serves it; its
// handlers write connections to DynamoDB (moto's server, started here on 127.0.0.1) and post
// to every connection with the AWS SDK's PostToConnectionCommand on
// https://${domainName}/${stage}. Then the same assembly with the local DynamoDB `dev` starts.
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as net from "node:net";
import * as path from "node:path";
import { ask, closed, connect, nextMessage, startDev, stopDev, workspace } from "./helpers.mjs";

const motoServer = process.env.MOTO_SERVER || path.join(workspace, "target/dev-tests/venv/bin/moto_server");
const started = [];

after(async () => {
  for (const stop of started.reverse()) await stop();
});

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startMoto() {
  const port = await freePort();
  const moto = spawn(motoServer, ["-H", "127.0.0.1", "-p", String(port)], { stdio: "ignore" });
  const exited = new Promise((r) => moto.on("exit", r));
  started.push(async () => {
    moto.kill("SIGTERM");
    await exited;
  });
  for (let i = 0; i < 300; i++) {
    const up = await new Promise((r) => net.connect(port, "127.0.0.1").on("connect", function () { this.end(); r(true); }).on("error", () => r(false)));
    if (up) return `http://127.0.0.1:${port}`;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("moto did not start within 30 s");
}

async function chat(url) {
  const a = await connect(url);
  const b = await connect(url);
  a.send(JSON.stringify({ action: "sendMessage", message: "hi" }));
  const fromA = [await nextMessage(a, 30_000), await nextMessage(a, 30_000)].map((m) => JSON.parse(m));
  assert.deepEqual(JSON.parse(await nextMessage(b, 30_000)), { message: "hi" });
  assert.deepEqual(fromA.sort((x, y) => ("sent" in x) - ("sent" in y)), [{ message: "hi" }, { sent: 2 }], "the post and the route response");
  a.close();
  b.close();
  await Promise.all([closed(a), closed(b)]);
}

describe("chat example", () => {
  test("`dev` with no argument: two clients, the handler's PostToConnectionCommand reaches both (moto started by the test)", async () => {
    const endpoint = await startMoto();
    const dev = await startDev(["--port", "3401"], { env: { AWS_ENDPOINT_URL_DYNAMODB: endpoint }, timeoutMs: 240_000 });
    started.push(() => stopDev(dev));
    assert.deepEqual(dev.urls, ["ws://127.0.0.1:3401/default"]);
    assert.match(dev.stdout, /^Chat\/Chat\/Api ws:\/\/127\.0\.0\.1:3401\/default$/m);
    await chat(dev.urls[0]);
    assert.deepEqual(await stopDev(dev), { code: 0, signal: null });
  });

  test("without an endpoint of the user's, `dev` runs moto itself, creates the table and says so", async () => {
    const env = Object.fromEntries(Object.keys(process.env).filter((k) => k.startsWith("AWS_ENDPOINT_URL")).map((k) => [k, ""]));
    const assembly = path.join(workspace, "target/apps/chat/typescript/cdk.out");
    const dev = await startDev(["--assembly", assembly, "--port", "3411"], { env, timeoutMs: 240_000 });
    started.push(() => stopDev(dev));
    assert.match(dev.stderr, /local DynamoDB at http:\/\/127\.0\.0\.1:\d+ with tables Chat-connections\w+ \(turn off with --no-local-dynamodb\)/);
    await chat(dev.urls[0]);
    assert.deepEqual(await stopDev(dev), { code: 0, signal: null });
  });
});
