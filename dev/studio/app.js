// The studio page: one EventSource from dev (`events`: hello, the kept history, then live
// records in batches), a model of what happened (model.js), and virtualized lists of
// connections and timeline rows redrawn at most once per animation frame.
import { Model, passes } from "./model.js";
import { VList } from "./vlist.js";
import { showRecord } from "./detail.js";
import { setupClient } from "./client.js";

const $ = (id) => document.getElementById(id);
const model = new Model();
const filters = { api: "", route: "", connection: "", text: "" };
let chosen = null; // the connection whose timeline is shown, or null for all activity
let shown = []; // the timeline rows passing the filters
let dirty = { rows: [], all: false, connections: false, apis: false };

const status = (text) => ($("status").textContent = text);
const clock = (ms) => new Date(ms).toISOString().slice(11, 23);

const timeline = new VList($("timeline"), {
  rowHeight: 22,
  key: (row) => row.n,
  render(row, el) {
    const r = row.record;
    const failed = r.type === "end" && r.outcome !== "ok";
    el.className = `vrow ${r.type}${failed || (r.type === "log" && /ERROR|Error/.test(row.text)) ? " error" : ""}`;
    el.replaceChildren(span("t", clock(r.time)), span("c", row.connectionId ? row.connectionId.slice(0, 8) : "—"), span("r", r.route || ""), span("x", row.text));
    el.title = row.text;
  },
  select: (row) => showRecord(row.record, status),
});

const connections = new VList($("connections"), {
  rowHeight: 22,
  key: (c) => c.id,
  stamp: (c) => `${c.id} ${c.state} ${c.code} ${c.status}`,
  render(c, el) {
    el.className = `vrow ${c.state}`;
    const state = c.state === "refused" ? `✕ ${c.status}` : c.state === "live" ? "● live" : `○ ${c.code ?? ""}`;
    el.replaceChildren(span("state", state), span("id", c.id.startsWith("refused-") ? "(no connection)" : c.id), span("api", c.api));
    el.setAttribute("aria-label", `${c.state} connection ${c.id} of ${c.api}`);
  },
  select: (c) => choose(c.id),
});

function span(cls, text) {
  const s = document.createElement("span");
  s.className = cls;
  s.textContent = text;
  return s;
}

/** Shows one connection's timeline, with the actions on it, or every connection's. */
function choose(id) {
  chosen = id;
  const c = id && model.connections.get(id);
  $("timeline-title").textContent = c ? `Connection ${id} · ${c.api}` : "All activity";
  $("show-all").hidden = !c;
  $("actions").hidden = !c || c.state !== "live";
  dirty.all = true;
  schedule();
}

function passing(row) {
  if (chosen && row.connectionId !== chosen) return false;
  return passes(row, filters);
}

let scheduled = false;
function schedule() {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(draw);
}

function draw() {
  scheduled = false;
  if (dirty.apis) drawApis();
  if (dirty.all || model.trimmed) {
    shown = model.rows.filter(passing);
    model.trimmed = false;
  } else {
    for (const row of dirty.rows) if (passing(row)) shown.push(row);
  }
  if (dirty.all || dirty.rows.length) timeline.setItems(shown);
  if (dirty.connections || dirty.all) drawConnections();
  dirty = { rows: [], all: false, connections: false, apis: false };
}

function drawConnections() {
  const ended = $("show-ended").checked;
  const list = [...model.connections.values()].filter(
    (c) => (ended || c.state === "live") && (!filters.api || c.api === filters.api) && (!filters.connection || c.id.includes(filters.connection)),
  );
  const live = list.filter((c) => c.state === "live").length;
  $("connection-count").textContent = `(${live} live, ${list.length - live} ended)`;
  connections.setItems(list);
  if (chosen) $("actions").hidden = model.connections.get(chosen)?.state !== "live";
}

