// The studio page in Debian's Chromium: refused without this run's token (or with a wrong
// one), opened with the banner's URL (the token traded for an HttpOnly cookie and dropped from
// the address), then driven as a user would: a `ws` client's connection appears, its message,
// the frame back and the handler's log line show in its timeline; send, broadcast and close
// from the page reach the client; an edited event replays into its function; a refused upgrade
// is listed with its status; the built-in test client talks to an API. Screenshots of the main
// views go to target/dev-tests/screenshots/ (docs/images/ with SCREENSHOTS=docs/images). One server and one browser for the file; both are ended.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as http from "node:http";
import * as path from "node:path";
import { closeBrowser, closed, connect, launchBrowser, nextMessage, plainAssembly, startDev, stopDev, workspace } from "./helpers.mjs";

const PORT = 4071;
const INSPECTOR = PORT - 1;
// The README's pictures are refreshed by a person (SCREENSHOTS=docs/images), never by CI.
const images = path.resolve(workspace, process.env.SCREENSHOTS || "target/dev-tests/screenshots");
let dev;
let browser;
let page;
let studioUrl;
let client;
let tokenOfRun;

/** GET on the inspector's port with Node (no browser): {status, headers, body}. */
function get(pathname, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port: INSPECTOR, path: pathname, headers }, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.setTimeout(10_000, () => req.destroy(new Error("no answer in 10 s")));
  });
}

/** Waits until a row of a list (`#timeline` or `#connections`) shows `text`; returns its index. */
async function row(list, text, ms = 15_000) {
  const handle = await page.waitForFunction(
    (list, text) => [...document.querySelectorAll(`#${list} .vrow:not([hidden])`)].find((r) => r.textContent.includes(text))?.dataset.index,
    { timeout: ms },
    list,
    text,
  );
  return Number(await handle.jsonValue());
}

async function clickRow(list, text) {
  const index = await row(list, text);
  await page.click(`#${list} .vrow:not([hidden])[data-index="${index}"]`);
}

async function filterText(text) {
  await page.$eval("#f-text", (el, text) => {
    el.value = text;
    el.dispatchEvent(new Event("input"));
  }, text);
}

before(async () => {
  fs.mkdirSync(images, { recursive: true });
  dev = await startDev(["--assembly", plainAssembly, "--port", String(PORT)], { apis: 3 });
  studioUrl = dev.stdout.match(/^studio (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}) /m)?.[1];
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 800 });
});
after(async () => {
  client?.terminate();
  await closeBrowser(browser);
  if (dev) await stopDev(dev);
  // After every request the file made with the token and its cookie: never in the log.
  if (tokenOfRun) {
    assert.equal(dev.stdout.split(tokenOfRun).length, 2, "the token is printed once, in the banner");
    assert.ok(!dev.stderr.includes(tokenOfRun), "the token is never in dev's log");
  }
});

