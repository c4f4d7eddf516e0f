/** Bytes shown per hex dump line. */
export const HEX_BYTES_PER_LINE = 16;

/** Lines a hex dump of `byteLength` bytes has. */
export function hexDumpLineCount(byteLength: number): number {
  return Math.ceil(byteLength / HEX_BYTES_PER_LINE);
}

/**
 * One line of a hex dump, DevTools style: offset, eight groups of two bytes, then the bytes as
 * ASCII with `.` for anything unprintable, e.g.
 * `00000000: 7365 6e64 696e 6720 7468 6973 2075 7466  sending this utf`.
 * Lines are made one at a time, so a view can render only the ones on screen.
 */
export function hexDumpLine(bytes: Uint8Array, line: number): string {
  const offset = line * HEX_BYTES_PER_LINE;
  const end = Math.min(bytes.length, offset + HEX_BYTES_PER_LINE);
  let hex = "";
  let ascii = "";
  for (let i = 0; i < HEX_BYTES_PER_LINE; i++) {
    const at = offset + i;
    if (at < end) {
      const byte = bytes[at] ?? 0;
      hex += byte.toString(16).padStart(2, "0");
      ascii += byte >= 0x20 && byte <= 0x7e ? String.fromCharCode(byte) : ".";
    } else {
      hex += "  ";
    }
    if (i % 2 === 1 && i < HEX_BYTES_PER_LINE - 1) hex += " ";
  }
  return `${offset.toString(16).padStart(8, "0")}: ${hex}  ${ascii}`;
}

/** A whole hex dump (for copying); views should render lines lazily instead. */
export function hexDump(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let line = 0; line < hexDumpLineCount(bytes.length); line++)
    lines.push(hexDumpLine(bytes, line));
  return lines.join("\n");
}
