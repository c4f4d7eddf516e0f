import { describe, expect, it } from "vitest";
import {
  hexBytesPerLineFor,
  hexDumpLine,
  hexDumpLineCount,
  hexLineChars,
} from "../../inspector/src/model/detail/hex-dump.ts";

const ascii = (text: string) => new TextEncoder().encode(text);

describe("a hex dump that fits its pane", () => {
  it.each([
    [16, 67],
    [8, 39],
    [4, 25],
  ])("%i bytes a line take %i characters", (bytesPerLine, chars) => {
    expect(hexLineChars(bytesPerLine)).toBe(chars);
    expect(hexDumpLine(new Uint8Array(bytesPerLine), 0, bytesPerLine)).toHaveLength(chars);
  });

  it.each([
    [120, 16],
    [67, 16],
    [66, 8],
    [39, 8],
    [38, 4],
    [25, 4],
    [10, 4],
    [0, 4],
  ])("%i columns of room: %i bytes a line", (columns, expected) => {
    expect(hexBytesPerLineFor(columns)).toBe(expected);
  });

  it.each([
    [8, 0, "00000000: 7365 6e64 696e 6720  sending "],
    [8, 1, "00000008: 7468 6973 2075 7466  this utf"],
    [8, 2, "00000010: 3820 7465 7874       8 text"],
    [4, 1, "00000004: 696e 6720  ing "],
  ])("%i bytes a line, line %i: golden", (bytesPerLine, line, expected) => {
    expect(hexDumpLine(ascii("sending this utf8 text"), line, bytesPerLine)).toBe(expected);
  });

  it("counts lines for the chosen width", () => {
    expect(hexDumpLineCount(22, 8)).toBe(3);
    expect(hexDumpLineCount(22, 4)).toBe(6);
    expect(hexDumpLineCount(22)).toBe(2);
  });
});
