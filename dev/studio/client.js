// The built-in test client: a browser WebSocket to one of the served APIs, with a query string
// and subprotocols (a browser cannot set other upgrade headers, so APIs whose authorizer reads
// a header need a client such as wscat or the `ws` package). What it sends and gets is listed
// here; the server's side of it shows in the timeline like any other connection.
const $ = (id) => document.getElementById(id);
const MAX_LINES = 500;
let socket = null;

export function setupClient(apis) {
  const select = $("client-api");
  select.replaceChildren(...apis.map((api) => new Option(`${api.path} — ${api.ws}`, api.ws)));
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

function open() {
  const query = $("client-query").value.trim().replace(/^\?/, "");
  const url = query ? `${$("client-api").value}?${query}` : $("client-api").value;
  const protocols = $("client-protocols").value.split(",").map((p) => p.trim()).filter(Boolean);
  try {
    socket = new WebSocket(url, protocols);
  } catch (e) {
    note("error", e.message);
    return;
  }
  note("info", `connecting to ${url}`);
  $("client-connect").textContent = "Disconnect";
  socket.onopen = () => {
    note("info", `connected${socket.protocol ? ` (subprotocol ${socket.protocol})` : ""}`);
    $("client-send").disabled = false;
  };
  socket.onmessage = (e) => note("in", typeof e.data === "string" ? e.data : "(binary)");
  socket.onclose = (e) => {
    note("info", `closed ${e.code} ${e.reason}${e.code === 1006 ? " (refused or lost: see Refused in the connections list)" : ""}`);
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
