import { describe, expect, it } from "vitest";
import {
  formatByteAmount,
  formatByteCount,
  groupThousands,
  utf8ByteLength,
} from "../../inspector/src/model/frames/bytes.ts";

describe("utf8ByteLength", () => {
  it.each([
    ["empty", "", 0],
    ["ascii", "hello", 5],
    ["two-byte (é)", "é", 2],
    ["three-byte (✓)", "✓", 3],
    ["four-byte emoji (surrogate pair)", "😀", 4],
    ["mixed", "a é ✓ 😀", 1 + 1 + 2 + 1 + 3 + 1 + 4],
    ["lone high surrogate encodes as U+FFFD", "\ud800", 3],
    ["lone low surrogate encodes as U+FFFD", "\udc00x", 4],
    ["high surrogate at end", "ab\ud83d", 5],
  ])("%s", (_name, text, expected) => {
    expect(utf8ByteLength(text)).toBe(expected);
    expect(utf8ByteLength(text)).toBe(Buffer.byteLength(text, "utf8"));
  });
});

describe("formatters", () => {
  it.each([
    [0, "0 B"],
    [15, "15 B"],
    [1234, "1,234 B"],
    [10_485_760, "10,485,760 B"],
  ])("formatByteCount(%d) = %s", (bytes, expected) => {
    expect(formatByteCount(bytes)).toBe(expected);
  });

  it.each([
    [0, "0 B"],
    [1023, "1023 B"],
    [1024, "1.0 KiB"],
    [1536, "1.5 KiB"],
    [12 * 1024 * 1024, "12.0 MiB"],
    [3 * 1024 ** 3, "3.0 GiB"],
  ])("formatByteAmount(%d) = %s", (bytes, expected) => {
    expect(formatByteAmount(bytes)).toBe(expected);
  });

  it.each([
    [0, "0"],
    [999, "999"],
    [1000, "1,000"],
    [1234567, "1,234,567"],
    [-1234.5, "-1,234.5"],
  ])("groupThousands(%d) = %s", (n, expected) => {
    expect(groupThousands(n)).toBe(expected);
  });
});
