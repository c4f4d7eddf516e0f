/** Inputs for windowing a list of fixed-height rows. */
export interface VirtualWindowInput {
  rowCount: number;
  rowHeight: number;
  scrollTop: number;
  viewportHeight: number;
  /** Extra rows rendered above and below the viewport. @default 8 */
  overscan?: number;
}

/** Which rows to render and where the first one sits. `end` is exclusive. */
export interface VirtualWindow {
  start: number;
  end: number;
  offsetTop: number;
  totalHeight: number;
}

/** Rows of a fixed-height list that intersect the viewport, plus overscan. */
export function virtualWindow(input: VirtualWindowInput): VirtualWindow {
  const { rowCount, rowHeight, viewportHeight } = input;
  const overscan = input.overscan ?? 8;
  const totalHeight = rowCount * rowHeight;
  const maxScroll = Math.max(0, totalHeight - viewportHeight);
  const scrollTop = Math.min(Math.max(0, input.scrollTop), maxScroll);
  const firstVisible = Math.floor(scrollTop / rowHeight);
  const visibleCount = Math.ceil(viewportHeight / rowHeight) + 1;
  const start = Math.max(0, firstVisible - overscan);
  const end = Math.min(rowCount, firstVisible + visibleCount + overscan);
  return { start, end, offsetTop: start * rowHeight, totalHeight };
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
