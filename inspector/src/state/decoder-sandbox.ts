import {
  readReport,
  type SandboxCommand,
  type SandboxJob,
  type SandboxResult,
} from "../model/decoders/custom/sandbox-protocol.ts";

/** The part of a Worker the sandbox uses, so tests can pass a fake. */
export interface WorkerLike {
  postMessage(message: SandboxCommand): void;
  terminate(): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: { message?: string; preventDefault(): void }) => void) | null;
}

/** Where the sandbox is. */
export type SandboxState =
  | { state: "loading" }
  | { state: "ready" }
  | { state: "error"; message: string };

/** What the sandbox needs from its host. */
export interface SandboxHost {
  createWorker(): WorkerLike;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

/** The custom decoder's sandbox, as the page drives it. */
export interface DecoderSandbox {
  /** Queues frames to decode; results come to `onResults`, in order, each frame once. */
  decode(jobs: SandboxJob[]): void;
  /** Ends the worker; nothing more is reported. */
  dispose(): void;
}

/** The real worker, with the CSP the server gives its file. */
export function createSandboxWorker(): WorkerLike {
  return new Worker(new URL("./decoder-sandbox.worker.ts", import.meta.url), {
    type: "module",
    name: "custom-decoder-sandbox",
  }) as unknown as WorkerLike;
}

/**
 * Runs a custom decoder off the page's thread, with a time limit per frame: the worker reports
 * progress every few milliseconds while it works, so when `timeLimitMs` passes with no report,
 * the frame it is on is taken to hang. That frame gets a timeout error, the worker is ended and a
 * fresh one loads the decoder again, and the frames after it go on. A worker that dies (out of
 * memory, or closed by the decoder) is treated the same way. The page's thread never waits.
 */
export function makeDecoderSandbox(
  source: string,
  options: {
    timeLimitMs: number;
    host: SandboxHost;
    onResults(results: SandboxResult[]): void;
    onState(state: SandboxState): void;
  },
): DecoderSandbox {
  const { host, timeLimitMs } = options;
  let worker: WorkerLike | undefined;
  let disposed = false;
  let loaded = false;
  /** Why the decoder does not load: every frame fails with it. */
  let loadError: string | undefined;
  /** Frames sent to the worker and not answered yet, in order. */
  let inFlight: SandboxJob[] = [];
  /** Frames waiting for the worker (while it loads, or restarts). */
  let waiting: SandboxJob[] = [];
  let watchdog: unknown;

  const arm = () => {
    host.clearTimer(watchdog);
    watchdog = inFlight.length > 0 ? host.setTimer(onTimeout, timeLimitMs) : undefined;
  };

  function start() {
    loaded = false;
    const current = host.createWorker();
    worker = current;
    current.onmessage = ({ data }) => {
      if (worker !== current || disposed) return;
      const report = readReport(data);
      if (!report) return;
      if (report.type === "load-error") {
        loadError = report.message;
        options.onState({ state: "error", message: report.message });
        fail([...inFlight, ...waiting], report.message);
        inFlight = [];
        waiting = [];
        arm();
        return;
      }
      if (report.type === "loaded") {
        loaded = true;
        options.onState({ state: "ready" });
        send();
        return;
      }
      // Only answers to frames in flight, in order: anything else is ignored.
      const answered: SandboxResult[] = [];
      for (const result of report.results) {
        if (inFlight[0]?.id !== result.id) break;
        inFlight.shift();
        answered.push(result);
      }
      arm();
      if (answered.length > 0) options.onResults(answered);
      if (inFlight.length === 0) send();
    };
    current.onerror = (event) => {
      event.preventDefault();
      if (worker !== current || disposed) return;
      restart(`The decoder's worker stopped${event.message ? `: ${event.message}` : ""}`);
    };
    options.onState({ state: "loading" });
    current.postMessage({ type: "load", source });
  }

  function send() {
    if (!worker || !loaded || inFlight.length > 0 || waiting.length === 0) return;
    inFlight = waiting;
    waiting = [];
    worker.postMessage({ type: "decode", jobs: inFlight });
    arm();
  }

  function fail(jobs: SandboxJob[], error: string) {
    if (jobs.length > 0) options.onResults(jobs.map(({ id }) => ({ id, ok: false, error })));
  }

  /** The frame in progress hangs (or killed the worker): it fails, the rest go on in a new worker. */
  function restart(error: string) {
    const [stuck, ...rest] = inFlight;
    inFlight = [];
    host.clearTimer(watchdog);
    watchdog = undefined;
    worker?.terminate();
    worker = undefined;
    if (stuck) fail([stuck], error);
    waiting = [...rest, ...waiting];
    if (!disposed) start();
  }

  function onTimeout() {
    watchdog = undefined;
    if (disposed || inFlight.length === 0) return;
    restart(`Stopped after ${timeLimitMs} ms: the decoder took too long on this frame`);
  }

  start();

  return {
    decode(jobs) {
      if (disposed || jobs.length === 0) return;
      if (loadError !== undefined) return fail(jobs, loadError);
      waiting.push(...jobs);
      send();
    },
    dispose() {
      disposed = true;
      host.clearTimer(watchdog);
      worker?.terminate();
      worker = undefined;
      inFlight = [];
      waiting = [];
    },
  };
}
