import { describe, expect, it } from "vitest";
import { decodeRaw } from "../../../../inspector/src/model/decoders/protobuf/raw.ts";
import { hex } from "./fixtures.ts";

/**
 * The raw wire format, without a schema: the examples of the protobuf encoding guide
 * (https://protobuf.dev/programming-guides/encoding/), then hostile bytes, which must come back
 * as an error that says what and where, fast, and never as a throw or a hang.
 */
describe("decodeRaw: field numbers, wire types and guesses", () => {
  it.each([
    ["a varint (150)", "08 96 01", { 1: 150 }],
    ["a string", "12 07 74 65 73 74 69 6e 67", { 2: "testing" }],
    ["a nested message", "1a 03 08 96 01", { 3: { 1: 150 } }],
    ["a repeated field", "08 01 08 02 08 03", { 1: [1, 2, 3] }],
    [
      "packed varints, with no schema to say so, as bytes",
      "22 03 01 02 03",
      { 4: { $bytes: "010203" } },
    ],
    ["an empty length-delimited field", "12 00", { 2: "" }],
    [
      "a 32-bit field",
      "2d 00 00 c0 3f",
      { 5: { $fixed32: "0x3fc00000", float: 1.5, int: 1069547520 } },
    ],
    [
      "a 64-bit field",
      "31 00 00 00 00 00 00 f8 3f",
      { 6: { $fixed64: "0x3ff8000000000000", double: 1.5, int: "4609434218613702656" } },
    ],
    [
      "a negative int64 (ten-byte varint)",
      "08 ff ff ff ff ff ff ff ff ff 01",
      { 1: "18446744073709551615" },
    ],
    ["a group", "0b 10 05 0c", { 1: { $group: { 2: 5 } } }],
    ["text with a line break stays text", "0a 03 61 0a 62", { 1: "a\nb" }],
    ["bytes that are neither text nor a message", "0a 02 ff fe", { 1: { $bytes: "fffe" } }],
    ["an empty payload", "", {}],
  ])("%s", (_name, bytes, value) => {
    const decoded = decodeRaw(hex(bytes));
    expect(decoded).toMatchObject({ ok: true, value });
  });

  it("counts the fields it read", () => {
    expect(decodeRaw(hex("08 01 1a 03 08 96 01"))).toEqual({
      ok: true,
      value: { 1: 1, 3: { 1: 150 } },
      fields: 3,
    });
  });

  it("keeps __proto__ and friends as plain keys", () => {
    // Field numbers are never such names, but nested guesses must not touch prototypes either.
    const decoded = decodeRaw(hex("0a 02 08 01"));
    expect(decoded.ok && Object.getPrototypeOf(decoded.value)).toBe(Object.prototype);
  });
});

describe("decodeRaw on hostile input: an error with what and where, never a throw or a hang", () => {
  const deep = (levels: number, open: number[], close: number[]) =>
    Uint8Array.from([...Array(levels).fill(open).flat(), ...Array(levels).fill(close).flat()]);
  const varint = (value: number) => {
    const out: number[] = [];
    let rest = value;
    while (rest > 0x7f) {
      out.push((rest & 0x7f) | 0x80);
      rest >>>= 7;
    }
    out.push(rest);
    return out;
  };
  /** Field 1 holding field 1 holding… `levels` deep, around `08 01`. */
  const nestedMessages = (levels: number) => {
    const sizes = [2];
    for (let i = 0; i < levels; i++) {
      const inner = sizes[i] as number;
      sizes.push(1 + varint(inner).length + inner);
    }
    const out: number[] = [];
    for (let i = levels; i > 0; i--) out.push(0x0a, ...varint(sizes[i - 1] as number));
    out.push(0x08, 0x01);
    return Uint8Array.from(out);
  };

  it.each([
    ["a truncated varint", "08 96", "A varint is cut off at byte 1"],
    ["a truncated tag", "80", "A varint is cut off at byte 0"],
    [
      "a varint longer than 10 bytes",
      "08 ff ff ff ff ff ff ff ff ff ff 01",
      "A varint runs longer than 10 bytes at byte 1",
    ],
    [
      "a varint past 64 bits",
      "08 ff ff ff ff ff ff ff ff ff 02",
      "A varint overflows 64 bits at byte 1",
    ],
    [
      "a length past the end",
      "0a 05 61 62",
      "A length of 5 runs past the end (2 bytes are left) at byte 1",
    ],
    [
      "a huge length",
      "0a ff ff ff ff ff ff ff ff 7f",
      "A length of 9223372036854775807 runs past the end (0 bytes are left) at byte 1",
    ],
    ["field number 0", "00 01", "Field number 0 is not allowed at byte 0"],
    ["wire type 6", "0e", "Wire type 6 does not exist at byte 0"],
    ["a 32-bit field cut short", "0d 01 02", "4 bytes are needed, only 2 are left at byte 1"],
    ["an end group with no group", "0c", "An end of group 1 came with no group open at byte 0"],
    ["an end group of another group", "0b 14", "An end of group 2 came inside group 1 at byte 1"],
    ["a group never closed", "0b 08 01", "Group 1 is never closed at byte 3"],
  ])("%s", (_name, bytes, error) => {
    expect(decodeRaw(hex(bytes))).toEqual({ ok: false, error });
  });

  it("10,000 nested groups stop at the depth limit", () => {
    const started = performance.now();
    const decoded = decodeRaw(deep(10_000, [0x0b], [0x0c]));
    expect(decoded).toEqual({ ok: false, error: "Groups nest deeper than 64 levels at byte 64" });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("10,000 nested messages decode to the depth limit, the rest as bytes, in linear time", () => {
    const bytes = nestedMessages(10_000);
    const started = performance.now();
    const decoded = decodeRaw(bytes);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(decoded.ok).toBe(true);
    let level: unknown = decoded.ok ? decoded.value : undefined;
    let depth = 0;
    while (typeof level === "object" && level !== null && "1" in level) {
      level = (level as Record<string, unknown>)["1"];
      depth++;
    }
    // 64 message levels, then the rest as one leaf of bytes.
    expect(depth).toBe(64);
    expect(Object.keys(level as object)).toEqual(["$bytes"]);
  });

  it("a million one-byte fields stop at the field limit", () => {
    const bytes = new Uint8Array(2_000_000);
    for (let i = 0; i < bytes.length; i += 2) bytes[i] = 0x08;
    const decoded = decodeRaw(bytes);
    expect(decoded).toEqual({ ok: false, error: "More than 100000 fields at byte 200000" });
  });

  it("random bytes never throw", () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let run = 0; run < 2000; run++) {
      const bytes = Uint8Array.from({ length: Math.floor(random() * 64) }, () =>
        Math.floor(random() * 256),
      );
      expect(() => decodeRaw(bytes)).not.toThrow();
    }
  });
});
