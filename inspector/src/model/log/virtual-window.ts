/** Inputs for windowing a list of fixed-height rows. */
export interface VirtualWindowInput {
  rowCount: number;
  rowHeight: number;
  /** The scroll container's own scrollTop. */
  scrollTop: number;
  viewportHeight: number;
  /** Extra rows rendered above and below the viewport. @default 8 */
  overscan?: number;
  /**
   * Tallest canvas to lay out. Browsers cap element heights (Firefox near 17.9 M px), so past
   * this the scroll position is scaled onto the rows. @default 15,000,000
   */
  maxCanvasHeight?: number;
}

/** Which rows to render and where. `end` is exclusive. */
export interface VirtualWindow {
  start: number;
  end: number;
  /** Where row `start` goes, in canvas pixels. */
  offsetTop: number;
  /** Height to give the scrolling canvas. */
  canvasHeight: number;
  /** Canvas pixels per row pixel (1 unless the list is taller than the canvas may be). */
  scale: number;
}

const DEFAULT_MAX_CANVAS = 15_000_000;

function geometry(input: VirtualWindowInput) {
  const totalHeight = input.rowCount * input.rowHeight;
  const canvasHeight = Math.min(totalHeight, input.maxCanvasHeight ?? DEFAULT_MAX_CANVAS);
  const canvasRange = Math.max(0, canvasHeight - input.viewportHeight);
  const rowRange = Math.max(0, totalHeight - input.viewportHeight);
  const scale = canvasRange > 0 ? rowRange / canvasRange : 1;
  return { canvasHeight, canvasRange, scale };
}

/** Rows of a fixed-height list that intersect the viewport, plus overscan. */
export function virtualWindow(input: VirtualWindowInput): VirtualWindow {
  const { rowCount, rowHeight, viewportHeight } = input;
  const overscan = input.overscan ?? 8;
  const { canvasHeight, canvasRange, scale } = geometry(input);
  const scrollTop = Math.min(Math.max(0, input.scrollTop), canvasRange);
  const rowTop = scrollTop * scale;
  const firstVisible = Math.floor(rowTop / rowHeight);
  const visibleCount = Math.ceil(viewportHeight / rowHeight) + 1;
  const start = Math.max(0, firstVisible - overscan);
  const end = Math.min(rowCount, firstVisible + visibleCount + overscan);
  return { start, end, offsetTop: scrollTop - rowTop + start * rowHeight, canvasHeight, scale };
}

/**
 * The scrollTop that brings row `index` fully into view with the least movement, or the
 * current one when it is already visible.
 */
export function scrollTopFor(input: VirtualWindowInput, index: number): number {
  const { canvasRange, scale } = geometry(input);
  const rowTop = input.scrollTop * scale;
  const top = index * input.rowHeight;
  const bottom = top + input.rowHeight;
  let next = rowTop;
  if (top < rowTop) next = top;
  else if (bottom > rowTop + input.viewportHeight) next = bottom - input.viewportHeight;
  return Math.min(canvasRange, Math.max(0, next / scale));
}

/** True when a scroll position is at (or within `tolerance` px of) the bottom. */
export function isScrolledToBottom(
  scrollTop: number,
  viewportHeight: number,
  scrollHeight: number,
  tolerance = 4,
): boolean {
  return scrollTop + viewportHeight >= scrollHeight - tolerance;
}
