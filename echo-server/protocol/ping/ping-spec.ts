/**
 * Ping loops, as the inspector's capture worker and the headless CLI (`socketscope ping`) run
 * them: the spec of a loop, one ping's outcome, and where a loop is.
 */
import type { MatcherSpec } from "./ping-matcher.ts";

/** What a ping loop does. */
export interface PingLoopSpec {
  loopId: number;
  /** Payload template; `{{seq}}` numbers the pings from 1. */
  template: string;
  /** What `{{env.NAME}}` in the template reads (the inspector's environment). */
  env?: Readonly<Record<string, string>>;
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
