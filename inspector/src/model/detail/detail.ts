import { nestingDepth } from "../../../../echo-server/protocol/json-guard.ts";
import { groupThousands } from "../frames/bytes.ts";
import type { Payload } from "../frames/frame.ts";
import { parseJson } from "./json.ts";

/** Characters of text (or base64) shown before "Show all". */
export const PREVIEW_CHARS = 64 * 1024;

/** Payloads above this size are parsed as JSON only when the user asks. */
export const AUTO_PARSE_LIMIT = 1024 * 1024;

/** The detail pane's tabs. */
export type DetailTab = "text" | "json" | "hex" | "base64" | "decoded";

/**
 * Deepest JSON the detail pane shows as a tree. Deeper JSON is shown as text with a note:
 * JSON.parse builds a value 10,000 deep, but copying it (JSON.stringify), cloning it or walking
 * it recursively throws at about 5,000 levels, and no one reads a tree that deep by hand. The
 * CBOR decoder stops at the same depth.
 */
export const MAX_TREE_DEPTH = 512;

/** How the JSON tab shows a text: as a tree, as text because it nests too deep, or not at all. */
export type JsonView =
  | { kind: "tree"; value: unknown }
  | { kind: "too-deep"; depth: number }
  | { kind: "not-json" };

/**
 * The JSON tab's view of `text`. The depth is measured on the text (`nestingDepth`, without
 * recursion); a too-deep text is parsed only to tell JSON from not-JSON (JSON.parse copes with
 * any depth), and its value goes nowhere else.
 */
export function jsonView(text: string, maxDepth = MAX_TREE_DEPTH): JsonView {
  const depth = nestingDepth(text);
  if (depth > maxDepth)
    return parseJson(text) === null ? { kind: "not-json" } : { kind: "too-deep", depth };
  const parsed = parseJson(text);
  return parsed === null ? { kind: "not-json" } : { kind: "tree", value: parsed.value };
}

/** What the JSON tab says above JSON too deep for the tree. */
export function tooDeepNote(depth: number, maxDepth = MAX_TREE_DEPTH): string {
  return `This JSON nests ${groupThousands(depth)} levels deep, deeper than the ${maxDepth} levels the tree shows, so here it is as text.`;
}

/**
 * The tab a frame opens on: JSON for (small enough) JSON text that a tree can show, Text for
 * other text (JSON nested deeper than MAX_TREE_DEPTH included), Hex for binary.
 */
export function defaultTab(payload: Payload): DetailTab {
  if (typeof payload !== "string") return "hex";
  if (payload.length <= AUTO_PARSE_LIMIT && jsonView(payload).kind === "tree") return "json";
  return "text";
}

/** The head of a long string and how much is left out. */
export function headOf(text: string, limit = PREVIEW_CHARS): { head: string; omitted: number } {
  return text.length <= limit
    ? { head: text, omitted: 0 }
    : { head: text.slice(0, limit), omitted: text.length - limit };
}
