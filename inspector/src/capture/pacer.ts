/** Timers the pacer runs on (the worker's, or fakes in tests). */
export interface PacerHost {
  now(): number;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

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
  let n = 0;
  let handle: unknown;
  let stopped = false;

  function run() {
    handle = undefined;
    const now = host.now();
    while (!stopped && start + n * intervalMs <= now) {
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
