// The built-in test client: a WebSocket to one of the served APIs with a query string,
// subprotocols and headers. Without headers it is the browser's own connection; a browser
// cannot set upgrade headers, so with headers it goes through dev (/studio/client), which opens
// the API's connection with them and relays frames (and says why an upgrade was refused, with a
// close code of 4000 + the status). What it sends and gets is listed here; the server's side of
// it shows in the timeline like any other connection.
const $ = (id) => document.getElementById(id);
const MAX_LINES = 500;
let socket = null;
let served = [];

export function setupClient(apis) {
  served = apis;
  const select = $("client-api");
  select.replaceChildren(...apis.map((api) => new Option(`${api.path} — ${api.ws}`, api.path)));
  $("client-form").onsubmit = (e) => {
    e.preventDefault();
    if (socket) socket.close(1000, "closed from the studio");
    else open();
  };
  $("client-send-form").onsubmit = (e) => {
    e.preventDefault();
    send();
  };
}

/** `Name: value` lines as an object; throws on a line without a colon. */
function headers() {
  const lines = $("client-headers").value.split("\n").map((l) => l.trim()).filter(Boolean);
  return Object.fromEntries(
    lines.map((line) => {
      const at = line.indexOf(":");
      if (at < 1) throw new Error(`"${line}" is not "Name: value"`);
      return [line.slice(0, at).trim(), line.slice(at + 1).trim()];
    }),
  );
}

function open() {
  const api = served.find((a) => a.path === $("client-api").value);
  const query = $("client-query").value.trim().replace(/^\?/, "");
  const protocols = $("client-protocols").value.split(",").map((p) => p.trim()).filter(Boolean);
  let extra;
  try {
    extra = headers();
  } catch (e) {
    note("error", e.message);
    return;
  }
  const viaDev = Object.keys(extra).length > 0;
  const direct = query ? `${api.ws}?${query}` : api.ws;
  const params = new URLSearchParams({ api: api.path, query, headers: JSON.stringify(extra), protocols: protocols.join(",") });
  const url = viaDev ? `ws://${location.host}/studio/client?${params}` : direct;
  try {
    socket = viaDev ? new WebSocket(url) : new WebSocket(url, protocols);
  } catch (e) {
    note("error", e.message);
    return;
  }
  note("info", `connecting to ${direct}${viaDev ? ` through dev with headers ${Object.keys(extra).join(", ")}` : ""}`);
  $("client-connect").textContent = "Disconnect";
  socket.onopen = () => {
    note("info", `connected${socket.protocol ? ` (subprotocol ${socket.protocol})` : ""}`);
    $("client-send").disabled = false;
  };
  socket.onmessage = (e) => note("in", typeof e.data === "string" ? e.data : "(binary)");
  socket.onclose = (e) => {
    const refused = e.code > 4000 && e.code < 4600;
    note(refused ? "error" : "info", refused ? `upgrade ${e.reason}` : `closed ${e.code} ${e.reason}${e.code === 1006 ? " (refused or lost: the connections list shows refused upgrades)" : ""}`);
    socket = null;
    $("client-connect").textContent = "Connect";
    $("client-send").disabled = true;
  };
}

function send() {
  let text = $("client-message").value;
  if ($("client-json").checked) {
    try {
      text = JSON.stringify(JSON.parse(text));
    } catch (e) {
      note("error", `not JSON: ${e.message}`);
      return;
    }
  }
  if (!socket || socket.readyState !== WebSocket.OPEN) return note("error", "not connected");
  socket.send(text);
  note("out", text);
}

function note(kind, text) {
  const log = $("client-log");
  const line = document.createElement("li");
  line.className = kind;
  line.textContent = `${{ in: "←", out: "→", info: "·", error: "!" }[kind]} ${text}`;
  log.append(line);
  while (log.children.length > MAX_LINES) log.firstChild.remove();
  log.scrollTop = log.scrollHeight;
}
