import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createServer, type RunningServer } from "../../echo-server/server.ts";
import { makeCaptureEngine, type SocketLike } from "../../inspector/src/capture/capture-engine.ts";
import type { CaptureReport } from "../../inspector/src/capture/protocol.ts";
import { Direction, FrameKind } from "../../inspector/src/model/frames/frame.ts";
import type { FrameBatch } from "../../inspector/src/model/frames/frame-batch.ts";
import { makeFrameStore } from "../../inspector/src/model/frames/frame-store.ts";
import { startTarget } from "./target.ts";

let server: RunningServer;
beforeAll(async () => {
  server = await createServer({ port: 0 });
});
afterAll(() => server.close());

/** The engine on Node: `ws`'s client stands in for the browser WebSocket. */
function startEngine(origin?: string, probeRelay?: { relayUrl: string; origin: string }) {
  const store = makeFrameStore();
  const batches: FrameBatch[] = [];
  let onChange = () => {};
  const engine = makeCaptureEngine({
    post(report: CaptureReport) {
      if (report.type !== "frames") return;
      batches.push(report.batch);
      store.append(report.batch);
      onChange();
    },
    now: () => performance.timeOrigin + performance.now(),
    openSocket: (url, protocols) =>
      new WebSocket(url, protocols, origin ? { origin } : {}) as unknown as SocketLike,
    setTimer: (callback, ms) => setTimeout(callback, ms),
    clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    random: () => 0.5,
    ...(probeRelay ? { probeRelay } : {}),
  });
  const until = (predicate: () => boolean) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("timed out")), 3000);
      onChange = () => {
        if (predicate()) {
          clearTimeout(timer);
          resolve();
        }
      };
      onChange();
    });
  return { engine, store, batches, until };
}

