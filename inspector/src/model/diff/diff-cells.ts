import type { FrameDiff } from "./frame-diff.ts";
import type { JsonChange } from "./json-diff.ts";

/** Longest value a cell of the Diff view shows, in characters. */
export const MAX_CELL_CHARS = 300;

/** A value in a cell of a structural diff: compact JSON, cut with `…`; "" for no value. */
export function valueCell(value: unknown): string {
  if (value === undefined) return "";
  let text: string;
  try {
    text =
      typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    // Too deep to stringify (a hostile payload): say so rather than throw.
    text = "(too deep to show)";
  }
  return text.length > MAX_CELL_CHARS ? `${text.slice(0, MAX_CELL_CHARS)}…` : text;
}

/** The left and right cells of one structural change (a move names where the item went). */
export function changeCells(change: JsonChange): { left: string; right: string } {
  if (change.kind === "moved")
    return { left: valueCell(change.left), right: `moved to [${change.to ?? "?"}]` };
  return { left: valueCell(change.left), right: valueCell(change.right) };
}

/** A byte offset in the Diff view, as the hex view writes it (`00000010`); "" for none. */
export function offsetCell(offset: number | undefined): string {
  return offset === undefined ? "" : offset.toString(16).padStart(8, "0");
}

/** Rows a diff has: changes, lines or rows of bytes (0 when it could not compare). */
export function diffRowCount(diff: FrameDiff): number {
  if (diff.kind === "json") return diff.changes.length;
  if (diff.kind === "text" || diff.kind === "bytes") return diff.rows.length;
  return 0;
}
