import { createSignal, onCleanup } from "solid-js";
import { columnText } from "../model/decoders/custom/column.ts";
import type { SandboxJob, SandboxResult } from "../model/decoders/custom/sandbox-protocol.ts";
import type { CustomDecoderValue } from "../model/decoders/decoder-settings.ts";
import { emptyDecoderSettings } from "../model/decoders/decoder-settings.ts";
import { Direction, FrameKind } from "../model/frames/frame.ts";
import type { FrameStore } from "../model/frames/frame-store.ts";
import {
  createSandboxWorker,
  type DecoderSandbox,
  makeDecoderSandbox,
  type SandboxHost,
  type SandboxState,
} from "./decoder-sandbox.ts";

/** Results kept per session; the oldest go beyond it. */
const MAX_CACHED = 200_000;
/** Frames a column fill decodes at most (the newest): a filter over a million would take minutes. */
const MAX_FILL = 200_000;
/** Frames sent to the sandbox per message. */
const JOB_BATCH = 500;

/** The custom decoder's state for a frame: waiting, or its result. */
export type CustomResult = { state: "pending" } | ({ state: "done" } & SandboxResult);

/** A session's custom decoder: the source, whether it runs, its results and its column. */
export interface CustomDecoder {
  readonly source: () => string;
  setSource(source: string): void;
  readonly column: () => string;
  setColumn(path: string): void;
  readonly timeLimitMs: () => number;
  setTimeLimitMs(ms: number): void;
  /** It runs: the user started it (or restored a workspace where it ran). */
  readonly enabled: () => boolean;
  /** Runs the source as it is now (the user's consent), starting over. */
  run(): void;
  stop(): void;
  /** The source that runs differs from the one in the editor. */
  readonly edited: () => boolean;
  /** It came in a file and waits for the user to read and run it. */
  readonly needsReview: () => boolean;
  readonly status: () => SandboxState | { state: "off" };
  /**
   * What the decoder made of frame `id`; asks for it when not known yet. Undefined when off, or
   * for a frame it never decodes (an event, a control frame).
   */
  result(id: number): CustomResult | undefined;
  /** The column's text for frame `id` ("" when none), or undefined while unknown. */
  columnText(id: number): string | undefined;
  /** Asks for every retained frame (newest first, up to a bound): a filter on the column needs them. */
  fill(): void;
  /** Changes whenever results arrive or the decoder changes. */
  readonly revision: () => number;
  value(): CustomDecoderValue;
  /** Replaces everything; a decoder from a file (`trusted: false`) waits for review. */
  load(value: CustomDecoderValue, options: { trusted: boolean }): void;
}

const browserHost: SandboxHost = {
  createWorker: createSandboxWorker,
  setTimer: (callback, ms) => setTimeout(callback, ms),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * A custom decoder over a connection's store. Frames are decoded on demand (the rows on screen,
 * the selected frame) and, for a filter, all of them; each once, in the sandbox worker. The
 * decoder runs only once the user runs it: typing a source runs nothing.
 */
