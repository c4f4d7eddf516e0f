import { describeClose } from "../../../../echo-server/protocol/close-codes.ts";
import type { FrameEvent } from "../frames/frame.ts";
import { describeCouldNotConnect } from "./connect-failure.ts";

/** Where a connection is in its life, as the "Connection status" shows it. */
export type ConnectionStatus =
  | { state: "idle" }
  | { state: "connecting"; url: string }
  | { state: "open"; url: string; protocol: string; via: "direct" | "relay" }
  | {
      state: "closed";
      code: number;
      reason: string;
      error?: string;
      /** The attempt failed before the connection opened. */
      neverOpened?: boolean;
    }
  | { state: "error"; message: string }
  | { state: "reconnecting"; attempt: number; delayMs: number; lastClose?: string };

/** The status after a connection event. An error followed by a close keeps the error's words. */
export function statusAfter(current: ConnectionStatus, event: FrameEvent): ConnectionStatus {
  switch (event.type) {
    case "open":
      return {
        state: "open",
        url: event.url,
        protocol: event.protocol,
        via: event.handshake ? "relay" : "direct",
      };
    case "close": {
      const error = current.state === "error" ? current.message : undefined;
      return {
        state: "closed",
        code: event.code,
        reason: event.reason,
        ...(error ? { error } : {}),
        ...(event.attemptStart !== undefined ? { neverOpened: true } : {}),
      };
    }
    case "error":
      return { state: "error", message: event.message };
    case "reconnect":
      return {
        state: "reconnecting",
        attempt: event.attempt,
        delayMs: event.delayMs,
        ...(current.state === "closed"
          ? {
              lastClose: current.neverOpened
                ? "an attempt that never opened"
                : describeClose(current.code, current.reason),
            }
          : {}),
      };
    case "info":
      // The only info that changes the state: a reconnect the user cancelled.
      return current.state === "reconnecting" ? { state: "idle" } : current;
  }
}

/** Whether the connection is open, opening, or waiting to reconnect (Disconnect applies). */
export function isLive(status: ConnectionStatus): boolean {
  return (
    status.state === "open" || status.state === "connecting" || status.state === "reconnecting"
  );
}

/**
 * Short text for the status: `Open`, `Closed (1000 Normal Closure)`, `Connecting…`, and
 * `Could not connect: …` for an attempt that never opened (not a "1006 Abnormal Closure").
 */
export function describeStatus(status: ConnectionStatus): string {
  switch (status.state) {
    case "idle":
      return "Not connected";
    case "connecting":
      return "Connecting…";
    case "open":
      return `Open${status.via === "relay" ? " via relay" : ""}${status.protocol ? ` (${status.protocol})` : ""}`;
    case "closed": {
      if (status.neverOpened) return describeCouldNotConnect(status.error ?? status.reason);
      const closed = `Closed (${describeClose(status.code, status.reason)})`;
      return status.error ? `${closed}: ${status.error}` : closed;
    }
    case "error":
      return `Error: ${status.message}`;
    case "reconnecting": {
      const wait = `Reconnecting in ${(status.delayMs / 1000).toFixed(1)} s (attempt ${status.attempt})`;
      return status.lastClose ? `${wait} after ${status.lastClose}` : wait;
    }
  }
}
