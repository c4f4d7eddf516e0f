import { utf8ByteLength } from "../frames/bytes.ts";
import { Direction, FrameKind } from "../frames/frame.ts";
import { type FrameBatch, makeFrameBatcher } from "../frames/frame-batch.ts";
import type { FrameStore } from "../frames/frame-store.ts";
import type { Capture, CapturedFrame } from "./capture-file.ts";

/** Index from which the newest frames of `store` fit in `maxBytes` of payload. */
export function newestWithin(store: FrameStore, maxBytes: number): number {
  let bytes = 0;
  for (let index = store.length - 1; index >= 0; index--) {
    bytes += store.size(index);
    if (bytes > maxBytes) return index + 1;
  }
  return 0;
}

/** A capture as frame batches a store can append, `batchSize` frames at a time. */
export function batchesFromCapture(
  capture: Capture,
  connectionId: number,
  batchSize = 4096,
): FrameBatch[] {
  const batches: FrameBatch[] = [];
  const batcher = makeFrameBatcher(connectionId, batchSize);
  const direction = (frame: CapturedFrame) =>
    frame.direction === "sent"
      ? Direction.Out
      : frame.direction === "received"
        ? Direction.In
        : Direction.None;
  for (const frame of capture.frames) {
    const stream = frame.stream ?? 0;
    const before = batcher.count;
    if (frame.event) batcher.pushEvent(frame.time, frame.event, stream);
    else if (frame.kind === "ping" || frame.kind === "pong") {
      const bytes = frame.payload instanceof ArrayBuffer ? frame.payload : new ArrayBuffer(0);
      batcher.pushControl(
        frame.time,
        frame.kind === "ping" ? FrameKind.Ping : FrameKind.Pong,
        direction(frame),
        bytes,
        stream,
      );
    } else if (typeof frame.payload === "string") {
      batcher.pushText(
        frame.time,
        direction(frame),
        frame.payload,
        utf8ByteLength(frame.payload),
        stream,
      );
    } else if (frame.payload instanceof ArrayBuffer)
      batcher.pushBinary(frame.time, direction(frame), frame.payload, stream);
    if (frame.mark !== undefined && batcher.count > before) batcher.mark(frame.mark);
    if (batcher.count >= batchSize) batches.push(batcher.take() as FrameBatch);
  }
  const last = batcher.take();
  if (last) batches.push(last);
  return batches;
}
