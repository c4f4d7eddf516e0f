// The baseline: a Node `ws` client's closed-loop echo RTTs against the same server.
import { once } from "node:events";
import WebSocket from "ws";

/** Sends `count` pings one after another (closed loop) and returns their RTTs in ms. */
export async function nodeEchoRtts(wsOrigin, count) {
  const ws = new WebSocket(`${wsOrigin}/echo`);
  await once(ws, "open");
  const rtts = [];
  for (let seq = 1; seq <= count; seq++) {
    const sentAt = performance.now();
    ws.send(JSON.stringify({ seq }));
    await once(ws, "message");
    rtts.push(performance.now() - sentAt);
  }
  ws.close();
  return rtts;
}
