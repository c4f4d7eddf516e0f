import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket, { WebSocketServer } from "ws";
import type { TapRule } from "../../echo-server/protocol/tap-wire.ts";
import { createServer, type RunningServer } from "../../echo-server/server.ts";
import { startTapTarget, watchTap } from "./tap-tools.ts";
import { openClient } from "./ws-client.ts";

/**
 * What an app, a target or a rule can throw at a tap: regexes that never finish, JSON nested a
 * hundred thousand deep, any characters, connections cut in the middle of a frame, a watcher
 * that stops reading. The tap keeps forwarding and the server keeps serving.
 */

let target: Awaited<ReturnType<typeof startTapTarget>>;
const servers: RunningServer[] = [];

beforeAll(async () => {
  target = await startTapTarget();
});
afterAll(() => target.close());
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
  target.seen.length = 0;
});

async function tapTo(url: string, ...rules: Omit<TapRule, "hits">[]) {
  const server = await createServer({ port: 0, taps: [{ name: "h", target: url }] });
  servers.push(server);
  const watcher = await watchTap(server.url, "h");
  await watcher.event("hello");
  if (rules.length > 0) {
    watcher.command({ type: "rules", rules });
    await watcher.event("rules", (e) => e.rules.length === rules.length);
  }
  const app = await openClient(`${server.url.replace(/^http/, "ws")}/tap/h`);
  return { server, watcher, app };
}

async function healthy(server: RunningServer) {
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
}

describe("rule regexes are bounded", () => {
  it("turns off a rule whose regex runs away, passes the frame on, and keeps the rules after it", async () => {
    const { server, watcher, app } = await tapTo(
      target.url,
      { id: "runaway", match: { regex: "^(a+)+$" }, action: { type: "drop" } },
      {
        id: "tag",
        match: { direction: "s2c", regex: "(\\d+)$" },
        action: { type: "replace", with: "#$1" },
      },
    );
    const hostile = `${"a".repeat(40)}b`;
    app.ws.send(hostile);
    expect(await app.next(20_000)).toEqual({ text: hostile });
    const error = await watcher.event("error");
    expect(error).toMatchObject({
      message: "Rule runaway its regex ran over 250 ms on one frame, so the tap turned it off",
      field: "rules[0].match.regex",
    });
    const rules = await watcher.event("rules", (e) => e.rules[0]?.disabled !== undefined);
    expect(rules.rules[0]?.disabled).toBe(
      "Turned off: its regex ran over 250 ms on one frame (client 1). Save the rules again to turn it back on.",
    );
    // The rule is off: the same frame no longer waits for it; the next rule still works.
    app.ws.send(hostile);
    expect(await app.next(5000)).toEqual({ text: hostile });
    app.ws.send("order 42");
    expect(await app.next()).toEqual({ text: "order #42" });
    await healthy(server);
  }, 30_000);

  it("keeps frames in order while each waits for its regex", async () => {
    const { app } = await tapTo(target.url, {
      id: "n",
      match: { direction: "s2c", regex: "^n(\\d+)$" },
      action: { type: "replace", with: "m$1" },
    });
    const sent = Array.from({ length: 200 }, (_, i) => `n${i}`);
    for (const text of sent) app.ws.send(text);
    for (const text of sent) expect(await app.next(5000)).toEqual({ text: text.replace("n", "m") });
  });
});

describe("hostile payloads", () => {
  it("passes JSON nested 100,000 deep and matches a large JSON frame", async () => {
    const { server, app } = await tapTo(target.url, {
      id: "op",
      match: { direction: "c2s", jsonPath: "$.op", equals: "go" },
      action: { type: "respond", with: "went" },
    });
    const nested = "[".repeat(100_000);
    app.ws.send(nested);
    expect(await app.next()).toEqual({ text: nested });
    app.ws.send(JSON.stringify({ pad: "x".repeat(900_000), op: "go" }));
    expect(await app.next()).toEqual({ text: "went" });
    await healthy(server);
  });

  it("passes any characters unchanged, and matches them in rules and templates", async () => {
    const strange = 'nul\u0000 emoji 🧪 rtl \u202e ‮ quote" back\\slash ’€';
    const { app, watcher } = await tapTo(target.url, {
      id: "strange🧪",
      match: { direction: "s2c", text: "🧪" },
      action: { type: "replace", with: "✓ $& ✓" },
    });
    app.ws.send(strange);
    expect(await app.next()).toEqual({ text: `✓ ${strange} ✓` });
    await watcher.until(() => watcher.frames.some((f) => f.text === `✓ ${strange} ✓`));
    expect(watcher.frames.find((f) => f.direction === "c2s")?.text).toBe(strange);
  });
});

