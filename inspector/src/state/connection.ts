import { batch, createSignal, onCleanup } from "solid-js";
import type { HandshakeReport, RelaySettings } from "../../../echo-server/protocol/relay-wire.ts";
import type { CaptureClient } from "../capture/capture-client.ts";
import { sentFrames as sentFramesOf } from "../model/compose/replay-frames.ts";
import { backlogCloseDiagnosis, makeArrivalRun } from "../model/connect/backlog.ts";
import { abnormalCloseDiagnosis } from "../model/connect/connect-failure.ts";
import { type ConnectionStatus, statusAfter } from "../model/connect/connection-status.ts";
import { Direction, type Payload } from "../model/frames/frame.ts";
import type { FrameBatch } from "../model/frames/frame-batch.ts";
import {
  type FrameStore,
  type FrameStoreLimits,
  makeFrameStore,
} from "../model/frames/frame-store.ts";
import { type Rates, ratesBetween } from "../model/log/rates.ts";
import { addBatch, emptyTotals, type TrafficTotals } from "../model/log/traffic.ts";
import { makeViewUpdater } from "./view-updates.ts";

/** How often the status bar's rates are sampled. */
const RATE_SAMPLE_MS = 1000;

/**
 * One connection as the UI sees it: its frame store plus a few signals derived from batches.
 * Views read the log through the accessors (`frameCount`, `dropped`, `limits`…), which track the
 * revision themselves; `store` and `revision` are for state/ and the workers.
 */
export interface Connection {
  /** The raw frame store: for state/ and the workers, never for views. */
  readonly store: FrameStore;
  /** Changes whenever frames are added, dropped or cleared (at most 20 times a second). */
  readonly revision: () => number;
  /** Frames retained in the log. */
  readonly frameCount: () => number;
  /** Frames dropped to stay within the retention limits. */
  readonly dropped: () => number;
  /** The retention limits in effect. */
  readonly limits: () => FrameStoreLimits;
  /** The payloads of the latest `limit` received data frames, newest last. */
  latestReceived(limit: number): Payload[];
  /** The data frames this connection sent (captured or imported), ready to replay. */
  sentFrames(): ReturnType<typeof sentFramesOf>;
  readonly status: () => ConnectionStatus;
  readonly totals: () => TrafficTotals;
  /** Frames a second, each way, as the views show them (updated with them). */
  readonly rates: () => Rates;
  /**
   * The latest sample of the rates, at once and untracked: for state that must not wait for the
   * views (a hidden page updates none).
   */
  readonly latestRates: () => Rates;
  /** How the last connection was made. */
  readonly via: () => "direct" | "relay";
  /** The latest handshake the relay reported (request, response, timing). */
  readonly handshake: () => HandshakeReport | undefined;
  /**
   * Plain words on why the last attempt failed (when the capture engine could tell), or on what
   * usually drops an open connection without a close frame (1006).
   */
  readonly diagnosis: () => string;
  connect(
    url: string,
    protocols: string[],
    options?: { reconnect?: boolean; relay?: RelaySettings },
  ): void;
  send(payload: Payload): void;
  disconnect(code?: number, reason?: string): void;
  /** Empties the log and the counters; the connection itself stays as it is. */
  clear(): void;
  setLimits(limits: FrameStoreLimits): void;
  /** Adds frames captured elsewhere (an import, or a reload) to the log. */
  load(batches: FrameBatch[]): void;
  /**
   * Calls `listener` with each captured batch once it is in the store, with the id its first
   * frame got (for state that indexes frames by id, such as the pair links).
   */
  onAppend(listener: (batch: FrameBatch, firstId: number) => void): () => void;
  /**
   * Runs `apply` with the next update of the views, in one batch with the frames that came
   * since: for state that changes often and that only views read (counters), so the page lays
   * out and paints once per update rather than once per change (see view-updates.ts).
   */
  withNextViewUpdate(apply: () => void): void;
  /** Relay only: send a ping frame; answer (or not) the target's pings. */
  ping(payload: string): void;
  setAutoPong(enabled: boolean): void;
}

/**
 * Reactive wrapper over one capture-worker connection. Frames go straight into the plain store;
 * only the revision, status, totals and rates are signals, so the UI holds no per-frame state.
 */
