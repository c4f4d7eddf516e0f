import type { FrameStore } from "../frames/frame-store.ts";
import type { CompiledFilter } from "./filter.ts";

/**
 * The rows the log shows: every retained frame, or the ids of those that pass a filter, as of
 * the last `update()` (so a paused view holds still while the store grows). Kept up to date
 * incrementally: new frames are tested once, dropped ones fall off the front. A new filter is
 * tested over the store a slice at a time (`scanSome`), so a million frames never hold the page
 * in one task; until it is done the view holds the matches found so far.
 */
export interface LogView {
  /** Rows in the view. */
  readonly count: number;
  /** Frame id of the row at `position`. */
  idAt(position: number): number;
  /** Position of frame `id` in the view, or -1. */
  positionOf(id: number): number;
  /** Frames still to test against a new filter (0 once `scanSome` has tested them all). */
  readonly pending: number;
  /**
   * Starts over with a new filter: the view empties, and `scanSome` tests the retained frames
   * from the oldest on. A filter that matches everything shows every frame at once.
   */
  refilter(filter: CompiledFilter & { ok: true }): void;
  /** Tests up to `limit` more frames against a new filter; returns the frames still pending. */
  scanSome(limit: number): number;
  /**
   * Forgets dropped frames and, unless a new filter is still being tested (`pending`), tests the
   * frames appended since the last call.
   */
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

  /** Tests up to `limit` frames from `scannedTo` on. */
  function scan(limit: number) {
    const end = store.firstId + store.length;
    if (!filter) {
      scannedTo = end;
      return;
    }
    const from = Math.max(scannedTo, store.firstId);
    const to = Math.min(end, from + limit);
    for (let id = from; id < to; id++) {
      if (filter.test(store, id - store.firstId)) push(id);
    }
    scannedTo = to;
  }

  const filtering = () => filter !== undefined && !filter.matchesAll;
  /** Frames not yet tested; while a new filter is being tested, also those appended since. */
  const untested = () =>
    filter ? store.firstId + store.length - Math.max(scannedTo, store.firstId) : 0;
  /** A new filter is being tested over the retained frames. */
  let refiltering = false;

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
    get pending() {
      return refiltering ? untested() : 0;
    },
    refilter(next) {
      filter = next.matchesAll ? undefined : next;
      start = 0;
      end = 0;
      firstId = store.firstId;
      scannedTo = store.firstId;
      refiltering = filter !== undefined;
      if (!refiltering) scan(Number.POSITIVE_INFINITY);
    },
    scanSome(limit) {
      if (!refiltering) return 0;
      forgetDropped();
      scan(limit);
      firstId = store.firstId;
      refiltering = untested() > 0;
      return untested();
    },
    update() {
      forgetDropped();
      firstId = store.firstId;
      if (!refiltering) scan(Number.POSITIVE_INFINITY);
    },
  };
}
