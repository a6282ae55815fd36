// The benchmark table of issue 15: synth time of WebSocketApi against what a CDK user picks
// instead, aws-cdk-lib's NodejsFunction with native esbuild (bench/nodejs-stack.ts), and against
// the floor, an aws-cdk-lib WebSocket API with no routes. For each size, every app runs once per
// round, in one order, so that machine noise hits all alike; each cell is the median of RUNS fresh
// processes. WebSocketApi runs twice a round: first with an empty bundle cache, then again with
// no handler change. The L2 column is the like-for-like app (bench/l2-stack.ts: lambda.Function
// bundled with esbuild-wasm per function).
// Usage: scripts/bench.sh [RUNS, default 3] [SIZES, default 1,5,50,300]
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const runs = Number(process.argv[2] ?? "3");
const sizes = (process.argv[3] ?? "1,5,50,300").split(",").map(Number);
/** Targets of issue 15, as ratios to NodejsFunction in the same run. */
const TARGETS: { [routes: number]: number } = { 1: 0.9, 5: 0.5, 50: 0.15, 300: 0.06 };
/** A second synth with unchanged handlers, as a ratio to the floor (at 5 routes). */
const SECOND_SYNTH_TARGET = 1.15;

interface Sample {
  ms: number;
  rssMiB: number;
}

function synth(kind: string, routes: number, cache: string): Sample {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${kind}-${routes}-`));
  try {
    const run = spawnSync(process.execPath, ["--import", "tsx", path.join(__dirname, "synth-once.ts"), kind, String(routes), outdir], {
      cwd: path.join(__dirname, ".."),
      encoding: "utf8",
      env: { ...process.env, CDK_FROM_RUST_BUNDLE_CACHE: cache },
      maxBuffer: 64 * 1024 * 1024,
    });
    if (run.status !== 0) {
      throw new Error(`${kind} ${routes}: ${run.stderr}`);
    }
    return JSON.parse(run.stdout.trim().split("\n").pop()!) as Sample;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const seconds = (ms: number): string => (ms / 1000).toFixed(2);
const met = (value: number, target: number): string => `${value.toFixed(2)} (${value <= target ? "≤" : ">"} ${target}${value <= target ? " met" : " missed"})`;

const kinds = ["floor", "first", "second", "nodejs", "l2"] as const;
const rows: string[][] = [];
const memory: string[] = [];
for (const routes of sizes) {
  const samples: { [kind: string]: Sample[] } = Object.fromEntries(kinds.map((k) => [k, []]));
  for (let i = 0; i < runs; i++) {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), "bench-cache-"));
    samples.floor.push(synth("floor", routes, cache));
    samples.first.push(synth("construct", routes, cache));
    samples.second.push(synth("construct", routes, cache));
    samples.nodejs.push(synth("nodejs", routes, cache));
    samples.l2.push(synth("l2", routes, cache));
    fs.rmSync(cache, { recursive: true, force: true });
    process.stderr.write(`${routes} routes, round ${i + 1}/${runs}: ${kinds.map((k) => `${k} ${seconds(samples[k][i].ms)} s`).join(", ")}\n`);
  }
  const ms = Object.fromEntries(kinds.map((k) => [k, median(samples[k].map((s) => s.ms))]));
  const target = TARGETS[routes];
  const ratio = ms.first / ms.nodejs;
  rows.push([
    String(routes),
    seconds(ms.floor),
    seconds(ms.first),
    seconds(ms.second),
    seconds(ms.nodejs),
    seconds(ms.l2),
    target === undefined ? ratio.toFixed(2) : met(ratio, target),
    routes === 5 ? met(ms.second / ms.floor, SECOND_SYNTH_TARGET) : (ms.second / ms.floor).toFixed(2),
    (ms.first / ms.l2).toFixed(2),
  ]);
  const rss = (k: string): string => `${median(samples[k].map((s) => s.rssMiB)).toFixed(0)} MiB`;
  memory.push(`| ${routes} | ${rss("floor")} | ${rss("first")} | ${rss("second")} | ${rss("nodejs")} | ${rss("l2")} |`);
}

const header = [
  "routes",
  "floor s",
  "WebSocketApi s",
  "WebSocketApi, 2nd synth s",
  "NodejsFunction s",
  "L2 + esbuild-wasm s",
  "WebSocketApi / NodejsFunction (target)",
  "2nd synth / floor",
  "WebSocketApi / L2",
];
console.log(`| ${header.join(" | ")} |`);
console.log(`|${header.map(() => "---").join("|")}|`);
for (const row of rows) {
  console.log(`| ${row.join(" | ")} |`);
}
console.log("\nPeak resident memory of the synth process (median):\n");
console.log("| routes | floor | WebSocketApi | WebSocketApi, 2nd synth | NodejsFunction | L2 + esbuild-wasm |");
console.log("|---|---|---|---|---|---|");
for (const row of memory) {
  console.log(row);
}
console.log(
  `\nIn-process synth time after imports, medians of ${runs} fresh processes, apps alternated in one run; ` +
    `node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)} at the end`,
);
