import type { Direction, FrameEvent, FrameKind, Payload } from "./frame.ts";
import type { FrameBatch } from "./frame-batch.ts";

/**
 * Every captured frame of one connection, in columns: numbers in typed arrays (so scans touch no
 * objects) and payloads kept whole, exactly as received. Rows are addressed by index, 0 = oldest.
 */
export interface FrameStore {
  readonly length: number;
  /** Stable id of the row at `index`, unique for the store's lifetime (survives clearing). */
  id(index: number): number;
  /** Index of the row with frame id `id`, or -1 when it is no longer (or not yet) stored. */
  indexOf(id: number): number;
  time(index: number): number;
  kind(index: number): FrameKind;
  direction(index: number): Direction;
  size(index: number): number;
  payload(index: number): Payload | null;
  event(index: number): FrameEvent | undefined;
  append(batch: FrameBatch): void;
  clear(): void;
}

const INITIAL_CAPACITY = 1024;

/** Plain, growable frame store. */
export function makeFrameStore(): FrameStore {
  let times = new Float64Array(INITIAL_CAPACITY);
  let kinds = new Uint8Array(INITIAL_CAPACITY);
  let directions = new Uint8Array(INITIAL_CAPACITY);
  let sizes = new Uint32Array(INITIAL_CAPACITY);
  let payloads: (Payload | null)[] = [];
  let events = new Map<number, FrameEvent>();
  let length = 0;
  let firstId = 0;

  function ensureCapacity(needed: number) {
    if (needed <= times.length) return;
    let capacity = times.length;
    while (capacity < needed) capacity *= 2;
    times = grow(new Float64Array(capacity), times);
    kinds = grow(new Uint8Array(capacity), kinds);
    directions = grow(new Uint8Array(capacity), directions);
    sizes = grow(new Uint32Array(capacity), sizes);
  }

  return {
    get length() {
      return length;
    },
    id: (index) => firstId + index,
    indexOf: (id) => (id >= firstId && id < firstId + length ? id - firstId : -1),
    time: (index) => times[index] ?? Number.NaN,
    kind: (index) => kinds[index] as FrameKind,
    direction: (index) => directions[index] as Direction,
    size: (index) => sizes[index] ?? 0,
    payload: (index) => payloads[index] ?? null,
    event: (index) => events.get(index),
    append(batch) {
      ensureCapacity(length + batch.count);
      times.set(batch.times.subarray(0, batch.count), length);
      kinds.set(batch.kinds.subarray(0, batch.count), length);
      directions.set(batch.directions.subarray(0, batch.count), length);
      sizes.set(batch.sizes.subarray(0, batch.count), length);
      for (const payload of batch.payloads) payloads.push(payload);
      for (const [offset, event] of batch.events) events.set(length + offset, event);
      length += batch.count;
    },
    clear() {
      firstId += length;
      length = 0;
      payloads = [];
      events = new Map();
    },
  };
}

function grow<T extends Float64Array | Uint8Array | Uint32Array>(target: T, source: T): T {
  target.set(source as never);
  return target;
}
