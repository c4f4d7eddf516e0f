/// <reference lib="webworker" />
import { recordStore } from "./idb.ts";

declare const self: DedicatedWorkerGlobalScope;

/** A record for the worker to put into one of SocketScope's IndexedDB stores. */
export interface PersistCommand {
  storeName: string;
  record: { id: string };
}

/** Whether the put succeeded. */
export type PersistReport = { ok: true } | { ok: false; message: string };

// IndexedDB clones a record on the thread that puts it: for a 16 MiB capture that is a few
// hundred milliseconds, which here is not the page's main thread.
self.onmessage = ({ data }: MessageEvent<PersistCommand>) => {
  recordStore(data.storeName)
    .put(data.record)
    .then(
      () => self.postMessage({ ok: true } satisfies PersistReport),
      (error: unknown) =>
        self.postMessage({
          ok: false,
          message: error instanceof Error ? error.message : String(error),
        } satisfies PersistReport),
    );
};
