import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { TapEvent } from "../../echo-server/protocol/tap-wire.ts";
import { createServer, type RunningServer } from "../../echo-server/server.ts";
import { makeCaptureClient, type WorkerLike } from "../../inspector/src/capture/capture-client.ts";
import { makeCaptureEngine, type SocketLike } from "../../inspector/src/capture/capture-engine.ts";
import type { CaptureReport } from "../../inspector/src/capture/protocol.ts";
import { makeFrameStore } from "../../inspector/src/model/frames/frame-store.ts";
import { logRow } from "../../inspector/src/model/log/log-row.ts";
import { startTapTarget } from "./tap-tools.ts";
import { openClient } from "./ws-client.ts";

/**
 * The capture engine watching a tap over real sockets, as an inspector tab does: the app's
 * traffic lands in the tab's log on each client's stream, with the tap's times and marks, and
 * the tab's sends are injected into the tap.
 */

let target: Awaited<ReturnType<typeof startTapTarget>>;
let server: RunningServer;
beforeAll(async () => {
  target = await startTapTarget();
  server = await createServer({ port: 0, taps: [{ name: "app", target: target.url }] });
});
afterAll(async () => {
  await server.close();
  await target.close();
});

function startEngine() {
  const store = makeFrameStore();
  const events: TapEvent[] = [];
  // The engine's reports reach the store through the page's own capture client, which makes a
  // tap's mirrored frames a batch.
  const worker: WorkerLike = { postMessage() {}, onmessage: null, terminate() {} };
  const client = makeCaptureClient(worker);
  for (const connectionId of [1, 2, 3, 4])
    client.onReport(connectionId, (report) => {
      if (report.type === "frames") store.append(report.batch);
      if (report.type === "tap") events.push(report.event);
    });
  const engine = makeCaptureEngine({
    post(report: CaptureReport) {
      worker.onmessage?.({ data: report } as MessageEvent<CaptureReport>);
    },
    now: () => performance.timeOrigin + performance.now(),
    // The inspector's own page: the watch endpoint takes no other origin.
    openSocket: (url, protocols) =>
      new WebSocket(url, protocols, { origin: server.url }) as unknown as SocketLike,
    setTimer: (callback, ms) => setTimeout(callback, ms),
    clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    random: () => 0.5,
  });
  const until = async (predicate: () => boolean) => {
    const deadline = Date.now() + 5000;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error("timed out");
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  const rows = () =>
    Array.from({ length: store.length }, (_, index) => {
      const row = logRow(store, index);
      return `${row.directionLabel} ${row.tag} ${row.preview}`.replace(/\s+/g, " ").trim();
    });
  return { engine, store, events, until, rows };
}

const watchUrl = () => `${server.url.replace("http", "ws")}/tap-watch/app`;

describe("a tab watching a tap", () => {
  it("logs both directions of each client on its stream, and injects from the composer", async () => {
    const { engine, store, events, until, rows } = startEngine();
    engine.handle({ type: "tap-watch", connectionId: 1, url: watchUrl() });
    await until(() => events.some((e) => e.type === "hello"));

    const app = await openClient(`${server.url.replace("http", "ws")}/tap/app`);
    await until(() => events.some((e) => e.type === "client-open"));
    app.ws.send("from the app");
    expect(await app.next()).toEqual({ text: "from the app" });
    await until(() => store.length >= 4);

    engine.handle({
      type: "tap-target",
      connectionId: 1,
      target: { clientId: 1, direction: "s2c" },
    });
    engine.handle({ type: "send", connectionId: 1, payload: "from the inspector" });
    expect(await app.next()).toEqual({ text: "from the inspector" });
    engine.handle({
      type: "tap-target",
      connectionId: 1,
      target: { clientId: 1, direction: "c2s" },
    });
    engine.handle({ type: "send", connectionId: 1, payload: new Uint8Array([7, 8]).buffer });
    expect(await app.next()).toEqual({ binary: Buffer.from([7, 8]) });
    await until(() => store.length >= 7);
    expect(target.seen.at(-1)?.messages.map((m) => m.data)).toEqual(["from the app", "0708"]);

    app.ws.close(4000, "done");
    await until(() => store.length >= 8);
    expect(rows()).toEqual([
      `Event Connected to ${watchUrl()}`,
      `Event #1 Connected from 127.0.0.1 to ${watchUrl().replace("tap-watch", "tap")}`,
      "Client → server #1 from the app",
      "Server → client #1 from the app",
      "Server → client #1 injected from the inspector",
      "Client → server #1 injected Binary: 07 08",
      "Server → client #1 Binary: 07 08",
      "Event #1 Closed by the app: 4000 Application-defined: done",
    ]);
    expect(store.openBefore(2)).toMatchObject({ remote: "127.0.0.1" });
    // Sizes on the wire between the tap and the target: 12 bytes each way, uncompressed; the
    // tap's frames to the target are masked (4 bytes more of header). Injected toward the app,
    // a frame never crossed that wire.
    expect([2, 3, 4].map((index) => store.wire(index))).toEqual([
      { payload: 12, overhead: 6, compressed: false },
      { payload: 12, overhead: 2, compressed: false },
      undefined,
    ]);

    engine.handle({ type: "close", connectionId: 1 });
    await until(() => store.length >= 9);
    expect(store.event(8)).toMatchObject({ type: "close", code: 1000 });
  });

  it("sends rules, shows held frames and releases one as edited", async () => {
    const { engine, events, until } = startEngine();
    engine.handle({ type: "tap-watch", connectionId: 2, url: watchUrl() });
    await until(() => events.some((e) => e.type === "hello"));
    engine.handle({
      type: "tap-command",
      connectionId: 2,
      command: {
        type: "rules",
        rules: [
          { id: "bp", match: { direction: "c2s", text: "order" }, action: { type: "pause" } },
        ],
      },
    });
    await until(() => events.some((e) => e.type === "rules" && e.rules.length === 1));
    const app = await openClient(`${server.url.replace("http", "ws")}/tap/app`);
    app.ws.send("order 1");
    await until(() => events.some((e) => e.type === "held"));
    const held = events.find((e) => e.type === "held");
    if (held?.type !== "held") throw new Error("no held frame");
    engine.handle({
      type: "tap-command",
      connectionId: 2,
      command: {
        type: "release",
        holdId: held.frame.holdId,
        action: "forward",
        payload: "order 2",
      },
    });
    expect(await app.next()).toEqual({ text: "order 2" });
    engine.handle({ type: "tap-command", connectionId: 2, command: { type: "rules", rules: [] } });
    app.ws.close();
  });

  it("says so in the log when there is nothing to inject into, or no tap to watch", async () => {
    const { engine, store, until } = startEngine();
    engine.handle({ type: "tap-watch", connectionId: 3, url: watchUrl() });
    await until(() => store.length >= 1);
    engine.handle({ type: "send", connectionId: 3, payload: "x" });
    const infos = () =>
      Array.from({ length: store.length }, (_, index) => store.event(index)).filter(
        (event) => event?.type === "info",
      );
    await until(() => infos().length > 0);
    expect(infos()).toEqual([
      { type: "info", message: "Cannot inject: choose a connected client of the tap first" },
    ]);
    const other = startEngine();
    other.engine.handle({
      type: "tap-watch",
      connectionId: 4,
      url: `${server.url.replace("http", "ws")}/tap-watch/gone`,
    });
    await other.until(() => other.store.length >= 2);
    expect(other.store.event(0)).toMatchObject({
      type: "error",
      message:
        "Could not watch the tap: is it still there? (a tap made in the inspector is gone after the server restarts)",
    });
    expect(other.store.event(1)).toMatchObject({ type: "close", code: 1006 });
  });
});
