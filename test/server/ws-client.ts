import WebSocket from "ws";

/** A received message, with text kept as text and binary as bytes. */
export type Received = { text: string } | { binary: Buffer };

/** A `ws` client with a queue of received messages, for `await client.next()`. */
export interface TestClient {
  ws: WebSocket;
  next(timeoutMs?: number): Promise<Received>;
  closed: Promise<{ code: number; reason: string }>;
}

/** Opens a `ws` client and waits for the open event. */
export async function openClient(url: string, protocols?: string[]): Promise<TestClient> {
  const ws = new WebSocket(url, protocols);
  const queue: Received[] = [];
  const waiters: ((message: Received) => void)[] = [];
  ws.on("message", (data, isBinary) => {
    const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer);
    const message: Received = isBinary ? { binary: buffer } : { text: buffer.toString("utf8") };
    const waiter = waiters.shift();
    if (waiter) waiter(message);
    else queue.push(message);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() }));
  });
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  return {
    ws,
    closed,
    next(timeoutMs = 2000) {
      const queued = queue.shift();
      if (queued) return Promise.resolve(queued);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no message within ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push((message) => {
          clearTimeout(timer);
          resolve(message);
        });
      });
    },
  };
}

/** The HTTP status a rejected upgrade answers with (ws's `unexpected-response`). */
export function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on("unexpected-response", (_request, response) => {
      resolve(response.statusCode ?? 0);
      ws.terminate();
    });
    ws.on("open", () => reject(new Error(`${url} accepted the upgrade`)));
    ws.on("error", () => {});
  });
}
