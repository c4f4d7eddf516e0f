import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import type { WireSize } from "../../echo-server/protocol/wire-size.ts";
import { createServer, type RunningServer, type ServerOptions } from "../../echo-server/server.ts";
import { startCountingProxy } from "./counting-proxy.ts";
import { openRelayClient } from "./relay-client.ts";
import { watchTap } from "./tap-tools.ts";
import { openClient } from "./ws-client.ts";

/**
 * Wire sizes through the relay and a tap, against a `ws` target with permessage-deflate on,
 * behind a TCP proxy that counts the frame bytes independently: what the meter reports for the
 * data messages must add up, byte for byte, to what crossed the TCP connection.
 */

let target: WebSocketServer;
let proxy: Awaited<ReturnType<typeof startCountingProxy>>;
const servers: RunningServer[] = [];

beforeAll(async () => {
  // Echoes with the opcode; compresses what it sends when deflate was negotiated.
  target = new WebSocketServer({ port: 0, host: "127.0.0.1", perMessageDeflate: true });
  target.on("connection", (socket) =>
    socket.on("message", (data, isBinary) => socket.send(data, { binary: isBinary })),
  );
  await new Promise((resolve) => target.once("listening", resolve));
  proxy = await startCountingProxy((target.address() as AddressInfo).port);
});
afterAll(async () => {
  await proxy.close();
  for (const client of target.clients) client.terminate();
  await new Promise((resolve) => target.close(resolve));
});
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
  proxy.connections.length = 0;
});

async function start(options: ServerOptions = {}) {
  const server = await createServer({ port: 0, ...options });
  servers.push(server);
  return server;
}

const proxyUrl = () => `ws://127.0.0.1:${proxy.port}/`;
const total = (wires: (WireSize | undefined)[]) =>
  wires.reduce((sum, wire) => sum + (wire?.payload ?? Number.NaN) + (wire?.overhead ?? 0), 0);

/** Messages that exercise compression: very compressible, tiny, and random (incompressible). */
const compressible = "z".repeat(5000);
const tiny = "hi";
const noise = randomBytes(3000);

describe("wire sizes through the relay", () => {
  it("reports each frame's compressed size both ways, adding up to the bytes on the TCP stream", async () => {
    const server = await start();
    const client = await openRelayClient(server.url);
    client.command({ type: "connect", url: proxyUrl(), protocols: [], headers: [] });
    const open = await client.event("open");
    expect(open.extensions).toContain("permessage-deflate");

    client.sendText(compressible);
    client.sendText(tiny);
    client.sendBinary(noise);
    await client.until(() => (client.data.length === 3 ? true : undefined));
    const sent = await client.until(() => {
      const events = client.events.filter((event) => event.type === "sent");
      return events.length === 3 ? events : undefined;
    });

    const sentWires = sent.map((event) => (event.type === "sent" ? event.wire : undefined));
    const receivedWires = client.data.map((frame) => frame.wire);
    for (const wires of [sentWires, receivedWires]) {
      const [big, small, random] = wires;
      expect(big?.compressed).toBe(true);
      expect(big?.payload).toBeLessThan(100);
      // Uncompressed frames carry their payload as it is; compressed ones say so.
      if (!small?.compressed) expect(small?.payload).toBe(tiny.length);
      if (!random?.compressed) expect(random?.payload).toBe(noise.length);
      else expect(random.payload).toBeGreaterThan(noise.length * 0.9);
    }
    // Client frames are masked (4 more header bytes); server frames are not.
    expect(sentWires[1]?.overhead).toBe(6);
    expect(receivedWires[1]?.overhead).toBe(2);
    // No control frames went by, so the data frames are all the bytes after the upgrade.
    const [connection] = proxy.connections;
    expect(total(sentWires)).toBe(connection?.toTarget.frameBytes);
    expect(total(receivedWires)).toBe(connection?.fromTarget.frameBytes);
  });

  it("measures the first frames a target sends as soon as the connection opens", async () => {
    const greeter = new WebSocketServer({ port: 0, host: "127.0.0.1", perMessageDeflate: true });
    greeter.on("connection", (socket) => {
      for (let i = 0; i < 20; i++) socket.send(`hello ${i} ${"a".repeat(2000)}`);
    });
    await new Promise((resolve) => greeter.once("listening", resolve));
    try {
      const server = await start();
      const client = await openRelayClient(server.url);
      client.command({
        type: "connect",
        url: `ws://127.0.0.1:${(greeter.address() as AddressInfo).port}/`,
        protocols: [],
        headers: [],
      });
      await client.until(() => (client.data.length === 20 ? true : undefined));
      for (const frame of client.data) {
        expect(frame.wire?.compressed).toBe(true);
        expect(frame.wire?.payload).toBeLessThan(frame.text.length / 4);
      }
    } finally {
      for (const socket of greeter.clients) socket.terminate();
      await new Promise((resolve) => greeter.close(resolve));
    }
  });
});

describe("wire sizes through a tap", () => {
  it("mirrors each frame with what it took between the tap and the target, both ways", async () => {
    const server = await start({
      policy: { deflate: true },
      taps: [{ name: "zip", target: proxyUrl() }],
    });
    const watcher = await watchTap(server.url, "zip");
    await watcher.event("hello");
    const app = await openClient(`${server.url.replace(/^http/, "ws")}/tap/zip`);
    expect(app.ws.extensions).toContain("permessage-deflate");
    app.ws.send(compressible);
    app.ws.send(tiny);
    app.ws.send(noise);
    for (let i = 0; i < 3; i++) await app.next(5000);
    await watcher.until(() => watcher.frames.length === 6);

    const c2s = watcher.frames.filter((frame) => frame.direction === "c2s");
    const s2c = watcher.frames.filter((frame) => frame.direction === "s2c");
    for (const frames of [c2s, s2c]) {
      expect(frames.map((frame) => frame.text.length)).toEqual([5000, 2, 6000]);
      expect(frames[0]?.wire?.compressed).toBe(true);
      expect(frames[0]?.wire?.payload).toBeLessThan(100);
      if (!frames[1]?.wire?.compressed) expect(frames[1]?.wire?.payload).toBe(2);
    }
    const [connection] = proxy.connections;
    expect(total(c2s.map((frame) => frame.wire))).toBe(connection?.toTarget.frameBytes);
    expect(total(s2c.map((frame) => frame.wire))).toBe(connection?.fromTarget.frameBytes);
  });
});
