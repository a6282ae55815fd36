// The benchmark table of issue 8: for 1, 50 and 300 routes with distinct handlers, the time
// `cdk-from-rust app` takes on such a model, synth time with WebSocketApi and with the equivalent hand-written L2 app (each the median of RUNS
// fresh processes, alternated in one run so that machine noise hits both), their ratio, and
// the size of what the construct synthesizes. Usage: scripts/bench.sh [RUNS]
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { writeScaleHandlers } from "../lib/scale-stack";

const runs = Number(process.argv[2] ?? "5");
const sizes = [1, 50, 300];
const generator = path.join(__dirname, "..", "..", "target", "release", "cdk-from-rust");

function synth(kind: string, routes: number): { ms: number; outdir: string } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${kind}-${routes}-`));
  const run = spawnSync(process.execPath, ["--import", "tsx", path.join(__dirname, "synth-once.ts"), kind, String(routes), outdir], {
    cwd: path.join(__dirname, ".."),
    encoding: "utf8",
  });
  if (run.status !== 0) {
    throw new Error(`${kind} ${routes}: ${run.stderr}`);
  }
  const last = run.stdout.trim().split("\n").pop()!;
  return { ms: JSON.parse(last).ms, outdir };
}

/**
 * `cdk-from-rust app` on a model of `routes` distinct handlers (the scale handlers), wall time
 * of the whole process: parse, validate against the library model, render and write.
 */
function codegen(routes: number): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-model-${routes}-`));
  const srcPath = writeScaleHandlers(routes);
  const model = {
    app: "scale",
    stacks: {
      Scale: {
        webSocketApis: {
          Scale: {
            routes: Object.fromEntries(
              Array.from({ length: routes }, (_, i) => [`route${i}`, { function: { handler: `route${i}.main`, srcPath } }]),
            ),
          },
        },
      },
    },
  };
  fs.writeFileSync(path.join(dir, "app.json"), JSON.stringify(model));
  const started = process.hrtime.bigint();
  const run = spawnSync(generator, ["app", path.join(dir, "app.json"), "--out", path.join(dir, "out")], { encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) {
    throw new Error(`codegen ${routes}: ${run.stderr}`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return ms;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function templateStats(outdir: string): { resources: number; largestResources: number; largestBytes: number } {
  let resources = 0;
  let largestResources = 0;
  let largestBytes = 0;
  for (const file of fs.readdirSync(outdir).filter((f) => f.endsWith(".template.json"))) {
    const full = path.join(outdir, file);
    const count = Object.keys(JSON.parse(fs.readFileSync(full, "utf8")).Resources).length;
    resources += count;
    largestResources = Math.max(largestResources, count);
    largestBytes = Math.max(largestBytes, fs.statSync(full).size);
  }
  return { resources, largestResources, largestBytes };
}

const rows: string[][] = [];
for (const routes of sizes) {
  const ours: number[] = [];
  const l2: number[] = [];
  const generated: number[] = [];
  let stats = { resources: 0, largestResources: 0, largestBytes: 0 };
  for (let i = 0; i < runs; i++) {
    generated.push(codegen(routes));
    const a = synth("construct", routes);
    ours.push(a.ms);
    stats = templateStats(a.outdir);
    fs.rmSync(a.outdir, { recursive: true, force: true });
    const b = synth("l2", routes);
    l2.push(b.ms);
    fs.rmSync(b.outdir, { recursive: true, force: true });
  }
  rows.push([
    String(routes),
    median(generated).toFixed(1),
    median(ours).toFixed(0),
    median(l2).toFixed(0),
    (median(ours) / median(l2)).toFixed(2),
    String(stats.resources),
    (stats.resources / routes).toFixed(1),
    String(stats.largestResources),
    `${(stats.largestBytes / 1024).toFixed(0)} KiB`,
  ]);
}

const header = ["routes", "codegen ms", "synth ms (construct)", "synth ms (L2 app)", "ratio", "resources", "per route", "largest template", "largest size"];
console.log(`| ${header.join(" | ")} |`);
console.log(`|${header.map(() => "---").join("|")}|`);
for (const row of rows) {
  console.log(`| ${row.join(" | ")} |`);
}
console.log(`\nmedians of ${runs} fresh processes each, construct and L2 runs alternated; node ${process.version}, ${os.cpus().length} cores`);
