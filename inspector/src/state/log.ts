import { createEffect, createSignal, on } from "solid-js";
import { compileFilter, type FrameFilter, showAll } from "../model/log/filter.ts";
import { type LogView, makeLogView } from "../model/log/log-view.ts";
import type { Connection } from "./connection.ts";

/** The log's view state for one connection: filter, pause, selection. */
export interface LogState {
  readonly view: LogView;
  /** Changes whenever the view's rows change. */
  readonly revision: () => number;
  readonly filter: () => FrameFilter;
  setFilter(patch: Partial<FrameFilter>): void;
  /** Why the current filter text cannot be used (an invalid regex), or "". */
  readonly filterError: () => string;
  readonly paused: () => boolean;
  setPaused(paused: boolean): void;
  /** Frame id of the selected row, or undefined. */
  readonly selectedId: () => number | undefined;
  select(id: number | undefined): void;
}

/**
 * Reactive log state over a connection's store. While paused, the view holds still: frames
 * keep arriving in the store and the counters keep rising, but the rows do not move.
 */
export function createLog(connection: Connection): LogState {
  const view = makeLogView(connection.store);
  const [revision, setRevision] = createSignal(0);
  const [filter, setFilterSignal] = createSignal<FrameFilter>(showAll);
  const [filterError, setFilterError] = createSignal("");
  const [paused, setPausedSignal] = createSignal(false);
  const [selectedId, setSelectedId] = createSignal<number>();
  const bump = () => setRevision((value) => value + 1);

  createEffect(
    on(connection.revision, () => {
      if (paused()) return;
      view.update();
      bump();
    }),
  );

  return {
    view,
    revision,
    filter,
    setFilter(patch) {
      const next = { ...filter(), ...patch };
      setFilterSignal(next);
      const compiled = compileFilter(next);
      if (!compiled.ok) {
        // Keep showing what the last valid filter showed; say what is wrong with this one.
        setFilterError(compiled.error);
        return;
      }
      setFilterError("");
      view.refilter(compiled);
      bump();
    },
    filterError,
    paused,
    setPaused(next) {
      setPausedSignal(next);
      if (!next) {
        view.update();
        bump();
      }
    },
    selectedId,
    select: setSelectedId,
  };
}
