/**
 * How the workbench arranges itself for the room it has. The log's fixed columns (direction,
 * length, time and two deltas) take 420 px; below about 700 px of width its data column is too
 * narrow to read, so whatever would squeeze the log that far moves below it instead.
 */

/** Width a session needs for its log to stay readable, in px. */
export const SESSION_MIN_WIDTH = 700;

/** Width a session needs to show the detail pane beside the log rather than under it, in px. */
export const DETAIL_BESIDE_MIN_WIDTH = 900;

/** Two sessions in a split view: side by side ("columns") or one above the other ("rows"). */
export type SplitDirection = "columns" | "rows";

/** Where the frame detail pane goes: beside the log or under it. */
export type DetailPlacement = "beside" | "below";

/**
 * Side by side when each of the two sessions gets at least `minWidth` px of a `width` px wide
 * window; stacked otherwise.
 */
export function splitDirection(width: number, minWidth = SESSION_MIN_WIDTH): SplitDirection {
  return width / 2 >= minWidth ? "columns" : "rows";
}

/** Beside the log when the session is at least `minWidth` px wide; under it otherwise. */
export function detailPlacement(
  width: number,
  minWidth = DETAIL_BESIDE_MIN_WIDTH,
): DetailPlacement {
  return width >= minWidth ? "beside" : "below";
}
