/** Timers the pacer runs on (the worker's, or fakes in tests). */
export interface PacerHost {
  now(): number;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

/** How early a tick may run when its timer fires before it is due (a quarter interval at most). */
const EARLY_TOLERANCE_MS = 1.5;

/** A running pacer. */
export interface Pacer {
  stop(): void;
}

/**
 * Calls `tick(n)` (n from 1) every `intervalMs`, scheduled from the start time so errors do
 * not accumulate: tick n is due at start + (n-1)·interval. When timers fire late (timer
 * clamping, a busy worker), the ticks that are due run at once, so the average rate holds.
 * `tick` returns false to stop.
 */
export function startPacer(
  host: PacerHost,
  intervalMs: number,
  tick: (n: number) => boolean,
): Pacer {
  const start = host.now();
  const tolerance = Math.min(EARLY_TOLERANCE_MS, intervalMs / 4);
  let n = 0;
  let handle: unknown;
  let stopped = false;

  function run() {
    handle = undefined;
    const now = host.now();
    // Browsers fire timers up to about a millisecond early; re-arming for the remainder would
    // be clamped to 4 ms (nested timers), so a tick that is nearly due runs now instead.
    while (!stopped && start + n * intervalMs <= now + tolerance) {
      n++;
      if (!tick(n)) {
        stopped = true;
        return;
      }
    }
    if (!stopped) handle = host.setTimer(run, Math.max(0, start + n * intervalMs - host.now()));
  }

  run();
  return {
    stop() {
      stopped = true;
      if (handle !== undefined) host.clearTimer(handle);
    },
  };
}
