// Benchmark of `dev`'s reload (not a test; scripts/dev-reload-bench.sh runs it): seconds from
// saving one route's handler to that route answering with the new code, on an open
// connection, in an app model of 3 routes and one of 50 (a Node handler file per route), the
// median of RUNS saves each. Also the median of what `dev` reports for the reload (synthesis
// and diff), to tell the synthesis from the rest.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ask, connect, startDev, stopDev } from "./helpers.mjs";

const RUNS = Number(process.env.RUNS || 3);

/** An app model with `routes` routes r0..r{n-1}, each its own handler file. */
function writeApp(dir, routes) {
  fs.mkdirSync(path.join(dir, "src"), { recursive: true });
  const lines = [`app: reload${routes}`, "stacks:", `  Reload${routes}:`, "    webSocketApis:", "      Api:", "        routeSelectionExpression: $request.body.action", "        routes:"];
  for (let i = 0; i < routes; i++) {
    lines.push(`          r${i}: { function: { handler: src/r${i}.handler, runtime: nodejs22.x }, returnResponse: true }`);
    fs.writeFileSync(path.join(dir, `src/r${i}.mjs`), `export const handler = async () => ({ statusCode: 200, body: "r${i} v0" });\n`);
  }
  fs.writeFileSync(path.join(dir, "app.yaml"), lines.join("\n") + "\n");
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(routes, port) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `reload-bench-${routes}-`));
  writeApp(dir, routes);
  const dev = await startDev([path.join(dir, "app.yaml"), "--port", String(port)], { timeoutMs: 600_000 });
  const ws = await connect(dev.urls[0]);
  const saves = [];
  const reported = [];
  try {
    // Warm: the first answer starts an environment, which no reload should count.
    await ask(ws, { action: "r0" }, 30_000);
    for (let run = 1; run <= RUNS; run++) {
      const file = path.join(dir, "src/r0.mjs");
      const saved = performance.now();
      fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace(/v\d+/, `v${run}`));
      for (;;) {
        if ((await ask(ws, { action: "r0" }, 30_000)) === `r0 v${run}`) break;
        if (performance.now() - saved > 600_000) throw new Error(`no reload within 600 s:\n${dev.stderr.slice(-2000)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      saves.push((performance.now() - saved) / 1000);
      const lines = [...dev.stderr.matchAll(/dev: reloaded in ([\d.]+) s: (.*)/g)];
      const last = lines[lines.length - 1];
      if (!last[2].startsWith("Reload" + routes + "/Api/r0 ")) throw new Error(`reloaded more than r0: ${last[0]}`);
      reported.push(Number(last[1]));
      // Let the watcher settle before the next save.
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    ws.close();
    await stopDev(dev);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return { routes, saves, reported };
}

const results = [await measure(3, 4180), await measure(50, 4182)];
console.log(`\nreload: one route's handler saved -> that route answering with the new code (median of ${RUNS})\n`);
console.log("| app | routes | save -> new code answering (s) | reported reload (s) | runs (s) |");
console.log("|---|---:|---:|---:|---|");
for (const r of results) {
  const runs = r.saves.map((s) => s.toFixed(1)).join(", ");
  console.log(`| reload${r.routes} | ${r.routes} | ${median(r.saves).toFixed(1)} | ${median(r.reported).toFixed(1)} | ${runs} |`);
}
