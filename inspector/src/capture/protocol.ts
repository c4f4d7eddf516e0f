import type {
  PingLoopSpec,
  PingLoopState,
  PingResult,
} from "../../../echo-server/protocol/ping/ping-spec.ts";
import type { UnmatchedReplies } from "../../../echo-server/protocol/ping/unmatched-replies.ts";
import type { RelaySettings } from "../../../echo-server/protocol/relay-wire.ts";
import type {
  Scenario,
  ScenarioResult,
  StepResult,
} from "../../../echo-server/protocol/scenario/types.ts";
import type { TrackerStatus } from "../../../echo-server/protocol/sessions/tracker.ts";
import type {
  ProtocolAction,
  ProtocolConfig,
} from "../../../echo-server/protocol/sessions/types.ts";
import type { TapCommand, TapDirection, TapEvent } from "../../../echo-server/protocol/tap-wire.ts";
import type { Payload } from "../model/frames/frame.ts";
import type { FrameBatch } from "../model/frames/frame-batch.ts";

// Ping loops are shared with the headless CLI, so their spec types live with the engine.
export type { PingLoopSpec, PingLoopState, PingResult };

// The spec types below sit here, at the bottom of capture/, so the UI can describe a run
// without importing the code that performs it, and this file imports no implementation.

/** A message sent on a schedule: a text template, or fixed bytes. */
export interface ScheduleSpec {
  scheduleId: number;
  /** A template with what its `{{env.NAME}}` reads (the environment in use), or fixed bytes. */
  payload: { template: string; env?: Readonly<Record<string, string>> } | { bytes: ArrayBuffer };
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

/** Where a tap tab's composer injects: one client of the tap, toward its server or the app. */
export interface TapInjectTarget {
  clientId: number;
  direction: TapDirection;
}

/** A scenario for the capture worker to run (the engine of `echo-server/protocol/scenario/`). */
export interface ScenarioRunSpec {
  runId: number;
  scenario: Scenario;
  /** What `{{env.NAME}}` reads: the environment in use. */
  env: Record<string, string>;
  /**
   * Dial every client through the bundled server's relay (so its headers go on the wire), with
   * these settings; each client's own headers replace `connect.headers`. Direct without it.
   */
  relay?: RelaySettings;
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
  /** Watches a tap (`ws://<server>/tap-watch/<name>`): its traffic becomes this connection's log. */
  | { type: "tap-watch"; connectionId: number; url: string }
  | { type: "tap-command"; connectionId: number; command: TapCommand }
  /** Where the connection's sends (composer, schedules, replays) are injected into the tap. */
  | { type: "tap-target"; connectionId: number; target: TapInjectTarget | undefined }
  | { type: "scenario-run"; spec: ScenarioRunSpec }
  | { type: "scenario-stop"; runId: number }
  /** The connection's protocol (it holds across reconnects until changed). */
  | { type: "protocol-config"; connectionId: number; config: ProtocolConfig }
  /** Something the protocol session should do: emit, subscribe, call…; answered by `requestId`. */
  | { type: "protocol-action"; connectionId: number; requestId: number; action: ProtocolAction }
  | { type: "protocol-reset"; connectionId: number };

/** Reports about one connection. */
export type ConnectionReport = Extract<
  CaptureReport,
  { type: "frames" | "ping" | "schedule" | "tap" | "protocol" | "protocol-action" }
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
  /** An event from a watched tap, other than its mirrored frames. */
  | { type: "tap"; connectionId: number; event: TapEvent }
  /**
   * A tap's binary watch message of mirrored frames, transferred as the tap sent it; the page
   * makes it a "frames" report (mirroredBatch) before anything else sees it.
   */
  | { type: "tap-frames"; connectionId: number; message: ArrayBuffer }
  /** A scenario step started (`running`) or ended. */
  | { type: "scenario-step"; runId: number; step: StepResult }
  | { type: "scenario-done"; runId: number; result: ScenarioResult }
  /** The protocol, its session and its pairing, at most a few times a second. */
  | { type: "protocol"; connectionId: number; status: TrackerStatus }
  /** How a protocol action went: sent (with the request's id, when it has one), or why not. */
  | {
      type: "protocol-action";
      connectionId: number;
      requestId: number;
      result: { ok: true; id?: string } | { ok: false; error: string };
    };

/** Reports about one scenario run. */
export type ScenarioReport = Extract<CaptureReport, { type: "scenario-step" | "scenario-done" }>;
