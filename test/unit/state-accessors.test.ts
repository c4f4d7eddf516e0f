import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CaptureClient } from "../../inspector/src/capture/capture-client.ts";
import { Direction } from "../../inspector/src/model/frames/frame.ts";
import { type FrameBatch, makeFrameBatcher } from "../../inspector/src/model/frames/frame-batch.ts";
import { createConnection } from "../../inspector/src/state/connection.ts";
import { createLog } from "../../inspector/src/state/log.ts";

// Node resolves solid-js to its server build, whose signals never notify; these tests need the
// reactive browser build to count how often a view would update.
vi.mock("solid-js", () => {
  // A variable specifier: the browser build ships no types of its own (they are solid-js's).
  const browserBuild: string = "solid-js/dist/solid.js";
  return import(browserBuild);
});
const { createEffect, createRoot } = await import("solid-js");

const CONNECTION_ID = 1;

/** A capture client that only lets the test post frame batches to the connection. */
function fakeClient() {
  const listeners: ((report: { type: "frames"; batch: FrameBatch }) => void)[] = [];
  const client = {
    onReport: (_id: number, listener: (typeof listeners)[number]) => {
      listeners.push(listener);
      return () => listeners.splice(listeners.indexOf(listener), 1);
    },
  } as unknown as CaptureClient;
  const post = (batch: FrameBatch) => {
    for (const listener of listeners) listener({ type: "frames", batch });
  };
  return { client, post };
}

let time = 1000;
/** A batch of `count` frames: received ones carry "in N", sent ones "out N". */
function batchOf(count: number, direction: Direction = Direction.In): FrameBatch {
  const batcher = makeFrameBatcher(CONNECTION_ID);
  for (let i = 0; i < count; i++) {
    const text = `${direction === Direction.In ? "in" : "out"} ${time}`;
    batcher.pushText(time++, direction, text, text.length);
  }
  const batch = batcher.take();
  if (!batch) throw new Error("expected a batch");
  return batch;
}

let frames: (() => void)[] = [];
/** Runs the animation frames waiting, as the browser would on its next frame. */
function animationFrame() {
  const waiting = frames;
  frames = [];
  for (const run of waiting) run();
}

beforeEach(() => {
  frames = [];
  vi.stubGlobal("requestAnimationFrame", (run: () => void) => frames.push(run));
});
afterEach(() => vi.unstubAllGlobals());

/** A connection and its log in a root, with a counter of how often each view read re-ran. */
function setup() {
  const { client, post } = fakeClient();
  return createRoot((dispose) => {
    const connection = createConnection(client, CONNECTION_ID);
    const log = createLog(connection);
    const reads = {
      "log.count": () => log.count(),
      "connection.frameCount": () => connection.frameCount(),
      "connection.dropped": () => connection.dropped(),
      "connection.limits": () => connection.limits(),
    };
    const runs: Record<string, number> = {};
    for (const [name, read] of Object.entries(reads)) {
      runs[name] = 0;
      createEffect(() => {
        read();
        runs[name] = (runs[name] ?? 0) + 1;
      });
    }
    return { connection, log, post, runs, dispose };
  });
}

describe("state accessors", () => {
  it("update the views once per animation frame, however many batches arrive", async () => {
    const { connection, log, post, runs, dispose } = setup();
    await Promise.resolve();
    const before = { ...runs };

    for (let i = 0; i < 100; i++) post(batchOf(10));
    // Frames are in the store at once, but no view has re-run yet.
    expect(runs).toEqual(before);

    animationFrame();
    await Promise.resolve();
    for (const name of Object.keys(runs)) expect(runs[name], name).toBe((before[name] ?? 0) + 1);
    expect(log.count()).toBe(1000);
    expect(connection.frameCount()).toBe(1000);
    expect(connection.dropped()).toBe(0);
    dispose();
  });

  it("show the sampled rates with the next update of the views, not in a repaint of their own", () => {
    vi.useFakeTimers({ toFake: ["setInterval", "setTimeout", "performance"] });
    try {
      const { connection, post, runs, dispose } = setup();
      post(batchOf(300));
      post(batchOf(50, Direction.Out));
      animationFrame();
      vi.advanceTimersByTime(1000);
      // Sampled, and ready for state that cannot wait; the views still show the last update's.
      expect(connection.latestRates()).toEqual({ in: 300, out: 50 });
      expect(connection.rates()).toEqual({ in: 0, out: 0 });
      // Frames that come meanwhile wait for the same update: one animation frame for both.
      post(batchOf(10));
      expect(frames).toHaveLength(1);
      const before = { ...runs };
      animationFrame();
      expect(connection.rates()).toEqual({ in: 300, out: 50 });
      expect(connection.frameCount()).toBe(360);
      expect(runs["connection.frameCount"]).toBe((before["connection.frameCount"] ?? 0) + 1);
      // Once the rates stay the same, sampling them asks for no update.
      vi.advanceTimersByTime(2000);
      animationFrame();
      expect(connection.rates()).toEqual({ in: 0, out: 0 });
      vi.advanceTimersByTime(3000);
      expect(frames).toHaveLength(0);
      dispose();
    } finally {
      vi.useRealTimers();
    }
  });

  it("report the retention limits and what they dropped", () => {
    const { connection, log, post, dispose } = setup();
    post(batchOf(5));
    animationFrame();
    connection.setLimits({ maxFrames: 3, maxBytes: 1024 });
    expect(connection.limits()).toEqual({ maxFrames: 3, maxBytes: 1024 });
    expect(connection.frameCount()).toBe(3);
    expect(connection.dropped()).toBe(2);
    // Rows of dropped frames are gone; ids of retained ones stay as they were.
    expect(log.row(0)).toBeUndefined();
    expect(log.row(log.idAt(0))?.preview).toMatch(/^in \d+$/);
    dispose();
  });

  it("give the latest received payloads (newest last) and the sent frames to replay", () => {
    const { connection, post, dispose } = setup();
    post(batchOf(3, Direction.In));
    post(batchOf(2, Direction.Out));
    post(batchOf(1, Direction.In));
    animationFrame();
    const received = connection.latestReceived(2);
    expect(received).toHaveLength(2);
    expect(received.map((payload) => String(payload).split(" ")[0])).toEqual(["in", "in"]);
    expect(connection.latestReceived(10)).toHaveLength(4);
    expect(connection.sentFrames().map(({ payload }) => String(payload).split(" ")[0])).toEqual([
      "out",
      "out",
    ]);
    dispose();
  });

  it("find rows by position and the selected frame by id", () => {
    const { connection, log, post, dispose } = setup();
    post(batchOf(4));
    animationFrame();
    const id = log.idAt(2);
    expect(log.positionOf(id)).toBe(2);
    expect(log.selectedFrame()).toBeUndefined();
    log.select(id);
    const selected = log.selectedFrame();
    expect(selected?.id).toBe(id);
    expect(selected?.row.direction).toBe("received");
    expect(selected?.payload).toBe(selected?.row.preview);
    // More frames: the same frame keeps the same object, so the detail pane is not rebuilt.
    post(batchOf(3));
    animationFrame();
    expect(log.selectedFrame()).toBe(selected);
    // Once dropped, nothing is selected any more.
    connection.setLimits({ maxFrames: 2, maxBytes: 1024 });
    expect(log.selectedFrame()).toBeUndefined();
    dispose();
  });
});
