import type { FrameNote } from "../../../../echo-server/protocol/sessions/tracker.ts";
import type { WireSize } from "../../../../echo-server/protocol/wire-size.ts";
import {
  type Direction,
  type FrameEvent,
  FrameKind,
  type FrameMark,
  type Payload,
  type StreamId,
} from "./frame.ts";
import { type FrameBatch, WireFlags } from "./frame-batch.ts";

/** Retention limits of a frame store. */
export interface FrameStoreLimits {
  /** Frames kept; the oldest are dropped beyond it. @default 1,000,000 */
  maxFrames: number;
  /** Payload bytes kept; the oldest frames are dropped beyond it. @default 512 MiB */
  maxBytes: number;
}

export const defaultStoreLimits: FrameStoreLimits = {
  maxFrames: 1_000_000,
  maxBytes: 512 * 1024 * 1024,
};

/**
 * Every retained frame of one connection, in columns: numbers in typed arrays (so scans touch
 * no objects) and payloads kept whole, exactly as received. Rows are addressed by index
 * (0 = oldest retained) or by id (unique for the store's lifetime). When a limit is passed, the
 * oldest frames are dropped and counted; the newest frame is always kept.
 */
export interface FrameStore {
  readonly length: number;
  /** Id of the oldest retained frame; ids of retained frames run `firstId .. firstId+length-1`. */
  readonly firstId: number;
  /** Frames dropped to stay within the limits since the store was made (clearing is not dropping). */
  readonly dropped: number;
  /** Payload bytes retained. */
  readonly bytes: number;
  readonly limits: FrameStoreLimits;
  id(index: number): number;
  /** Index of the frame with id `id`, or -1 when it is not retained. */
  indexOf(id: number): number;
  time(index: number): number;
  kind(index: number): FrameKind;
  direction(index: number): Direction;
  size(index: number): number;
  /** The connection the frame belongs to: 0, or a tap's client id (see StreamId). */
  stream(index: number): StreamId;
  payload(index: number): Payload | null;
  event(index: number): FrameEvent | undefined;
  /** Round-trip time when the frame is a ping loop's matched reply. */
  rtt(index: number): number | undefined;
  /** What a tap did to the frame, when it did more than pass it on. */
  mark(index: number): FrameMark | undefined;
  /** What the connection's protocol made of the frame (summary, pairing, latency), if anything. */
  note(index: number): FrameNote | undefined;
  /** What the frame took on the wire, when the relay measured it. */
  wire(index: number): WireSize | undefined;
  /** Frames with a measured wire size retained (a cheap test before showing the column). */
  readonly measured: number;
  /**
   * Time of the latest open event of the frame's stream at or before `index`, or NaN (for
   * "Δ since connect").
   */
  connectTime(index: number): number;
  /** The latest open event of the frame's stream at or before `index` (kept past a drop). */
  openBefore(index: number): OpenEvent | undefined;
  append(batch: FrameBatch): void;
  setLimits(limits: FrameStoreLimits): void;
  /** Empties the store; ids keep counting. */
  clear(): void;
}

const INITIAL_CAPACITY = 1024;

/** The event that starts a connection. */
type OpenEvent = Extract<FrameEvent, { type: "open" }>;

/** An open event with its row id and time. */
interface OpenRecord {
  id: number;
  time: number;
  event: OpenEvent;
}

/** One stream's open events, ascending by id, and the id of its latest frame. */
interface StreamOpens {
  opens: OpenRecord[];
  lastId: number;
}

