/** The browser's clock and scheduling (fakes in tests). */
export interface UpdateHost {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  requestAnimationFrame(run: () => void): void;
}

const browserHost: UpdateHost = {
  now: () => performance.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as number),
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
 * Least time between two updates during a flood. An update costs about the same however many
 * frames it shows (every row on screen is new): 8-10 ms of the page's thread (a trace of
 * bench:inspector, two cores), and raster and compositing on other threads besides. At 20 a
 * second that took the cores the browser's network service and the capture worker need: the
 * inspector took 1.28-1.45 times the bare page's time for the same stream. Rows scroll by too
 * fast to read at these rates; counters that move twice a second still read as live, and a
 * connection event shows at once (see `makeViewUpdater`).
 */
export const FLOOD_VIEW_UPDATE_INTERVAL_MS = 500;

/**
 * Arrival rate (frames a second) from which a stream counts as a flood: the capture alone then
 * keeps a good part of a core busy (some 30 µs a frame across the network service, the
 * renderer's IO thread and the worker), and the views' share has to shrink.
 */
export const FLOOD_FRAMES_PER_SECOND = 10_000;

/** The wait before the next update, given `frames` that arrived over the last `elapsedMs`. */
export function viewUpdateInterval(frames: number, elapsedMs: number): number {
  const perSecond = (frames * 1000) / Math.max(elapsedMs, MIN_VIEW_UPDATE_INTERVAL_MS);
  return perSecond >= FLOOD_FRAMES_PER_SECOND
    ? FLOOD_VIEW_UPDATE_INTERVAL_MS
    : MIN_VIEW_UPDATE_INTERVAL_MS;
}

/** Asks for an update: `frames` new frames to show; `urgent` when the status changed. */
export type RequestUpdate = (frames: number, urgent?: boolean) => void;

/**
 * Returns `request(frames, urgent)`: however often it is called, `update` runs once, on an
 * animation frame, and no sooner than `viewUpdateInterval` after the previous run, judged by the
 * frames requested since. An urgent request (a connection event: the status must not lag) runs
 * on the next animation frame whatever the interval.
 */
export function makeViewUpdater(update: () => void, host: UpdateHost = browserHost): RequestUpdate {
  let scheduled = false;
  let waiting: unknown;
  let lastRunAt = Number.NEGATIVE_INFINITY;
  let interval = MIN_VIEW_UPDATE_INTERVAL_MS;
  let frames = 0;
  const run = () => {
    scheduled = false;
    const now = host.now();
    interval = viewUpdateInterval(frames, now - lastRunAt);
    frames = 0;
    lastRunAt = now;
    update();
  };
  const onNextFrame = () => {
    waiting = undefined;
    host.requestAnimationFrame(run);
  };
  return (count, urgent = false) => {
    frames += count;
    if (scheduled && !(urgent && waiting !== undefined)) return;
    if (waiting !== undefined) {
      host.clearTimeout(waiting);
      waiting = undefined;
    }
    scheduled = true;
    const wait = urgent ? 0 : lastRunAt + interval - host.now();
    if (wait <= 0) host.requestAnimationFrame(run);
    else waiting = host.setTimeout(onNextFrame, wait);
  };
}
