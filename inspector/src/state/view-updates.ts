/** The browser's clock and scheduling (fakes in tests). */
export interface UpdateHost {
  now(): number;
  setTimeout(run: () => void, ms: number): void;
  requestAnimationFrame(run: () => void): void;
}

const browserHost: UpdateHost = {
  now: () => performance.now(),
  setTimeout: (run, ms) => void setTimeout(run, ms),
  requestAnimationFrame: (run) => void requestAnimationFrame(run),
};

/**
 * Least time between two updates of the views while frames stream in. An update costs the page
 * a few milliseconds (layout and paint of the log, the status bar, the charts); at 60 a second
 * that CPU is taken from the capture worker on a small machine, which then sends and stamps
 * frames late. 20 updates a second still read as live.
 */
export const MIN_VIEW_UPDATE_INTERVAL_MS = 50;

/**
 * Returns `request()`: however often it is called, `update` runs once, on an animation frame,
 * and no sooner than `minIntervalMs` after the previous run.
 */
export function makeViewUpdater(
  update: () => void,
  minIntervalMs = MIN_VIEW_UPDATE_INTERVAL_MS,
  host: UpdateHost = browserHost,
): () => void {
  let scheduled = false;
  let lastRunAt = Number.NEGATIVE_INFINITY;
  const run = () => {
    scheduled = false;
    lastRunAt = host.now();
    update();
  };
  return () => {
    if (scheduled) return;
    scheduled = true;
    const wait = lastRunAt + minIntervalMs - host.now();
    if (wait <= 0) host.requestAnimationFrame(run);
    else host.setTimeout(() => host.requestAnimationFrame(run), wait);
  };
}
