/** Summary statistics of round-trip times. */
export interface RttStats {
  count: number;
  min: number;
  max: number;
  mean: number;
  median: number;
  p95: number;
  p99: number;
  /** Mean absolute difference between consecutive RTTs (RFC 3550-style jitter, unsmoothed). */
  jitter: number;
}

/**
 * The p-th percentile (0–100) of sorted values, by linear interpolation between closest ranks
 * (the method most tools and spreadsheets use). NaN for no values.
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const rank = (p / 100) * (n - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const a = sorted[low] ?? Number.NaN;
  const b = sorted[high] ?? Number.NaN;
  return a + (b - a) * (rank - low);
}

/** Statistics of RTTs given in arrival order; NaN fields when there are none. */
export function rttStats(values: ArrayLike<number>): RttStats {
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  let jitterSum = 0;
  for (let i = 0; i < n; i++) {
    sum += values[i] ?? 0;
    if (i > 0) jitterSum += Math.abs((values[i] ?? 0) - (values[i - 1] ?? 0));
  }
  return {
    count: n,
    min: n ? (sorted[0] ?? Number.NaN) : Number.NaN,
    max: n ? (sorted[n - 1] ?? Number.NaN) : Number.NaN,
    mean: n ? sum / n : Number.NaN,
    median: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    jitter: n > 1 ? jitterSum / (n - 1) : Number.NaN,
  };
}

/** Counts of values in `bucketCount` equal-width buckets from min to max (for the RTT histogram). */
export function histogram(
  values: ArrayLike<number>,
  bucketCount: number,
): { edges: number[]; counts: number[] } {
  if (values.length === 0 || bucketCount < 1) return { edges: [], counts: [] };
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] ?? 0;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  const width = max > min ? (max - min) / bucketCount : 1;
  const counts = new Array<number>(bucketCount).fill(0);
  for (let i = 0; i < values.length; i++) {
    const bucket = Math.min(bucketCount - 1, Math.floor(((values[i] ?? 0) - min) / width));
    counts[bucket] = (counts[bucket] ?? 0) + 1;
  }
  const edges = counts.map((_, i) => min + i * width);
  return { edges, counts };
}
