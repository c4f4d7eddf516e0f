import { createEffect, createMemo, createSignal, on, onCleanup } from "solid-js";
import type { FrameEvent, Payload } from "../model/frames/frame.ts";
import {
  type CompiledFilter,
  compileFilter,
  type FrameFilter,
  showAll,
} from "../model/log/filter.ts";
import { type LogRow, logRow } from "../model/log/log-row.ts";
import { makeLogView } from "../model/log/log-view.ts";
import type { Connection } from "./connection.ts";
import { makeViewUpdater } from "./view-updates.ts";

/** A column filled after the fact (a custom decoder's), which the filter text also matches. */
export interface LogColumn {
  /** The column's text for frame `id`, or undefined while it is not known. */
  text(id: number): string | undefined;
  /** Changes when texts become known. */
  readonly revision: () => number;
  /** Asks for the text of every retained frame: a filter needs them all. */
  fill(): void;
}

/** The selected frame as the detail pane shows it. */
export interface SelectedFrame {
  readonly id: number;
  readonly row: LogRow;
  /** The payload as received, or null for an event. */
  readonly payload: Payload | null;
  readonly event: FrameEvent | undefined;
  /** Payload bytes. */
  readonly size: number;
  /** The URL and subprotocol the frame's connection opened with (they guide the decoders). */
  readonly open: { url: string; protocol: string } | undefined;
}

/**
 * The log's view state for one connection: filter, pause, selection, and the rows to show.
 * Views read rows through `count`, `idAt`, `positionOf` and `row`, which track the revision
 * themselves.
 */
export interface LogState {
  /** Rows in the view (the frames that pass the filter, as of the last update). */
  readonly count: () => number;
  /** Frame id of the row at `position` of the view. */
  idAt(position: number): number;
  /** Position of frame `id` in the view, or -1. */
  positionOf(id: number): number;
  /** Frame `id` formatted as a row of the log, or undefined once it was dropped. */
  row(id: number): LogRow | undefined;
  readonly filter: () => FrameFilter;
  setFilter(patch: Partial<FrameFilter>): void;
  /** Why the current filter text cannot be used (an invalid regex), or "". */
  readonly filterError: () => string;
  /** How much of the retained frames a new filter has tested, 0–1; 1 when it is done. */
  readonly filterProgress: () => number;
  readonly paused: () => boolean;
  setPaused(paused: boolean): void;
  /** Frame id of the selected row, or undefined. */
  readonly selectedId: () => number | undefined;
  /** The selected frame while it is retained, or undefined. */
  readonly selectedFrame: () => SelectedFrame | undefined;
  /**
   * Selects a row; with `extend` (Ctrl/Cmd+click, Shift+arrow) the row selected before stays
   * selected too, so two frames can be compared.
   */
  select(id: number | undefined, extend?: boolean): void;
  /** The selected rows: the one selected before (when extended), then the current one. */
  readonly selectedIds: () => number[];
  isSelected(id: number): boolean;
  /** Some retained frame has a size on the wire (the relay measured it): the log shows the column. */
  readonly hasWireSizes: () => boolean;
}

/** Longest a slice of a new filter's scan holds the page's thread. */
const SCAN_SLICE_MS = 8;
/** Frames tested between looks at the clock. */
const SCAN_STEP = 4096;

/**
 * Reactive log state over a connection's store. While paused, the view holds still: frames
 * keep arriving in the store and the counters keep rising, but the rows do not move.
 */
