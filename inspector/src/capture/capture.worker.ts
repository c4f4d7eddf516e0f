/// <reference lib="webworker" />
import { makeCaptureEngine } from "./capture-engine.ts";
import type { CaptureCommand, CaptureReport } from "./protocol.ts";

declare const self: DedicatedWorkerGlobalScope;

const engine = makeCaptureEngine({
  post: (report: CaptureReport, transfer) => self.postMessage(report, transfer),
  now: () => performance.timeOrigin + performance.now(),
  openSocket: (url, protocols) => new WebSocket(url, protocols),
  setTimer: (callback, ms) => setTimeout(callback, ms),
  clearTimer: (handle) => clearTimeout(handle as number),
  random: Math.random,
});

self.onmessage = (event: MessageEvent<CaptureCommand>) => engine.handle(event.data);
self.postMessage({
  type: "clock",
  crossOriginIsolated: self.crossOriginIsolated,
} satisfies CaptureReport);
