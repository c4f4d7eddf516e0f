// The baseline: a plain `ws` server with the behaviour the benchmarks use, and nothing else.
//   /echo          echoes every message, text as text and binary as binary
//   /rooms/<room>  a small welcome frame on connect, then every text message goes to every member
//                  (sender included) in a JSON envelope shaped like SocketScope's message frame
// Prints "listening <port>" once ready; SIGTERM stops it.
import { WebSocketServer } from "ws";

const wss = new WebSocketServer({ port: 0, host: "127.0.0.1", maxPayload: 1024 * 1024 });
const rooms = new Map();
let nextId = 1;

wss.on("connection", (ws, request) => {
  const path = (request.url ?? "/").split("?")[0];
  if (path === "/echo") {
    ws.on("message", (data, isBinary) => ws.send(data, { binary: isBinary }));
    return;
  }
  if (path.startsWith("/rooms/") && path.length > "/rooms/".length) joinRoom(ws, path.slice(7));
  else ws.close(1008, "Unknown path");
});

function joinRoom(ws, room) {
  const id = `u${nextId++}`;
  let members = rooms.get(room);
  if (!members) {
    members = new Set();
    rooms.set(room, members);
  }
  members.add(ws);
  // The load generator waits for a welcome on both servers; this one carries no peer list.
  ws.send(JSON.stringify({ type: "welcome", id, name: id, room }));
  ws.on("message", (data, isBinary) => {
    if (isBinary) return;
    const frame = JSON.stringify({
      type: "message",
      room,
      from: id,
      name: id,
      data: data.toString(),
      ts: Date.now(),
    });
    for (const member of members) member.send(frame);
  });
  ws.on("close", () => {
    members.delete(ws);
    if (members.size === 0) rooms.delete(room);
  });
}

wss.on("listening", () => process.stdout.write(`listening ${wss.address().port}\n`));
wss.on("error", (error) => {
  process.stderr.write(`bare-server: ${error.message}\n`);
  process.exit(1);
});
process.on("SIGTERM", () => {
  for (const client of wss.clients) client.terminate();
  wss.close(() => process.exit(0));
});
