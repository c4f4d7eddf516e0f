import { batch, createMemo, createSignal, onCleanup } from "solid-js";
import type { MatcherSpec } from "../../../echo-server/protocol/ping/ping-matcher.ts";
import {
  explainUnmatched,
  type UnmatchedReplies,
} from "../../../echo-server/protocol/ping/unmatched-replies.ts";
import { type RttStats, rttStats } from "../../../echo-server/protocol/rtt-stats.ts";
import type { CaptureClient } from "../capture/capture-client.ts";
import type { PingLoopSpec, PingLoopState, PingResult } from "../capture/protocol.ts";
import { compileTemplate, missingReferences } from "../model/compose/templates.ts";
import { describeMissing } from "../model/environments/env-references.ts";
import { type PingRow, pingResultsCsv } from "../model/ping/ping-csv.ts";

/** A ping loop's live results, as the "Ping results" table and the chart read them. */
export interface PingLoop {
  readonly state: () => PingLoopState | { state: "idle" };
  readonly sent: () => number;
  readonly received: () => number;
  readonly lost: () => number;
  readonly stats: () => RttStats;
  /**
   * Seq numbers and RTTs of answered pings, in arrival order (for the chart); `run` changes with
   * each new run, so the chart starts over.
   */
  readonly series: () => { run: number; seqs: number[]; rtts: number[] };
  /** Why replies went unmatched in this run ("5 replies did not match 'PONG' …"), or "". */
  readonly unmatched: () => string;
  /** True when the tab was hidden at some point during the run. */
  readonly hiddenDuringRun: () => boolean;
  start(spec: Omit<PingLoopSpec, "loopId">): void;
  stop(): void;
  csv(): string;
}

let nextLoopId = 1;

/** The clock fields a reference check needs (they are never read). */
const templateClock = { seq: 0, now: 0, random: Math.random, uuid: () => "" };

/** Longest the results wait before the table and chart show them. */
const REDRAW_MS = 250;

/** A ping loop run by the capture worker for one connection. */
export function createPingLoop(client: CaptureClient, connectionId: number): PingLoop {
  const [state, setState] = createSignal<PingLoopState | { state: "idle" }>({ state: "idle" });
  const [revision, setRevision] = createSignal(0);
  const [hidden, setHidden] = createSignal(false);
  const [sent, setSent] = createSignal(0);
  let loopId = 0;
  let rows: PingRow[] = [];
  let seqs: number[] = [];
  let rtts: number[] = [];
  let lost = 0;
  let matcher: MatcherSpec = { kind: "next" };
  let unmatched: UnmatchedReplies = { count: 0, examples: [] };

  // The table and chart redraw a few times a second, not per report: on two cores every
  // redraw competes with the capture worker whose timers pace the pings.
  let redrawTimer: ReturnType<typeof setTimeout> | undefined;
  let latestSent = 0;
  const redraw = () => {
    clearTimeout(redrawTimer);
    redrawTimer = undefined;
    batch(() => {
      setSent(latestSent);
      setRevision((value) => value + 1);
    });
  };

  const stop = client.onReport(connectionId, (report) => {
    if (report.type !== "ping" || report.loopId !== loopId) return;
    for (const result of report.results) record(result);
    latestSent = report.sent;
    if (report.unmatched) unmatched = report.unmatched;
    if (report.state) setState(report.state);
    if (report.state) redraw();
    else redrawTimer ??= setTimeout(redraw, REDRAW_MS);
  });
  onCleanup(() => {
    stop();
    clearTimeout(redrawTimer);
  });

  function record(result: PingResult) {
    rows.push(result);
    if (Number.isNaN(result.rtt)) lost++;
    else {
      seqs.push(result.seq);
      rtts.push(result.rtt);
    }
  }

  const onVisibility = () => {
    if (document.hidden && state().state === "running") setHidden(true);
  };
  document.addEventListener("visibilitychange", onVisibility);
  onCleanup(() => document.removeEventListener("visibilitychange", onVisibility));

  const stats = createMemo(() => {
    revision();
    return rttStats(rtts);
  });

  return {
    state,
    sent,
    received: () => {
      revision();
      return rtts.length;
    },
    lost: () => {
      revision();
      return lost;
    },
    stats,
    series: () => {
      revision();
      return { run: loopId, seqs, rtts };
    },
    unmatched: () => {
      revision();
      return explainUnmatched(matcher, unmatched);
    },
    hiddenDuringRun: hidden,
    start(spec) {
      // A payload that reads an unset variable would send pings with a hole in them.
      const template = compileTemplate(spec.template);
      const missing = template.ok
        ? missingReferences(template.references, { ...templateClock, env: spec.env ?? {} })
        : [];
      if (missing.length > 0) {
        setState({ state: "error", message: describeMissing(missing) });
        return;
      }
      loopId = nextLoopId++;
      rows = [];
      seqs = [];
      rtts = [];
      lost = 0;
      matcher = spec.matcher;
      unmatched = { count: 0, examples: [] };
      latestSent = 0;
      setSent(0);
      setHidden(document.hidden);
      setState({ state: "running" });
      setRevision((value) => value + 1);
      client.startPing(connectionId, { ...spec, loopId });
    },
    stop: () => client.stopPing(connectionId, loopId),
    csv: () => pingResultsCsv(rows),
  };
}
