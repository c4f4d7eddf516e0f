/** Backoff of automatic reconnects. */
export interface BackoffOptions {
  /** @default 500 */
  baseMs: number;
  /** @default 30000 */
  maxMs: number;
}

export const defaultBackoff: BackoffOptions = { baseMs: 500, maxMs: 30_000 };

/**
 * Delay before reconnect attempt `attempt` (from 1): exponential, capped, with "equal jitter"
 * (half fixed, half random) so clients spread out but the delay still grows visibly.
 */
export function reconnectDelay(
  attempt: number,
  random: () => number,
  options = defaultBackoff,
): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  return ceiling / 2 + random() * (ceiling / 2);
}
