import { diffArrays } from "diff";
import { toHex } from "../decoders/tree.ts";

/** One row of a side-by-side byte diff: up to 16 bytes a side, in hex. */
export interface ByteRow {
  kind: "same" | "changed" | "removed" | "added";
  /** Offset of the row's first byte, and its bytes as spaced hex, on each side it has. */
  left?: { offset: number; hex: string };
  right?: { offset: number; hex: string };
}

/** Bytes a row shows. */
const ROW = 16;
/** Edits past which bytes are compared position by position instead. */
const MAX_EDITS = 2000;
/** Bytes aligned with an edit script at most; longer payloads compare position by position. */
const MAX_ALIGNED = 64 * 1024;

const spaced = (bytes: Uint8Array) => toHex(bytes).replace(/(..)(?!$)/g, "$1 ");

/**
 * Two byte strings side by side, 16 bytes a row: aligned with an edit script (the `diff`
 * package's array diff) so an inserted byte shifts nothing after it; bytes that differ in place
 * pair into changed rows. Long or very different payloads are compared offset by offset.
 */
export function diffBytes(left: Uint8Array, right: Uint8Array): ByteRow[] {
  const aligned =
    left.length <= MAX_ALIGNED && right.length <= MAX_ALIGNED
      ? diffArrays(Array.from(left), Array.from(right), { maxEditLength: MAX_EDITS })
      : undefined;
  const rows: ByteRow[] = [];
  let leftAt = 0;
  let rightAt = 0;
  const emit = (kind: ByteRow["kind"], leftCount: number, rightCount: number) => {
    for (let done = 0; done < Math.max(leftCount, rightCount); done += ROW) {
      const l = Math.max(0, Math.min(ROW, leftCount - done));
      const r = Math.max(0, Math.min(ROW, rightCount - done));
      rows.push({
        kind: kind === "changed" && (l === 0 || r === 0) ? (l === 0 ? "added" : "removed") : kind,
        ...(l > 0
          ? { left: { offset: leftAt, hex: spaced(left.subarray(leftAt, leftAt + l)) } }
          : {}),
        ...(r > 0
          ? { right: { offset: rightAt, hex: spaced(right.subarray(rightAt, rightAt + r)) } }
          : {}),
      });
      leftAt += l;
      rightAt += r;
    }
  };
  if (!aligned) {
    // Offset by offset: rows that match are the same, the others changed.
    const common = Math.min(left.length, right.length);
    for (let at = 0; at < common; at += ROW) {
      const count = Math.min(ROW, common - at);
      const same = left.subarray(at, at + count).every((byte, i) => byte === right[at + i]);
      emit(same ? "same" : "changed", count, count);
    }
    emit("changed", left.length - common, right.length - common);
    return rows;
  }
  for (let i = 0; i < aligned.length; i++) {
    const change = aligned[i];
    if (!change) continue;
    const next = aligned[i + 1];
    if (change.removed && next?.added) {
      emit("changed", change.count ?? change.value.length, next.count ?? next.value.length);
      i++;
    } else if (change.removed) emit("removed", change.value.length, 0);
    else if (change.added) emit("added", 0, change.value.length);
    else emit("same", change.value.length, change.value.length);
  }
  return rows;
}
