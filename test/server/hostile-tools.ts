import { request as httpRequest } from "node:http";
import { connect, type Socket } from "node:net";
import { expect } from "vitest";
import { isJson, openClient, type TestClient } from "./ws-client.ts";

/** An HTTP answer as a test reads it. */
export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** An HTTP request with any Host and headers (fetch cannot set Host). */
export function request(
  port: number,
  options: {
    method?: string;
    path?: string;
    host?: string;
    headers?: Record<string, string>;
    body?: string;
  } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port,
        method: options.method ?? "GET",
        path: options.path ?? "/",
        setHost: false,
        headers: { Host: options.host ?? `127.0.0.1:${port}`, ...options.headers },
      },
      (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

/** The answer to a raw upgrade request: the status line's code, or 0 when the socket closed first. */
export function rawUpgrade(
  port: number,
  path: string,
  headers: Record<string, string> = {},
  options: { host?: string } = {},
): Promise<{ status: number; text: string }> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let text = "";
    socket.on("data", (chunk) => {
      text += chunk;
      if (text.includes("\r\n\r\n")) socket.destroy();
    });
    socket.on("error", () => {});
    socket.on("close", () =>
      resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(text)?.[1] ?? 0), text }),
    );
    socket.write(upgradeText(port, path, headers, options.host));
  });
}

/** Writes an upgrade request and resets the TCP connection at once, before any answer. */
export function upgradeThenReset(
  port: number,
  path: string,
  headers: Record<string, string> = {},
  options: { host?: string } = {},
): Promise<void> {
  return new Promise((resolve) => {
    const socket: Socket = connect(port, "127.0.0.1", () => {
      socket.write(upgradeText(port, path, headers, options.host), () => socket.resetAndDestroy());
    });
    socket.on("error", () => {});
    socket.on("close", () => resolve());
  });
}

function upgradeText(port: number, path: string, headers: Record<string, string>, host?: string) {
  const lines = [
    `GET ${path} HTTP/1.1`,
    `Host: ${host ?? `127.0.0.1:${port}`}`,
    "Upgrade: websocket",
    "Connection: Upgrade",
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
    "Sec-WebSocket-Version: 13",
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  return `${lines.join("\r\n")}\r\n\r\n`;
}

/** `/api/stats` of a server. */
export async function statsOf(port: number) {
  const answer = await request(port, { path: "/api/stats" });
  expect(answer.status).toBe(200);
  return JSON.parse(answer.body) as {
    connections: number;
    errors: number;
    errorsBy: Record<string, number>;
    refusedOrigins: number;
    refusedConnections: number;
    apiRateLimited: number;
    memory: { rss: number; heapUsed: number };
    budgets: {
      historyBytes: number;
      historyEvictions: number;
      echoPendingBytes: number;
      echoOverflows: number;
    };
  };
}

/**
 * Two clients in one room that must go on hearing each other whatever else is thrown at the
 * server: `check()` has one publish 20 messages and the other receive all 20, in order.
 */
export async function openWitnesses(wsBase: string) {
  const speaker = await openClient(`${wsBase}/rooms/witness`);
  const listener = await openClient(`${wsBase}/rooms/witness`);
  const drain = async (client: TestClient) => {
    // Welcome and presence frames come first, in batches.
    await client.until(isJson({ type: "welcome" }));
  };
  await Promise.all([drain(speaker), drain(listener)]);
  let round = 0;
  return {
    async check() {
      round++;
      for (let i = 0; i < 20; i++)
        speaker.ws.send(
          JSON.stringify({ type: "publish", room: "witness", data: `r${round}-${i}` }),
        );
      for (let i = 0; i < 20; i++) {
        const message = await listener.until(
          (m) => "text" in m && m.text.includes('"type":"message"'),
          3000,
        );
        expect(JSON.parse((message as { text: string }).text).data).toBe(`r${round}-${i}`);
      }
    },
    close() {
      speaker.ws.close();
      listener.ws.close();
    },
  };
}

/** A string of `depth` nested arrays. */
export const deepArray = (depth: number) => "[".repeat(depth) + "]".repeat(depth);

/** A string of `depth` nested objects `{"a":…}` around `1`. */
export const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
