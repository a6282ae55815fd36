// $connect and $disconnect of the Main API, and its `events` route: the query decides the
// connect outcome (status=N answers N, throw=1 throws, protocol=P picks that subprotocol); the
// module keeps the last CONNECT (but an observer's) and DISCONNECT events (warm state) and
// `events` returns them.
let lastConnect;
let lastDisconnect;
exports.handler = async (event) => {
  const type = event.requestContext.eventType;
  if (type === "DISCONNECT") {
    lastDisconnect = event;
    return { statusCode: 200 };
  }
  if (type === "MESSAGE") return { statusCode: 200, body: JSON.stringify({ lastConnect, lastDisconnect }) };
  const q = event.queryStringParameters || {};
  if (!q.observer) lastConnect = event;
  if (q.throw) throw new Error("connect refused by handler");
  return { statusCode: Number(q.status || 200), headers: q.protocol ? { "Sec-WebSocket-Protocol": q.protocol } : undefined };
};
