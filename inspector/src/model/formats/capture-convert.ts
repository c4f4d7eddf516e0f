import { utf8ByteLength } from "../frames/bytes.ts";
import { Direction, FrameKind, KIND_NAMES } from "../frames/frame.ts";
import { type FrameBatch, makeFrameBatcher } from "../frames/frame-batch.ts";
import type { FrameStore } from "../frames/frame-store.ts";
import type { Capture, CapturedFrame } from "./capture-file.ts";

const DIRECTION_NAMES: Record<number, CapturedFrame["direction"]> = {
  [Direction.None]: "event",
  [Direction.In]: "received",
  [Direction.Out]: "sent",
};

/**
 * The store's frames as a capture, oldest first. `fromIndex` skips older frames (to fit a size
 * budget); binary payloads are shared, not copied.
 */
export function captureFromStore(
  store: FrameStore,
  meta: Omit<Capture, "frames" | "startedAt">,
  fromIndex = 0,
): Capture {
  const frames: CapturedFrame[] = [];
  for (let index = Math.max(0, fromIndex); index < store.length; index++) {
    const payload = store.payload(index);
    const event = store.event(index);
    frames.push({
      time: store.time(index),
      direction: DIRECTION_NAMES[store.direction(index)] ?? "event",
      kind: KIND_NAMES[store.kind(index)],
      ...(payload !== null ? { payload } : {}),
      ...(event ? { event } : {}),
    });
  }
  return { ...meta, startedAt: frames[0]?.time ?? Date.now(), frames };
}

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
    if (frame.event) batcher.pushEvent(frame.time, frame.event);
    else if (frame.kind === "ping" || frame.kind === "pong") {
      const bytes = frame.payload instanceof ArrayBuffer ? frame.payload : new ArrayBuffer(0);
      batcher.pushControl(
        frame.time,
        frame.kind === "ping" ? FrameKind.Ping : FrameKind.Pong,
        direction(frame),
        bytes,
      );
    } else if (typeof frame.payload === "string") {
      batcher.pushText(frame.time, direction(frame), frame.payload, utf8ByteLength(frame.payload));
    } else if (frame.payload instanceof ArrayBuffer)
      batcher.pushBinary(frame.time, direction(frame), frame.payload);
    if (batcher.count >= batchSize) batches.push(batcher.take() as FrameBatch);
  }
  const last = batcher.take();
  if (last) batches.push(last);
  return batches;
}
