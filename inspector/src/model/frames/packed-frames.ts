import type { WireSize } from "../../../../echo-server/protocol/wire-size.ts";
import type { FrameEvent, FrameMark } from "./frame.ts";
import { type FrameBatch, wireColumnsOf } from "./frame-batch.ts";
import type { FrameStore } from "./frame-store.ts";

/** What a frame's payload is, in a packed chunk. */
const PayloadType = { None: 0, Text: 1, Binary: 2 } as const;

/**
 * A run of frames packed for storage: every column a typed array, all text payloads in one
 * UTF-8 buffer and all binary payloads in another. Nothing in it costs a copy or a clone per
 * frame, and its buffers can be transferred to a worker: cloning an object or a string per
 * frame into IndexedDB froze the page for most of a second per save at 250,000 frames.
 */
export interface PackedFrames {
  count: number;
  times: Float64Array;
  kinds: Uint8Array;
  directions: Uint8Array;
  sizes: Uint32Array;
  payloadTypes: Uint8Array;
  /** UTF-16 length of each text payload (0 for the others): where it ends in the decoded text. */
  textLengths: Uint32Array;
  /** The text payloads, one after the other, in UTF-8. */
  text: Uint8Array;
  /** The binary payloads, one after the other. */
  binary: Uint8Array;
  events: [number, FrameEvent][];
  rtts: [number, number][];
  /**
   * Each frame's stream (see StreamId), when any is not 0; chunks packed before streams, and
   * chunks of a plain connection, leave it out.
   */
  streams?: Uint32Array;
  /** Sparse: `[index in chunk, mark]`; chunks packed before marks leave it out. */
  marks?: [number, FrameMark][];
  /**
   * Sparse: `[index in chunk, text]` for text payloads with a lone surrogate, kept as strings
   * (and out of `text`) because UTF-8 cannot carry them. Chunks packed before this field are
   * read as if it were empty.
   */
  looseTexts?: [number, string][];
  /** Sparse: `[index in chunk, wire size]` (chunks packed before this field have none). */
  wires?: [number, WireSize][];
}

/** Most frames and payload bytes in one chunk: each chunk is packed in one short task. */
export const CHUNK_LIMITS = { frames: 16_384, bytes: 1024 * 1024 };

/**
 * End (exclusive) of the chunk that starts at `from`: at most `limits.frames` frames and, past
 * the first frame, at most `limits.bytes` payload bytes, never beyond `to`.
 */
