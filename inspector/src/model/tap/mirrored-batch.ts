import {
  decodeMirroredFrames,
  type MirroredFrame,
} from "../../../../echo-server/protocol/tap-wire.ts";
import { Direction, type FrameMark, type StreamId } from "../frames/frame.ts";
import { type FrameBatch, makeFrameBatcher } from "../frames/frame-batch.ts";

const decoder = new TextDecoder();

/**
 * A tap's binary watch message (one or more mirrored frames, see tap-wire.ts) as a batch of the
 * tab's log: each frame on its client's stream, with the tap's time, its mark and its size on
 * the wire. The page makes it from the message's bytes, which the capture worker hands over
 * untouched: strings made in the worker would be copied again to reach the page, and at a
 * closed-loop flood that copy cost more than the rest of the worker's work. A message that is
 * not a run of whole frames becomes a note at `now` instead.
 */
export function mirroredBatch(connectionId: number, message: ArrayBuffer, now: number): FrameBatch {
  const frames = decodeMirroredFrames(message);
  const batcher = makeFrameBatcher(connectionId, Math.max(1, frames?.length ?? 1));
  if (!frames) {
    batcher.pushEvent(now, {
      type: "info",
      message: "The tap sent a message SocketScope cannot read",
    });
    return batcher.take() as FrameBatch;
  }
  for (const frame of frames) {
    const direction = frame.direction === "c2s" ? Direction.Out : Direction.In;
    const stream = frame.clientId as StreamId;
    if (frame.binary)
      batcher.pushBinary(frame.time, direction, frame.payload.slice().buffer, stream);
    else
      batcher.pushText(
        frame.time,
        direction,
        decoder.decode(frame.payload),
        frame.payload.byteLength,
        stream,
      );
    const mark = markOf(frame);
    if (mark) batcher.mark(mark);
    // What the frame took between the tap and the target, as the tap measured it.
    if (frame.wire) batcher.annotateWire(frame.wire);
  }
  return batcher.take() as FrameBatch;
}

/** A frame's mark: dropped first (it did not go on), then injected, then changed. */
function markOf(frame: MirroredFrame): FrameMark | undefined {
  if (frame.dropped) return "dropped";
  if (frame.injected) return "injected";
  if (frame.changed) return "changed";
  return undefined;
}
