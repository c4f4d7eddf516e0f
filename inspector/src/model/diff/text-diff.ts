import { diffLines } from "diff";

/** One row of a side-by-side text diff. */
export interface TextRow {
  kind: "same" | "changed" | "removed" | "added";
  /** Line number (from 1) and text on the left, when the row has a left side. */
  left?: { line: number; text: string };
  right?: { line: number; text: string };
}

/** Edits past which two texts count as too different to show line by line. */
const MAX_EDITS = 5000;
/** Milliseconds a text diff may take. */
const TIMEOUT_MS = 500;

/**
 * Two texts side by side, line by line (the `diff` package's line diff): unchanged lines on
 * both sides, removed lines left only, added right only, and a removal followed by an addition
 * paired into changed rows. Null when the texts are too different to diff quickly.
 */
export function diffText(left: string, right: string): TextRow[] | null {
  const changes = diffLines(left, right, { maxEditLength: MAX_EDITS, timeout: TIMEOUT_MS });
  if (!changes) return null;
  const rows: TextRow[] = [];
  let leftLine = 1;
  let rightLine = 1;
  const linesOf = (value: string) => {
    const lines = value.split("\n");
    if (lines.at(-1) === "") lines.pop();
    return lines;
  };
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i];
    if (!change) continue;
    const lines = linesOf(change.value);
    if (!change.added && !change.removed) {
      for (const text of lines)
        rows.push({
          kind: "same",
          left: { line: leftLine++, text },
          right: { line: rightLine++, text },
        });
      continue;
    }
    const next = changes[i + 1];
    if (change.removed && next?.added) {
      const added = linesOf(next.value);
      for (let j = 0; j < Math.max(lines.length, added.length); j++) {
        const l = lines[j];
        const r = added[j];
        rows.push({
          kind:
            l !== undefined && r !== undefined ? "changed" : l !== undefined ? "removed" : "added",
          ...(l !== undefined ? { left: { line: leftLine++, text: l } } : {}),
          ...(r !== undefined ? { right: { line: rightLine++, text: r } } : {}),
        });
      }
      i++;
      continue;
    }
    for (const text of lines)
      rows.push(
        change.removed
          ? { kind: "removed", left: { line: leftLine++, text } }
          : { kind: "added", right: { line: rightLine++, text } },
      );
  }
  return rows;
}
