import WebSocket from "ws";

/** A received message, with text kept as text and binary as bytes. */
export type Received = { text: string } | { binary: Buffer };

/** A `ws` client with a queue of received messages, for `await client.next()`. */
export interface TestClient {
  ws: WebSocket;
  next(timeoutMs?: number): Promise<Received>;
  /** The next text message, parsed as JSON. */
  nextJson(timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Skips messages until one matches; fails after `timeoutMs`. */
  until(predicate: (message: Received) => boolean, timeoutMs?: number): Promise<Received>;
  closed: Promise<{ code: number; reason: string }>;
}

/** Opens a `ws` client and waits for the open event. */
export async function openClient(
  url: string,
  protocols?: string[],
  options?: WebSocket.ClientOptions,
): Promise<TestClient> {
  const ws = new WebSocket(url, protocols, options);
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
  const next = (timeoutMs = 2000): Promise<Received> => {
    const queued = queue.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const waiter = (message: Received) => {
        clearTimeout(timer);
        resolve(message);
      };
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(waiter), 1);
        reject(new Error(`no message within ${timeoutMs} ms`));
      }, timeoutMs);
      waiters.push(waiter);
    });
  };
  return {
    ws,
    closed,
    next,
    async nextJson(timeoutMs) {
      const message = await next(timeoutMs);
      if (!("text" in message)) throw new Error("expected a text message, got binary");
      return JSON.parse(message.text);
    },
    async until(predicate, timeoutMs = 2000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const message = await next(Math.max(1, deadline - Date.now()));
        if (predicate(message)) return message;
      }
    },
  };
}

/** Status, headers and body of a rejected upgrade (ws's `unexpected-response`). */
export function rejectedUpgrade(
  url: string,
  options?: WebSocket.ClientOptions,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options);
    ws.on("unexpected-response", (_request, response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk));
      response.on("end", () => {
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body });
        ws.terminate();
      });
    });
    ws.on("open", () => reject(new Error(`${url} accepted the upgrade`)));
    ws.on("error", () => {});
  });
}

/** The HTTP status a rejected upgrade answers with. */
export async function upgradeStatus(url: string): Promise<number> {
  return (await rejectedUpgrade(url)).status;
}

/** A masked client frame, written raw to the socket to send what `ws` would refuse to. */
export function rawClientFrame(opcode: number, payload: Buffer): Buffer {
  if (payload.length > 125) throw new Error("rawClientFrame handles short payloads only");
  const mask = Buffer.from([1, 2, 3, 4]);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ (mask[i % 4] ?? 0)));
  return Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | payload.length]), mask, masked]);
}

/** Whether a text message parses to JSON with these fields. */
export function isJson(fields: Record<string, unknown>) {
  return (message: Received) => {
    if (!("text" in message)) return false;
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(message.text);
    } catch {
      return false;
    }
    return Object.entries(fields).every(([key, expected]) => value[key] === expected);
  };
}
