import { nestingDepth } from "../../../../echo-server/protocol/json-guard.ts";
import { parseJson } from "../detail/json.ts";
import { payloadBytes } from "../frames/codecs.ts";
import type { Payload } from "../frames/frame.ts";
import { type ByteRow, diffBytes } from "./byte-diff.ts";
import { diffJson, type JsonChange } from "./json-diff.ts";
import { diffText, type TextRow } from "./text-diff.ts";

/** A side of a comparison: the payload, and what a decoder made of it when one did. */
export interface DiffSide {
  payload: Payload;
  /** A decoded tree (protobuf with a schema, a custom decoder…) and what decoded it. */
  decoded?: { by: string; value: unknown };
}

/** Two frames compared: structurally, by lines, or by bytes, and whether they are the same. */
export type FrameDiff =
  | { kind: "json"; by: string; changes: JsonChange[] }
  | { kind: "text"; rows: TextRow[] }
  | { kind: "bytes"; rows: ByteRow[]; leftLength: number; rightLength: number }
  | { kind: "too-big"; message: string };

/** Largest payload compared (each side), in bytes: a diff runs on the page's thread. */
export const MAX_DIFF_BYTES = 1024 * 1024;

/**
 * Deepest JSON compared structurally. jsondiffpatch recurses once a level, and a hostile frame
 * of 10,000 nested arrays would overflow the stack; deeper texts are compared line by line.
 */
export const MAX_DIFF_DEPTH = 256;

/** The structural diff of two values, or null when it cannot be made (too deep after all). */
function structural(by: string, left: unknown, right: unknown): FrameDiff | null {
  try {
    return { kind: "json", by, changes: diffJson(left, right) };
  } catch {
    return null;
  }
}

/**
 * Compares two frames the way their content reads best: two decoded trees (the same decoder
 * on both) or two JSON texts structurally; two texts line by line (JSON nested deeper than
 * `MAX_DIFF_DEPTH` too); anything else byte by byte. Never throws.
 */
export function diffFrames(left: DiffSide, right: DiffSide): FrameDiff {
  const size = (side: DiffSide) =>
    typeof side.payload === "string" ? side.payload.length : side.payload.byteLength;
  if (size(left) > MAX_DIFF_BYTES || size(right) > MAX_DIFF_BYTES)
    return {
      kind: "too-big",
      message: "Frames over 1 MiB are not compared: export them and use a diff tool",
    };
  if (left.decoded && right.decoded && left.decoded.by === right.decoded.by) {
    // Decoders bound their trees' depth; a stack overflow is still caught, never thrown.
    const diff = structural(left.decoded.by, left.decoded.value, right.decoded.value);
    if (diff) return diff;
  }
  if (typeof left.payload === "string" && typeof right.payload === "string") {
    const shallow =
      nestingDepth(left.payload) <= MAX_DIFF_DEPTH && nestingDepth(right.payload) <= MAX_DIFF_DEPTH;
    const leftJson = shallow ? parseJson(left.payload) : null;
    const rightJson = leftJson ? parseJson(right.payload) : null;
    const diff = leftJson && rightJson && structural("JSON", leftJson.value, rightJson.value);
    if (diff) return diff;
    const rows = diffText(left.payload, right.payload);
    if (rows) return { kind: "text", rows };
    return { kind: "too-big", message: "These texts differ too much to compare line by line" };
  }
  const leftBytes = payloadBytes(left.payload);
  const rightBytes = payloadBytes(right.payload);
  return {
    kind: "bytes",
    rows: diffBytes(leftBytes, rightBytes),
    leftLength: leftBytes.length,
    rightLength: rightBytes.length,
  };
}

/** Whether a diff found no difference at all. */
export function isSame(diff: FrameDiff): boolean {
  if (diff.kind === "json") return diff.changes.length === 0;
  if (diff.kind === "text" || diff.kind === "bytes")
    return diff.rows.every((row) => row.kind === "same");
  return false;
}

/** A one-line account of a diff: `3 changes`, `2 lines differ`, `5 of 40 bytes differ`. */
export function diffSummary(diff: FrameDiff): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  switch (diff.kind) {
    case "json":
      return diff.changes.length === 0
        ? "Identical"
        : `${plural(diff.changes.length, "change")} (${diff.by})`;
    case "text": {
      const differ = diff.rows.filter((row) => row.kind !== "same").length;
      return differ === 0
        ? "Identical"
        : `${plural(differ, "line")} differ${differ === 1 ? "s" : ""}`;
    }
    case "bytes": {
      const differ = diff.rows.filter((row) => row.kind !== "same").length;
      if (differ === 0) return "Identical";
      return `${plural(differ, "row")} of bytes differ${differ === 1 ? "s" : ""} (${diff.leftLength} and ${diff.rightLength} bytes)`;
    }
    case "too-big":
      return diff.message;
  }
}