describe("capture engine against the bundled server", () => {
  it("logs open, sent and received frames with times, then the close", async () => {
    const { engine, store, until } = startEngine();
    const url = `${server.url.replace("http", "ws")}/echo`;
    const before = performance.timeOrigin + performance.now();
    engine.handle({ type: "connect", connectionId: 1, url, protocols: ["json"] });
    await until(() => store.length >= 1);
    expect(store.kind(0)).toBe(FrameKind.Open);
    expect(store.event(0)).toMatchObject({ type: "open", protocol: "json" });

    engine.handle({ type: "send", connectionId: 1, payload: "héllo" });
    engine.handle({ type: "send", connectionId: 1, payload: new Uint8Array([1, 2, 3]).buffer });
    await until(() => store.length >= 5);
    const rows = Array.from({ length: 5 }, (_, i) => [
      store.kind(i),
      store.direction(i),
      store.size(i),
    ]);
    expect(rows.slice(1)).toEqual(
      expect.arrayContaining([
        [FrameKind.Text, Direction.Out, 6],
        [FrameKind.Text, Direction.In, 6],
        [FrameKind.Binary, Direction.Out, 3],
        [FrameKind.Binary, Direction.In, 3],
      ]),
    );
    const receivedBinary = Array.from({ length: 5 }, (_, i) => i).find(
      (i) => store.kind(i) === FrameKind.Binary && store.direction(i) === Direction.In,
    );
    expect(new Uint8Array(store.payload(receivedBinary ?? -1) as ArrayBuffer)).toEqual(
      new Uint8Array([1, 2, 3]),
    );
    for (let i = 1; i < 5; i++) {
      expect(store.time(i)).toBeGreaterThanOrEqual(store.time(i - 1));
      expect(store.time(i)).toBeGreaterThan(before);
    }

    engine.handle({ type: "close", connectionId: 1, code: 4000, reason: "done" });
    await until(() => store.kind(store.length - 1) === FrameKind.Close);
    expect(store.event(store.length - 1)).toEqual({
      type: "close",
      code: 4000,
      reason: "done",
      wasClean: true,
    });
  });

  it("delivers frames in batches, not one post per frame", async () => {
    const { engine, store, batches, until } = startEngine();
    engine.handle({
      type: "connect",
      connectionId: 2,
      url: `${server.url.replace("http", "ws")}/echo`,
      protocols: [],
    });
    await until(() => store.length >= 1);
    for (let i = 0; i < 500; i++)
      engine.handle({ type: "send", connectionId: 2, payload: `m${i}` });
    await until(() => store.length >= 1001);
    expect(batches.length).toBeLessThan(100);
    engine.handle({ type: "close", connectionId: 2 });
  });

  it("reports a failed connection as an error and an abnormal close", async () => {
    const { engine, store, until } = startEngine();
    engine.handle({
      type: "connect",
      connectionId: 3,
      url: `${server.url.replace("http", "ws")}/missing`,
      protocols: [],
    });
    await until(() => store.length >= 2 && store.kind(store.length - 1) === FrameKind.Close);
    expect(store.event(0)).toMatchObject({ type: "error" });
    expect(store.event(1)).toMatchObject({ type: "close", code: 1006 });
  });

  it("asks the relay why a direct attempt failed, and leaves no connection open", async () => {
    const origin = server.url;
    const relay = { relayUrl: `${origin.replace("http", "ws")}/relay`, origin };
    const { engine, store, until } = startEngine(origin, relay);
    const closes = () => {
      let count = 0;
      for (let i = 0; i < store.length; i++) if (store.kind(i) === FrameKind.Close) count++;
      return count;
    };
    engine.handle({
      type: "connect",
      connectionId: 4,
      url: `${origin.replace("http", "ws")}/auth?token=wrong`,
      protocols: [],
    });
    await until(() => closes() === 1);
    expect(store.event(0)).toMatchObject({
      type: "error",
      message:
        "The server answered 401 Unauthorized: Invalid token. Browsers hide this status; SocketScope asked the server directly",
      handshake: { response: { status: 401 } },
    });
    expect(store.event(1)).toMatchObject({ type: "close", code: 1006 });
    expect(store.length).toBe(2);

    // A port nothing listens on: the relay's plain words.
    const dead = await startTarget();
    const deadUrl = dead.url;
    await dead.close();
    engine.handle({ type: "connect", connectionId: 4, url: deadUrl, protocols: [] });
    await until(() => closes() === 2);
    expect(store.event(2)).toMatchObject({
      type: "error",
      message: expect.stringMatching(
        /^Nothing is listening on 127\.0\.0\.1:\d+: the connection was refused$/,
      ),
    });

    // The probes' relay connections are gone (the relay closes its target with them).
    await expect
      .poll(async () => (await (await fetch(`${origin}/api/stats`)).json()).connections)
      .toBe(0);
  });

  it("closes a target that accepts the probe at once, and says the browser refused it", async () => {
    const origin = server.url;
    const relay = { relayUrl: `${origin.replace("http", "ws")}/relay`, origin };
    const store = makeFrameStore();
    let done = () => {};
    const closed = new Promise<void>((resolve) => {
      done = resolve;
    });
    // The browser's socket fails (as for a certificate it does not trust); the relay's is real.
    const engine = makeCaptureEngine({
      post(report: CaptureReport) {
        if (report.type !== "frames") return;
        store.append(report.batch);
        if (report.batch.events.some(([, event]) => event.type === "close")) done();
      },
      now: () => performance.timeOrigin + performance.now(),
      openSocket(url, protocols) {
        if (url === relay.relayUrl)
          return new WebSocket(url, protocols, { origin }) as unknown as SocketLike;
        const failing = {
          url,
          binaryType: "",
          readyState: 0,
          protocol: "",
          extensions: "",
        } as SocketLike & { readyState: number };
        failing.send = () => {};
        failing.close = () => {};
        setTimeout(() => {
          failing.readyState = 3;
          failing.onerror?.({} as Event);
          failing.onclose?.({ code: 1006, reason: "", wasClean: false } as CloseEvent);
        }, 5);
        return failing;
      },
      setTimer: (callback, ms) => setTimeout(callback, ms),
      clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
      random: () => 0.5,
      probeRelay: relay,
    });
    engine.handle({
      type: "connect",
      connectionId: 5,
      url: `${origin.replace("http", "ws")}/echo`,
      protocols: ["json"],
    });
    await closed;
    expect(store.event(0)).toMatchObject({
      type: "error",
      message:
        "The browser could not connect, yet the server accepted the same request via SocketScope's relay",
      diagnosis: expect.stringContaining("So the browser itself refused the connection"),
      handshake: { response: { status: 101 } },
    });
    expect(store.length).toBe(2);
    await expect
      .poll(async () => (await (await fetch(`${origin}/api/stats`)).json()).connections)
      .toBe(0);
  });

  it("refuses to send on a connection that is not open", async () => {
    const { engine, store, until } = startEngine();
    engine.handle({ type: "send", connectionId: 9, payload: "nobody home" });
    await until(() => store.length >= 1);
    expect(store.event(0)).toEqual({
      type: "error",
      message: "Cannot send: the connection is not open",
    });
  });

  it("turns a URL the socket rejects into an error event instead of throwing", async () => {
    const { engine, store, until } = startEngine();
    expect(() =>
      engine.handle({ type: "connect", connectionId: 4, url: "http://[bad", protocols: [] }),
    ).not.toThrow();
    await until(() => store.length >= 1);
    expect(store.event(0)).toMatchObject({ type: "error" });
  });

  it("reconnects with backoff after the server closes, logs each attempt, and stops when asked", async () => {
    const { engine, store, until } = startEngine();
    const url = `${server.url.replace("http", "ws")}/close?code=4000&reason=again&after=30`;
    engine.handle({ type: "connect", connectionId: 5, url, protocols: [], reconnect: true });
    const events = () =>
      Array.from({ length: store.length }, (_, i) => store.event(i)?.type).filter(
        (type) => type !== undefined,
      );
    await until(() => events().filter((type) => type === "open").length >= 2);
    expect(events().slice(0, 4)).toEqual(["open", "close", "reconnect", "open"]);
    const reconnect = Array.from({ length: store.length }, (_, i) => store.event(i)).find(
      (e) => e?.type === "reconnect",
    );
    // Attempt 1 waits between 250 and 500 ms; random() = 0.5 gives 375 ms.
    expect(reconnect).toEqual({ type: "reconnect", attempt: 1, delayMs: 375 });

    await until(() => events().filter((type) => type === "reconnect").length >= 2);
    engine.handle({ type: "close", connectionId: 5 });
    await until(() => events().includes("info"));
    const countOpens = events().filter((type) => type === "open").length;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(events().filter((type) => type === "open").length).toBe(countOpens);
  });

  it("does not reconnect after the user closes", async () => {
    const { engine, store, until } = startEngine();
    engine.handle({
      type: "connect",
      connectionId: 6,
      url: `${server.url.replace("http", "ws")}/echo`,
      protocols: [],
      reconnect: true,
    });
    await until(() => store.length >= 1);
    engine.handle({ type: "close", connectionId: 6, code: 1000, reason: "done" });
    await until(() => store.event(store.length - 1)?.type === "close");
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(Array.from({ length: store.length }, (_, i) => store.event(i)?.type)).toEqual([
      "open",
      "close",
    ]);
  });

  it("explains a failed direct connection that offered subprotocols", async () => {
    const { engine, store, until } = startEngine();
    engine.handle({
      type: "connect",
      connectionId: 7,
      url: `${server.url.replace("http", "ws")}/missing`,
      protocols: ["json"],
    });
    await until(() => store.length >= 1);
    expect(store.event(0)).toMatchObject({
      type: "error",
      diagnosis: expect.stringContaining("selected none of them"),
    });
  });
});

