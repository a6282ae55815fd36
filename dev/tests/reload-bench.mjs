// Benchmark of `dev`'s reload (not a test; scripts/dev-reload-bench.sh runs it): seconds from
// saving a file to a route answering with the new code on an already open connection, the
// median of RUNS saves (default 5), as two tables with the targets beside them:
// - handler change (a handler's source: rebuilt alone): Node and Python app models of 3 and 50
//   routes, and the Rust handler of examples/rust (when cargo-lambda is on PATH);
// - infrastructure change (the app model: synthesized again): a route's environment variable
//   in the 3-route apps.
// Also the median of what `dev` reports for the reload itself (rebuild, or synthesis and diff).
// ONLY=node, python or rust measures that language alone.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { ask, connect, startDev, stopDev, workspace } from "./helpers.mjs";

const RUNS = Number(process.env.RUNS || 5);
let port = 4180;

/** An app model of `routes` routes r0..r{n-1}, a handler file each, answering `r{i} {V}`. */
function writeApp(dir, language, routes) {
  const lines = [`app: bench-${language}${routes}`, "stacks:", `  Bench${routes}:`, "    webSocketApis:", "      Api:", "        routeSelectionExpression: $request.body.action", "        routes:"];
  for (let i = 0; i < routes; i++) {
    const fn = language === "node" ? `handler: src/r${i}.handler, runtime: nodejs22.x` : `handler: r${i}.handler, runtime: python3.12, srcPath: py`;
    lines.push(`          r${i}: { function: { ${fn}, environment: { V: v0 } }, returnResponse: true }`);
    if (language === "node") {
      write(dir, `src/r${i}.ts`, `export const handler = async () => ({ statusCode: 200, body: "r${i} h0 " + process.env.V });\n`);
    } else {
      write(dir, `py/r${i}.py`, `import os\n\ndef handler(event, context):\n    return {"statusCode": 200, "body": "r${i} h0 " + os.environ["V"]}\n`);
    }
  }
  write(dir, "app.yaml", lines.join("\n") + "\n");
}

function write(dir, relative, text) {
  fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
  fs.writeFileSync(path.join(dir, relative), text);
}

function edit(file, pattern, to) {
  fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace(pattern, to));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Saves RUNS times (`save(run)`) and times each until `route`'s answer is `done(answer, run)`;
 * `dev` serves `args`, with `env`.
 */
async function measure({ args, env = {}, route, save, done, startMs = 600_000 }) {
  const dev = await startDev([...args, "--port", String(port)], { env, timeoutMs: startMs });
  port += 2;
  const ws = await connect(dev.urls[0]);
  const saves = [];
  const reported = [];
  try {
    // Warm: the first answer starts an environment, which no reload should count; and `dev`
    // says how functions reload once it is watching.
    await ask(ws, route, 60_000);
    while (!/dev: watching/.test(dev.stderr)) await new Promise((resolve) => setTimeout(resolve, 100));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    for (let run = 1; run <= RUNS; run++) {
      const before = dev.stderr.split("dev: reloaded in").length;
      const saved = performance.now();
      save(run);
      for (;;) {
        const answer = await ask(ws, route, 60_000);
        if (done(answer, run)) break;
        if (performance.now() - saved > 600_000) throw new Error(`no reload within 600 s (still ${JSON.stringify(answer)}):\n${dev.stderr.slice(-3000)}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      saves.push((performance.now() - saved) / 1000);
      while (dev.stderr.split("dev: reloaded in").length === before) await new Promise((resolve) => setTimeout(resolve, 10));
      const lines = [...dev.stderr.matchAll(/dev: reloaded in ([\d.]+) s: (.*)/g)];
      reported.push(Number(lines[lines.length - 1][1]));
      // Let the watcher settle before the next save.
      await new Promise((resolve) => setTimeout(resolve, 700));
    }
  } finally {
    ws.close();
    await stopDev(dev);
  }
  return { saves, reported };
}

async function appModel(language, routes, change) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `reload-bench-${language}${routes}-`));
  try {
    writeApp(dir, language, routes);
    const handler = path.join(dir, language === "node" ? "src/r0.ts" : "py/r0.py");
    const model = path.join(dir, "app.yaml");
    const result = await measure({
      args: [model],
      route: { action: "r0" },
      save: change === "handler" ? (run) => edit(handler, /h\d+/, `h${run}`) : (run) => edit(model, /V: v\d+/, `V: v${run}`),
      done: change === "handler" ? (a, run) => a === `r0 h${run} v0` : (a, run) => a === `r0 h0 v${run}`,
    });
    return { app: `${language === "node" ? "Node (TypeScript)" : "Python"} app model`, routes, ...result };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** examples/rust from a copy, its crate's build folder seeded from target/rust-handlers. */
async function rust() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "reload-bench-rust-"));
  try {
    fs.cpSync(path.join(workspace, "examples/rust"), path.join(dir, "app"), { recursive: true, filter: (src) => path.basename(src) !== "target" });
    const seed = path.join(workspace, "target/rust-handlers");
    if (fs.existsSync(seed)) fs.cpSync(seed, path.join(dir, "target"), { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
    const main = path.join(dir, "app/src/echo/src/main.rs");
    edit(main, '"language": "rust"', '"language": "rust 0"');
    const result = await measure({
      args: [path.join(dir, "app/app.yaml")],
      env: { CARGO_TARGET_DIR: path.join(dir, "target") },
      route: { action: "echo", text: "x" },
      save: (run) => edit(main, /"rust \d+"/, `"rust ${run}"`),
      done: (a, run) => a.language === `rust ${run}`,
    });
    return { app: "Rust (examples/rust)", routes: 2, ...result };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const only = (language) => !process.env.ONLY || process.env.ONLY === language;
const hasCargoLambda = spawnSync("cargo-lambda", ["lambda", "--version"]).status === 0;
const handler = [];
const infrastructure = [];
for (const language of ["node", "python"].filter(only)) {
  handler.push(await appModel(language, 3, "handler"), await appModel(language, 50, "handler"));
}
for (const language of ["node", "python"].filter(only)) infrastructure.push(await appModel(language, 3, "infrastructure"));
if (hasCargoLambda && only("rust")) handler.push(await rust());

function table(title, rows, target) {
  console.log(`\n${title} (median of ${RUNS} saves; seconds)\n`);
  console.log("| app | routes | save -> new code answering | target | reported reload | runs |");
  console.log("|---|---:|---:|---:|---:|---|");
  for (const r of rows) {
    const runs = r.saves.map((s) => s.toFixed(2)).join(", ");
    console.log(`| ${r.app} | ${r.routes} | ${median(r.saves).toFixed(2)} | ${target(r)} | ${median(r.reported).toFixed(3)} | ${runs} |`);
  }
}

table("handler change: a handler's source saved, the function rebuilt alone", handler, (r) => (r.app.startsWith("Rust") ? "≤ 10" : "≤ 0.5"));
table("infrastructure change: the app model saved (a route's environment variable), synthesized again", infrastructure, () => "≤ 3");
if (!hasCargoLambda) console.log("\nRust: skipped (cargo-lambda is not on PATH; scripts/dev-reload-bench.sh puts it there)");