/** Plain, capped frame store. */
export function makeFrameStore(initialLimits: FrameStoreLimits = defaultStoreLimits): FrameStore {
  let limits = initialLimits;
  // Physical storage: retained frames live at [head, head + length) of each column.
  let times = new Float64Array(INITIAL_CAPACITY);
  let kinds = new Uint8Array(INITIAL_CAPACITY);
  let directions = new Uint8Array(INITIAL_CAPACITY);
  let sizes = new Uint32Array(INITIAL_CAPACITY);
  let streams = new Uint32Array(INITIAL_CAPACITY);
  // Wire sizes in columns: a relay capture has one per frame, too many for a map of objects.
  let wirePayloads = new Uint32Array(INITIAL_CAPACITY);
  let wireOverheads = new Uint32Array(INITIAL_CAPACITY);
  /** Bit 0: measured; bit 1: compressed. */
  let wireFlags = new Uint8Array(INITIAL_CAPACITY);
  let measured = 0;
  let payloads: (Payload | null)[] = [];
  const events = new Map<number, FrameEvent>();
  const rtts = new Map<number, number>();
  const marks = new Map<number, FrameMark>();
  const notes = new Map<number, FrameNote>();
  /**
   * Open events per stream, for "Δ since connect" and the decoders (kept past a drop). A tap's
   * clients open at the same time, each on a stream of its own; a stream whose frames have all
   * been dropped is forgotten.
   */
  const opens = new Map<StreamId, StreamOpens>([[0, { opens: [], lastId: -1 }]]);
  let head = 0;
  let length = 0;
  let firstId = 0;
  let dropped = 0;
  let bytes = 0;

  function reserve(extra: number) {
    if (head + length + extra <= times.length) return;
    // Reclaim the dropped prefix first; grow when the live rows need it, and also when they
    // would leave less than half their number free. A full store drops as many frames as it
    // takes in, so each move of the live rows must be paid for by that many frames: with a
    // sliver of room, a store at its 1,000,000-frame limit moved every row several times a
    // second under a tap's flood (0.4 us a frame, and an array of a million left to collect).
    let capacity = times.length;
    while (length + extra + (length >> 1) > capacity) capacity *= 2;
    const move = <T extends Float64Array | Uint8Array | Uint32Array>(column: T, fresh: T): T => {
      fresh.set(column.subarray(head, head + length) as never);
      return fresh;
    };
    if (capacity === times.length) {
      for (const column of [
        times,
        kinds,
        directions,
        sizes,
        streams,
        wirePayloads,
        wireOverheads,
        wireFlags,
      ])
        column.copyWithin(0, head, head + length);
      // Rows past the live ones are written again as frames come, except the wire columns,
      // which only measured frames write: clear them.
      for (const column of [wirePayloads, wireOverheads, wireFlags]) column.fill(0, length);
    } else {
      times = move(times, new Float64Array(capacity));
      kinds = move(kinds, new Uint8Array(capacity));
      directions = move(directions, new Uint8Array(capacity));
      sizes = move(sizes, new Uint32Array(capacity));
      streams = move(streams, new Uint32Array(capacity));
      wirePayloads = move(wirePayloads, new Uint32Array(capacity));
      wireOverheads = move(wireOverheads, new Uint32Array(capacity));
      wireFlags = move(wireFlags, new Uint8Array(capacity));
    }
    // A new array: V8 copies one 4-5 times faster than it moves one in place (copyWithin).
    payloads = payloads.slice(head, head + length);
    head = 0;
  }

  function dropOldest(count: number) {
    for (let i = 0; i < count; i++) {
      const at = head + i;
      bytes -= sizes[at] ?? 0;
      payloads[at] = null;
      if ((wireFlags[at] ?? 0) & WireFlags.Measured) {
        measured--;
        wireFlags[at] = 0;
      }
      if (kinds[at] !== FrameKind.Text && kinds[at] !== FrameKind.Binary)
        events.delete(firstId + i);
      else {
        if (rtts.size > 0) rtts.delete(firstId + i);
        if (marks.size > 0) marks.delete(firstId + i);
        if (notes.size > 0) notes.delete(firstId + i);
      }
    }
    head += count;
    length -= count;
    firstId += count;
    dropped += count;
    for (const [stream, entry] of opens) {
      if (stream !== 0 && entry.lastId < firstId) {
        opens.delete(stream);
        continue;
      }
      // Keep the latest open at or before the new first frame: later rows still measure from it.
      const list = entry.opens;
      let firstOpen = 0;
      while (firstOpen < list.length - 1 && (list[firstOpen + 1]?.id ?? 0) <= firstId) firstOpen++;
      if (firstOpen > 0) entry.opens = list.slice(firstOpen);
    }
  }

  function enforceLimits() {
    let excess = Math.max(0, length - limits.maxFrames);
    let freed = 0;
    for (let i = 0; i < excess; i++) freed += sizes[head + i] ?? 0;
    while (bytes - freed > limits.maxBytes && excess < length - 1) {
      freed += sizes[head + excess] ?? 0;
      excess++;
    }
    if (excess > 0) dropOldest(excess);
  }

  /** The latest open of row `index`'s stream at or before it, or undefined. */
  function latestOpen(index: number): OpenRecord | undefined {
    const list = opens.get(streams[head + index] ?? 0)?.opens;
    if (!list) return undefined;
    const id = firstId + index;
    let low = 0;
    let high = list.length - 1;
    let found: OpenRecord | undefined;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const record = list[mid] as OpenRecord;
      if (record.id <= id) {
        found = record;
        low = mid + 1;
      } else high = mid - 1;
    }
    return found;
  }

  /** The open events of `stream`, made on its first frame. */
  function streamOpens(stream: StreamId): StreamOpens {
    let entry = opens.get(stream);
    if (!entry) {
      entry = { opens: [], lastId: -1 };
      opens.set(stream, entry);
    }
    return entry;
  }

  const at = (index: number) => head + index;

  return {
    get length() {
      return length;
    },
    get firstId() {
      return firstId;
    },
    get dropped() {
      return dropped;
    },
    get bytes() {
      return bytes;
    },
    get limits() {
      return limits;
    },
    id: (index) => firstId + index,
    indexOf: (id) => (id >= firstId && id < firstId + length ? id - firstId : -1),
    time: (index) => times[at(index)] ?? Number.NaN,
    kind: (index) => kinds[at(index)] as FrameKind,
    direction: (index) => directions[at(index)] as Direction,
    size: (index) => sizes[at(index)] ?? 0,
    stream: (index) => streams[at(index)] ?? 0,
    payload: (index) => payloads[at(index)] ?? null,
    event: (index) => events.get(firstId + index),
    rtt: (index) => rtts.get(firstId + index),
    wire(index) {
      const flags = wireFlags[at(index)] ?? 0;
      if ((flags & WireFlags.Measured) === 0 || index < 0 || index >= length) return undefined;
      return {
        payload: wirePayloads[at(index)] ?? 0,
        overhead: wireOverheads[at(index)] ?? 0,
        compressed: (flags & WireFlags.Compressed) !== 0,
      };
    },
    get measured() {
      return measured;
    },
    mark: (index) => marks.get(firstId + index),
    note: (index) => (notes.size > 0 ? notes.get(firstId + index) : undefined),
    connectTime: (index) => latestOpen(index)?.time ?? Number.NaN,
    openBefore: (index) => latestOpen(index)?.event,
    append(batch) {
      reserve(batch.count);
      const start = head + length;
      const baseId = firstId + length;
      times.set(batch.times.subarray(0, batch.count), start);
      kinds.set(batch.kinds.subarray(0, batch.count), start);
      directions.set(batch.directions.subarray(0, batch.count), start);
      sizes.set(batch.sizes.subarray(0, batch.count), start);
      streams.set(batch.streams.subarray(0, batch.count), start);
      // Consecutive frames are mostly of one stream: look its entry up only when it changes.
      let stream = -1;
      let entry: StreamOpens | undefined;
      for (let i = 0; i < batch.count; i++) {
        payloads[start + i] = batch.payloads[i] ?? null;
        bytes += batch.sizes[i] ?? 0;
        const frameStream = batch.streams[i] ?? 0;
        if (frameStream !== stream) {
          stream = frameStream;
          entry = streamOpens(stream);
        }
        (entry as StreamOpens).lastId = baseId + i;
      }
      for (const [offset, rtt] of batch.rtts) rtts.set(baseId + offset, rtt);
      for (const [offset, mark] of batch.marks) marks.set(baseId + offset, mark);
      for (const [offset, note] of batch.notes ?? []) notes.set(baseId + offset, note);
      const wires = batch.wires;
      if (wires)
        for (let i = 0; i < batch.count; i++) {
          const flags = wires.flags[i] ?? 0;
          if ((flags & WireFlags.Measured) === 0) continue;
          const row = start + i;
          if (((wireFlags[row] ?? 0) & WireFlags.Measured) === 0) measured++;
          wirePayloads[row] = wires.payloads[i] ?? 0;
          wireOverheads[row] = wires.overheads[i] ?? 0;
          wireFlags[row] = flags;
        }
      for (const [offset, event] of batch.events) {
        events.set(baseId + offset, event);
        if (event.type === "open")
          streamOpens(batch.streams[offset] ?? 0).opens.push({
            id: baseId + offset,
            time: batch.times[offset] ?? Number.NaN,
            event,
          });
      }
      length += batch.count;
      enforceLimits();
    },
    setLimits(next) {
      limits = next;
      enforceLimits();
    },
    clear() {
      wireFlags.fill(0);
      measured = 0;
      firstId += length;
      head = 0;
      length = 0;
      bytes = 0;
      payloads = [];
      events.clear();
      rtts.clear();
      marks.clear();
      notes.clear();
      // The connections may still be open: later frames still measure from their open events.
      for (const entry of opens.values()) entry.opens = entry.opens.slice(-1);
    },
  };
}
