// The studio's benchmark (not a test; scripts/studio-bench.sh runs it). Against the fixture
// app's templated API (a Node `$default` route with a route response): CONNECTIONS live
// connections and RATE messages per second spread over them, for SECONDS, twice: without a
// studio page, then with one open in headless Chromium showing all activity. Prints dev's CPU
// (its own process, not the handlers') and resident memory for both, and the page's frame
// times (requestAnimationFrame deltas) and long tasks, as a table. Bounded counts and times.
import * as fs from "node:fs";
import { closeBrowser, connect, launchBrowser, nextMessage, plainAssembly, startDev, stopDev } from "./helpers.mjs";

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 1000);
const RATE = Number(process.env.BENCH_RATE || 100);
const SECONDS = Number(process.env.BENCH_SECONDS || 15);
const PORT = 4801;
const TICK = 100; // USER_HZ: /proc/PID/stat counts CPU time in 1/100 s on Linux

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
const rssMiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))[1]) / 1024;
/** User plus system CPU seconds of a process so far. */
function cpuSeconds(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICK;
}

async function openMany(url, n) {
  const sockets = [];
  for (let i = 0; i < n; i += 50) {
    sockets.push(...(await Promise.all(Array.from({ length: Math.min(50, n - i) }, () => connect(url)))));
  }
  return sockets;
}

/** RATE messages per second, round-robin over the sockets, for SECONDS; the answers are drained. */
async function load(sockets, pid) {
  const cpu = cpuSeconds(pid);
  const started = Date.now();
  let sent = 0;
  let i = 0;
  while (Date.now() - started < SECONDS * 1000) {
    const due = Math.floor(((Date.now() - started) / 1000) * RATE);
    for (; sent < due; sent++) {
      const ws = sockets[i++ % sockets.length];
      ws.send(JSON.stringify({ service: "bench", action: "echo", n: sent }));
      nextMessage(ws, 30_000).catch(() => {});
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  await new Promise((r) => setTimeout(r, 1000));
  return { cpu: ((cpuSeconds(pid) - cpu) / SECONDS) * 100, rss: rssMiB(pid), sent };
}

const dev = await startDev(["--assembly", plainAssembly, "--port", String(PORT)], { apis: 3 });
let browser;
let sockets = [];
try {
  const pid = dev.child.pid;
  const url = dev.stdout.match(/^studio (\S+)/m)[1];
  sockets = await openMany(dev.urls[0], CONNECTIONS);
  await Promise.all(sockets.slice(0, 20).map((ws) => (ws.send(JSON.stringify({ service: "warm", action: "up" })), nextMessage(ws, 30_000))));
  const without = await load(sockets, pid);

  browser = await launchBrowser();
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 800 });
  await page.goto(url);
  await page.waitForFunction(() => document.querySelector("#status").textContent.startsWith("live"), { timeout: 30_000 });
  // The history kept before the page opened is drawn once; the measure is of the live stream.
  await new Promise((r) => setTimeout(r, 2000));
  await page.evaluate(() => {
    window.frames_ = [];
    window.long_ = [];
    let last = performance.now();
    const tick = (t) => {
      window.frames_.push(t - last);
      last = t;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    new PerformanceObserver((list) => window.long_.push(...list.getEntries().map((e) => e.duration))).observe({ type: "longtask" });
  });
  const withPage = await load(sockets, pid);
  const { frames, long, rows, conns } = await page.evaluate(() => ({
    frames: window.frames_.slice(5),
    long: window.long_,
    rows: document.querySelector("#timeline .vspacer").style.height,
    conns: document.querySelector("#connection-count").textContent,
  }));
  frames.sort((a, b) => a - b);
  const fmt = (n) => n.toFixed(1);
  console.log(`studio benchmark: ${CONNECTIONS} live connections, ${RATE} messages/s for ${SECONDS} s each way (${withPage.sent} messages with the page)`);
  console.log("");
  console.log("| | dev CPU (% of one core) | dev RSS (MiB) |");
  console.log("|---|---:|---:|");
  console.log(`| no page open | ${fmt(without.cpu)} | ${fmt(without.rss)} |`);
  console.log(`| studio page open (all activity) | ${fmt(withPage.cpu)} | ${fmt(withPage.rss)} |`);
  console.log(`| extra with the page | ${fmt(withPage.cpu - without.cpu)} | ${fmt(withPage.rss - without.rss)} |`);
  console.log("");
  console.log("| page frame time (ms) | p50 | p95 | p99 | max | long tasks (> 50 ms) |");
  console.log("|---|---:|---:|---:|---:|---:|");
  console.log(`| requestAnimationFrame deltas (${frames.length} frames) | ${fmt(percentile(frames, 50))} | ${fmt(percentile(frames, 95))} | ${fmt(percentile(frames, 99))} | ${fmt(frames.at(-1))} | ${long.length} (longest ${fmt(Math.max(0, ...long))} ms) |`);
  console.log("");
  console.log(`page: ${conns}; timeline height ${rows} (${Math.round(parseFloat(rows) / 22)} rows)`);
  // The machine's load says how far the frame times are the page's own.
  console.log(`load average at the end: ${fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")} (${(await import("node:os")).cpus().length} CPUs)`);
} finally {
  for (const ws of sockets) ws.terminate();
  await closeBrowser(browser);
  await stopDev(dev);
}
