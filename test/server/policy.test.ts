import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type WebSocket from "ws";
import { createServer, type RunningServer, type ServerOptions } from "../../echo-server/server.ts";
import { openClient, rawClientFrame, rejectedUpgrade } from "./ws-client.ts";

const servers: RunningServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function start(options: ServerOptions = {}) {
  const server = await createServer({ port: 0, ...options });
  servers.push(server);
  return { server, ws: server.url.replace(/^http/, "ws") };
}

async function stats(server: RunningServer) {
  return (await (await fetch(`${server.url}/api/stats`)).json()) as Record<string, number>;
}

describe("payload limit", () => {
  it("closes a peer that sends a frame over the limit with 1009, and others carry on", async () => {
    const { ws } = await start({ policy: { maxPayload: 1024 } });
    const [big, bystander] = await Promise.all([
      openClient(`${ws}/echo`),
      openClient(`${ws}/echo`),
    ]);
    big.ws.send("x".repeat(2048));
    expect((await big.closed).code).toBe(1009);
    bystander.ws.send("still here");
    expect(await bystander.next()).toEqual({ text: "still here" });
    bystander.ws.close();
  });
});

describe("compression", () => {
  it("is off by default and negotiated with deflate on", async () => {
    const off = await start();
    const plain = await openClient(`${off.ws}/echo`);
    expect(plain.ws.extensions).toBe("");
    plain.ws.close();

    const on = await start({ policy: { deflate: true } });
    const compressed = await openClient(`${on.ws}/echo`);
    expect(compressed.ws.extensions).toContain("permessage-deflate");
    compressed.ws.send("z".repeat(5000));
    expect(await compressed.next()).toEqual({ text: "z".repeat(5000) });
    compressed.ws.close();
  });
});

describe("rate limit", () => {
  it("answers the first refused message with an error frame and closes sustained abuse with 1008", async () => {
    const { server, ws } = await start({ policy: { rateLimit: 10, rateBurst: 5 } });
    const client = await openClient(`${ws}/echo`);
    for (let i = 0; i < 5; i++) client.ws.send(`ok${i}`);
    for (let i = 0; i < 5; i++) expect(await client.next()).toEqual({ text: `ok${i}` });
    client.ws.send("one too many");
    expect(await client.nextJson()).toMatchObject({ type: "error", code: "rate_limited" });
    for (let i = 0; i < 10; i++) client.ws.send("flood");
    expect(await client.closed).toEqual({ code: 1008, reason: "Rate limit exceeded" });
    expect((await stats(server)).rateLimited).toBeGreaterThanOrEqual(6);
  });
});

describe("connection cap", () => {
  it("answers upgrades past the cap with 503", async () => {
    const { server, ws } = await start({ policy: { maxConnections: 2 } });
    const clients = await Promise.all([openClient(`${ws}/echo`), openClient(`${ws}/echo`)]);
    const refused = await rejectedUpgrade(`${ws}/echo`);
    expect(refused.status).toBe(503);
    expect(refused.body).toBe("Connection limit (2) reached");
    expect((await stats(server)).refusedConnections).toBe(1);
    clients[0]?.ws.close();
    await clients[0]?.closed;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const again = await openClient(`${ws}/echo`);
    again.ws.close();
    clients[1]?.ws.close();
  });
});

describe("slow consumers", () => {
  it("drops messages to a peer that never reads, then disconnects it, and loses nothing for others", async () => {
    const { server, ws } = await start({
      policy: { maxBufferedBytes: 256 * 1024, slowConsumerGraceMs: 300 },
    });
    const stalled = await openClient(`${ws}/broadcast`);
    const reader = await openClient(`${ws}/broadcast`);
    const sender = await openClient(`${ws}/broadcast`);
    // The stalled client stops reading: its TCP buffers fill, then the server's queue grows.
    (stalled.ws as unknown as { _socket: { pause(): void } })._socket.pause();

    const chunk = "y".repeat(16 * 1024);
    const total = 2000; // 32 MiB: far more than loopback buffers hold
    let received = 0;
    const allReceived = new Promise<void>((resolve) => {
      reader.ws.on("message", () => {
        received++;
        if (received === total) resolve();
      });
    });
    for (let i = 0; i < total; i++) {
      sender.ws.send(chunk);
      if (i % 100 === 99) await new Promise((resolve) => setTimeout(resolve, 40));
    }
    await allReceived;
    expect(received).toBe(total);
    const after = await stats(server);
    expect(after.drops).toBeGreaterThan(0);
    await expect.poll(async () => (await stats(server)).connections, { timeout: 5000 }).toBe(2);
    reader.ws.close();
    sender.ws.close();
  }, 30_000);
});

describe("bad input", () => {
  it("closes a peer that sends invalid UTF-8 text with 1007; others are unaffected", async () => {
    const { ws } = await start();
    const [bad, good] = await Promise.all([
      openClient(`${ws}/rooms/utf`),
      openClient(`${ws}/rooms/utf`),
    ]);
    const socket = (bad.ws as unknown as { _socket: { write(b: Buffer): void } })._socket;
    socket.write(rawClientFrame(0x1, Buffer.from([0xc3, 0x28])));
    expect((await bad.closed).code).toBe(1007);
    good.ws.send("ping");
    expect(await good.until((m) => "text" in m && m.text === "pong")).toEqual({ text: "pong" });
    good.ws.close();
  });

  it("answers garbage bytes on the TCP socket with 400 and keeps serving", async () => {
    const { server, ws } = await start();
    const url = new URL(server.url);
    const reply = await new Promise<string>((resolve) => {
      const socket = connect(Number(url.port), url.hostname, () => {
        socket.write(Buffer.from([0, 1, 2, 255, 13, 10, 13, 10, 0x16, 0x03]));
      });
      let data = "";
      socket.on("data", (chunk) => (data += chunk));
      socket.on("close", () => resolve(data));
      socket.on("error", () => resolve(data));
    });
    expect(reply).toContain("400 Bad Request");
    const client = await openClient(`${ws}/echo`);
    client.ws.send("alive");
    expect(await client.next()).toEqual({ text: "alive" });
    client.ws.close();
  });

  it("survives a peer that vanishes mid-frame", async () => {
    const { ws } = await start();
    const client = await openClient(`${ws}/echo`);
    const socket = (
      client.ws as unknown as { _socket: { write(b: Buffer): void; destroy(): void } }
    )._socket;
    socket.write(Buffer.from([0x81, 0xfe, 0x10, 0x00, 1, 2, 3, 4, 5]));
    socket.destroy();
    const next = await openClient(`${ws}/echo`);
    next.ws.send("fine");
    expect(await next.next()).toEqual({ text: "fine" });
    next.ws.close();
  });
});

describe("TLS", () => {
  it("serves wss with --tls-cert/--tls-key material", async () => {
    const dir = mkdtempSync(join(tmpdir(), "socketscope-tls-"));
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=localhost",
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
      ],
      { stdio: "ignore" },
    );
    const cert = readFileSync(join(dir, "cert.pem"));
    const { server, ws } = await start({ tls: { cert, key: readFileSync(join(dir, "key.pem")) } });
    expect(server.url.startsWith("https://")).toBe(true);
    const client = await openClient(`${ws}/echo`, undefined, {
      ca: cert,
      servername: "localhost",
    } as WebSocket.ClientOptions);
    client.ws.send("secure");
    expect(await client.next()).toEqual({ text: "secure" });
    client.ws.close();
  });
});
