// The local CA can vouch for loopback only. Its certificate carries critical X.509 name
// constraints (127.0.0.0/8, ::1, localhost) and a validity of years; the server's certificate
// is shorter-lived than browsers' limit. Chromium that trusts the CA in its own NSS store (no
// --ignore-certificate-errors) talks to `dev` over wss://, and does not without it; OpenSSL's
// verifier and Chromium refuse a certificate the CA's key signs for another site, while the
// same signing for loopback is accepted. One server for the file; every process is ended.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import * as os from "node:os";
import * as path from "node:path";
import * as tls from "node:tls";
import { caDir, closeBrowser, launchBrowser, plainAssembly, startDev, stopDev } from "./helpers.mjs";

const PORT = 4221;
const DAY = 24 * 3600 * 1000;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dev-ca-"));
const caFile = path.join(caDir, "ca.pem");
let dev;
let wss;
let leafPem;

before(async () => {
  dev = await startDev(["--assembly", plainAssembly, "--port", String(PORT)], { apis: 3 });
  // The templated API: no identity sources, so a browser can connect to it.
  wss = dev.urls[0].replace("ws://", "wss://");
  // The server's certificate, as a client receives it.
  leafPem = await new Promise((resolve, reject) => {
    const socket = tls.connect({ host: "127.0.0.1", port: PORT, ca: fs.readFileSync(caFile) }, () => {
      resolve(socket.getPeerX509Certificate().toString());
      socket.end();
    });
    socket.on("error", reject);
  });
});
after(async () => {
  if (dev) await stopDev(dev);
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** `openssl ARGS`: {ok, output}. */
function openssl(...args) {
  const run = spawnSync("openssl", args, { encoding: "utf8", timeout: 15_000 });
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
}

/** A certificate for `san` (and its key), signed with the CA's own key the way any CA signs;
 * `verified`: what `openssl verify` says of it. */
function signed(name, san) {
  const key = path.join(tmp, `${name}-key.pem`);
  const csr = path.join(tmp, `${name}.csr`);
  const ext = path.join(tmp, `${name}.ext`);
  const cert = path.join(tmp, `${name}.pem`);
  fs.writeFileSync(ext, `subjectAltName=${san}\nextendedKeyUsage=serverAuth\n`);
  execFileSync("openssl", ["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-subj", `/CN=${name}`, "-out", csr], { stdio: "pipe" });
  execFileSync("openssl", ["x509", "-req", "-in", csr, "-CA", caFile, "-CAkey", path.join(caDir, "ca-key.pem"), "-set_serial", "7", "-days", "30", "-extfile", ext, "-out", cert], { stdio: "pipe" });
  return { key: fs.readFileSync(key), cert: fs.readFileSync(cert), verified: openssl("verify", "-CAfile", caFile, cert) };
}

const days = (cert) => (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / DAY;

describe("the certificates", () => {
  test("the CA: critical name constraints for loopback only, valid for years; the server's: at most 825 days", () => {
    const ca = new X509Certificate(fs.readFileSync(caFile));
    assert.ok(ca.ca);
    assert.ok(days(ca) > 365 && days(ca) <= 5 * 366, `the CA is valid for ${days(ca)} days`);
    const { output } = openssl("x509", "-noout", "-ext", "nameConstraints", "-in", caFile);
    assert.match(output, /Name Constraints: critical/);
    const permitted = output.split("Permitted:")[1].trim().split(/\s+/);
    assert.deepEqual(permitted, ["IP:127.0.0.0/255.0.0.0", "IP:0:0:0:0:0:0:0:1/FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF", "DNS:localhost"]);
    assert.doesNotMatch(output, /Excluded/);
    const leaf = new X509Certificate(leafPem);
    assert.ok(days(leaf) <= 825, `the server's certificate is valid for ${days(leaf)} days`);
    assert.ok(leaf.checkIssued(ca) && leaf.verify(ca.publicKey));
    assert.equal(leaf.checkIP("127.0.0.1"), "127.0.0.1");
  });

  test("OpenSSL verifies the server's certificate and refuses one the CA's key signs for another site", () => {
    const leafFile = path.join(tmp, "leaf.pem");
    fs.writeFileSync(leafFile, leafPem);
    const real = openssl("verify", "-CAfile", caFile, leafFile);
    assert.ok(real.ok, real.output);
    const loopback = signed("loopback", "IP:127.0.0.1").verified;
    assert.ok(loopback.ok, `the same signing for 127.0.0.1 verifies: ${loopback.output}`);
    for (const [name, san] of [["evil.example", "DNS:evil.example"], ["lan", "IP:10.0.0.1"], ["sub.localhost.evil.example", "DNS:sub.localhost.evil.example"]]) {
      const refused = signed(name, san).verified;
      assert.ok(!refused.ok, `${san} verified: ${refused.output}`);
      assert.match(refused.output, /permitted subtree violation/, san);
    }
  });
});

describe("Chromium", () => {
  /** A Chromium whose HOME holds an NSS store, with the CA trusted in it when `trusted`. */
  async function chromium(trusted, args = []) {
    const home = fs.mkdtempSync(path.join(tmp, "home-"));
    const nssdb = path.join(home, ".pki/nssdb");
    fs.mkdirSync(nssdb, { recursive: true });
    execFileSync("certutil", ["-N", "-d", `sql:${nssdb}`, "--empty-password"], { stdio: "pipe" });
    if (trusted) execFileSync("certutil", ["-A", "-d", `sql:${nssdb}`, "-t", "C,,", "-n", "cdk-from-rust dev local CA", "-i", caFile], { stdio: "pipe" });
    return launchBrowser(args, { env: { HOME: home } });
  }

  /** From an http page of 127.0.0.1: opens `url`, sends a message, returns the answer (or the failure). */
  async function exchange(browser) {
    const page = http.createServer((_, res) => res.end("<!doctype html><title>client</title>"));
    await new Promise((r) => page.listen(0, "127.0.0.1", r));
    try {
      const tab = await browser.newPage();
      await tab.goto(`http://127.0.0.1:${page.address().port}/`);
      return await tab.evaluate(
        (url) =>
          new Promise((resolve) => {
            const ws = new WebSocket(url);
            const timer = setTimeout(() => resolve({ failed: "no answer within 10 s" }), 10_000);
            ws.onopen = () => ws.send('{"service":"chat","action":"join"}');
            ws.onmessage = (e) => {
              ws.onclose = (c) => {
                clearTimeout(timer);
                resolve({ answer: e.data, wasClean: c.wasClean, code: c.code });
              };
              ws.close(1000);
            };
            ws.onerror = () => {
              clearTimeout(timer);
              resolve({ failed: "error" });
            };
          }),
        wss,
      );
    } finally {
      page.close();
    }
  }

  test("with the CA trusted in its NSS store, a page talks to dev over wss://", async () => {
    const browser = await chromium(true);
    try {
      assert.deepEqual(await exchange(browser), { answer: 'chat/join:{"service":"chat","action":"join"}', wasClean: true, code: 1000 });
      // A close of the server's over TLS is clean too (close_notify after the closing handshake).
      const tab = (await browser.pages()).at(-1);
      const serverClose = await tab.evaluate(
        (url) =>
          new Promise((resolve) => {
            const ws = new WebSocket(url);
            const timer = setTimeout(() => resolve({ failed: "not closed within 10 s" }), 10_000);
            ws.onopen = () => ws.send(new Uint8Array([1, 2, 3]));
            ws.onclose = (c) => {
              clearTimeout(timer);
              resolve({ code: c.code, wasClean: c.wasClean });
            };
          }),
        wss,
      );
      assert.deepEqual(serverClose, { code: 1003, wasClean: true });
    } finally {
      await closeBrowser(browser);
    }
  });

  test("trusting it, Chromium still refuses a site the CA's key signed for another name", async () => {
    // evil.example resolves to a local server holding a certificate the CA's key signed for it.
    const browser = await chromium(true, ["--host-resolver-rules=MAP evil.example 127.0.0.1"]);
    const servers = [];
    try {
      const tab = await browser.newPage();
      const outcomes = {};
      for (const [host, san] of [["localhost", "DNS:localhost"], ["evil.example", "DNS:evil.example"]]) {
        const server = https.createServer(signed(host, san), (_, res) => res.end(`served ${host}`));
        servers.push(server);
        await new Promise((r) => server.listen(0, "127.0.0.1", r));
        outcomes[host] = await tab.goto(`https://${host}:${server.address().port}/`).then(
          () => tab.evaluate(() => document.body.textContent),
          (e) => e.message,
        );
      }
      assert.equal(outcomes.localhost, "served localhost", "the same signing for localhost is trusted");
      assert.match(outcomes["evil.example"], /net::ERR_CERT_/);
    } finally {
      await closeBrowser(browser);
      for (const server of servers) server.close();
    }
  });

  test("without it, the same page cannot connect", async () => {
    const browser = await chromium(false);
    try {
      assert.deepEqual(await exchange(browser), { failed: "error" });
    } finally {
      await closeBrowser(browser);
    }
  });
});
