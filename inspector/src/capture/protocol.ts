import type { Payload } from "../model/frame.ts";
import type { FrameBatch } from "../model/frame-batch.ts";

/** Commands the UI sends to the capture worker. */
export type CaptureCommand =
  | {
      type: "connect";
      connectionId: number;
      url: string;
      protocols: string[];
      /** Reconnect with backoff when the connection drops (not when the user closes it). */
      reconnect?: boolean;
    }
  | { type: "send"; connectionId: number; payload: Payload }
  | { type: "close"; connectionId: number; code?: number; reason?: string };

/** Reports the capture worker sends to the UI. */
export type CaptureReport =
  | { type: "frames"; batch: FrameBatch }
  | { type: "clock"; crossOriginIsolated: boolean };
