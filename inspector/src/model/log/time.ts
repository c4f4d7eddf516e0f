/** Clock time of an epoch timestamp (ms, fractional allowed) in local time: `HH:MM:SS.mmm`. */
export function formatClockTime(epochMs: number): string {
  const date = new Date(Math.floor(epochMs));
  return `${pad(date.getHours(), 2)}:${pad(date.getMinutes(), 2)}:${pad(date.getSeconds(), 2)}.${pad(date.getMilliseconds(), 3)}`;
}

/** Clock time with microseconds, `HH:MM:SS.mmmuuu`, for tooltips and the detail pane. */
export function formatClockTimeMicros(epochMs: number): string {
  // Work in whole microseconds: the fraction of a double near 1.8e12 is not exact.
  const totalMicros = Math.round(epochMs * 1000);
  const wholeMs = Math.floor(totalMicros / 1000);
  return `${formatClockTime(wholeMs)}${pad(totalMicros - wholeMs * 1000, 3)}`;
}

/**
 * A duration in milliseconds, scaled for reading: `850 µs`, `12.345 ms`, `1.250 s`, `2 min 05 s`.
 * Negative durations keep their sign.
 */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? "-" : "";
  const abs = Math.abs(ms);
  if (abs < 1) return `${sign}${Math.round(abs * 1000)} µs`;
  if (abs < 1000) return `${sign}${abs.toFixed(3)} ms`;
  if (abs < 60_000) return `${sign}${(abs / 1000).toFixed(3)} s`;
  const minutes = Math.floor(abs / 60_000);
  const seconds = Math.floor((abs % 60_000) / 1000);
  return `${sign}${minutes} min ${pad(seconds, 2)} s`;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, "0");
}