export function chunkEnd(
  store: FrameStore,
  from: number,
  to: number,
  limits = CHUNK_LIMITS,
): number {
  const last = Math.min(to, from + limits.frames);
  let bytes = 0;
  for (let index = from; index < last; index++) {
    bytes += store.size(index);
    if (bytes > limits.bytes && index > from) return index;
  }
  return last;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A lone surrogate: a text frame cannot receive one (the socket decodes UTF-8), but a page can
 * send one and an import can hold one, and UTF-8 would turn it into U+FFFD.
 */
const LONE_SURROGATE = /\p{Cs}/u;

/** Packs the store's frames `from` (inclusive) `to` (exclusive). */
export function packFrames(store: FrameStore, from: number, to: number): PackedFrames {
  const count = Math.max(0, to - from);
  const columns = {
    times: new Float64Array(count),
    kinds: new Uint8Array(count),
    directions: new Uint8Array(count),
    sizes: new Uint32Array(count),
    payloadTypes: new Uint8Array(count),
    textLengths: new Uint32Array(count),
  };
  const streams = new Uint32Array(count);
  let anyStream = false;
  const events: [number, FrameEvent][] = [];
  const rtts: [number, number][] = [];
  const marks: [number, FrameMark][] = [];
  const wires: [number, WireSize][] = [];
  const texts: string[] = [];
  const textIndexes: number[] = [];
  const buffers: Uint8Array[] = [];
  let binaryBytes = 0;
  for (let i = 0; i < count; i++) {
    const index = from + i;
    columns.times[i] = store.time(index);
    columns.kinds[i] = store.kind(index);
    columns.directions[i] = store.direction(index);
    columns.sizes[i] = store.size(index);
    const stream = store.stream(index);
    if (stream !== 0) {
      streams[i] = stream;
      anyStream = true;
    }
    const payload = store.payload(index);
    if (typeof payload === "string") {
      columns.payloadTypes[i] = PayloadType.Text;
      columns.textLengths[i] = payload.length;
      texts.push(payload);
      textIndexes.push(i);
    } else if (payload !== null) {
      columns.payloadTypes[i] = PayloadType.Binary;
      buffers.push(new Uint8Array(payload));
      binaryBytes += payload.byteLength;
    }
    const event = store.event(index);
    if (event) events.push([i, event]);
    const rtt = store.rtt(index);
    if (rtt !== undefined) rtts.push([i, rtt]);
    const mark = store.mark(index);
    if (mark !== undefined) marks.push([i, mark]);
    const wire = store.measured > 0 ? store.wire(index) : undefined;
    if (wire !== undefined) wires.push([i, wire]);
  }
  const binary = new Uint8Array(binaryBytes);
  let offset = 0;
  for (const bytes of buffers) {
    binary.set(bytes, offset);
    offset += bytes.byteLength;
  }
  // One test of the joined text settles the common case. A pair split across two payloads
  // joins into a valid character and splits back at the same UTF-16 lengths, so it is safe.
  let joined = texts.join("");
  const looseTexts: [number, string][] = [];
  if (LONE_SURROGATE.test(joined)) {
    const kept: string[] = [];
    texts.forEach((text, n) => {
      const i = textIndexes[n] as number;
      if (LONE_SURROGATE.test(text)) {
        looseTexts.push([i, text]);
        columns.textLengths[i] = 0;
      } else kept.push(text);
    });
    joined = kept.join("");
  }
  return {
    count,
    ...columns,
    text: encoder.encode(joined),
    binary,
    events,
    rtts,
    ...(anyStream ? { streams } : {}),
    ...(marks.length > 0 ? { marks } : {}),
    ...(looseTexts.length > 0 ? { looseTexts } : {}),
    ...(wires.length > 0 ? { wires } : {}),
  };
}

/**
 * Packs the store's frames from `fromIndex` to its current end, one chunk per step. Between
 * steps the caller may let other work run: frames appended meanwhile are left out, frames the
 * store drops meanwhile are skipped, and a cleared store ends the run.
 */
export function* packStoreChunks(store: FrameStore, fromIndex: number): Generator<PackedFrames> {
  const endId = store.firstId + store.length;
  let nextId = store.firstId + Math.max(0, fromIndex);
  while (nextId < endId) {
    const index = Math.max(0, nextId - store.firstId);
    const to = Math.min(store.length, endId - store.firstId);
    if (index >= to) return;
    const end = chunkEnd(store, index, to);
    const chunk = packFrames(store, index, end);
    nextId = store.firstId + end;
    yield chunk;
  }
}

/** The buffers of packed chunks, to transfer rather than copy. */
export function packedTransferables(chunks: readonly PackedFrames[]): ArrayBuffer[] {
  return chunks.flatMap((chunk) =>
    [
      chunk.times,
      chunk.kinds,
      chunk.directions,
      chunk.sizes,
      chunk.payloadTypes,
      chunk.textLengths,
      chunk.text,
      chunk.binary,
      ...(chunk.streams ? [chunk.streams] : []),
    ].map((column) => column.buffer as ArrayBuffer),
  );
}

/** Unpacks a chunk into a batch a store can append. */
export function unpackFrames(packed: PackedFrames, connectionId: number): FrameBatch {
  const text = decoder.decode(packed.text);
  const payloads: FrameBatch["payloads"] = new Array(packed.count);
  const loose = new Map(packed.looseTexts);
  let textAt = 0;
  let binaryAt = 0;
  for (let i = 0; i < packed.count; i++) {
    const type = packed.payloadTypes[i];
    const looseText = loose.get(i);
    if (looseText !== undefined) payloads[i] = looseText;
    else if (type === PayloadType.Text) {
      const end = textAt + (packed.textLengths[i] ?? 0);
      payloads[i] = text.slice(textAt, end);
      textAt = end;
    } else if (type === PayloadType.Binary) {
      const end = binaryAt + (packed.sizes[i] ?? 0);
      payloads[i] = packed.binary.slice(binaryAt, end).buffer;
      binaryAt = end;
    } else payloads[i] = null;
  }
  const wires = packed.wires ? wireColumnsOf(packed.count, packed.wires) : undefined;
  return {
    connectionId,
    count: packed.count,
    times: packed.times,
    kinds: packed.kinds,
    directions: packed.directions,
    sizes: packed.sizes,
    streams: packed.streams ?? new Uint32Array(packed.count),
    payloads,
    events: packed.events,
    rtts: packed.rtts,
    marks: packed.marks ?? [],
    ...(wires ? { wires } : {}),
  };
}
