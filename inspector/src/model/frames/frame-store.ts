import type { WireSize } from "../../../../echo-server/protocol/wire-size.ts";
import { type Direction, type FrameEvent, FrameKind, type Payload } from "./frame.ts";
import type { FrameBatch } from "./frame-batch.ts";

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
  payload(index: number): Payload | null;
  event(index: number): FrameEvent | undefined;
  /** Round-trip time when the frame is a ping loop's matched reply. */
  rtt(index: number): number | undefined;
  /** What the frame took on the wire, when the relay measured it. */
  wire(index: number): WireSize | undefined;
  /** Frames with a measured wire size retained (a cheap test before showing the column). */
  readonly measured: number;
  /** Time of the latest open event at or before `index`, or NaN (for "Δ since connect"). */
  connectTime(index: number): number;
  /** The latest open event at or before `index` (kept even after its row was dropped). */
  openBefore(index: number): OpenEvent | undefined;
  append(batch: FrameBatch): void;
  setLimits(limits: FrameStoreLimits): void;
  /** Empties the store; ids keep counting. */
  clear(): void;
}

const INITIAL_CAPACITY = 1024;

/** Plain, capped frame store. */
/** The event that starts a connection. */
type OpenEvent = Extract<FrameEvent, { type: "open" }>;

/** An open event with its row id and time. */
interface OpenRecord {
  id: number;
  time: number;
  event: OpenEvent;
}

export function makeFrameStore(initialLimits: FrameStoreLimits = defaultStoreLimits): FrameStore {
  let limits = initialLimits;
  // Physical storage: retained frames live at [head, head + length) of each column.
  let times = new Float64Array(INITIAL_CAPACITY);
  let kinds = new Uint8Array(INITIAL_CAPACITY);
  let directions = new Uint8Array(INITIAL_CAPACITY);
  let sizes = new Uint32Array(INITIAL_CAPACITY);
  // Wire sizes in columns: a relay capture has one per frame, too many for a map of objects.
  let wirePayloads = new Uint32Array(INITIAL_CAPACITY);
  let wireOverheads = new Uint32Array(INITIAL_CAPACITY);
  /** Bit 0: measured; bit 1: compressed. */
  let wireFlags = new Uint8Array(INITIAL_CAPACITY);
  let measured = 0;
  let payloads: (Payload | null)[] = [];
  const events = new Map<number, FrameEvent>();
  const rtts = new Map<number, number>();
  /** Open events, ascending by id, for "Δ since connect" and the decoders (kept past a drop). */
  let opens: OpenRecord[] = [];
  let head = 0;
  let length = 0;
  let firstId = 0;
  let dropped = 0;
  let bytes = 0;

  function reserve(extra: number) {
    if (head + length + extra <= times.length) return;
    // Reclaim the dropped prefix first; grow only when the live rows need it.
    let capacity = times.length;
    while (length + extra > capacity) capacity *= 2;
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
      wirePayloads = move(wirePayloads, new Uint32Array(capacity));
      wireOverheads = move(wireOverheads, new Uint32Array(capacity));
      wireFlags = move(wireFlags, new Uint8Array(capacity));
    }
    payloads = payloads.slice(head, head + length);
    head = 0;
  }

  function dropOldest(count: number) {
    for (let i = 0; i < count; i++) {
      const at = head + i;
      bytes -= sizes[at] ?? 0;
      payloads[at] = null;
      if ((wireFlags[at] ?? 0) & 1) {
        measured--;
        wireFlags[at] = 0;
      }
      if (kinds[at] !== FrameKind.Text && kinds[at] !== FrameKind.Binary)
        events.delete(firstId + i);
      else if (rtts.size > 0) rtts.delete(firstId + i);
    }
    head += count;
    length -= count;
    firstId += count;
    dropped += count;
    // Keep the latest open at or before the new first frame: later rows still measure from it.
    let firstOpen = 0;
    while (firstOpen < opens.length - 1 && (opens[firstOpen + 1]?.id ?? 0) <= firstId) firstOpen++;
    if (firstOpen > 0) opens = opens.slice(firstOpen);
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

  /** Position in `opens` of the latest open at or before row `index`, or -1. */
  function latestOpen(index: number): number {
    const id = firstId + index;
    let low = 0;
    let high = opens.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if ((opens[mid]?.id ?? 0) <= id) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    return found;
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
    payload: (index) => payloads[at(index)] ?? null,
    event: (index) => events.get(firstId + index),
    rtt: (index) => rtts.get(firstId + index),
    wire(index) {
      const flags = wireFlags[at(index)] ?? 0;
      if ((flags & 1) === 0 || index < 0 || index >= length) return undefined;
      return {
        payload: wirePayloads[at(index)] ?? 0,
        overhead: wireOverheads[at(index)] ?? 0,
        compressed: (flags & 2) !== 0,
      };
    },
    get measured() {
      return measured;
    },
    connectTime: (index) => opens[latestOpen(index)]?.time ?? Number.NaN,
    openBefore: (index) => opens[latestOpen(index)]?.event,
    append(batch) {
      reserve(batch.count);
      const start = head + length;
      times.set(batch.times.subarray(0, batch.count), start);
      kinds.set(batch.kinds.subarray(0, batch.count), start);
      directions.set(batch.directions.subarray(0, batch.count), start);
      sizes.set(batch.sizes.subarray(0, batch.count), start);
      for (let i = 0; i < batch.count; i++) {
        payloads[start + i] = batch.payloads[i] ?? null;
        bytes += batch.sizes[i] ?? 0;
      }
      const baseId = firstId + length;
      for (const [offset, rtt] of batch.rtts) rtts.set(baseId + offset, rtt);
      for (const [offset, wire] of batch.wires ?? []) {
        if (offset < 0 || offset >= batch.count) continue;
        const row = start + offset;
        if (((wireFlags[row] ?? 0) & 1) === 0) measured++;
        wirePayloads[row] = wire.payload;
        wireOverheads[row] = wire.overhead;
        wireFlags[row] = 1 | (wire.compressed ? 2 : 0);
      }
      for (const [offset, event] of batch.events) {
        events.set(baseId + offset, event);
        if (event.type === "open")
          opens.push({ id: baseId + offset, time: batch.times[offset] ?? Number.NaN, event });
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
      // The connection may still be open: later frames still measure from its open event.
      opens = opens.slice(-1);
    },
  };
}
