import type { RelaySettings } from "../../../echo-server/protocol/relay-wire.ts";
import type { Payload } from "../model/frames/frame.ts";
import type { FrameBatch } from "../model/frames/frame-batch.ts";
import type { MatcherSpec } from "../model/ping/ping-matcher.ts";
import type { UnmatchedReplies } from "../model/ping/unmatched-replies.ts";

// The spec types below sit here, at the bottom of capture/, so the UI can describe a run
// without importing the code that performs it, and this file imports no implementation.

/** What a ping loop does. */
export interface PingLoopSpec {
  loopId: number;
  /** Payload template; `{{seq}}` numbers the pings from 1. */
  template: string;
  /** Send every `intervalMs`, or the next ping when the previous one is answered or lost. */
  mode: { kind: "interval"; intervalMs: number } | { kind: "closed-loop" };
  /** Pings to send; 0 sends until stopped. */
  count: number;
  /** A ping unanswered this long is lost. */
  timeoutMs: number;
  matcher: MatcherSpec;
}

/** One ping's outcome: `rtt` is NaN when it was lost. Times are worker timestamps (epoch ms). */
export interface PingResult {
  seq: number;
  sentAt: number;
  rtt: number;
}

/** Where a loop is. */
export type PingLoopState =
  | { state: "running" }
  | { state: "done" }
  | { state: "stopped"; reason: string }
  | { state: "error"; message: string };

/** A message sent on a schedule: a text template, or fixed bytes. */
export interface ScheduleSpec {
  scheduleId: number;
  payload: { template: string } | { bytes: ArrayBuffer };
  intervalMs: number;
  /** Sends; 0 sends until stopped. */
  count: number;
}

/** Progress of a schedule (or a replay). */
export interface ScheduleProgress {
  sent: number;
  total: number;
  state: "running" | "done" | "stopped" | "error";
  message?: string;
}

/** Frames to send again, with their offsets from the first one. */
export interface ReplaySpec {
  scheduleId: number;
  frames: { offsetMs: number; payload: string | ArrayBuffer }[];
  /** "original" keeps the captured gaps; "fast" sends as fast as the socket takes them. */
  timing: "original" | "fast";
}

/** Commands the UI sends to the capture worker. */
export type CaptureCommand =
  | {
      type: "connect";
      connectionId: number;
      url: string;
      protocols: string[];
      /** Reconnect with backoff when the connection drops (not when the user closes it). */
      reconnect?: boolean;
      /** Dial through the bundled server's relay instead of directly. */
      relay?: RelaySettings;
    }
  | { type: "send"; connectionId: number; payload: Payload }
  | { type: "close"; connectionId: number; code?: number; reason?: string }
  | { type: "control-ping"; connectionId: number; payload: string }
  | { type: "auto-pong"; connectionId: number; enabled: boolean }
  | { type: "ping-start"; connectionId: number; spec: PingLoopSpec }
  | { type: "ping-stop"; connectionId: number; loopId: number }
  | { type: "schedule-start"; connectionId: number; spec: ScheduleSpec }
  | { type: "schedule-stop"; connectionId: number; scheduleId: number }
  | { type: "replay-start"; connectionId: number; spec: ReplaySpec };

/** Reports about one connection. */
export type ConnectionReport = Extract<CaptureReport, { type: "frames" | "ping" | "schedule" }>;

/** Reports the capture worker sends to the UI. */
export type CaptureReport =
  | { type: "frames"; batch: FrameBatch }
  | { type: "clock"; crossOriginIsolated: boolean }
  | {
      type: "ping";
      connectionId: number;
      loopId: number;
      /** Pings sent so far in this run. */
      sent: number;
      results: PingResult[];
      state?: PingLoopState;
      /** Messages that arrived while pings waited but matched none, so far in this run. */
      unmatched?: UnmatchedReplies;
    }
  | { type: "schedule"; connectionId: number; scheduleId: number; progress: ScheduleProgress };
