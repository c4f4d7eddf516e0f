import { createSignal, onCleanup } from "solid-js";
import type { CaptureClient } from "../capture/capture-client.ts";
import { type ConnectionStatus, statusAfter } from "../model/connection-status.ts";
import type { Payload } from "../model/frame.ts";
import { type FrameStore, type FrameStoreLimits, makeFrameStore } from "../model/frame-store.ts";
import { type Rates, ratesBetween } from "../model/rates.ts";
import { addBatch, emptyTotals, type TrafficTotals } from "../model/traffic.ts";

/** How often the status bar's rates are sampled. */
const RATE_SAMPLE_MS = 1000;

/** One connection as the UI sees it: its frame store plus a few signals derived from batches. */
export interface Connection {
  readonly store: FrameStore;
  /** Changes whenever frames are added, dropped or cleared; views read rows from `store`. */
  readonly revision: () => number;
  readonly status: () => ConnectionStatus;
  readonly totals: () => TrafficTotals;
  readonly rates: () => Rates;
  connect(url: string, protocols: string[], options?: { reconnect?: boolean }): void;
  send(payload: Payload): void;
  disconnect(code?: number, reason?: string): void;
  /** Empties the log and the counters; the connection itself stays as it is. */
  clear(): void;
  setLimits(limits: FrameStoreLimits): void;
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
  const bump = () => setRevision((value) => value + 1);

  const stop = client.onReport(connectionId, (report) => {
    if (report.type !== "frames") return;
    const { batch } = report;
    store.append(batch);
    let next = status();
    for (const [, event] of batch.events) next = statusAfter(next, event);
    setStatus(next);
    setTotals((current) => addBatch(current, batch));
    bump();
  });
  onCleanup(stop);

  let sample = { totals: totals(), at: performance.now() };
  const sampler = setInterval(() => {
    const now = { totals: totals(), at: performance.now() };
    setRates(ratesBetween(sample.totals, now.totals, now.at - sample.at));
    sample = now;
  }, RATE_SAMPLE_MS);
  onCleanup(() => clearInterval(sampler));

  return {
    store,
    revision,
    status,
    totals,
    rates,
    connect(url, protocols, options = {}) {
      setStatus({ state: "connecting", url });
      client.connect(connectionId, url, protocols, options.reconnect ?? false);
    },
    send: (payload) => client.send(connectionId, payload),
    disconnect: (code = 1000, reason = "") => client.close(connectionId, code, reason),
    clear() {
      store.clear();
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
