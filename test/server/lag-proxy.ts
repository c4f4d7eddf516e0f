import type { Socket } from "node:net";
import { startTcpProxy } from "./tcp-proxy.ts";

/**
 * Where a lag proxy slows a connection down:
 * - `commands`: what the client sends, from its first chunk that contains `when` on;
 * - `replies`: what the server sends back, once the client has sent a chunk that contains `when`.
 */
export interface Lag {
  direction: "commands" | "replies";
  when: string;
  ms: number;
}

/**
 * A TCP proxy in front of `targetPort` that delays one direction of the connections a `Lag`
 * picks, keeping each direction's bytes in order. It stands in for a slow link to Redis: a
 * history read that runs late, or pub/sub events that arrive late.
 */
export async function startLagProxy(targetPort: number, lag: Lag) {
  /** Writes chunks to `socket` in order, each no sooner than `ms` after it arrived. */
  const delayedWriter = (socket: Socket) => {
    let tail = Promise.resolve();
    return (chunk: Buffer, ms: number) => {
      const due = Date.now() + ms;
      tail = tail
        .then(() => new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now()))))
        .then(() => void socket.write(chunk));
    };
  };
  const proxy = await startTcpProxy(targetPort, (client, upstream) => {
    const toTarget = delayedWriter(upstream);
    const toClient = delayedWriter(client);
    let picked = false;
    client.on("data", (chunk: Buffer) => {
      picked ||= chunk.includes(lag.when);
      toTarget(chunk, picked && lag.direction === "commands" ? lag.ms : 0);
    });
    upstream.on("data", (chunk: Buffer) =>
      toClient(chunk, picked && lag.direction === "replies" ? lag.ms : 0),
    );
  });
  return { url: `redis://127.0.0.1:${proxy.port}`, close: proxy.close };
}
