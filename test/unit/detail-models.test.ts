import { describe, expect, it } from "vitest";
import {
  hexDump,
  hexDumpLine,
  hexDumpLineCount,
} from "../../inspector/src/model/detail/hex-dump.ts";
import {
  childCount,
  childrenOf,
  jsonSummary,
  parseJson,
} from "../../inspector/src/model/detail/json.ts";
import {
  decodeBase64,
  decodeUtf8,
  encodeBase64,
  payloadBytes,
} from "../../inspector/src/model/frames/codecs.ts";

const ascii = (text: string) => new TextEncoder().encode(text);

describe("hex dump", () => {
  it.each([
    [
      "a full line",
      ascii("sending this utf8 text"),
      0,
      "00000000: 7365 6e64 696e 6720 7468 6973 2075 7466  sending this utf",
    ],
    [
      "a short last line",
      ascii("sending this utf8 text"),
      1,
      "00000010: 3820 7465 7874                           8 text",
    ],
    [
      "unprintable bytes as dots",
      new Uint8Array([0, 9, 10, 0x7f, 0x80, 0xff, 0x41]),
      0,
      "00000000: 0009 0a7f 80ff 41                        ......A",
    ],
    ["one byte", new Uint8Array([0xab]), 0, "00000000: ab                                       ."],
  ])("%s", (_name, bytes, line, expected) => {
    expect(hexDumpLine(bytes, line)).toBe(expected);
  });

  it("counts lines and numbers offsets in hex", () => {
    const bytes = new Uint8Array(300);
    expect(hexDumpLineCount(300)).toBe(19);
    expect(hexDumpLineCount(0)).toBe(0);
    expect(hexDumpLine(bytes, 18).startsWith("00000120: 0000 0000 0000 0000 0000 0000")).toBe(true);
    expect(hexDump(ascii("hi"))).toBe("00000000: 6869                                     hi");
  });

  it("makes one line of a 10 MB frame without touching the rest", () => {
    const big = new Uint8Array(10 * 1024 * 1024);
    big[big.length - 1] = 0x41;
    const last = hexDumpLineCount(big.length) - 1;
    expect(hexDumpLine(big, last)).toBe(
      "009ffff0: 0000 0000 0000 0000 0000 0000 0000 0041  ...............A",
    );
  });
});

describe("codecs", () => {
  it.each([
    ["", ""],
    ["f", "Zg=="],
    ["fo", "Zm8="],
    ["foo", "Zm9v"],
    ["✓", "4pyT"],
  ])("base64 of %j is %s and back", (text, encoded) => {
    expect(encodeBase64(ascii(text))).toBe(encoded);
    expect(decodeUtf8(decodeBase64(encoded) ?? new Uint8Array([0xff]))).toBe(text);
  });

  it("encodes large payloads without overflowing the stack", () => {
    const big = new Uint8Array(3 * 1024 * 1024).fill(0xff);
    expect(encodeBase64(big)).toHaveLength(4 * 1024 * 1024);
  });

  it.each(["not base64!", "abcde", "Zg=\n=x"])("rejects %j", (text) => {
    expect(decodeBase64(text)).toBeNull();
  });

  it("accepts whitespace in base64", () => {
    expect(decodeBase64("Zm9v\n Zm9v")).toEqual(ascii("foofoo"));
  });

  it("refuses invalid UTF-8 instead of substituting", () => {
    expect(decodeUtf8(new Uint8Array([0xc3, 0x28]))).toBeNull();
    expect(decodeUtf8(ascii("ok"))).toBe("ok");
  });

  it("gives text payloads as UTF-8 bytes and binary as is", () => {
    expect(payloadBytes("é")).toEqual(new Uint8Array([0xc3, 0xa9]));
    expect(payloadBytes(new Uint8Array([1, 2]).buffer)).toEqual(new Uint8Array([1, 2]));
  });
});

describe("JSON", () => {
  it.each([
    ['{"a":1}', { a: 1 }],
    ["[1,2]", [1, 2]],
    ["null", null],
    ['"text"', "text"],
    ["  42 ", 42],
    ["true", true],
  ])("parses %s", (text, value) => {
    expect(parseJson(text)).toEqual({ value });
  });

  it.each(["", "hello", "{bad", "[1,", "undefined", "<b>x</b>"])("returns null for %j", (text) => {
    expect(parseJson(text)).toBeNull();
  });

  it("pages through large containers", () => {
    const big = Array.from({ length: 100_000 }, (_, i) => i);
    expect(childCount(big)).toBe(100_000);
    expect(childrenOf(big, 99_998, 100_100)).toEqual([
      ["99998", 99_998],
      ["99999", 99_999],
    ]);
    expect(childrenOf({ a: 1, b: [2] }, 0, 10)).toEqual([
      ["a", 1],
      ["b", [2]],
    ]);
  });

  it.each([
    [{ a: 1, b: 2 }, "{…} 2 keys"],
    [{ a: 1 }, "{…} 1 key"],
    [[1, 2, 3], "[…] 3 items"],
    [[], "[…] 0 items"],
    ["text", '"text"'],
    [null, "null"],
    [1.5, "1.5"],
  ])("summarises %j as %s", (value, summary) => {
    expect(jsonSummary(value)).toBe(summary);
  });
});
