// Percentiles over latency samples gathered from several load processes.

/** Merges sample arrays (one per load process) into one sorted Float64Array. */
export function mergeSorted(arrays) {
  const total = arrays.reduce((sum, array) => sum + array.length, 0);
  const merged = new Float64Array(total);
  let offset = 0;
  for (const array of arrays) {
    merged.set(array, offset);
    offset += array.length;
  }
  return merged.sort();
}

/** The p-th percentile (0..100) of sorted samples, nearest-rank; NaN when there are none. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** p50, p99 and max of sorted samples, in the samples' unit. */
export function summarize(sorted) {
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : Number.NaN,
  };
}
