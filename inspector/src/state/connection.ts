import { createSignal, onCleanup } from "solid-js";
import type { CaptureClient } from "../capture/capture-client.ts";
import { type ConnectionStatus, statusAfter } from "../model/connection-status.ts";
import type { Payload } from "../model/frame.ts";
import { type FrameStore, makeFrameStore } from "../model/frame-store.ts";
import { addBatch, emptyTotals, type TrafficTotals } from "../model/traffic.ts";

/** One connection as the UI sees it: its frame store plus a few signals derived from batches. */
export interface Connection {
  readonly store: FrameStore;
  /** Changes whenever frames are added or cleared; views read rows from `store` on change. */
  readonly revision: () => number;
  readonly status: () => ConnectionStatus;
  readonly totals: () => TrafficTotals;
  connect(url: string, protocols: string[]): void;
  send(payload: Payload): void;
  disconnect(code?: number, reason?: string): void;
}

/**
 * Reactive wrapper over one capture-worker connection. Frames go straight into the plain store;
 * only the revision, status and totals are signals, so the UI holds no per-frame reactive state.
 */
export function createConnection(client: CaptureClient, connectionId: number): Connection {
  const store = makeFrameStore();
  const [revision, setRevision] = createSignal(0);
  const [status, setStatus] = createSignal<ConnectionStatus>({ state: "idle" });
  const [totals, setTotals] = createSignal<TrafficTotals>(emptyTotals());

  const stop = client.onBatch(connectionId, (batch) => {
    store.append(batch);
    let next = status();
    for (const [, event] of batch.events) next = statusAfter(next, event);
    setStatus(next);
    setTotals((current) => addBatch(current, batch));
    setRevision((value) => value + 1);
  });
  onCleanup(stop);

  return {
    store,
    revision,
    status,
    totals,
    connect(url, protocols) {
      setStatus({ state: "connecting", url });
      client.connect(connectionId, url, protocols);
    },
    send: (payload) => client.send(connectionId, payload),
    disconnect: (code = 1000, reason = "") => client.close(connectionId, code, reason),
  };
}