export function createCustomDecoder(
  store: FrameStore,
  host: SandboxHost = browserHost,
): CustomDecoder {
  const initial = emptyDecoderSettings.custom;
  const [source, setSource] = createSignal(initial.source);
  const [column, setColumn] = createSignal(initial.column);
  const [timeLimitMs, setTimeLimitMs] = createSignal(initial.timeLimitMs);
  const [running, setRunning] = createSignal<string | undefined>();
  const [needsReview, setNeedsReview] = createSignal(false);
  const [status, setStatus] = createSignal<SandboxState | { state: "off" }>({ state: "off" });
  const [revision, setRevision] = createSignal(0);
  const bump = () => setRevision((value) => value + 1);

  let sandbox: DecoderSandbox | undefined;
  let results = new Map<number, SandboxResult>();
  let requested = new Set<number>();
  let queued: SandboxJob[] = [];
  let flushScheduled = false;

  function stopSandbox() {
    sandbox?.dispose();
    sandbox = undefined;
    results = new Map();
    requested = new Set();
    queued = [];
  }
  onCleanup(stopSandbox);

  function startSandbox(code: string) {
    stopSandbox();
    sandbox = makeDecoderSandbox(code, {
      timeLimitMs: timeLimitMs(),
      host,
      onResults(batch) {
        for (const result of batch) {
          results.set(result.id, result);
          requested.delete(result.id);
        }
        if (results.size > MAX_CACHED) {
          // Maps keep insertion order: the oldest results go first.
          for (const id of [...results.keys()].slice(0, results.size - MAX_CACHED))
            results.delete(id);
        }
        bump();
      },
      onState: setStatus,
    });
    bump();
  }

  /** The job for frame `id`, if it is a retained data frame. */
  function jobFor(id: number): SandboxJob | undefined {
    const index = store.indexOf(id);
    if (index < 0) return undefined;
    const kind = store.kind(index);
    const payload = store.payload(index);
    if ((kind !== FrameKind.Text && kind !== FrameKind.Binary) || payload === null)
      return undefined;
    return {
      id,
      payload,
      direction: store.direction(index) === Direction.Out ? "sent" : "received",
      kind: kind === FrameKind.Text ? "text" : "binary",
    };
  }

  function request(id: number) {
    if (!sandbox || requested.has(id) || results.has(id)) return;
    const job = jobFor(id);
    if (!job) return;
    requested.add(id);
    queued.push(job);
    if (flushScheduled) return;
    flushScheduled = true;
    // Requests made while a view renders go out together, after it.
    queueMicrotask(() => {
      flushScheduled = false;
      const jobs = queued;
      queued = [];
      for (let at = 0; at < jobs.length; at += JOB_BATCH)
        sandbox?.decode(jobs.slice(at, at + JOB_BATCH));
    });
  }

  return {
    source,
    setSource,
    column,
    setColumn(path) {
      setColumn(path);
      bump();
    },
    timeLimitMs,
    setTimeLimitMs,
    enabled: () => running() !== undefined,
    run() {
      setNeedsReview(false);
      setRunning(source());
      startSandbox(source());
    },
    stop() {
      setRunning(undefined);
      stopSandbox();
      setStatus({ state: "off" });
      bump();
    },
    edited: () => running() !== undefined && running() !== source(),
    needsReview,
    status,
    result(id) {
      revision();
      if (running() === undefined) return undefined;
      const result = results.get(id);
      if (result) return { state: "done", ...result };
      if (sandbox && !jobFor(id)) return undefined;
      request(id);
      return { state: "pending" };
    },
    columnText(id) {
      revision();
      const path = column();
      if (running() === undefined || path.trim() === "") return undefined;
      const result = results.get(id);
      if (!result) {
        // Events and control frames are never decoded: their cell is empty, not pending.
        if (!sandbox || !jobFor(id)) return sandbox ? "" : undefined;
        request(id);
        return undefined;
      }
      return result.ok ? columnText(result.value, path) : "";
    },
    fill() {
      if (!sandbox) return;
      const from = Math.max(0, store.length - MAX_FILL);
      for (let index = store.length - 1; index >= from; index--) request(store.id(index));
    },
    revision,
    value: () => ({
      source: source(),
      enabled: running() !== undefined,
      column: column(),
      timeLimitMs: timeLimitMs(),
    }),
    load(value, { trusted }) {
      stopSandbox();
      setSource(value.source);
      setColumn(value.column);
      setTimeLimitMs(value.timeLimitMs);
      const runs = trusted && value.enabled && value.source.trim() !== "";
      setNeedsReview(!trusted && value.source.trim() !== "");
      setRunning(runs ? value.source : undefined);
      setStatus({ state: "off" });
      if (runs) startSandbox(value.source);
      bump();
    },
  };
}