function drawApis() {
  const box = $("apis");
  box.replaceChildren(
    ...model.apis.map((api) => {
      const div = document.createElement("div");
      div.className = "api";
      const auth = api.auth.type === "REQUEST" ? `REQUEST authorizer ${api.auth.function.function} (${api.auth.identitySources.join(", ")})` : api.auth.type;
      div.innerHTML = `<h3></h3><div class="url"></div><div class="url"></div><div class="url"></div><table><thead><tr><th scope="col">Route</th><th scope="col">Function</th><th scope="col">Runtime</th><th scope="col">Warm</th></tr></thead><tbody></tbody></table>`;
      div.querySelector("h3").textContent = `${api.path} (stage ${api.stage})`;
      const urls = div.querySelectorAll(".url");
      urls[0].textContent = api.ws;
      urls[1].textContent = api.wss;
      urls[2].textContent = `routes by ${api.routeSelection} · $connect: ${auth}`;
      const rows = [...api.routes, ...(api.auth.function ? [{ ...api.auth.function, key: "(authorizer)" }] : [])];
      div.querySelector("tbody").replaceChildren(
        ...rows.map((r) => {
          const tr = document.createElement("tr");
          const warm = r.warm > 0;
          for (const [text, cls] of [[`${r.key}${r.twoWay ? " ⇄" : ""}`], [r.function], [r.runtime], [warm ? `${r.warm} warm` : "cold", warm ? "warm" : "cold"]]) {
            const td = document.createElement("td");
            td.textContent = text;
            if (cls) td.className = cls;
            tr.append(td);
          }
          tr.title = r.name;
          return tr;
        }),
      );
      return div;
    }),
  );
}

/** The API and route choices of the filters, once per hello (not on every warm-count change). */
function drawFilterChoices() {
  const apiSelect = $("f-api");
  const current = apiSelect.value;
  apiSelect.replaceChildren(new Option("all", ""), ...model.apis.map((a) => new Option(a.path, a.path)));
  apiSelect.value = current;
  const keys = new Set(model.apis.flatMap((a) => a.routes.map((r) => r.key)));
  $("route-keys").replaceChildren(...[...keys].map((k) => new Option(k)));
}

function listen() {
  const source = new EventSource("events");
  source.addEventListener("hello", (e) => {
    // A reconnect (dev restarted, or the stream broke) starts from a fresh history.
    Object.assign(model, new Model());
    model.hello(JSON.parse(e.data));
    setupClient(model.apis);
    drawFilterChoices();
    dirty = { rows: [], all: true, connections: true, apis: true };
    status(`live · ${model.apis.length} API(s)`);
    schedule();
  });
  source.onmessage = (e) => {
    const added = model.add(JSON.parse(e.data));
    dirty.rows.push(...added);
    dirty.connections = true;
    if (added.some((row) => row.record.type === "end")) dirty.apis = true;
    schedule();
  };
  source.addEventListener("lagged", (e) => status(`live · this page fell behind and missed ${e.data} records`));
  source.onerror = () => status("disconnected from dev: retrying (is dev still running?)");
}

async function act(path, method, body, done) {
  const res = await fetch(path, { method, body });
  const text = await res.text();
  status(res.ok ? done(text ? JSON.parse(text) : {}) : `${method} ${path}: ${res.status} ${JSON.parse(text || "{}").message || ""}`);
}

$("actions").onsubmit = (e) => {
  e.preventDefault();
  act(`/connections/${encodeURIComponent(chosen)}`, "POST", $("send-text").value, () => `Sent to ${chosen}`);
};
$("broadcast").onclick = () => {
  const api = model.connections.get(chosen)?.api;
  act(`/broadcast?api=${encodeURIComponent(api)}`, "POST", $("send-text").value, (r) => `Broadcast to ${r.sent} connection(s) of ${api}`);
};
$("close").onclick = () => act(`/connections/${encodeURIComponent(chosen)}`, "DELETE", undefined, () => `Closed ${chosen}`);
$("show-all").onclick = () => {
  connections.selected = null;
  choose(null);
};
$("show-ended").onchange = () => ((dirty.connections = true), schedule());
for (const [id, key] of [["f-api", "api"], ["f-route", "route"], ["f-connection", "connection"], ["f-text", "text"]]) {
  $(id).addEventListener("input", () => {
    filters[key] = key === "text" ? $(id).value.toLowerCase() : $(id).value.trim();
    dirty.all = true;
    schedule();
  });
}
$("filters").onsubmit = (e) => e.preventDefault();
listen();
