import { afterEach, describe, expect, it, vi } from "vitest";
import {
  makeReportFlusher,
  type ReportFlusherOptions,
} from "../../../inspector/src/capture/report-flusher.ts";
import { Direction } from "../../../inspector/src/model/frames/frame.ts";
import { batchTransferables } from "../../../inspector/src/model/frames/frame-batch.ts";
import { batches, fakeHost, logOf } from "./fake-host.ts";

afterEach(() => {
  vi.useRealTimers();
});

/** A flusher on a fake host with a small batch, recording when `afterFrames` runs. */
function start(options: ReportFlusherOptions = { flushIntervalMs: 16, maxBatch: 3 }) {
  const { host, posts } = fakeHost();
  const order: string[] = [];
  const flusher = makeReportFlusher(
    {
      ...host,
      post(report, transfer) {
        order.push(report.type);
        host.post(report, transfer);
      },
    },
    options,
    () => order.push("afterFrames"),
  );
  const text = (connectionId: number, data: string) => {
    const batcher = flusher.batcherFor(connectionId);
    batcher.pushText(performance.now(), Direction.In, data, data.length);
    flusher.requestFlush(batcher);
  };
  return { flusher, posts, order, text };
}

describe("report flusher: when frames reach the UI", () => {
  it.each([
    ["one frame waits for the flush interval", ["a"], 15, [], ["text in a"]],
    ["frames in one interval share one post", ["a", "b"], 16, ["text in a", "text in b"], []],
    // The third frame fills the batch (maxBatch 3): no waiting.
    ["a full batch posts at once", ["a", "b", "c"], 0, ["text in a", "text in b", "text in c"], []],
    [
      "frames after a full batch wait again",
      ["a", "b", "c", "d"],
      0,
      ["text in a", "text in b", "text in c"],
      ["text in d"],
    ],
  ])("%s", (_, frames, advanceMs, before, after) => {
    const { posts, text } = start();
    for (const frame of frames) text(1, frame);
    vi.advanceTimersByTime(advanceMs);
    expect(logOf(posts)).toEqual(before);
    vi.advanceTimersByTime(16);
    expect(logOf(posts).slice(before.length)).toEqual(after);
  });

  it("posts an event at once, with the frames before it, at the host's time by default", () => {
    const { flusher, posts, text } = start();
    vi.advanceTimersByTime(5);
    text(1, "a");
    flusher.pushEvent(1, { type: "info", message: "hello" });
    flusher.pushEvent(1, { type: "info", message: "later" }, 1234);
    expect(logOf(posts)).toEqual(["text in a", "info info", "info info"]);
    expect(batches(posts).flatMap((batch) => [...batch.times])).toEqual([5, 5, 1234]);
  });

  it("keeps one timer per interval, however many frames arrive", () => {
    const { posts, text } = start({ flushIntervalMs: 16, maxBatch: 1000 });
    for (let i = 0; i < 100; i++) text(1, `m${i}`);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(16);
    expect(posts).toHaveLength(1);
    expect(batches(posts)[0]?.count).toBe(100);
  });

  it("posts each connection's batch, then what runs report, and transfers the columns", () => {
    const { posts, order, text } = start();
    text(1, "a");
    text(2, "b");
    vi.advanceTimersByTime(16);
    expect(order).toEqual(["frames", "frames", "afterFrames"]);
    expect(batches(posts).map((batch) => [batch.connectionId, batch.count])).toEqual([
      [1, 1],
      [2, 1],
    ]);
    const [first] = posts;
    if (first?.report.type !== "frames") throw new Error("expected frames");
    expect(first.transfer).toEqual(batchTransferables(first.report.batch));
  });

  it("runs afterFrames on a flush with no frames (a ping result alone)", () => {
    const { flusher, posts, order } = start();
    flusher.requestFlush();
    vi.advanceTimersByTime(16);
    expect(posts).toEqual([]);
    expect(order).toEqual(["afterFrames"]);
  });

  it("keeps one batcher per connection", () => {
    const { flusher } = start();
    expect(flusher.batcherFor(1)).toBe(flusher.batcherFor(1));
    expect(flusher.batcherFor(1)).not.toBe(flusher.batcherFor(2));
  });

  it("defaults to a 16 ms interval and 4096 frames a batch", () => {
    const { flusher, posts } = start({});
    const batcher = flusher.batcherFor(1);
    for (let i = 0; i < 4095; i++) {
      batcher.pushText(0, Direction.In, "x", 1);
      flusher.requestFlush(batcher);
    }
    vi.advanceTimersByTime(15);
    expect(posts).toEqual([]);
    batcher.pushText(0, Direction.In, "x", 1);
    flusher.requestFlush(batcher);
    expect(batches(posts)[0]?.count).toBe(4096);
  });

  it("waits longer during a flood: after a post of 512 frames or more, 64 ms; after a small one, 16 ms again", () => {
    const { flusher, posts } = start({});
    const batcher = flusher.batcherFor(1);
    const push = (frames: number) => {
      for (let i = 0; i < frames; i++) {
        batcher.pushText(0, Direction.In, "x", 1);
        flusher.requestFlush(batcher);
      }
    };
    const counts = () => batches(posts).map((batch) => batch.count);
    push(511);
    vi.advanceTimersByTime(16);
    push(512);
    vi.advanceTimersByTime(16);
    expect(counts()).toEqual([511, 512]);
    // The last post was a flood's: the next frames wait 64 ms.
    push(3);
    vi.advanceTimersByTime(63);
    expect(counts()).toEqual([511, 512]);
    vi.advanceTimersByTime(1);
    expect(counts()).toEqual([511, 512, 3]);
    // A small post ends it.
    push(1);
    vi.advanceTimersByTime(16);
    expect(counts()).toEqual([511, 512, 3, 1]);
  });
});
