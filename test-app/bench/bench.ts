// The benchmark table of issue 15: synth time of WebSocketApi against what a CDK user picks
// instead, aws-cdk-lib's NodejsFunction with native esbuild (bench/nodejs-stack.ts), and against
// the floor, an aws-cdk-lib WebSocket API with no routes. For each size, every app runs once per
// round, in one order, so that machine noise hits all alike; each cell is the median of RUNS fresh
// processes. WebSocketApi runs twice a round: first with an empty bundle cache, then again with
// no handler change. In TypeScript the L2 column is the like-for-like app (bench/l2-stack.ts:
// lambda.Function bundled with esbuild-wasm per function); in Python (python/bench/synth_once.py,
// run from test-app/ as the Python test app is, so that both find the native esbuild there) the
// extra column is WebSocketApi run from a folder without node_modules, on esbuild-wasm, and the
// kernel's share of the synth is shown.
// Usage: scripts/bench.sh [RUNS, default 3] [SIZES, default 1,5,50,300] [typescript|python]
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const runs = Number(process.argv[2] ?? "3");
const sizes = (process.argv[3] ?? "1,5,50,300").split(",").map(Number);
const language = process.argv[4] ?? "typescript";
/** Targets of issue 15, as ratios to NodejsFunction in the same run. */
const TARGETS: { [routes: number]: number } = { 1: 0.9, 5: 0.5, 50: 0.15, 300: 0.06 };
/** A second synth with unchanged handlers, as a ratio to the floor (at 5 routes). */
const SECOND_SYNTH_TARGET = 1.15;
const testApp = path.join(__dirname, "..");

/** Where a synth's time went, in milliseconds (synth-once.ts). */
interface Phases {
  construct: number;
  engine: number;
  validation: number;
  rest: number;
}

/** What synth-once.ts and synth_once.py print; the kernel fields only in Python, the phases only in TypeScript. */
interface Sample {
  ms: number;
  rssMiB: number;
  kernelMs?: number;
  kernelRssMiB?: number;
  phases?: Phases;
}

/** The runs of one round, in order: [column, kind passed to the script, working directory]. */
const ROUND: { [language: string]: [string, string, string][] } = {
  typescript: [
    ["floor", "floor", testApp],
    ["first", "construct", testApp],
    ["second", "construct", testApp],
    ["nodejs", "nodejs", testApp],
    ["extra", "l2", testApp],
  ],
  python: [
    ["floor", "floor", testApp],
    ["first", "construct", testApp],
    ["second", "construct", testApp],
    ["nodejs", "nodejs", testApp],
    // No node_modules there: the construct falls back to the esbuild-wasm it ships.
    ["extra", "construct", path.join(testApp, "python")],
  ],
};
if (ROUND[language] === undefined) {
  throw new Error(`Unknown language "${language}": use typescript or python.`);
}

