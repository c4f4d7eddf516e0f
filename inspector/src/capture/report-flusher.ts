import type { FrameEvent, StreamId } from "../model/frames/frame.ts";
import {
  batchTransferables,
  type FrameBatcher,
  makeFrameBatcher,
} from "../model/frames/frame-batch.ts";
import type { CaptureReport } from "./protocol.ts";

/** What the flusher needs from its host (the worker global in production). */
export interface ReportHost {
  post(report: CaptureReport, transfer: Transferable[]): void;
  /** Epoch milliseconds with sub-millisecond precision. */
  now(): number;
  setTimer(callback: () => void, ms: number): unknown;
}

/** Batching knobs. */
export interface ReportFlusherOptions {
  /** Longest a frame waits before it is posted to the UI. @default 16 */
  flushIntervalMs?: number;
  /** Frames per connection that trigger an immediate post. @default 4096 */
  maxBatch?: number;
  /**
   * Longest a frame waits during a flood: after a post of `floodBatch` frames or more. Each post
   * is a task for the worker and one for the page whatever it carries; under a 50,000 frames/s
   * stream a post every 16 ms was the worker's largest native cost (bench/inspector/profile.mjs
   * cpu), and the views refresh twice a second then anyway (view-updates.ts). @default 64
   */
  floodIntervalMs?: number;
  /** @default 512 */
  floodBatch?: number;
}

/**
 * Collects each connection's frames in a batcher and posts them to the UI in batches: when the
 * flush interval has passed, at once when a batch is full, and at once with an event. Posting
 * per frame would cost a message (and a render) per frame at tens of thousands a second.
 * `afterFrames` posts what else is waiting (ping results, schedule progress) after the frames.
 */
export function makeReportFlusher(
  host: ReportHost,
  options: ReportFlusherOptions,
  afterFrames: () => void,
) {
  const flushIntervalMs = options.flushIntervalMs ?? 16;
  const maxBatch = options.maxBatch ?? 4096;
  const floodIntervalMs = options.floodIntervalMs ?? 64;
  const floodBatch = options.floodBatch ?? 512;
  const batchers = new Map<number, FrameBatcher>();
  let flushScheduled = false;
  /** The most frames one connection posted in the last flush. */
  let lastPosted = 0;

  /** Posts frames first, then ping results and schedule progress, so the log leads. */
  function flush() {
    flushScheduled = false;
    lastPosted = 0;
    for (const batcher of batchers.values()) {
      const batch = batcher.take();
      if (!batch) continue;
      lastPosted = Math.max(lastPosted, batch.count);
      host.post({ type: "frames", batch }, batchTransferables(batch));
    }
    afterFrames();
  }

  /** Flushes now when urgent or the batcher is full, else within the flush interval. */
  function requestFlush(batcher?: FrameBatcher, urgent = false) {
    if (urgent || (batcher && batcher.count >= maxBatch)) return flush();
    if (!flushScheduled) {
      flushScheduled = true;
      host.setTimer(flush, lastPosted >= floodBatch ? floodIntervalMs : flushIntervalMs);
    }
  }

  /** The connection's batcher; the same one for the engine's life, across reconnects. */
  function batcherFor(connectionId: number): FrameBatcher {
    let batcher = batchers.get(connectionId);
    if (!batcher) {
      batcher = makeFrameBatcher(connectionId, maxBatch);
      batchers.set(connectionId, batcher);
    }
    return batcher;
  }

  /** Events post at once, together with the frames before them, so the status never lags. */
  function pushEvent(connectionId: number, event: FrameEvent, time = host.now(), stream = 0) {
    const batcher = batcherFor(connectionId);
    batcher.pushEvent(time, event, stream as StreamId);
    requestFlush(batcher, true);
  }

  return { batcherFor, requestFlush, pushEvent };
}

export type ReportFlusher = ReturnType<typeof makeReportFlusher>;
