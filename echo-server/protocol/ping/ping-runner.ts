import { compileTemplate, liveContext } from "../templates.ts";
import { type PacerHost, startPacer } from "./pacer.ts";
import { compileMatcher } from "./ping-matcher.ts";
import type { PingLoopSpec, PingLoopState, PingResult } from "./ping-spec.ts";
import {
  MAX_UNMATCHED_EXAMPLES,
  replyExample,
  type UnmatchedReplies,
} from "./unmatched-replies.ts";

/** What the runner needs from the capture engine. */
export interface PingRunnerDeps {
  host: PacerHost;
  /**
   * Sends text on the connection; returns the send time, or undefined when it is not open.
   * `onSent` corrects the time when the frame actually leaves (through the relay, later).
   */
  send(text: string, onSent?: (time: number) => void): number | undefined;
  /** Called whenever the loop's state changes. */
  onState(state: PingLoopState): void;
}

/**
 * A ping loop: sends pings on a paced schedule (or closed-loop), pairs replies with pings using
 * the host's timestamps at both ends, and times out the rest. The capture worker runs it with
 * the page's sockets, the CLI (`socketscope ping`) with `ws`.
 */
export function makePingRunner(spec: PingLoopSpec, deps: PingRunnerDeps) {
  const { host } = deps;
  const outstanding = new Map<number, { sentAt: number; timer: unknown }>();
  const order: number[] = [];
  let results: PingResult[] = [];
  let sent = 0;
  let finished = false;
  let pacer: { stop(): void } | undefined;
  const unmatched: UnmatchedReplies = { count: 0, examples: [] };

  const template = compileTemplate(spec.template);
  const matcher = compileMatcher(spec.matcher);

  function finish(state: PingLoopState) {
    if (finished) return;
    finished = true;
    pacer?.stop();
    for (const { timer } of outstanding.values()) host.clearTimer(timer);
    // Pings still in flight when the loop ends were never answered.
    for (const seq of order)
      results.push({ seq, sentAt: outstanding.get(seq)?.sentAt ?? Number.NaN, rtt: Number.NaN });
    outstanding.clear();
    order.length = 0;
    deps.onState(state);
  }

  function settle(seq: number, rtt: number) {
    const entry = outstanding.get(seq);
    if (!entry) return;
    host.clearTimer(entry.timer);
    outstanding.delete(seq);
    order.splice(order.indexOf(seq), 1);
    results.push({ seq, sentAt: entry.sentAt, rtt });
    if (spec.count > 0 && sent >= spec.count && outstanding.size === 0) finish({ state: "done" });
    else if (spec.mode.kind === "closed-loop" && !finished) sendNext();
  }

  function sendNext(): boolean {
    if (finished || !template.ok) return false;
    if (spec.count > 0 && sent >= spec.count) return false;
    const seq = sent + 1;
    const text = template.expand({ ...liveContext(seq, host.now()), env: spec.env });
    const sentAt = deps.send(text, (time) => {
      const entry = outstanding.get(seq);
      if (entry) entry.sentAt = time;
    });
    if (sentAt === undefined) {
      finish({ state: "stopped", reason: "The connection is not open" });
      return false;
    }
    sent = seq;
    const timer = host.setTimer(() => settle(seq, Number.NaN), spec.timeoutMs);
    outstanding.set(seq, { sentAt, timer });
    order.push(seq);
    return spec.count === 0 || sent < spec.count;
  }

  return {
    start() {
      if (!template.ok) return finish({ state: "error", message: template.error });
      if (!matcher.ok) return finish({ state: "error", message: matcher.error });
      deps.onState({ state: "running" });
      if (spec.mode.kind === "interval")
        pacer = startPacer(host, spec.mode.intervalMs, () => sendNext());
      else sendNext();
    },
    /** Offers a received message; returns the RTT when it answers one of the loop's pings. */
    onMessage(message: string | ArrayBuffer, time: number): number | undefined {
      if (finished || order.length === 0 || !matcher.ok) return undefined;
      const seq = matcher.match(message, order);
      const entry = seq === undefined ? undefined : outstanding.get(seq);
      if (seq === undefined || !entry) return undefined;
      const rtt = time - entry.sentAt;
      settle(seq, rtt);
      return rtt;
    },
    /**
     * Counts a received message that no loop on the connection matched, when pings are waiting:
     * a matcher that never matches (PONG for pong) is why a run loses everything.
     */
    onUnmatched(message: string | ArrayBuffer) {
      if (finished || order.length === 0) return;
      unmatched.count++;
      if (unmatched.examples.length < MAX_UNMATCHED_EXAMPLES) {
        const example = replyExample(message);
        if (!unmatched.examples.includes(example)) unmatched.examples.push(example);
      }
    },
    /** The unmatched messages so far (the same object, updated in place). */
    get unmatched(): Readonly<UnmatchedReplies> {
      return unmatched;
    },
    stop(reason = "Stopped") {
      finish({ state: "stopped", reason });
    },
    /** Results since the last call. */
    takeResults(): PingResult[] {
      const taken = results;
      results = [];
      return taken;
    },
    get finished() {
      return finished;
    },
    /** Pings sent so far. */
    get sent() {
      return sent;
    },
  };
}

export type PingRunner = ReturnType<typeof makePingRunner>;