describe("capture engine through the relay", () => {
  it("logs the handshake, control frames and data with relay timestamps, and closes with any code", async () => {
    const target = await startTarget();
    try {
      const { engine, store, until } = startEngine(server.url);
      const relayUrl = `${server.url.replace("http", "ws")}/relay`;
      engine.handle({
        type: "connect",
        connectionId: 1,
        url: target.url,
        protocols: [],
        relay: { relayUrl, connect: { headers: [["X-Api-Key", "secret"]] } },
      });
      const kinds = () =>
        Array.from({ length: store.length }, (_, i) => [store.kind(i), store.direction(i)]);
      await until(() => kinds().some(([kind]) => kind === FrameKind.Pong));
      const open = store.event(0);
      expect(open).toMatchObject({
        type: "open",
        url: target.url,
        handshake: { response: { status: 101 } },
      });
      expect(kinds().slice(1, 3)).toEqual([
        [FrameKind.Ping, Direction.In],
        [FrameKind.Pong, Direction.Out],
      ]);

      engine.handle({ type: "send", connectionId: 1, payload: "via relay" });
      engine.handle({ type: "control-ping", connectionId: 1, payload: "rtt?" });
      await until(
        () => kinds().filter(([kind]) => kind === FrameKind.Pong).length >= 2 && store.length >= 7,
      );
      const sent = Array.from({ length: store.length }, (_, i) => i).find(
        (i) => store.kind(i) === FrameKind.Text && store.direction(i) === Direction.Out,
      );
      expect(store.payload(sent ?? -1)).toBe("via relay");
      const pongIndex = Array.from({ length: store.length }, (_, i) => i).findLast(
        (i) => store.kind(i) === FrameKind.Pong && store.direction(i) === Direction.In,
      );
      expect(store.rtt(pongIndex ?? -1)).toBeGreaterThan(0);

      engine.handle({ type: "close", connectionId: 1, code: 4999, reason: "bye" });
      await until(() => store.event(store.length - 1)?.type === "close");
      expect(store.event(store.length - 1)).toEqual({
        type: "close",
        code: 4999,
        reason: "bye",
        wasClean: true,
        side: "client",
      });
    } finally {
      await target.close();
    }
  });

  it("reports a refused upgrade with its handshake", async () => {
    const target = await startTarget();
    try {
      const { engine, store, until } = startEngine(server.url);
      engine.handle({
        type: "connect",
        connectionId: 2,
        url: target.url,
        protocols: [],
        relay: { relayUrl: `${server.url.replace("http", "ws")}/relay`, connect: { headers: [] } },
      });
      await until(() => store.event(store.length - 1)?.type === "close");
      expect(store.event(0)).toMatchObject({
        type: "error",
        handshake: { response: { status: 401 } },
      });
    } finally {
      await target.close();
    }
  });
});
