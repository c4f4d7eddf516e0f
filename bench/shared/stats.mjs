// Order statistics for the figures the bench prints.

/** The `q` quantile (0..1) of `values` by nearest rank; NaN when there are none. */
export function quantile(values, q) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

/** The median of `values`. */
export function median(values) {
  return quantile(values, 0.5);
}

/** The largest of `values`, or 0 when there are none. */
export function maximum(values) {
  return values.reduce((max, value) => Math.max(max, value), 0);
}
