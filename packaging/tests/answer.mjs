// A WebSocket client (ws from npm): connects to URL, sends TEXT and prints the first answer.
// Exits 1 when no answer comes within 20 s or the connection fails.
// Usage: node answer.mjs URL TEXT   (run from a folder whose node_modules has ws)
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.join(process.cwd(), 'noop.js'));
const WebSocket = require('ws');
const [url, text] = process.argv.slice(2);
const socket = new WebSocket(url);
const timer = setTimeout(() => {
  console.error(`answer.mjs: no answer from ${url} in 20 s`);
  process.exit(1);
}, 20_000);
socket.on('open', () => socket.send(text));
socket.on('message', (data) => {
  console.log(data.toString());
  clearTimeout(timer);
  socket.close();
});
socket.on('error', (e) => {
  console.error(`answer.mjs: ${url}: ${e.message}`);
  process.exit(1);
});
