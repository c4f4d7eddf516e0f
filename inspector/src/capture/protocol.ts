import type {
  PingLoopSpec,
  PingLoopState,
  PingResult,
} from "../../../echo-server/protocol/ping/ping-spec.ts";
import type { UnmatchedReplies } from "../../../echo-server/protocol/ping/unmatched-replies.ts";
import type { RelaySettings } from "../../../echo-server/protocol/relay-wire.ts";
import type { TrackerStatus } from "../../../echo-server/protocol/sessions/tracker.ts";
import type {
  ProtocolAction,
  ProtocolConfig,
} from "../../../echo-server/protocol/sessions/types.ts";
import type { Payload } from "../model/frames/frame.ts";
import type { FrameBatch } from "../model/frames/frame-batch.ts";

// Ping loops are shared with the headless CLI, so their spec types live with the engine.
export type { PingLoopSpec, PingLoopState, PingResult };

// The spec types below sit here, at the bottom of capture/, so the UI can describe a run
// without importing the code that performs it, and this file imports no implementation.

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
  | { type: "replay-start"; connectionId: number; spec: ReplaySpec }
  /** The connection's protocol (it holds across reconnects until changed). */
  | { type: "protocol-config"; connectionId: number; config: ProtocolConfig }
  /** Something the protocol session should do: emit, subscribe, call…; answered by `requestId`. */
  | { type: "protocol-action"; connectionId: number; requestId: number; action: ProtocolAction }
  | { type: "protocol-reset"; connectionId: number };

/** Reports about one connection. */
export type ConnectionReport = Extract<
  CaptureReport,
  { type: "frames" | "ping" | "schedule" | "protocol" | "protocol-action" }
>;

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
  | { type: "schedule"; connectionId: number; scheduleId: number; progress: ScheduleProgress }
  /** The protocol, its session and its pairing, at most a few times a second. */
  | { type: "protocol"; connectionId: number; status: TrackerStatus }
  /** How a protocol action went: sent (with the request's id, when it has one), or why not. */
  | {
      type: "protocol-action";
      connectionId: number;
      requestId: number;
      result: { ok: true; id?: string } | { ok: false; error: string };
    };
