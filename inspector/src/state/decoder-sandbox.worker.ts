/// <reference lib="webworker" />
import {
  SANDBOX_LIMITS,
  type SandboxCommand,
  type SandboxReport,
  type SandboxResult,
} from "../model/decoders/custom/sandbox-protocol.ts";
import { describeError, toTree } from "../model/decoders/custom/to-tree.ts";

declare const self: DedicatedWorkerGlobalScope;

/**
 * The custom decoder's sandbox: a dedicated worker that runs the user's function, one frame at a
 * time, and nothing else. The server sends this file with a CSP of its own (no connections, no
 * script loads, eval allowed: static-files.ts), and before any user code runs the worker also
 * takes away what could reach the network or SocketScope's storage. The page gives each frame a
 * time limit, and ends and restarts this worker when a frame takes longer (decoder-sandbox.ts).
 */

// Kept before they are taken away from the global scope.
const post = self.postMessage.bind(self) as (report: SandboxReport) => void;
const now = performance.now.bind(performance);

/** Globals user code must not reach: the network, other workers, SocketScope's storage. */
const TAKEN_AWAY = [
  "fetch",
  "XMLHttpRequest",
  "WebSocket",
  "WebSocketStream",
  "EventSource",
  "WebTransport",
  "importScripts",
  "Worker",
  "SharedWorker",
  "indexedDB",
  "caches",
  "BroadcastChannel",
  "cookieStore",
  "postMessage",
  "Request",
  "Notification",
];

/** Removes `name` from the global object and every prototype on its chain. */
function takeAway(name: string) {
  for (let target: object | null = self; target !== null; target = Object.getPrototypeOf(target)) {
    try {
      if (Object.hasOwn(target, name)) delete (target as Record<string, unknown>)[name];
    } catch {
      // A property that cannot be deleted is shadowed instead.
    }
  }
  try {
    Object.defineProperty(self, name, { value: undefined, configurable: false, writable: false });
  } catch {}
}

for (const name of TAKEN_AWAY) takeAway(name);
try {
  // navigator.storage would reach the origin's quota and file system.
  Object.defineProperty(self.navigator, "storage", { value: undefined });
} catch {}

type DecodeFunction = (payload: string | Uint8Array, frame: object) => unknown;
let decode: DecodeFunction | undefined;

/** Turns the source (a function expression) into the function, or says why it cannot. */
function load(source: string): SandboxReport {
  if (source.length > SANDBOX_LIMITS.maxSourceChars)
    return {
      type: "load-error",
      message: `The decoder is ${source.length} characters; at most ${SANDBOX_LIMITS.maxSourceChars}`,
    };
  try {
    // Eval through a variable is indirect: it runs in the global scope, with nothing of this
    // module in reach.
    // biome-ignore lint/security/noGlobalEval: running the user's decoder is this worker's job.
    const indirectEval = globalThis.eval;
    const value = indirectEval(`"use strict";\n(${source}\n)`) as unknown;
    if (typeof value !== "function")
      return {
        type: "load-error",
        message: "The decoder must be a function: (payload, frame) => value",
      };
    decode = value as DecodeFunction;
    return { type: "loaded" };
  } catch (error) {
    return { type: "load-error", message: `${describeError(error)}${lineOf(error, 1)}` };
  }
}

/** `(line n)` from an error's stack, lines counted in the user's source; "" when unknown. */
function lineOf(error: unknown, wrapperLines: number): string {
  try {
    const stack = String((error as { stack?: unknown }).stack ?? "");
    const match = /<anonymous>:(\d+):(\d+)/.exec(stack);
    if (!match) return "";
    const line = Number(match[1]) - wrapperLines;
    return line >= 1 ? ` (line ${line})` : "";
  } catch {
    return "";
  }
}

async function run(jobs: Extract<SandboxCommand, { type: "decode" }>["jobs"]) {
  let batch: SandboxResult[] = [];
  let lastPost = now();
  const flush = () => {
    if (batch.length > 0) post({ type: "results", results: batch });
    batch = [];
    lastPost = now();
  };
  for (const job of jobs) {
    const payload = typeof job.payload === "string" ? job.payload : new Uint8Array(job.payload);
    const frame = Object.freeze({ direction: job.direction, kind: job.kind });
    try {
      if (!decode) throw new Error("No decoder is loaded");
      let value = decode(payload, frame);
      if (typeof (value as { then?: unknown } | null)?.then === "function") value = await value;
      batch.push({ id: job.id, ok: true, value: toTree(value) });
    } catch (error) {
      batch.push({ id: job.id, ok: false, error: `${describeError(error)}${lineOf(error, 1)}` });
    }
    // Progress at least every few ms: the page's watchdog counts from the last report.
    if (now() - lastPost >= SANDBOX_LIMITS.reportEveryMs) flush();
  }
  flush();
}

/** Commands run one after another: a decode waits for the one before it. */
let queue = Promise.resolve();

self.addEventListener("message", ({ data }: MessageEvent<SandboxCommand>) => {
  queue = queue.then(async () => {
    if (data.type === "load") post(load(data.source));
    else if (data.type === "decode") await run(data.jobs);
  });
});
