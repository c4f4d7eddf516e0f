import type { FrameStore } from "../frames/frame-store.ts";
import type { CompiledFilter } from "./filter.ts";

/**
 * The rows the log shows: every retained frame, or the ids of those that pass a filter, as of
 * the last `update()` (so a paused view holds still while the store grows). Kept up to date
 * incrementally: new frames are tested once, dropped ones fall off the front.
 */
export interface LogView {
  /** Rows in the view. */
  readonly count: number;
  /** Frame id of the row at `position`. */
  idAt(position: number): number;
  /** Position of frame `id` in the view, or -1. */
  positionOf(id: number): number;
  /** Re-tests every retained frame (after the filter changed). */
  refilter(filter: CompiledFilter & { ok: true }): void;
  /** Tests frames appended since the last call, and forgets dropped ones. */
  update(): void;
}

/** A view over `store`, showing everything until `refilter` is called. */
export function makeLogView(store: FrameStore): LogView {
  let filter: (CompiledFilter & { ok: true }) | undefined;
  let ids = new Float64Array(1024);
  let start = 0;
  let end = 0;
  /** Next frame id to test (and, unfiltered, the end of the view). */
  let scannedTo = store.firstId;
  /** First id of the view when unfiltered. */
  let firstId = store.firstId;

  function push(id: number) {
    if (end === ids.length) {
      // Reuse the space of ids that fell off the front; grow only when it is mostly live.
      const live = end - start;
      const target = live * 2 > ids.length ? new Float64Array(ids.length * 2) : ids;
      target.set(ids.subarray(start, end), 0);
      ids = target;
      start = 0;
      end = live;
    }
    ids[end++] = id;
  }

  function forgetDropped() {
    while (start < end && (ids[start] ?? 0) < store.firstId) start++;
  }

  function scan() {
    if (!filter) return;
    const from = Math.max(scannedTo, store.firstId);
    const to = store.firstId + store.length;
    for (let id = from; id < to; id++) {
      if (filter.test(store, id - store.firstId)) push(id);
    }
    scannedTo = to;
  }

  const filtering = () => filter !== undefined && !filter.matchesAll;

  return {
    get count() {
      return filtering() ? end - start : scannedTo - firstId;
    },
    idAt(position) {
      return filtering() ? (ids[start + position] ?? -1) : firstId + position;
    },
    positionOf(id) {
      if (!filtering()) return id >= firstId && id < scannedTo ? id - firstId : -1;
      let low = start;
      let high = end - 1;
      while (low <= high) {
        const mid = (low + high) >> 1;
        const value = ids[mid] ?? 0;
        if (value === id) return mid - start;
        if (value < id) low = mid + 1;
        else high = mid - 1;
      }
      return -1;
    },
    refilter(next) {
      filter = next.matchesAll ? undefined : next;
      start = 0;
      end = 0;
      firstId = store.firstId;
      scannedTo = store.firstId;
      scan();
      scannedTo = store.firstId + store.length;
    },
    update() {
      forgetDropped();
      scan();
      firstId = store.firstId;
      scannedTo = store.firstId + store.length;
    },
  };
}
