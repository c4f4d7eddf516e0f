/**
 * Sizing of resizable panes, as DevTools' split widgets do it: a pane's size is kept as a fraction
 * of its container (so it scales with the window) and shown in pixels, clamped so that neither the
 * pane nor what it shares the container with gets smaller than it can be used at. Pure: the views
 * measure, this decides.
 */

/** Smallest sizes along one axis, in px. */
export interface PaneLimits {
  /** The pane's own smallest size. */
  minPane: number;
  /** The smallest size left for the rest of the container (the log, usually). */
  minRest: number;
}

/** The sizes a pane may take, in px; `min <= max`. */
export interface PaneBounds {
  min: number;
  max: number;
}

/** Where the resized pane lies, seen from its separator: before it (left, above) or after it. */
export type PaneSide = "start" | "end";

/** `aria-orientation` of a separator: "vertical" divides panes side by side. */
export type SeparatorOrientation = "vertical" | "horizontal";

/**
 * The sizes a pane may take in a container `total` px long (the separator already taken out).
 * When the container is too small for both minimums, the rest keeps its minimum first: the log
 * matters more than the tool beside it.
 */
export function paneBounds(total: number, limits: PaneLimits): PaneBounds {
  const max = Math.max(0, Math.floor(total - limits.minRest));
  return { min: Math.min(limits.minPane, max), max };
}

/** `size` held within `bounds`, in whole pixels. */
export function clampSize(size: number, bounds: PaneBounds): number {
  if (!Number.isFinite(size)) return bounds.min;
  return Math.round(Math.min(bounds.max, Math.max(bounds.min, size)));
}

/** The pane's size in px for a stored fraction of a container `total` px long. */
export function sizeFromFraction(fraction: number, total: number, bounds: PaneBounds): number {
  return clampSize(fraction * total, bounds);
}

/** The fraction to store for a pane `size` px in a container `total` px long (0 when empty). */
export function fractionFromSize(size: number, total: number): number {
  if (!(total > 0)) return 0;
  return Math.min(1, Math.max(0, size / total));
}

/** Keyboard steps of a separator, in px. */
export interface KeySteps {
  /** One arrow press. @default 16 */
  step?: number;
  /** One arrow press with Shift held. @default 80 */
  bigStep?: number;
}

/** What a key does to a separator. */
export interface SeparatorKey {
  key: string;
  shiftKey: boolean;
}

const GROW_KEYS = {
  vertical: { start: "ArrowRight", end: "ArrowLeft" },
  horizontal: { start: "ArrowDown", end: "ArrowUp" },
} as const;
const SHRINK_KEYS = {
  vertical: { start: "ArrowLeft", end: "ArrowRight" },
  horizontal: { start: "ArrowUp", end: "ArrowDown" },
} as const;

/**
 * The pane's new size after a key press on its separator, or undefined when the key is not one
 * of the separator's. The arrows of the separator's axis move it by a step (Shift: a big step);
 * Home gives the pane its smallest size and End its largest, as the ARIA window splitter pattern
 * says. Moving the separator towards the pane shrinks it.
 */
export function resizeByKey(
  press: SeparatorKey,
  size: number,
  bounds: PaneBounds,
  layout: { orientation: SeparatorOrientation; side: PaneSide },
  steps: KeySteps = {},
): number | undefined {
  const step = press.shiftKey ? (steps.bigStep ?? 80) : (steps.step ?? 16);
  if (press.key === "Home") return bounds.min;
  if (press.key === "End") return bounds.max;
  if (press.key === GROW_KEYS[layout.orientation][layout.side])
    return clampSize(size + step, bounds);
  if (press.key === SHRINK_KEYS[layout.orientation][layout.side]) {
    return clampSize(size - step, bounds);
  }
  return undefined;
}

/**
 * The pane's size after the pointer moved `delta` px along the separator's axis since a drag
 * began at `startSize`: moving towards the pane (a negative delta for a pane at the end, i.e.
 * left or up) grows a pane that lies after its separator.
 */
export function resizeByDrag(
  startSize: number,
  delta: number,
  bounds: PaneBounds,
  side: PaneSide,
): number {
  return clampSize(side === "end" ? startSize - delta : startSize + delta, bounds);
}

/** `aria-valuenow`, `-valuemin` and `-valuemax` of a separator: the pane's share in percent. */
export interface SeparatorValues {
  now: number;
  min: number;
  max: number;
}

/** The separator's values for a pane `size` px within bounds, of a container `total` px long. */
export function separatorValues(size: number, total: number, bounds: PaneBounds): SeparatorValues {
  const percent = (px: number) => Math.round(fractionFromSize(px, total) * 100);
  return { now: percent(size), min: percent(bounds.min), max: percent(bounds.max) };
}
