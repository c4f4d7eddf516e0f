import type { Payload } from "./frame.ts";
import { parseJson } from "./json.ts";

/** Characters of text (or base64) shown before "Show all". */
export const PREVIEW_CHARS = 64 * 1024;

/** Payloads above this size are parsed as JSON only when the user asks. */
export const AUTO_PARSE_LIMIT = 1024 * 1024;

/** The detail pane's tabs. */
export type DetailTab = "text" | "json" | "hex" | "base64" | "decoded";

/** The tab a frame opens on: JSON for (small enough) JSON text, Text for text, Hex for binary. */
export function defaultTab(payload: Payload): DetailTab {
  if (typeof payload !== "string") return "hex";
  if (payload.length <= AUTO_PARSE_LIMIT && parseJson(payload) !== null) return "json";
  return "text";
}

/** The head of a long string and how much is left out. */
export function headOf(text: string, limit = PREVIEW_CHARS): { head: string; omitted: number } {
  return text.length <= limit
    ? { head: text, omitted: 0 }
    : { head: text.slice(0, limit), omitted: text.length - limit };
}
