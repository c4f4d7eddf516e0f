import type { TrafficTotals } from "./traffic.ts";

/** Frames per second in each direction. */
export interface Rates {
  in: number;
  out: number;
}

/** Rates between two samples of the totals taken `elapsedMs` apart. */
export function ratesBetween(
  before: TrafficTotals,
  after: TrafficTotals,
  elapsedMs: number,
): Rates {
  if (elapsedMs <= 0) return { in: 0, out: 0 };
  return {
    in: Math.max(0, ((after.framesIn - before.framesIn) * 1000) / elapsedMs),
    out: Math.max(0, ((after.framesOut - before.framesOut) * 1000) / elapsedMs),
  };
}
