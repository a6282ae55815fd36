// The benchmark of `cdk-from-rust dev` (not a test; scripts/dev-bench.sh runs it). On loopback,
// against the fixture app's assembly: round trips per second and p50/p99 latency through a Node
// route with a route response at 1, 100 and 1,000 concurrent connections; connect latency
// without an authorizer and with one (REQUEST authorizer plus $connect handler); the server's
// resident memory with 1,000 idle connections. Bounded: fixed counts and durations.
import * as fs from "node:fs";
import { connect, nextMessage, plainAssembly, startDev, stopDev } from "./helpers.mjs";

const SECONDS = Number(process.env.BENCH_SECONDS || 5);
const CONNECTS = Number(process.env.BENCH_CONNECTS || 200);

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
const ms = (n) => n.toFixed(2);
const rssMiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))[1]) / 1024;

async function openMany(url, n, options) {
  const sockets = [];
  for (let i = 0; i < n; i += 50) {
    sockets.push(...(await Promise.all(Array.from({ length: Math.min(50, n - i) }, () => connect(url, options)))));
  }
  return sockets;
}

async function roundTrips(url, n) {
  const sockets = await openMany(url, n);
  // Warm up with every connection at once, so that the function's environments (up to the
  // per-function cap) are started before the measured window.
  await Promise.all(
    sockets.map((ws) => {
      ws.send(JSON.stringify({ service: "bench", action: "warm" }));
      return nextMessage(ws, 30_000);
    }),
  );
  const latencies = [];
  const end = Date.now() + SECONDS * 1000;
  await Promise.all(
    sockets.map(async (ws) => {
      while (Date.now() < end) {
        const t = process.hrtime.bigint();
        ws.send(JSON.stringify({ service: "bench", action: "echo" }));
        await nextMessage(ws, 30_000);
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }),
  );
  for (const ws of sockets) ws.terminate();
  latencies.sort((a, b) => a - b);
  return { n, rps: latencies.length / SECONDS, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function connectLatency(url, options) {
  const times = [];
  for (let i = 0; i < CONNECTS; i++) {
    const t = process.hrtime.bigint();
    const ws = await connect(url, options);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    ws.terminate();
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

const dev = await startDev(["--assembly", plainAssembly, "--port", "3801"], { apis: 3 });
try {
  const [templated, main] = dev.urls;
  const pid = dev.child.pid;
  console.log(`dev --assembly (fixture app), ${SECONDS} s per load, ${CONNECTS} connects per kind; node ${process.version}`);
  await new Promise((r) => setTimeout(r, 500));
  const before = rssMiB(pid);
  const idle = await openMany(templated, 1000);
  await new Promise((r) => setTimeout(r, 1000));
  const after = rssMiB(pid);
  console.log(`server resident memory: ${before.toFixed(1)} MiB before, ${after.toFixed(1)} MiB with 1000 idle connections (${(((after - before) * 1024) / 1000).toFixed(1)} KiB each; handler processes not included)`);
  for (const ws of idle) ws.terminate();
  console.log("\nround trips through a Node route with a route response");
  console.log("| connections | round trips/s | p50 ms | p99 ms |\n|---|---|---|---|");
  for (const n of [1, 100, 1000]) {
    const r = await roundTrips(templated, n);
    console.log(`| ${n} | ${r.rps.toFixed(0)} | ${ms(r.p50)} | ${ms(r.p99)} |`);
  }
  console.log("\nconnect latency (upgrade to open)");
  console.log("| $connect | p50 ms | p99 ms |\n|---|---|---|");
  const plain = await connectLatency(templated);
  console.log(`| no $connect route, no authorizer | ${ms(plain.p50)} | ${ms(plain.p99)} |`);
  const authorized = await connectLatency(`${main}?token=good`, { headers: { "X-Team": "blue" } });
  console.log(`| REQUEST authorizer + $connect handler | ${ms(authorized.p50)} | ${ms(authorized.p99)} |`);
} finally {
  await stopDev(dev);
}
