import type { FrameNote } from "../../../../echo-server/protocol/sessions/tracker.ts";
import type { WireSize } from "../../../../echo-server/protocol/wire-size.ts";
import {
  Direction,
  type FrameEvent,
  FrameKind,
  type FrameMark,
  type Payload,
  type StreamId,
} from "./frame.ts";

/**
 * Frames for one connection in columns, the unit the capture worker posts to the UI. The typed
 * arrays and binary payloads are transferred, not copied.
 */
export interface FrameBatch {
  connectionId: number;
  count: number;
  /** Arrival (or send) time: epoch milliseconds with sub-millisecond precision. */
  times: Float64Array;
  kinds: Uint8Array;
  directions: Uint8Array;
  /** Payload length in bytes (UTF-8 bytes for text). */
  sizes: Uint32Array;
  /** The connection each frame belongs to (0 unless the capture is a tap's: see StreamId). */
  streams: Uint32Array;
  /** One entry per frame; `null` for events. */
  payloads: (Payload | null)[];
  /** Sparse: `[index in batch, event]` for the connection events in this batch. */
  events: [number, FrameEvent][];
  /** Sparse: `[index in batch, rtt ms]` for replies a ping loop matched. */
  rtts: [number, number][];
  /** Sparse: `[index in batch, mark]` for frames a tap injected, changed or dropped. */
  marks: [number, FrameMark][];
  /** Sparse: `[index in batch, note]` for frames a protocol session read (see protocol tracking). */
  notes?: [number, FrameNote][];
  /** What frames took on the wire, when any was measured (the relay's and the taps' frames). */
  wires?: WireColumns;
}

/**
 * Sizes on the wire (see WireSize) as columns of a batch, one entry per frame, transferred with
 * the rest: a tap mirrors a measured size with every frame the app sends, and an object per
 * frame cost the worker's postMessage and the page's garbage collector more than the frame.
 */
export interface WireColumns {
  payloads: Uint32Array;
  overheads: Uint32Array;
  /** WireFlags: 0 for a frame whose size was not measured. */
  flags: Uint8Array;
}

/** Bits of WireColumns.flags. */
export const WireFlags = { Measured: 1, Compressed: 2 } as const;

/** Frame `index`'s size on the wire in `wires`, if it was measured. */
export function wireAt(wires: WireColumns | undefined, index: number): WireSize | undefined {
  const flags = wires?.flags[index] ?? 0;
  if ((flags & WireFlags.Measured) === 0 || !wires) return undefined;
  return {
    payload: wires.payloads[index] ?? 0,
    overhead: wires.overheads[index] ?? 0,
    compressed: (flags & WireFlags.Compressed) !== 0,
  };
}

/** Wire columns for `count` frames, from `[index, wire size]` pairs; undefined when there are none. */
export function wireColumnsOf(
  count: number,
  pairs: Iterable<readonly [number, WireSize]>,
): WireColumns | undefined {
  let wires: WireColumns | undefined;
  for (const [index, wire] of pairs) {
    if (index < 0 || index >= count) continue;
    wires ??= emptyWireColumns(count);
    setWire(wires, index, wire);
  }
  return wires;
}

function emptyWireColumns(capacity: number): WireColumns {
  return {
    payloads: new Uint32Array(capacity),
    overheads: new Uint32Array(capacity),
    flags: new Uint8Array(capacity),
  };
}

function setWire(wires: WireColumns, index: number, wire: WireSize) {
  wires.payloads[index] = wire.payload;
  wires.overheads[index] = wire.overhead;
  wires.flags[index] = WireFlags.Measured | (wire.compressed ? WireFlags.Compressed : 0);
}

/**
 * Collects frames for one connection until they are taken as a batch. Each push takes the
 * frame's stream last (0, the connection's own, unless given).
 */
export interface FrameBatcher {
  readonly count: number;
  pushText(time: number, direction: Direction, text: string, size: number, stream?: StreamId): void;
  pushBinary(time: number, direction: Direction, bytes: ArrayBuffer, stream?: StreamId): void;
  pushEvent(time: number, event: FrameEvent, stream?: StreamId): void;
  /** A ping or pong frame (seen through the relay or a tap), with its payload. */
  pushControl(
    time: number,
    kind: typeof FrameKind.Ping | typeof FrameKind.Pong,
    direction: Direction,
    bytes: ArrayBuffer,
    stream?: StreamId,
  ): void;
  /** Marks the frame pushed last as the reply to a ping, `rtt` ms after it. */
  annotateRtt(rtt: number): void;
  /** Marks the frame pushed last with what a tap did to it. */
  mark(mark: FrameMark): void;
  /** Keeps what the connection's protocol made of the frame pushed last. */
  annotateNote(note: FrameNote): void;
  /** Records what the frame pushed last took on the wire (the relay measured it). */
  annotateWire(wire: WireSize): void;
  /** Returns the frames collected so far and starts a new batch; `null` when there are none. */
  take(): FrameBatch | null;
}

