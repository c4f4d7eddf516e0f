// A plain `ws` server in a process of its own: the stream a user's own server would send, with
// none of SocketScope's code in the path. `node bench/inspector/flood-server.mjs [closeTimeoutMs]`
// listens on a free loopback port and prints one JSON line per event on stdout:
//   {"type":"listening","port":…}
//   {"type":"sent","id":…,"sent":…,"ms":…,"buffered":…}  every frame handed to ws, `ms` after
//                                                      open, `buffered` bytes ws held unsent
//   {"type":"close","id":…,"code":…,"sent":…,"ms":…,"closeCalledMs":…}
// A connection to `/?rate=&count=&size=` gets `count` text frames of `size` bytes at `rate`/s,
// paced by the clock and without waiting for the socket to drain (as a plain server does), then
// `close(1000)`. Plain HTTP GETs serve the bare page (bare-page.mjs) with the isolation headers.
// The process ends when its parent closes stdin (or dies), so it never outlives a bench.
import { createServer } from "node:http";
import { WebSocketServer } from "ws";
import { BARE_ASSETS } from "./bare-page.mjs";

/**
 * How long ws waits for the browser's reply to its close frame before it destroys the socket.
 * ws's default is 30 s; see the README on the 1006 after a long drain.
 */
const closeTimeout = Number(process.argv[2] ?? 30_000);
const MAX_COUNT = 5_000_000;
const TICK_MS = 1;

const emit = (event) => process.stdout.write(`${JSON.stringify(event)}\n`);

const http = createServer((request, response) => {
  const asset = BARE_ASSETS[new URL(request.url ?? "/", "http://x").pathname];
  if (!asset) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, asset.headers).end(asset.body);
});

const wss = new WebSocketServer({ server: http, perMessageDeflate: false, closeTimeout });
let nextId = 1;

wss.on("connection", (socket, request) => {
  const id = nextId++;
  const query = new URL(request.url ?? "/", "http://x").searchParams;
  const rate = Math.max(1, Number(query.get("rate") ?? 1000));
  const count = Math.min(MAX_COUNT, Math.max(1, Number(query.get("count") ?? 1000)));
  const size = Math.max(1, Number(query.get("size") ?? 64));
  const filler = "abcdefghijklmnopqrstuvwxyz".repeat(Math.ceil(size / 26) + 1);
  const start = performance.now();
  let sent = 0;
  let closeCalledMs;
  let timer;
  const tick = () => {
    const due = Math.min(count, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
    while (sent < due) {
      sent++;
      socket.send(`${sent} ${filler}`.slice(0, size));
    }
    if (sent < count) {
      timer = setTimeout(tick, TICK_MS);
      return;
    }
    closeCalledMs = performance.now() - start;
    emit({ type: "sent", id, sent, ms: closeCalledMs, buffered: socket.bufferedAmount });
    socket.close(1000, "done");
  };
  socket.on("close", (code) => {
    clearTimeout(timer);
    emit({ type: "close", id, code, sent, ms: performance.now() - start, closeCalledMs });
  });
  socket.on("error", (error) => emit({ type: "error", id, message: error.message }));
  tick();
});

http.listen(0, "127.0.0.1", () => emit({ type: "listening", port: http.address().port }));
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