describe("connections cut in the middle of a frame", () => {
  it("an app that resets mid-frame, with a frame held: the hold is dropped and the target closed", async () => {
    const { server, watcher, app } = await tapTo(target.url, {
      id: "bp",
      match: { text: "hold" },
      action: { type: "pause" },
    });
    app.ws.send("hold me");
    const held = await watcher.event("held");
    const socket = (app.ws as unknown as { _socket: import("node:net").Socket })._socket;
    // A masked text frame that announces 1,000 bytes and sends 5 of them, then a reset.
    socket.write(Buffer.from([0x81, 0xfe, 0x03, 0xe8, 1, 2, 3, 4, 0x61, 0x62, 0x63, 0x64, 0x65]));
    socket.resetAndDestroy();
    expect(await watcher.event("released")).toEqual({
      type: "released",
      holdId: held.frame.holdId,
      how: "drop",
    });
    expect(await watcher.event("client-close")).toMatchObject({ code: 1006, side: "client" });
    await watcher.until(() => target.seen[0]?.close);
    expect(target.seen[0]?.messages).toEqual([]);
    await healthy(server);
  });

  it("a target that resets mid-frame: the app's connection is cut (1006) and the tap goes on", async () => {
    const resetting = new WebSocketServer({ port: 0, host: "127.0.0.1" });
    resetting.on("connection", (socket) => {
      socket.on("message", () => {
        const raw = (socket as unknown as { _socket: import("node:net").Socket })._socket;
        raw.write(Buffer.from([0x81, 0x7e, 0x03, 0xe8, 0x61]));
        raw.resetAndDestroy();
      });
    });
    await new Promise((resolve) => resetting.once("listening", resolve));
    try {
      const url = `ws://127.0.0.1:${(resetting.address() as AddressInfo).port}`;
      const { server, watcher, app } = await tapTo(url);
      app.ws.send("go");
      expect((await app.closed).code).toBe(1006);
      expect(await watcher.event("client-close")).toMatchObject({ code: 1006, side: "server" });
      const again = await openClient(`${server.url.replace(/^http/, "ws")}/tap/h`);
      again.ws.close(1000);
      await healthy(server);
    } finally {
      await new Promise((resolve) => resetting.close(resolve));
    }
  });
});

describe("watchers", () => {
  it("mirrors a burst in fewer messages than frames, and counts each client's frames", async () => {
    const { watcher, app } = await tapTo(target.url);
    for (let i = 0; i < 2000; i++) app.ws.send(`f${i}`);
    await app.until((message) => "text" in message && message.text === "f1999", 10_000);
    await watcher.until(() => watcher.frames.length === 4000, 10_000);
    expect(watcher.counts.messages).toBeLessThan(4000);
    expect(watcher.frames.filter((f) => f.direction === "c2s").map((f) => f.text)).toEqual(
      Array.from({ length: 2000 }, (_, i) => `f${i}`),
    );
    const counts = await watcher.event("clients", (e) => e.clients[0]?.framesIn === 2000);
    expect(counts.clients).toMatchObject([{ id: 1, framesOut: 2000, framesIn: 2000 }]);
  });

  it("a watcher that stops reading misses frames and is told how many; the app is not slowed", async () => {
    const { watcher, app } = await tapTo(target.url);
    watcher.ws.pause();
    const chunk = "y".repeat(64 * 1024);
    const total = 400; // 25 MiB each way, past what the watcher's buffers hold
    for (let i = 0; i < total; i++) app.ws.send(`${i}:${chunk}`);
    let echoed = 0;
    while (echoed < total) {
      await app.next(20_000);
      echoed++;
    }
    watcher.ws.resume();
    const missed = await watcher.until(
      () =>
        watcher.events.some((e) => e.type === "missed") &&
        watcher.frames.length + missedSoFar(watcher.events) === total * 2 &&
        missedSoFar(watcher.events),
      20_000,
    );
    expect(missed).toBeGreaterThan(0);
  }, 60_000);
});

function missedSoFar(events: { type: string; frames?: number }[]): number {
  return events.reduce((sum, e) => sum + (e.type === "missed" ? (e.frames ?? 0) : 0), 0);
}

describe("the watch socket", () => {
  it("refuses commands that are not JSON objects, naming what is wrong, and stays open", async () => {
    const { watcher } = await tapTo(target.url);
    watcher.ws.send(Buffer.from([1, 2, 3]));
    expect(await watcher.event("error")).toMatchObject({
      message: "Tap commands are JSON text frames",
    });
    watcher.command({ type: "release", holdId: 99, action: "forward" } as never);
    expect(await watcher.event("error", (e) => e.field === "holdId")).toMatchObject({
      message: "That frame is no longer held (it timed out, or its client left)",
    });
    watcher.command({ type: "inject", clientId: 9, direction: "s2c", payload: "x" });
    expect(await watcher.event("error", (e) => e.field === "clientId")).toMatchObject({
      message: "No open client 9 on this tap",
    });
    expect(watcher.ws.readyState).toBe(WebSocket.OPEN);
  });
});