describe("the studio's door", () => {
  test("dev prints one studio URL with the run's token, and never logs the token", () => {
    assert.ok(studioUrl, `a studio line in:\n${dev.stdout}`);
    assert.equal(new URL(studioUrl).port, String(INSPECTOR));
    const token = new URL(studioUrl).searchParams.get("token");
    assert.equal(dev.stdout.split(token).length, 2, "once, in the banner");
    tokenOfRun = token;
  });

  test("without the token, or with a wrong one, every studio route is a 403 page saying to use dev's URL", async () => {
    for (const p of ["/studio/", "/studio/app.js", "/studio/events", "/?token=0123"]) {
      const res = await get(p);
      assert.equal(res.status, 403, p);
      assert.match(res.body, /Open the studio with the URL <code>dev<\/code> printed/);
    }
    const other = await get("/studio/", { cookie: `dev-studio-${INSPECTOR}=${"0".repeat(64)}` });
    assert.equal(other.status, 403, "a guessed cookie");
    const res = await page.goto(`http://127.0.0.1:${INSPECTOR}/`);
    assert.equal(res.status(), 403);
    assert.match(await page.content(), /this browser has not opened the studio's URL of this run/);
    // The JSON API the `connections` command uses needs no token (it is Host/Origin-guarded).
    assert.equal((await get("/connections")).status, 200);
  });

  test("with the token, the page trades it for an HttpOnly SameSite=Strict cookie and drops it from the address", async () => {
    const res = await get(new URL(studioUrl).pathname + new URL(studioUrl).search);
    assert.equal(res.status, 303);
    assert.match(res.headers["set-cookie"][0], new RegExp(`^dev-studio-${INSPECTOR}=[0-9a-f]{64}; HttpOnly; SameSite=Strict; Path=/studio$`));
    await page.goto(studioUrl);
    assert.equal(page.url(), `http://127.0.0.1:${INSPECTOR}/studio/`);
    assert.equal(await page.evaluate(() => document.cookie), "", "scripts cannot read it");
    await page.waitForFunction(() => document.querySelector("#status").textContent.startsWith("live"), { timeout: 10_000 });
    const apis = await page.$eval("#apis", (el) => el.textContent);
    for (const expected of [`ws://127.0.0.1:${PORT + 1}/dev`, `wss://127.0.0.1:${PORT + 1}/dev`, "Plain/Echo", "nodejs22.x", "python3.12", "REQUEST authorizer Plain/Authorizer"]) {
      assert.ok(apis.includes(expected), `${expected} in the APIs panel`);
    }
  });
});

describe("watching and driving a connection", () => {
  test("a client's connection appears; its message, the frame back and the handler's log line are in its timeline", async () => {
    client = await connect(`${dev.urls[1]}?token=good`, { headers: { "X-Team": "blue", "User-Agent": "studio-test" } });
    client.send(JSON.stringify({ action: "echo", data: "hello studio" }));
    const answer = JSON.parse(await nextMessage(client));
    const id = answer.requestContext.connectionId;
    client.id = id;
    await clickRow("connections", id);
    await page.waitForFunction((id) => document.querySelector("#timeline-title").textContent.includes(id), { timeout: 5_000 }, id);
    await row("timeline", "CONNECT 127.0.0.1 studio-test authorizer");
    await row("timeline", 'IN  {"action":"echo","data":"hello studio"}');
    await row("timeline", '] echo {"action":"echo","data":"hello studio"}');
    await row("timeline", "REPORT Duration:");
    await row("timeline", 'OUT {"calls":');
    await clickRow("timeline", "START Plain/Echo");
    const detail = await page.$eval("#detail-json", (el) => JSON.parse(el.textContent));
    assert.equal(detail.event.body, JSON.stringify({ action: "echo", data: "hello studio" }));
    assert.equal(detail.event.requestContext.authorizer.team, "blue");
    await page.screenshot({ path: path.join(images, "studio-timeline.png") });
  });

  test("send and broadcast from the page reach the client", async () => {
    await page.$eval("#send-text", (el) => (el.value = "from the studio"));
    await page.click("#send");
    assert.equal(await nextMessage(client), "from the studio");
    const second = await connect(`${dev.urls[1]}?token=good`, { headers: { "X-Team": "red" } });
    try {
      await row("connections", "live");
      await page.$eval("#send-text", (el) => (el.value = "to everyone"));
      await page.click("#broadcast");
      assert.equal(await nextMessage(client), "to everyone");
      assert.equal(await nextMessage(second), "to everyone");
      await page.waitForFunction(() => /Broadcast to 2 connection\(s\) of Plain\/Main/.test(document.querySelector("#status").textContent), { timeout: 5_000 });
      await row("timeline", "OUT to everyone");
    } finally {
      second.terminate();
    }
  });

  test("an edited event replays into its function, which runs again and answers the page", async () => {
    await clickRow("timeline", "START Plain/Echo");
    await page.waitForSelector("#replay:not([hidden])");
    await page.$eval("#replay-event", (el) => (el.value = el.value.replace("hello studio", "replayed from the studio")));
    await page.click("#replay-run");
    await page.waitForFunction(() => document.querySelector("#replay-result").textContent.includes("replayed from the studio"), { timeout: 15_000 });
    const result = await page.$eval("#replay-result", (el) => JSON.parse(el.textContent));
    assert.equal(result.outcome, "ok");
    const body = JSON.parse(result.result.body);
    assert.ok(body.calls >= 2, "the warm handler ran again");
    await row("timeline", "REPLAY into Plain/Echo");
    await row("timeline", '] echo {"action":"echo","data":"replayed from the studio"}');
    assert.deepEqual(client.inbox, [], "a replay's result is not sent to the connection");
  });

  test("closing from the page closes the client as @connections DELETE does, and the page shows it", async () => {
    await page.click("#close");
    assert.deepEqual(await closed(client), { code: 1000, reason: "Connection deleted" });
    await row("timeline", "DISCONNECT 1000 Connection deleted");
    await page.waitForSelector("#actions[hidden]");
  });

  test("a refused upgrade is listed with its status and why; filters narrow the timeline; keys move through it", async () => {
    await assert.rejects(connect(`${dev.urls[1]}?token=bad`, { headers: { "X-Team": "blue" } }), /status 403/);
    await page.click("#show-all");
    await row("connections", "✕ 403");
    await row("timeline", "REFUSED upgrade 403: the authorizer Plain/Authorizer returned a Deny policy ?token=bad");
    await filterText("hello studio");
    await page.waitForFunction(() => [...document.querySelectorAll("#timeline .vrow:not([hidden])")].every((r) => r.textContent.toLowerCase().includes("hello studio")), { timeout: 5_000 });
    await filterText("");
    // Keyboard: the timeline is a listbox; End chooses its last row and shows it in the details.
    await page.focus("#timeline");
    await page.keyboard.press("End");
    await page.waitForFunction(() => document.querySelector("#detail-title").textContent.startsWith("refused"), { timeout: 5_000 });
    await page.screenshot({ path: path.join(images, "studio-all.png") });
  });

  test("the built-in test client connects to an API, sends JSON and shows the answer", async () => {
    await page.click("#client-box summary");
    assert.deepEqual(await page.select("#client-api", "Plain/Inner/Templated"), ["Plain/Inner/Templated"]);
    await page.click("#client-connect");
    await page.waitForSelector("#client-send:not([disabled])", { timeout: 10_000 });
    await page.$eval("#client-message", (el) => (el.value = '{"service": "chat", "action": "join"}'));
    await page.click("#client-send");
    await page.waitForFunction(() => [...document.querySelectorAll("#client-log .in")].length > 0, { timeout: 15_000 });
    const log = await page.$eval("#client-log", (el) => el.textContent);
    assert.match(log, /→ \{"service":"chat","action":"join"\}/, "sent compacted");
    await row("timeline", 'IN  {"service":"chat","action":"join"}');
    await page.click("#client-connect");
    await page.waitForFunction(() => document.querySelector("#client-log").textContent.includes("· closed 1000"), { timeout: 10_000 });
  });

  test("with headers, the test client goes through dev: an authorizer reading a header lets it in, or its refusal is shown", async () => {
    await page.select("#client-api", "Plain/Main");
    await page.$eval("#client-headers", (el) => (el.value = "X-Team: green"));
    await page.$eval("#client-query", (el) => (el.value = "token=bad"));
    await page.click("#client-connect");
    await page.waitForFunction(() => document.querySelector("#client-log").textContent.includes('! upgrade refused 403 {"message":"Forbidden"}'), { timeout: 15_000 });
    await page.$eval("#client-query", (el) => (el.value = "token=good"));
    await page.click("#client-connect");
    await page.waitForSelector("#client-send:not([disabled])", { timeout: 15_000 });
    await page.$eval("#client-message", (el) => (el.value = '{"action": "echo", "data": "through dev"}'));
    await page.click("#client-send");
    await page.waitForFunction(() => document.querySelector("#client-log").textContent.includes('\\"data\\":\\"through dev\\"'), { timeout: 15_000 });
    const log = await page.$eval("#client-log", (el) => el.textContent);
    assert.match(log, /"team":"green"/, "the authorizer saw the header");
    await page.click("#client-connect");
  });
});