function synth(kind: string, routes: number, cwd: string, cache: string): Sample {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${kind}-${routes}-`));
  const command =
    language === "python"
      ? [path.join(testApp, "python", ".venv", "bin", "python"), path.join(testApp, "python", "bench", "synth_once.py")]
      : [process.execPath, "--import", "tsx", path.join(__dirname, "synth-once.ts")];
  try {
    const run = spawnSync(command[0], [...command.slice(1), kind, String(routes), outdir], {
      cwd,
      encoding: "utf8",
      // NodejsFunction in Python looks for `esbuild` on the PATH (the kernel cannot require it).
      env: { ...process.env, CDK_FROM_RUST_BUNDLE_CACHE: cache, PATH: `${path.join(testApp, "node_modules", ".bin")}:${process.env.PATH}` },
      maxBuffer: 64 * 1024 * 1024,
    });
    if (run.status !== 0) {
      throw new Error(`${language} ${kind} ${routes}: ${run.stderr}`);
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
const met = (value: number, target: number): string =>
  `${value.toFixed(2)} (target ${target}: ${value <= target ? "met" : "missed"})`;

const columns = ROUND[language].map(([column]) => column);
const COLUMN_NAMES: { [column: string]: string } = {
  floor: "floor",
  first: "WebSocketApi",
  second: "WebSocketApi, 2nd synth",
  nodejs: "NodejsFunction",
  extra: language === "python" ? "WebSocketApi on esbuild-wasm" : "L2 + esbuild-wasm",
};
const rows: string[][] = [];
const memory: string[][] = [];
const phaseRows: string[][] = [];
for (const routes of sizes) {
  const samples: { [column: string]: Sample[] } = Object.fromEntries(columns.map((c) => [c, []]));
  for (let i = 0; i < runs; i++) {
    for (const [column, kind, cwd] of ROUND[language]) {
      // A fresh cache for each cold synth; the second synth finds what the first wrote.
      const cache = path.join(os.tmpdir(), `bench-cache-${process.pid}-${column === "second" ? "first" : column}`);
      if (column !== "second") {
        fs.rmSync(cache, { recursive: true, force: true });
      }
      samples[column].push(synth(kind, routes, cwd, cache));
    }
    process.stderr.write(`${language}, ${routes} routes, round ${i + 1}/${runs}: ${columns.map((c) => `${c} ${seconds(samples[c][i].ms)} s ${samples[c][i].rssMiB.toFixed(0)} MiB`).join(", ")}\n`);
  }
  const ms = (column: string): number => median(samples[column].map((s) => s.ms));
  const target = TARGETS[routes];
  const ratio = ms("first") / ms("nodejs");
  const row = [
    String(routes),
    seconds(ms("floor")),
    seconds(ms("first")),
    seconds(ms("second")),
    seconds(ms("nodejs")),
    seconds(ms("extra")),
    target === undefined ? ratio.toFixed(2) : met(ratio, target),
    routes === 5 ? met(ms("second") / ms("floor"), SECOND_SYNTH_TARGET) : (ms("second") / ms("floor")).toFixed(2),
  ];
  if (language === "python") {
    row.push(`${((100 * median(samples.first.map((s) => s.kernelMs!))) / ms("first")).toFixed(1)} %`);
  } else {
    row.push((ms("first") / ms("extra")).toFixed(2));
  }
  rows.push(row);
  if (language === "typescript") {
    for (const column of columns) {
      const phase = (name: keyof Phases): string => median(samples[column].map((s) => s.phases![name])).toFixed(0);
      phaseRows.push([String(routes), COLUMN_NAMES[column], phase("construct"), phase("engine"), phase("validation"), phase("rest")]);
    }
  }
  const rss = (column: string, field: "rssMiB" | "kernelRssMiB"): string => `${median(samples[column].map((s) => s[field]!)).toFixed(0)} MiB`;
  memory.push(
    language === "python"
      ? [String(routes), ...columns.map((c) => `${rss(c, "rssMiB")} + ${rss(c, "kernelRssMiB")}`)]
      : [String(routes), ...columns.map((c) => rss(c, "rssMiB"))],
  );
}

const header = [
  "routes",
  ...columns.map((column) => `${COLUMN_NAMES[column]} s`),
  "WebSocketApi / NodejsFunction",
  "2nd synth / floor",
  language === "python" ? "kernel share of WebSocketApi" : "WebSocketApi / L2",
];
const table = (head: string[], body: string[][]): void => {
  console.log(`| ${head.join(" | ")} |`);
  console.log(`|${head.map(() => "---").join("|")}|`);
  for (const row of body) {
    console.log(`| ${row.join(" | ")} |`);
  }
};
console.log(`${language}:\n`);
table(header, rows);
console.log(`\nPeak resident memory of the synth process${language === "python" ? " (Python + jsii kernel)" : ""}, medians:\n`);
table(["routes", ...header.slice(1, 6).map((h) => h.replace(/ s$/, ""))], memory);
if (phaseRows.length > 0) {
  console.log("\nWhere the time went, milliseconds, medians (the validator is built once a process, at the first synth):\n");
  table(["routes", "app", "construct", "validator build", "validation", "rest of synth"], phaseRows);
}
console.log(
  `\nIn-process synth time after imports, medians of ${runs} fresh processes, apps alternated in one run; ` +
    `node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)} at the end`,
);
