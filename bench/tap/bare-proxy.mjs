// The floor for any tap written on Node and `ws`: a bare proxy that dials the target for each
// client and passes every message on, text as text and binary as binary, with nothing else (no
// rules, no mirror, no policy). It corks each socket for the rest of the turn, as the tap does.
// Usage: node bare-proxy.mjs <target ws url>; prints "listening <port>"; SIGTERM stops it.
import { WebSocket, WebSocketServer } from "ws";

const target = process.argv[2];
if (!target) {
  process.stderr.write("usage: node bare-proxy.mjs <target ws url>\n");
  process.exit(2);
}

const corked = [];
const uncorkAll = () => {
  for (const socket of corked) socket.uncork();
  corked.length = 0;
};
function send(ws, data, isBinary) {
  const raw = ws._socket;
  if (raw.writableCorked === 0) {
    raw.cork();
    if (corked.push(raw) === 1) process.nextTick(uncorkAll);
  }
  ws.send(data, { binary: isBinary });
}

const wss = new WebSocketServer({ port: 0, host: "127.0.0.1", maxPayload: 1024 * 1024 });
wss.on("connection", (client) => {
  client.pause();
  const upstream = new WebSocket(target, { perMessageDeflate: false });
  upstream.on("open", () => client.resume());
  upstream.on("message", (data, isBinary) => send(client, data, isBinary));
  client.on("message", (data, isBinary) => {
    if (upstream.readyState === WebSocket.OPEN) send(upstream, data, isBinary);
  });
  upstream.on("close", () => client.close());
  client.on("close", () => upstream.close());
  upstream.on("error", () => client.terminate());
  client.on("error", () => upstream.terminate());
});

wss.on("listening", () => process.stdout.write(`listening ${wss.address().port}\n`));
wss.on("error", (error) => {
  process.stderr.write(`bare-proxy: ${error.message}\n`);
  process.exit(1);
});
process.on("SIGTERM", () => {
  for (const client of wss.clients) client.terminate();
  wss.close(() => process.exit(0));
});
