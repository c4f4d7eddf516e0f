import type { Payload } from "../model/frame.ts";
import type { FrameBatch } from "../model/frame-batch.ts";
import type { CaptureCommand, CaptureReport } from "./protocol.ts";

/** Main-thread handle on the capture worker: typed commands out, frame batches in. */
export interface CaptureClient {
  connect(connectionId: number, url: string, protocols: string[], reconnect?: boolean): void;
  send(connectionId: number, payload: Payload): void;
  close(connectionId: number, code?: number, reason?: string): void;
  /** Registers a listener for batches of one connection; returns a function that removes it. */
  onBatch(connectionId: number, listener: (batch: FrameBatch) => void): () => void;
  /** Whether the worker's clock is cross-origin isolated (5 µs) or coarse (100 µs). */
  onClock(listener: (crossOriginIsolated: boolean) => void): void;
  dispose(): void;
}

/** The part of a Worker the client uses. */
export interface WorkerLike {
  postMessage(message: CaptureCommand, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<CaptureReport>) => void) | null;
  terminate(): void;
}

/** Plain client over a worker (or anything that speaks the capture protocol). */
export function makeCaptureClient(worker: WorkerLike): CaptureClient {
  const batchListeners = new Map<number, Set<(batch: FrameBatch) => void>>();
  const clockListeners: ((isolated: boolean) => void)[] = [];
  let clock: boolean | undefined;

  worker.onmessage = ({ data: report }) => {
    if (report.type === "frames") {
      for (const listener of batchListeners.get(report.batch.connectionId) ?? [])
        listener(report.batch);
    } else {
      clock = report.crossOriginIsolated;
      for (const listener of clockListeners) listener(clock);
    }
  };

  return {
    connect: (connectionId, url, protocols, reconnect = false) =>
      worker.postMessage({ type: "connect", connectionId, url, protocols, reconnect }),
    send(connectionId, payload) {
      // Binary payloads are copied, not transferred: the composer may send the same bytes again.
      worker.postMessage({ type: "send", connectionId, payload });
    },
    close: (connectionId, code, reason) =>
      worker.postMessage({ type: "close", connectionId, code, reason }),
    onBatch(connectionId, listener) {
      let listeners = batchListeners.get(connectionId);
      if (!listeners) {
        listeners = new Set();
        batchListeners.set(connectionId, listeners);
      }
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onClock(listener) {
      clockListeners.push(listener);
      if (clock !== undefined) listener(clock);
    },
    dispose: () => worker.terminate(),
  };
}

/** Starts the capture worker. Vite bundles it from this URL. */
export function startCaptureWorker(): CaptureClient {
  const worker = new Worker(new URL("./capture.worker.ts", import.meta.url), { type: "module" });
  return makeCaptureClient(worker as unknown as WorkerLike);
}