const EVENT_KIND: Record<FrameEvent["type"], FrameKind> = {
  open: FrameKind.Open,
  close: FrameKind.Close,
  error: FrameKind.Error,
  reconnect: FrameKind.Info,
  info: FrameKind.Info,
};

/** Plain (non-reactive) batcher with room for `capacity` frames before it must be taken. */
export function makeFrameBatcher(connectionId: number, capacity = 4096): FrameBatcher {
  let times = new Float64Array(capacity);
  let kinds = new Uint8Array(capacity);
  let directions = new Uint8Array(capacity);
  let sizes = new Uint32Array(capacity);
  let streams = new Uint32Array(capacity);
  let payloads: (Payload | null)[] = [];
  let events: [number, FrameEvent][] = [];
  let rtts: [number, number][] = [];
  let marks: [number, FrameMark][] = [];
  let notes: [number, FrameNote][] = [];
  /** Made on the first measured frame of a batch; most connections measure none. */
  let wires: WireColumns | undefined;
  let anyWire = false;
  let count = 0;

  function grow() {
    const next = times.length * 2;
    times = copyInto(new Float64Array(next), times);
    kinds = copyInto(new Uint8Array(next), kinds);
    directions = copyInto(new Uint8Array(next), directions);
    sizes = copyInto(new Uint32Array(next), sizes);
    streams = copyInto(new Uint32Array(next), streams);
    if (wires)
      wires = {
        payloads: copyInto(new Uint32Array(next), wires.payloads),
        overheads: copyInto(new Uint32Array(next), wires.overheads),
        flags: copyInto(new Uint8Array(next), wires.flags),
      };
  }

  function push(
    time: number,
    kind: FrameKind,
    direction: Direction,
    size: number,
    stream: StreamId,
  ) {
    if (count === times.length) grow();
    times[count] = time;
    kinds[count] = kind;
    directions[count] = direction;
    sizes[count] = size;
    streams[count] = stream;
    count++;
  }

  return {
    get count() {
      return count;
    },
    pushText(time, direction, text, size, stream = 0) {
      push(time, FrameKind.Text, direction, size, stream);
      payloads.push(text);
    },
    pushBinary(time, direction, bytes, stream = 0) {
      push(time, FrameKind.Binary, direction, bytes.byteLength, stream);
      payloads.push(bytes);
    },
    pushEvent(time, event, stream = 0) {
      events.push([count, event]);
      push(time, EVENT_KIND[event.type], Direction.None, 0, stream);
      payloads.push(null);
    },
    pushControl(time, kind, direction, bytes, stream = 0) {
      push(time, kind, direction, bytes.byteLength, stream);
      payloads.push(bytes);
    },
    annotateRtt(rtt) {
      if (count > 0) rtts.push([count - 1, rtt]);
    },
    mark(mark) {
      if (count > 0) marks.push([count - 1, mark]);
    },
    annotateNote(note) {
      if (count > 0) notes.push([count - 1, note]);
    },
    annotateWire(wire) {
      if (count === 0) return;
      wires ??= emptyWireColumns(times.length);
      setWire(wires, count - 1, wire);
      anyWire = true;
    },
    take() {
      if (count === 0) return null;
      const batch: FrameBatch = {
        connectionId,
        count,
        times: times.slice(0, count),
        kinds: kinds.slice(0, count),
        directions: directions.slice(0, count),
        sizes: sizes.slice(0, count),
        streams: streams.slice(0, count),
        payloads,
        events,
        rtts,
        marks,
        ...(notes.length > 0 ? { notes } : {}),
        ...(wires && anyWire
          ? {
              wires: {
                payloads: wires.payloads.slice(0, count),
                overheads: wires.overheads.slice(0, count),
                flags: wires.flags.slice(0, count),
              },
            }
          : {}),
      };
      payloads = [];
      events = [];
      rtts = [];
      marks = [];
      notes = [];
      if (anyWire) wires?.flags.fill(0, 0, count);
      anyWire = false;
      count = 0;
      return batch;
    },
  };
}

/** Buffers a batch can hand over to another thread instead of copying. */
export function batchTransferables(batch: FrameBatch): Transferable[] {
  const list: Transferable[] = [
    batch.times.buffer,
    batch.kinds.buffer,
    batch.directions.buffer,
    batch.sizes.buffer,
    batch.streams.buffer,
  ];
  if (batch.wires)
    list.push(batch.wires.payloads.buffer, batch.wires.overheads.buffer, batch.wires.flags.buffer);
  for (const payload of batch.payloads) {
    if (payload instanceof ArrayBuffer) list.push(payload);
  }
  return list;
}

function copyInto<T extends Float64Array | Uint8Array | Uint32Array>(target: T, source: T): T {
  target.set(source as never);
  return target;
}
