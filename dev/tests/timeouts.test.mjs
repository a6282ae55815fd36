// The connection quotas by flag: an idle connection and one past the maximum duration are
// closed with 1001, as API Gateway closes them (10 min and 2 h there, 1 s and 3 s here).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { closed, connect, plainAssembly, startDev, stopDev } from "./helpers.mjs";

let dev;
before(async () => {
  dev = await startDev(["--assembly", plainAssembly, "--port", "3701", "--idle-timeout", "1", "--max-duration", "3"], { apis: 3 });
});
after(async () => {
  if (dev) await stopDev(dev);
});

test("idle timeout closes with 1001", async () => {
  const ws = await connect(dev.urls[0]);
  const started = Date.now();
  assert.equal((await closed(ws, 10_000)).code, 1001);
  assert.ok(Date.now() - started >= 900);
});

test("maximum duration closes an active connection with 1001", async () => {
  const ws = await connect(dev.urls[0]);
  const started = Date.now();
  const timer = setInterval(() => ws.readyState === 1 && ws.send(JSON.stringify({ service: "keep", action: "alive" })), 300);
  const { code } = await closed(ws, 10_000);
  clearInterval(timer);
  assert.equal(code, 1001);
  assert.ok(Date.now() - started >= 2_900, "open for the whole 3 s despite the idle timeout of 1 s");
});
