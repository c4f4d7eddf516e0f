import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createServer, type RunningServer } from "../../echo-server/server.ts";
import { makeCaptureEngine, type SocketLike } from "../../inspector/src/capture/capture-engine.ts";
import type { CaptureReport } from "../../inspector/src/capture/protocol.ts";
import { Direction, FrameKind } from "../../inspector/src/model/frame.ts";
import type { FrameBatch } from "../../inspector/src/model/frame-batch.ts";
import { makeFrameStore } from "../../inspector/src/model/frame-store.ts";

let server: RunningServer;
beforeAll(async () => {
  server = await createServer({ port: 0 });
});
afterAll(() => server.close());

/** The engine on Node: `ws`'s client stands in for the browser WebSocket. */
function startEngine() {
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
    openSocket: (url, protocols) => new WebSocket(url, protocols) as unknown as SocketLike,
    setTimer: (callback, ms) => setTimeout(callback, ms),
    clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    random: () => 0.5,
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
});
