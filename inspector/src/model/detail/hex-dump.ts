/** Bytes shown per hex dump line, by default (and in a copied dump). */
export const HEX_BYTES_PER_LINE = 16;

/** Line widths a hex view may choose from, widest first. */
const LINE_WIDTHS = [16, 8, 4] as const;

/** Lines a hex dump of `byteLength` bytes has, `bytesPerLine` to a line. */
export function hexDumpLineCount(byteLength: number, bytesPerLine = HEX_BYTES_PER_LINE): number {
  return Math.ceil(byteLength / bytesPerLine);
}

/**
 * Characters one line takes: the offset and ": " (10), the hex in groups of two bytes, two
 * spaces, and the ASCII column. 67 for 16 bytes, 39 for 8, 25 for 4.
 */
export function hexLineChars(bytesPerLine: number): number {
  const groups = Math.ceil(bytesPerLine / 2);
  return 10 + bytesPerLine * 2 + (groups - 1) + 2 + bytesPerLine;
}

/**
 * The most bytes per line (16, 8 or 4) whose lines fit in `columns` characters, so a narrow pane
 * shows whole lines instead of cutting the ASCII column; 4 when even that does not fit (the view
 * then scrolls sideways).
 */
export function hexBytesPerLineFor(columns: number): number {
  return LINE_WIDTHS.find((bytes) => hexLineChars(bytes) <= columns) ?? 4;
}

/**
 * One line of a hex dump, DevTools style: offset, groups of two bytes, then the bytes as
 * ASCII with `.` for anything unprintable, e.g.
 * `00000000: 7365 6e64 696e 6720 7468 6973 2075 7466  sending this utf`.
 * Lines are made one at a time, so a view can render only the ones on screen.
 */
export function hexDumpLine(
  bytes: Uint8Array,
  line: number,
  bytesPerLine = HEX_BYTES_PER_LINE,
): string {
  const offset = line * bytesPerLine;
  const end = Math.min(bytes.length, offset + bytesPerLine);
  let hex = "";
  let ascii = "";
  for (let i = 0; i < bytesPerLine; i++) {
    const at = offset + i;
    if (at < end) {
      const byte = bytes[at] ?? 0;
      hex += byte.toString(16).padStart(2, "0");
      ascii += byte >= 0x20 && byte <= 0x7e ? String.fromCharCode(byte) : ".";
    } else {
      hex += "  ";
    }
    if (i % 2 === 1 && i < bytesPerLine - 1) hex += " ";
  }
  return `${offset.toString(16).padStart(8, "0")}: ${hex}  ${ascii}`;
}

/** A whole hex dump (for copying), 16 bytes a line; views should render lines lazily instead. */
export function hexDump(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let line = 0; line < hexDumpLineCount(bytes.length); line++)
    lines.push(hexDumpLine(bytes, line));
  return lines.join("\n");
}
