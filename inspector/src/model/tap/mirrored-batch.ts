import {
  type MirroredColumns,
  readMirroredColumns,
  TapFrameFlags,
} from "../../../../echo-server/protocol/tap-wire.ts";
import { Direction, FrameKind, type FrameMark, type Payload } from "../frames/frame.ts";
import { type FrameBatch, makeFrameBatcher, WireFlags } from "../frames/frame-batch.ts";

const decoder = new TextDecoder();

/**
 * A tap's binary watch message (one or more mirrored frames, see tap-wire.ts) as a batch of the
 * tab's log: each frame on its client's stream, with the tap's time, its mark and its size on
 * the wire. The page makes it from the message's bytes, which the capture worker hands over
 * untouched: strings made in the worker would be copied again to reach the page, and at a
 * closed-loop flood that copy cost more than the rest of the worker's work. The batch is built
 * in columns, with no object per frame but its payload. A message that is not a run of whole
 * frames becomes a note at `now()` instead.
 *
 * The message is the batch's now: its text is packed within it (see payloadsOf).
 */
export function mirroredBatch(
  connectionId: number,
  message: ArrayBuffer,
  now: () => number,
): FrameBatch {
  const columns = readMirroredColumns(message);
  if (!columns) {
    const batcher = makeFrameBatcher(connectionId, 1);
    batcher.pushEvent(now(), {
      type: "info",
      message: "The tap sent a message SocketScope cannot read",
    });
    return batcher.take() as FrameBatch;
  }
  const { count, flags } = columns;
  const kinds = new Uint8Array(count);
  const directions = new Uint8Array(count);
  const wireFlags = new Uint8Array(count);
  const marks: [number, FrameMark][] = [];
  let measured = false;
  for (let i = 0; i < count; i++) {
    const frameFlags = flags[i] ?? 0;
    kinds[i] = columns.binary[i] ? FrameKind.Binary : FrameKind.Text;
    directions[i] = frameFlags & TapFrameFlags.ServerToClient ? Direction.In : Direction.Out;
    const mark = markOf(frameFlags);
    if (mark) marks.push([i, mark]);
    if (frameFlags & TapFrameFlags.Wire) {
      measured = true;
      wireFlags[i] = WireFlags.Measured | (columns.wireCompressed[i] ? WireFlags.Compressed : 0);
    }
  }
  return {
    connectionId,
    count,
    times: columns.times,
    kinds,
    directions,
    sizes: columns.lengths,
    streams: columns.clientIds,
    payloads: payloadsOf(new Uint8Array(message), columns),
    events: [],
    rtts: [],
    marks,
    ...(measured
      ? {
          wires: {
            payloads: columns.wirePayloads,
            overheads: columns.wireOverheads,
            flags: wireFlags,
          },
        }
      : {}),
  };
}

/**
 * The frames' payloads: binary ones copied out, text ones decoded. One decode of all the text
 * costs far less than one per frame, so the text payloads are first packed to the front of the
 * message (each moves toward the front, over headers already read and payloads already taken)
 * and decoded together; when that text has a character for every byte (ASCII, the usual case),
 * each frame's text is a slice of it. Otherwise each is decoded on its own, from where it was
 * packed.
 */
function payloadsOf(bytes: Uint8Array, columns: MirroredColumns): Payload[] {
  const { count, starts, lengths } = columns;
  const payloads: Payload[] = new Array(count);
  for (let i = 0; i < count; i++) {
    if (!columns.binary[i]) continue;
    const start = starts[i] ?? 0;
    payloads[i] = bytes.slice(start, start + (lengths[i] ?? 0)).buffer;
  }
  let packed = 0;
  for (let i = 0; i < count; i++) {
    if (columns.binary[i]) continue;
    const start = starts[i] ?? 0;
    const length = lengths[i] ?? 0;
    bytes.copyWithin(packed, start, start + length);
    packed += length;
  }
  const text = decoder.decode(bytes.subarray(0, packed));
  const bytePerCharacter = text.length === packed;
  for (let i = 0, at = 0; i < count; i++) {
    if (columns.binary[i]) continue;
    const end = at + (lengths[i] ?? 0);
    payloads[i] = bytePerCharacter ? text.slice(at, end) : decoder.decode(bytes.subarray(at, end));
    at = end;
  }
  return payloads;
}

/** A frame's mark: dropped first (it did not go on), then injected, then changed. */
function markOf(flags: number): FrameMark | undefined {
  if (flags & TapFrameFlags.Dropped) return "dropped";
  if (flags & TapFrameFlags.Injected) return "injected";
  if (flags & TapFrameFlags.Changed) return "changed";
  return undefined;
}
