// Shared by the dev tests: start `cdk-from-rust dev` and stop it (every process a test starts,
// it ends), open WebSocket connections with `ws`, and wait for messages and closes, each with
// a deadline so that no test can hang.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as https from "node:https";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import puppeteer from "puppeteer-core";
import WebSocket from "ws";

export const here = path.dirname(fileURLToPath(import.meta.url));
export const workspace = path.resolve(here, "../..");
export const bin = process.env.DEV_BIN || path.join(workspace, "target/debug/cdk-from-rust");
/** The assembly of fixture-app/, synthesized by scripts/dev-check.sh. */
export const plainAssembly = process.env.PLAIN_ASSEMBLY || path.join(workspace, "target/dev-tests/plain.out");

export const cacheDir = process.env.CDK_FROM_RUST_CACHE || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "cdk-from-rust");

/** Runs `dev ARGS` until it has printed one URL line per API (or exited); `wrap` is a command
 * that execs the rest (`sh -c 'ulimit -n 64 && exec "$@"' sh`). */
export async function startDev(args, { apis = 1, env = {}, timeoutMs = 120_000, wrap = [], cwd } = {}) {
  const [program, ...rest] = [...wrap, bin, "dev", ...args];
  const child = spawn(program, rest, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const dev = { child, stdout: "", stderr: "", urls: [], exit: null };
  dev.exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve((dev.exit = { code, signal }))));
  child.stderr.on("data", (d) => (dev.stderr += d));
  // The server's own log, for when a test fails: scripts/dev-check.sh points DEV_LOG at a file.
  if (process.env.DEV_LOG) child.stderr.on("data", (d) => fs.appendFileSync(process.env.DEV_LOG, d));
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dev did not print ${apis} URL(s) in ${timeoutMs} ms:\n${dev.stderr}`)), timeoutMs);
    child.stdout.on("data", (d) => {
      dev.stdout += d;
      dev.urls = dev.stdout.split("\n").filter((l) => / ws:\/\//.test(l)).map((l) => l.split(" ").pop());
      if (dev.urls.length >= apis) {
        clearTimeout(timer);
        resolve();
      }
    });
    dev.exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`dev exited (${JSON.stringify(dev.exit)}):\n${dev.stderr}`));
    });
  }).catch(async (e) => {
    await stopDev(dev);
    throw e;
  });
  return dev;
}

/** Ctrl-C (SIGINT), then SIGKILL if it is still there after 10 s; returns the exit. */
export async function stopDev(dev) {
  if (dev.exit) return dev.exit;
  dev.child.kill("SIGINT");
  const timer = setTimeout(() => dev.child.kill("SIGKILL"), 10_000);
  const exit = await dev.exited;
  clearTimeout(timer);
  return exit;
}

/** Runs `dev ARGS` expecting it to fail before serving; returns {code, stderr}. */
export function runDevToFailure(args, timeoutMs = 60_000) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ["dev", ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    let stdout = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.stdout.on("data", (d) => (stdout += d));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`dev kept running: ${stdout}${stderr}`));
    }, timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, stdout });
    });
  });
}

/** A connected client; rejects with `status N` when the upgrade is refused. */
export function connect(url, options = {}) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { ca: caCert(), ...options });
    ws.inbox = [];
    ws.waiters = [];
    ws.on("message", (data, isBinary) => {
      const text = isBinary ? data : data.toString();
      const waiter = ws.waiters.shift();
      if (waiter) waiter(text);
      else ws.inbox.push(text);
    });
    ws.closed = new Promise((r) => ws.on("close", (code, reason) => r({ code, reason: reason.toString() })));
    ws.on("open", () => resolve(ws));
    ws.on("unexpected-response", (_req, res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => reject(Object.assign(new Error(`status ${res.statusCode}`), { status: res.statusCode, body })));
    });
    ws.on("error", reject);
  });
}

/** The next message of a client, within `ms`. */
export function nextMessage(ws, ms = 15_000) {
  if (ws.inbox.length) return Promise.resolve(ws.inbox.shift());
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no message within ${ms} ms`)), ms);
    ws.waiters.push((m) => {
      clearTimeout(timer);
      resolve(m);
    });
  });
}

/** The close of a client, within `ms`. */
export function closed(ws, ms = 15_000) {
  return Promise.race([ws.closed, new Promise((_, reject) => setTimeout(() => reject(new Error(`not closed within ${ms} ms`)), ms))]);
}

/** Sends JSON and waits for the answer, parsed when it is JSON. */
export async function ask(ws, message, ms) {
  ws.send(JSON.stringify(message));
  const text = await nextMessage(ws, ms);
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The local CA's folder in the cache: ca.pem, ca-key.pem. */
export const caDir = path.join(cacheDir, "ca");

export function caCert() {
  return fs.readFileSync(path.join(caDir, "ca.pem"));
}

/** One HTTP(S) request to the server's management API: {status, headers, body}. */
export function request(url, { method = "GET", body } = {}) {
  const lib = url.startsWith("https:") ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(url, { method, ca: caCert(), headers: { authorization: "AWS4-HMAC-SHA256 Credential=test" } }, (res) => {
      let text = "";
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    req.setTimeout(15_000, () => req.destroy(new Error("request timed out")));
    req.end(body);
  });
}

/** `ws://127.0.0.1:PORT/stage` -> `127.0.0.1:PORT`. */
export const hostOf = (url) => new URL(url).host;

/** Headless Debian Chromium (scripts/browser-env.sh) with a fresh profile; `args` are added to
 * the flags a closed network needs, `env` to its environment (HOME: where its NSS certificate
 * store is, `$HOME/.pki/nssdb`). Close it with `closeBrowser`. */
export async function launchBrowser(args = [], { env = {} } = {}) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "dev-chromium-"));
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    userDataDir: profile,
    env: { ...process.env, ...env },
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", ...args],
  });
  browser.profile = profile;
  return browser;
}

export async function closeBrowser(browser) {
  if (!browser) return;
  await browser.close().catch(() => browser.process()?.kill("SIGKILL"));
  fs.rmSync(browser.profile, { recursive: true, force: true });
}