export function createConnection(client: CaptureClient, connectionId: number): Connection {
  const store = makeFrameStore();
  const [revision, setRevision] = createSignal(0);
  const [status, setStatus] = createSignal<ConnectionStatus>({ state: "idle" });
  const [totals, setTotals] = createSignal<TrafficTotals>(emptyTotals());
  const [rates, setRates] = createSignal<Rates>({ in: 0, out: 0 });
  const [via, setVia] = createSignal<"direct" | "relay">("direct");
  const [handshake, setHandshake] = createSignal<HandshakeReport>();
  const [diagnosis, setDiagnosis] = createSignal("");
  const bump = () => setRevision((value) => value + 1);

  // Frames go into the store at once; the signals the views read change on an animation frame
  // at most 20 times a second (2 during a flood; see view-updates.ts), however many batches
  // arrive in between (a flood is many small batches). A connection event shows at once.
  let pendingTotals: TrafficTotals | undefined;
  let pendingStatus: ConnectionStatus | undefined;
  let pendingRates: Rates | undefined;
  let pendingFrames = false;
  const pendingUpdates: (() => void)[] = [];
  const requestCommit = makeViewUpdater(() => {
    const frames = pendingFrames;
    const updates = pendingUpdates.splice(0);
    pendingFrames = false;
    batch(() => {
      if (pendingStatus) setStatus(pendingStatus);
      if (pendingTotals) setTotals(pendingTotals);
      if (pendingRates) setRates(pendingRates);
      for (const apply of updates) apply();
      if (frames) bump();
    });
    pendingStatus = undefined;
    pendingTotals = undefined;
    pendingRates = undefined;
  });
  const withNextViewUpdate = (apply: () => void) => {
    pendingUpdates.push(apply);
    requestCommit(0);
  };

  const appendListeners = new Set<(batch: FrameBatch, firstId: number) => void>();
  const arrivals = makeArrivalRun();
  const stop = client.onReport(connectionId, (report) => {
    if (report.type !== "frames") return;
    store.append(report.batch);
    // Ids run on past frames the store dropped, so the batch's first id counts back from the end.
    const firstId = store.firstId + store.length - report.batch.count;
    for (const listener of appendListeners) listener(report.batch, firstId);
    let next = pendingStatus ?? status();
    // Frames up to each event go to the arrival run first; an open (a reconnect) starts a new run.
    let followed = 0;
    for (const [index, event] of report.batch.events) {
      arrivals.add(report.batch, followed, index);
      followed = index + 1;
      // The events of a tap's clients are theirs, not this connection's.
      if (report.batch.streams[index] !== 0) continue;
      next = statusAfter(next, event);
      if (event.type === "open") {
        setDiagnosis("");
        arrivals.reset();
      }
      if ((event.type === "open" || event.type === "error") && event.handshake)
        setHandshake(event.handshake);
      if (event.type === "error" && event.diagnosis) setDiagnosis(event.diagnosis);
      // A connection that was open and dropped without a close frame: say what usually does that.
      if (event.type === "close" && event.code === 1006 && event.attemptStart === undefined) {
        // Frames pouring in right up to it, for longer than ws waits for a close reply: a backlog.
        const backlog = arrivals.backlogAt(report.batch.times[index] ?? 0);
        setDiagnosis(backlog ? backlogCloseDiagnosis(backlog) : abnormalCloseDiagnosis());
      }
    }
    arrivals.add(report.batch, followed, report.batch.count);
    pendingStatus = next;
    pendingTotals = addBatch(pendingTotals ?? totals(), report.batch);
    pendingFrames = true;
    requestCommit(report.batch.count, report.batch.events.length > 0);
  });
  onCleanup(stop);

  // Sampled on a timer, shown with the next update of the views (not in a repaint of its own).
  let sample = { totals: totals(), at: performance.now() };
  let sampledRates = rates();
  const sampler = setInterval(() => {
    const now = { totals: pendingTotals ?? totals(), at: performance.now() };
    const sampled = ratesBetween(sample.totals, now.totals, now.at - sample.at);
    sample = now;
    if (sampled.in === sampledRates.in && sampled.out === sampledRates.out) return;
    sampledRates = sampled;
    // Only the latest waits (a hidden page runs no view updates).
    pendingRates = sampled;
    requestCommit(0);
  }, RATE_SAMPLE_MS);
  onCleanup(() => clearInterval(sampler));

  /** Reads `read()` of the store, tracking the revision so the caller updates with the log. */
  const tracked =
    <T>(read: () => T) =>
    () => {
      revision();
      return read();
    };

  return {
    store,
    revision,
    frameCount: tracked(() => store.length),
    dropped: tracked(() => store.dropped),
    limits: tracked(() => store.limits),
    latestReceived(limit) {
      revision();
      const payloads: Payload[] = [];
      for (let index = store.length - 1; index >= 0 && payloads.length < limit; index--) {
        const payload = store.payload(index);
        if (store.direction(index) === Direction.In && payload !== null) payloads.push(payload);
      }
      return payloads.reverse();
    },
    sentFrames: tracked(() => sentFramesOf(store)),
    status,
    totals,
    rates,
    latestRates: () => sampledRates,
    via,
    handshake,
    diagnosis,
    connect(url, protocols, options = {}) {
      setStatus({ state: "connecting", url });
      setVia(options.relay ? "relay" : "direct");
      setHandshake(undefined);
      setDiagnosis("");
      client.connect(connectionId, url, protocols, options);
    },
    load(batches) {
      let next = totals();
      for (const loaded of batches) {
        store.append(loaded);
        next = addBatch(next, loaded);
      }
      setTotals(next);
      bump();
    },
    onAppend(listener) {
      appendListeners.add(listener);
      return () => appendListeners.delete(listener);
    },
    withNextViewUpdate,
    ping: (payload) => client.controlPing(connectionId, payload),
    setAutoPong: (enabled) => client.setAutoPong(connectionId, enabled),
    send: (payload) => client.send(connectionId, payload),
    disconnect: (code = 1000, reason = "") => client.close(connectionId, code, reason),
    clear() {
      store.clear();
      pendingTotals = undefined;
      setTotals(emptyTotals());
      sample = { totals: emptyTotals(), at: performance.now() };
      bump();
    },
    setLimits(limits) {
      store.setLimits(limits);
      bump();
    },
  };
}
