// What the page knows of the run, built from dev's records (see dev/src/studio/records.rs):
// the APIs, every connection seen (live, closed, or refused at the upgrade) and the timeline
// rows. Memory is bounded as on the server: at most MAX_ROWS rows (the oldest go first) and
// MAX_PER_CONNECTION rows per connection.
export const MAX_ROWS = 50_000;
export const MAX_PER_CONNECTION = 2_000;
const MAX_REQUESTS = 10_000;

export class Model {
  constructor() {
    this.apis = [];
    this.connections = new Map();
    this.rows = [];
    this.requests = new Map();
    this.missed = 0;
    this.nextRow = 0;
  }

  hello(hello) {
    this.apis = hello.apis;
    this.missed += hello.dropped || 0;
    for (const c of hello.connections) {
      this.connection(c.id, c.api, { connectedAt: Date.parse(c.connectedAt), lastActive: Date.parse(c.lastActiveAt), sourceIp: c.sourceIp, userAgent: c.userAgent, authorizer: c.authorizer });
    }
  }

  connection(id, api, fields = {}) {
    let c = this.connections.get(id);
    if (!c) {
      c = { id, api, state: "live", rows: 0, messages: 0 };
      this.connections.set(id, c);
    }
    return Object.assign(c, fields);
  }

  /** Files a batch of records; returns the rows added. */
  add(records) {
    const added = [];
    for (const r of records) {
      if (r.type === "start") {
        this.requests.set(r.requestId, r);
        // Kept past END: output written just before the handler answered may be read after it.
        if (this.requests.size > MAX_REQUESTS) this.requests.delete(this.requests.keys().next().value);
      }
      if (r.type === "log") {
        const start = this.requests.get(r.requestId);
        if (start) Object.assign(r, { api: start.api, route: start.route, connectionId: start.connectionId, function: start.function });
      }
      if (r.type === "end") this.warm(r.function, r.warm);
      this.track(r);
      for (const line of lines(r)) added.push(this.push(r, line));
    }
    this.trim();
    return added.filter((row) => row);
  }

  track(r) {
    const id = r.connectionId;
    if (r.type === "open") this.connection(id, r.api, { state: "live", connectedAt: r.connectedAt, lastActive: r.time, sourceIp: r.sourceIp, userAgent: r.userAgent, authorizer: r.authorizer });
    else if (r.type === "refused") this.connection(id || `refused-${r.seq}`, r.api, { state: "refused", status: r.status, why: r.why || r.body, connectedAt: r.time, lastActive: r.time, sourceIp: r.sourceIp, userAgent: r.userAgent });
    else if (r.type === "close" && id) this.connection(id, r.api, { state: "closed", code: r.code, reason: r.reason, lastActive: r.time });
    else if ((r.type === "message" || r.type === "frame") && id) {
      const c = this.connection(id, r.api, { lastActive: r.time });
      if (r.type === "message") c.messages += 1;
    }
  }

  push(record, text) {
    const id = record.connectionId || (record.type === "refused" ? `refused-${record.seq}` : "");
    const c = id && this.connections.get(id);
    if (c) {
      if (c.rows >= MAX_PER_CONNECTION) return null;
      c.rows += 1;
    }
    const row = { n: this.nextRow++, record, text, connectionId: id };
    this.rows.push(row);
    return row;
  }

  trim() {
    if (this.rows.length <= MAX_ROWS) return;
    const gone = this.rows.splice(0, this.rows.length - MAX_ROWS + MAX_ROWS / 10);
    for (const row of gone) {
      const c = this.connections.get(row.connectionId);
      if (c) c.rows -= 1;
    }
    this.trimmed = true;
  }

  warm(functionPath, count) {
    for (const api of this.apis) {
      for (const route of [...api.routes, api.auth.function].filter(Boolean)) {
        if (route.function === functionPath) route.warm = count;
      }
    }
  }
}

/** The timeline lines of a record, as dev's stderr shows them where it has a line for it. */
export function lines(r) {
  switch (r.type) {
    case "open":
      return [`CONNECT ${r.sourceIp} ${r.userAgent || ""}${r.authorizer ? ` authorizer ${JSON.stringify(r.authorizer)}` : ""}`];
    case "refused":
      return [`REFUSED upgrade ${r.status}: ${r.why || r.body || ""}${r.query ? ` ?${r.query}` : ""}`];
    case "message":
      return [`IN  ${show(r.text)}`];
    case "frame":
      if (r.close) return [`OUT close ${r.close.code} ${r.close.reason}`];
      if (r.binaryBytes !== undefined) return [`OUT binary ${r.binaryBytes} bytes`];
      return [`OUT ${show(r.text)}`];
    case "start":
      return [`START ${r.function}${r.cold ? " (cold start)" : ""} RequestId: ${r.requestId} Version: $LATEST`];
    case "log":
      return show(r.text).replace(/\n$/, "").split("\n").map((l) => `[${r.name}] ${l}`);
    case "end": {
      const out = [];
      if (r.reason) out.push(`ERROR ${r.reason}`);
      out.push(`END ${r.outcome} RequestId: ${r.requestId}`);
      out.push(`REPORT Duration: ${r.durationMs.toFixed(2)} ms Billed Duration: ${r.billedMs} ms Memory Size: ${r.memoryMb} MB RequestId: ${r.requestId}`);
      return out;
    }
    case "close":
      return [`DISCONNECT ${r.code} ${r.reason}`];
    case "replay":
      return [`REPLAY into ${r.function} (route ${r.route})`];
    default:
      return [JSON.stringify(r)];
  }
}

/** A record's text, or what is left of a value cut for size. */
export function show(value) {
  if (typeof value === "string") return value;
  if (value && value.truncated) return `${value.start}… (${value.truncated} bytes, cut)`;
  return JSON.stringify(value);
}

/** Whether a timeline row passes the filters (`text` is lower case). */
export function passes(row, f) {
  const r = row.record;
  if (f.api && r.api !== f.api) return false;
  if (f.connection && !row.connectionId.includes(f.connection)) return false;
  if (f.route && !(r.route || "").includes(f.route)) return false;
  if (f.text) {
    row.lower ??= `${row.text} ${row.connectionId}`.toLowerCase();
    if (!row.lower.includes(f.text)) return false;
  }
  return true;
}