export function createLog(connection: Connection, column?: LogColumn): LogState {
  const { store } = connection;
  const view = makeLogView(store);
  const [revision, setRevision] = createSignal(0);
  const [filter, setFilterSignal] = createSignal<FrameFilter>(showAll);
  const [filterError, setFilterError] = createSignal("");
  const [paused, setPausedSignal] = createSignal(false);
  const [selectedId, setSelectedId] = createSignal<number>();
  /** The row selected before the current one, kept by an extended selection. */
  const [alsoSelected, setAlsoSelected] = createSignal<number>();
  const [filterProgress, setFilterProgress] = createSignal(1);
  const bump = () => setRevision((value) => value + 1);
  const columnText = column ? (id: number) => column.text(id) : undefined;

  // A new filter is tested a slice at a time, one task per slice, so typing into the filter over
  // a million frames never holds the page (one pass over a million 64 B frames is 40-60 ms of
  // CPU on this project's machine, several times that on a busy one, and every key starts one).
  let scanTimer: ReturnType<typeof setTimeout> | undefined;
  let scanTotal = 0;
  const scanSlice = () => {
    scanTimer = undefined;
    const deadline = performance.now() + SCAN_SLICE_MS;
    let pending = view.pending;
    while (pending > 0 && performance.now() < deadline) pending = view.scanSome(SCAN_STEP);
    setFilterProgress(pending === 0 ? 1 : 1 - pending / Math.max(scanTotal, pending));
    bump();
    if (pending > 0) scanTimer = setTimeout(scanSlice, 0);
  };
  onCleanup(() => clearTimeout(scanTimer));

  /** Tests every retained frame against `compiled`, a slice at a time. */
  function rescan(compiled: Extract<CompiledFilter, { ok: true }>) {
    view.refilter(compiled);
    clearTimeout(scanTimer);
    scanTotal = view.pending;
    scanSlice();
  }

  /** Tests every retained frame against the filter again (its text, or the column, changed). */
  function refilter(): boolean {
    const compiled = compileFilter(filter(), columnText);
    if (!compiled.ok) return false;
    rescan(compiled);
    return true;
  }
  if (column) {
    // Column texts arrive after their frames: a filter on text looks again, at most 20 times a
    // second, as they come.
    const requestRefilter = makeViewUpdater(() => {
      if (filter().text !== "") refilter();
    });
    let lastFill = Number.NEGATIVE_INFINITY;
    createEffect(
      on(column.revision, () => {
        if (filter().text === "") return;
        // A decoder started (or a column set) after the filter: ask for every frame, once a
        // second at most (asking again for frames already asked for costs a lookup each).
        if (performance.now() - lastFill > 1000) {
          lastFill = performance.now();
          column.fill();
        }
        requestRefilter(0);
      }),
    );
  }

  createEffect(
    on(connection.revision, () => {
      if (paused()) return;
      view.update();
      bump();
    }),
  );

  const selectedFrame = createMemo((previous: SelectedFrame | undefined) => {
    const id = selectedId();
    connection.revision();
    if (id === undefined) return undefined;
    const index = store.indexOf(id);
    if (index < 0) return undefined;
    // A captured frame never changes, so while it stays selected and retained the detail pane
    // keeps the same object: it is not rebuilt (nor its open tab reset) as frames stream in.
    if (previous?.id === id) return previous;
    return {
      id,
      row: logRow(store, index),
      payload: store.payload(index),
      event: store.event(index),
      size: store.size(index),
      open: store.openBefore(index),
    };
  });

  return {
    count: () => {
      revision();
      return view.count;
    },
    idAt(position) {
      revision();
      return view.idAt(position);
    },
    positionOf(id) {
      revision();
      return view.positionOf(id);
    },
    row(id) {
      connection.revision();
      const index = store.indexOf(id);
      return index < 0 ? undefined : logRow(store, index);
    },
    filter,
    setFilter(patch) {
      const next = { ...filter(), ...patch };
      setFilterSignal(next);
      const compiled = compileFilter(next, columnText);
      if (!compiled.ok) {
        // Keep showing what the last valid filter showed; say what is wrong with this one.
        setFilterError(compiled.error);
        return;
      }
      setFilterError("");
      if (next.text !== "") column?.fill();
      rescan(compiled);
    },
    filterError,
    filterProgress,
    paused,
    setPaused(next) {
      setPausedSignal(next);
      if (!next) {
        view.update();
        bump();
      }
    },
    selectedId,
    selectedFrame,
    select(id, extend = false) {
      const previous = selectedId();
      setAlsoSelected(extend && previous !== undefined && previous !== id ? previous : undefined);
      setSelectedId(id);
    },
    selectedIds() {
      const current = selectedId();
      const before = alsoSelected();
      if (current === undefined) return [];
      return before === undefined ? [current] : [before, current];
    },
    isSelected: (id) => selectedId() === id || alsoSelected() === id,
    hasWireSizes: () => {
      connection.revision();
      return store.measured > 0;
    },
  };
}
