// Turns the measurements into printed figures and MET/MISSED verdicts (a bench reports; it
// does not fail on a missed target).

import { maximum, median, quantile } from "../shared/stats.mjs";
import { grouped } from "./inspector-ui.mjs";

const ms = (value, digits = 1) => `${value.toFixed(digits)} ms`;

/** A figure, and when it has a target, the target and whether it was met. */
const figure = (label, value, target, met) => ({ label, value, target, met });

/**
 * Measurements 1 and 2, over alternating rounds of the bare page and the inspector on the same
 * stream: counters, long tasks and rAF intervals of each inspector round, and the time against
 * the bare page's. On a shared two-core machine one round can be spoiled by anything else that
 * runs; every round is printed, and the verdicts go by the median round.
 */
export function ingestFigures(rounds, { count }) {
  const list = (values, format) => values.map(format).join(", ");
  const longest = rounds.map(({ ingest }) =>
    maximum(ingest.longTasks.map((task) => task.duration)),
  );
  const p95 = rounds.map(({ ingest }) => quantile(ingest.rafIntervals, 0.95));
  const ratios = rounds.map(({ ingest, bareMs }) => ingest.elapsedMs / bareMs);
  const allCounted = rounds.every(
    ({ ingest }) => ingest.framesIn === `In: ${grouped(count)}` && ingest.dropped === "Dropped: 0",
  );
  const last = rounds.at(-1)?.ingest;
  return [
    figure(
      "frames counted (every round)",
      `${last?.framesIn}, ${last?.dropped}`,
      "all, 0 lost",
      allCounted,
    ),
    figure(
      "stuck to the bottom at the end",
      rounds.every(({ ingest }) => ingest.stuckToBottom) ? "yes" : "no",
    ),
    figure(
      "longest main-thread task, median round",
      `${ms(median(longest))} (rounds: ${list(longest, (value) => value.toFixed(0))})`,
      "< 100 ms",
      median(longest) < 100,
    ),
    figure(
      "long tasks over 50 ms, per round",
      list(rounds, ({ ingest }) => String(ingest.longTasks.length)),
    ),
    figure(
      "rAF interval p95, median round",
      `${ms(median(p95))} (rounds: ${list(p95, (value) => value.toFixed(1))})`,
      "< 50 ms",
      median(p95) < 50,
    ),
    figure(
      "bare page / inspector, per round",
      list(
        rounds,
        ({ ingest, bareMs }) =>
          `${(bareMs / 1000).toFixed(1)}/${(ingest.elapsedMs / 1000).toFixed(1)} s`,
      ),
    ),
    figure(
      "inspector / bare, median round",
      `${median(ratios).toFixed(3)} (rounds: ${list(ratios, (value) => value.toFixed(3))})`,
      "≤ 1.10",
      median(ratios) <= 1.1,
    ),
  ];
}

/** Measurement 3: heap and filter times with a million frames retained. */
export function retentionFigures(retention) {
  return [
    figure("retained", `${retention.retained}, ${retention.dropped}`),
    figure("connect → last frame counted", ms(retention.ingestMs, 0)),
    figure(
      "JS heap after GC (page main thread)",
      `${retention.heapMiB.toFixed(1)} MiB (+${retention.heapGrowthMiB.toFixed(1)} MiB, ${retention.bytesPerFrame.toFixed(0)} B/frame)`,
    ),
    ...retention.filterRuns.map((run) =>
      figure(`filter "${run.text}"`, `${ms(run.ms)} → ${run.matches}`, "< 250 ms", run.ms < 250),
    ),
  ];
}

/** Measurement 4: arrival times of frames that came in while the main thread was blocked. */
export function blockFigures(block) {
  return [
    figure("frames sent / block length", `${block.sent} / ${ms(block.blockMs)}`),
    figure("frames during / outside the block", `${block.during} / ${block.outside}`),
    figure(
      "during block, vs Chromium's receipt: worst",
      ms(block.worstFromChromiumDuringMs, 3),
      "< 1 ms",
      block.worstFromChromiumDuringMs < 1,
    ),
    figure("during block, vs Chromium's receipt: median", ms(block.medianFromChromiumDuringMs, 3)),
    figure("outside block, vs Chromium's receipt: worst", ms(block.worstFromChromiumOutsideMs, 3)),
    figure("usual latency from the sender (median)", ms(block.baselineLatencyMs, 3)),
    figure(
      "vs the sender's clock, during: median / worst",
      `${block.medianDeviationDuringMs.toFixed(3)} / ${ms(block.worstDeviationDuringMs, 3)}`,
    ),
    figure(
      "vs the sender's clock, outside: p95 / worst",
      `${block.p95DeviationOutsideMs.toFixed(3)} / ${ms(block.worstDeviationOutsideMs, 3)}`,
    ),
    figure("if stamped on the main thread: worst", ms(block.mainThreadWorstMs)),
  ];
}

/** Prints figures as aligned lines, with the target and MET/MISSED where there is one. */
export function printFigures(figures) {
  for (const { label, value, target, met } of figures) {
    const verdict = target === undefined ? "" : `  (target ${target}) ${met ? "MET" : "MISSED"}`;
    console.log(`  ${label.padEnd(46)} ${value}${verdict}`);
  }
}
