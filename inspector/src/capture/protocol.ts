import type { RelaySettings } from "../../../echo-server/protocol/relay-wire.ts";
import type { Payload } from "../model/frames/frame.ts";
import type { FrameBatch } from "../model/frames/frame-batch.ts";
import type { PingLoopSpec, PingLoopState, PingResult } from "./ping-runner.ts";
import type { ReplaySpec } from "./replay.ts";
import type { ScheduleProgress, ScheduleSpec } from "./scheduled-send.ts";

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
    }
  | { type: "schedule"; connectionId: number; scheduleId: number; progress: ScheduleProgress };
