/// <reference lib="webworker" />
import { makeCaptureEngine } from "./capture-engine.ts";
import type { CaptureCommand, CaptureReport } from "./protocol.ts";

declare const self: DedicatedWorkerGlobalScope;

/**
 * The bundled server serves this page and its relay from one origin; the engine asks that relay
 * why a direct connection failed (and gets no answer, harmlessly, when there is no relay).
 */
const origin = self.location.origin;
const probeRelay = /^https?:/.test(origin)
  ? { relayUrl: `${origin.replace(/^http/, "ws")}/relay`, origin }
  : undefined;

// Read once: it never changes, and reading it is a call into the browser that costs more than
// performance.now() itself (0.8 µs against 0.2 µs a stamp here, on every frame of a flood).
const timeOrigin = performance.timeOrigin;

const engine = makeCaptureEngine({
  post: (report: CaptureReport, transfer) => self.postMessage(report, transfer),
  now: () => timeOrigin + performance.now(),
  openSocket: (url, protocols) => new WebSocket(url, protocols),
  setTimer: (callback, ms) => setTimeout(callback, ms),
  clearTimer: (handle) => clearTimeout(handle as number),
  random: Math.random,
  ...(probeRelay ? { probeRelay } : {}),
});

self.onmessage = (event: MessageEvent<CaptureCommand>) => engine.handle(event.data);
self.postMessage({
  type: "clock",
  crossOriginIsolated: self.crossOriginIsolated,
} satisfies CaptureReport);
