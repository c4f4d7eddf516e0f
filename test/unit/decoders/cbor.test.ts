import { encode } from "cborg";
import { describe, expect, it } from "vitest";
import { cborDecoder } from "../../../inspector/src/model/decoders/cbor.ts";
import { binary, hex } from "./samples.ts";

describe("CBOR decoder", () => {
  // Most hex samples are from RFC 8949 appendix A.
  it.each([
    [
      "a map",
      binary(encode({ a: 1, b: [true, null, "x"] })),
      "CBOR map, 2 keys",
      { a: 1, b: [true, null, "x"] },
    ],
    ["a map with integer keys", hex("a201020304"), "CBOR map, 2 keys", { 1: 2, 3: 4 }],
    ["an array", hex("83010203"), "CBOR array, 3 items", [1, 2, 3]],
    [
      "indefinite-length arrays",
      hex("9f018202039f0405ffff"),
      "CBOR array, 3 items",
      [1, [2, 3], [4, 5]],
    ],
    [
      "an indefinite-length map",
      hex("bf61610161629f0203ffff"),
      "CBOR map, 2 keys",
      { a: 1, b: [2, 3] },
    ],
    [
      "a tagged date string",
      hex("c074323031332d30332d32315432303a30343a30305a"),
      "CBOR tag 0",
      { $tag: 0, value: "2013-03-21T20:04:00Z" },
    ],
    [
      "a bignum",
      hex("c249010000000000000000"),
      "CBOR tag 2",
      { $tag: 2, value: { $bytes: "010000000000000000" } },
    ],
    ["a byte string", hex("4401020304"), "CBOR byte string", { $bytes: "01020304" }],
    ["a text string", hex("6449455446"), "CBOR text string", "IETF"],
    ["a uint64 beyond 2^53", hex("1bffffffffffffffff"), "CBOR integer", "18446744073709551615"],
    ["a negative int64", hex("3bffffffffffffffff"), "CBOR integer", "-18446744073709551616"],
    ["a small integer", hex("1903e8"), "CBOR integer", 1000],
    ["a half float", hex("f93e00"), "CBOR float", 1.5],
    ["infinity", hex("f97c00"), "CBOR float", { $number: "Infinity" }],
    ["NaN", hex("f97e00"), "CBOR float", { $number: "NaN" }],
    ["false", hex("f4"), "CBOR false", false],
    ["null", hex("f6"), "CBOR null", null],
    ["undefined", hex("f7"), "CBOR undefined", { $undefined: true }],
    [
      "a key named __proto__",
      hex("a1695f5f70726f746f5f5f01"),
      "CBOR map, 1 key",
      JSON.parse('{"__proto__":1}'),
    ],
  ])("decodes %s", (_name, payload, summary, value) => {
    expect(cborDecoder.decode(payload)).toStrictEqual({ summary, value });
  });

  it("keeps a __proto__ key as data, not as the prototype", () => {
    const value = cborDecoder.decode(hex("a1695f5f70726f746f5f5f01"))?.value as object;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(["__proto__"]);
  });

  it.each([
    ["a text frame", "a"],
    ["an empty frame", new ArrayBuffer(0)],
    ["a lone break", hex("ff")],
    ["a cut-off array", hex("8301")],
    ["trailing bytes", hex("0101")],
    ["a simple value", hex("f0")],
    ["a reserved byte", hex("1c")],
    ["a break inside a definite array", hex("8201ff")],
    ["a map key without a value", hex("bf01ff")],
  ])("returns null for %s", (_name, payload) => {
    expect(cborDecoder.decode(payload)).toBeNull();
  });

  it.each([
    ["cbor", true],
    ["wamp.2.cbor", true],
    ["CBOR", true],
    ["cbor-ish", false],
    ["json", false],
  ])("subprotocol %j matches: %s", (protocol, expected) => {
    expect(cborDecoder.matchesSubprotocol(protocol)).toBe(expected);
  });
});
