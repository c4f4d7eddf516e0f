import type protobuf from "protobufjs";
import { describe, expect, it } from "vitest";
import { decodeMessage } from "../../../../inspector/src/model/decoders/protobuf/decode-message.ts";
import {
  describeFit,
  rankTypes,
} from "../../../../inspector/src/model/decoders/protobuf/detect.ts";
import { encodeMessage } from "../../../../inspector/src/model/decoders/protobuf/encode-message.ts";
import {
  decodeProtobufRaw,
  decodeWithSchema,
} from "../../../../inspector/src/model/decoders/protobuf/index.ts";
import { loadProtoFiles } from "../../../../inspector/src/model/decoders/protobuf/schema.ts";
import { hex, protoFixtures, toSpacedHex } from "./fixtures.ts";

const loaded = loadProtoFiles(protoFixtures("common.proto", "market.proto", "legacy.proto"));
if (!loaded.ok) throw new Error(loaded.error);
const schema = loaded.schema;
const typeOf = (name: string): protobuf.Type => {
  const type = schema.type(name);
  if (!type) throw new Error(`no ${name}`);
  return type;
};

/**
 * protobufjs's own encoder (its generated code is fine in a test) writes the fixtures, so the
 * decoder is checked against an independent implementation; golden trees pin the output.
 */
function oracleEncode(typeName: string, object: Record<string, unknown>): Uint8Array {
  const type = typeOf(typeName);
  // A copy: protobufjs hands back a view into a shared Buffer pool.
  return Uint8Array.from(type.encode(type.fromObject(object)).finish());
}

describe("decoding with a schema: golden trees", () => {
  it.each([
    [
      "nested messages, a oneof and an enum",
      "market.Envelope",
      { seq: 7, trade: { symbol: "ACME", price: 12.5, qty: 300, side: 2 } },
      { seq: 7, trade: { symbol: "ACME", price: 12.5, qty: 300, side: "SELL" } },
    ],
    [
      "repeated strings and packed sint32",
      "market.Envelope",
      { tags: ["a", "b"], deltas: [-1, 0, 5, -300] },
      { tags: ["a", "b"], deltas: [-1, 0, 5, -300] },
    ],
    [
      "a map, an imported message and a well-known type",
      "market.Envelope",
      {
        counters: { x: 1, y: "-9007199254740993" },
        meta: { source: "feed", created_ms: 1_700_000_000_000 },
        at: { seconds: 1_700_000_000, nanos: 5 },
      },
      {
        counters: { x: 1, y: "-9007199254740993" },
        meta: { source: "feed", created_ms: 1_700_000_000_000 },
        at: { seconds: 1_700_000_000, nanos: 5 },
      },
    ],
    [
      "a recursive nested type, bytes and fixed64",
      "market.Envelope",
      {
        book: { depth: 1, child: { depth: 2, child: { depth: -3 } } },
        blob: Uint8Array.of(0, 1, 255),
        checksum: "18446744073709551615",
      },
      {
        book: { depth: 1, child: { depth: 2, child: { depth: -3 } } },
        blob: { $bytes: "0001ff" },
        checksum: "18446744073709551615",
      },
    ],
    ["an empty message", "market.Heartbeat", {}, {}],
    [
      "proto2: a group, unpacked and packed repeated, sfixed32",
      "legacy.Record",
      { id: 1, item: { name: "x" }, unpacked: [1, 2], packed: [3, 4], offset: -5 },
      { id: 1, item: { name: "x" }, unpacked: [1, 2], packed: [3, 4], offset: -5 },
    ],
  ])("%s", (_name, typeName, object, tree) => {
    const decoded = decodeMessage(typeOf(typeName), oracleEncode(typeName, object));
    expect(decoded).toEqual({
      ok: true,
      value: tree,
      stats: expect.objectContaining({ unknown: 0, problems: [] }),
    });
  });

  it("puts fields the type does not know under $unknown, raw", () => {
    // Trade has fields 1-4; 9 and 10 are not in it.
    const bytes = hex("0a 04 41 43 4d 45 48 2a 52 02 08 01");
    expect(decodeMessage(typeOf("market.Trade"), bytes)).toEqual({
      ok: true,
      value: { symbol: "ACME", $unknown: { 9: 42, 10: { 1: 1 } } },
      stats: { known: 1, unknown: 2, problems: [] },
    });
  });

  it("names a field whose wire type does not fit", () => {
    // symbol (field 1) is a string but comes as a varint.
    const decoded = decodeMessage(typeOf("market.Trade"), hex("08 05"));
    expect(decoded).toEqual({
      ok: true,
      value: { $unknown: { 1: 5 } },
      stats: {
        known: 0,
        unknown: 0,
        problems: [
          "symbol (field 1) is string, sent as length-delimited, but came as varint at byte 0",
        ],
      },
    });
  });

  it("reports a string that is not UTF-8, keeping its bytes", () => {
    const decoded = decodeMessage(typeOf("market.Trade"), hex("0a 02 ff fe"));
    expect(decoded).toMatchObject({
      ok: true,
      value: { symbol: { $bytes: "fffe" } },
      stats: { problems: ["symbol is a string but is not valid UTF-8 at byte 1"] },
    });
  });

  it("keeps unknown enum numbers as numbers", () => {
    expect(decodeMessage(typeOf("market.Trade"), hex("20 09"))).toMatchObject({
      ok: true,
      value: { side: 9 },
    });
  });

  it("stops a 10,000-deep recursive message at the depth limit", () => {
    const levels = 10_000;
    const sizes = [0];
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
    for (let i = 0; i < levels; i++)
      sizes.push(1 + varint(sizes[i] as number).length + (sizes[i] as number));
    const out: number[] = [];
    for (let i = levels; i > 0; i--) out.push(0x0a, ...varint(sizes[i - 1] as number));
    const decoded = decodeMessage(typeOf("market.Node"), Uint8Array.from(out));
    expect(decoded).toEqual({
      ok: false,
      error: "Messages nest deeper than 64 levels at byte 257",
    });
  });

  it.each([
    ["a cut-off length", "0a 05 41", "A length of 5 runs past the end (1 byte is left) at byte 1"],
    ["a truncated varint", "18 ff", "A varint is cut off at byte 1"],
  ])("fails on %s", (_name, bytes, error) => {
    expect(decodeMessage(typeOf("market.Trade"), hex(bytes))).toEqual({ ok: false, error });
  });

  it("summarises a decode for the Decoded tab", () => {
    const bytes = oracleEncode("market.Envelope", { seq: 1, tags: ["a"] });
    expect(decodeWithSchema(schema, "market.Envelope", bytes.slice().buffer)).toMatchObject({
      ok: true,
      decoded: { summary: "Protobuf market.Envelope: 2 fields" },
    });
    expect(decodeWithSchema(schema, "market.Trade", hex("08 05").buffer)).toMatchObject({
      ok: true,
      decoded: { summary: "Protobuf market.Trade: 0 fields, 1 problem" },
    });
    expect(decodeWithSchema(schema, "no.Such", new ArrayBuffer(0))).toEqual({
      ok: false,
      error: "The schema has no message type no.Such",
    });
    expect(decodeProtobufRaw(hex("08 96 01").buffer)).toEqual({
      summary: "Protobuf (no schema): 1 field",
      value: { 1: 150 },
    });
    expect(decodeProtobufRaw("text")).toBeNull();
  });
});

describe("encoding JSON as protobuf", () => {
  it("writes what protobufjs reads back, golden bytes included", () => {
    const value = {
      seq: 7,
      trade: { symbol: "ACME", price: 12.5, qty: "300", side: "SELL" },
      tags: ["a"],
      counters: { x: -1 },
      deltas: [-1, 2],
      blob: "AAH/",
      checksum: "18446744073709551615",
    };
    const encoded = encodeMessage(typeOf("market.Envelope"), value);
    if (!encoded.ok) throw new Error(encoded.error);
    expect(toSpacedHex(encoded.bytes)).toBe(
      "08 07 12 14 0a 04 41 43 4d 45 11 00 00 00 00 00 00 29 40 18 ac 02 20 02 2a 01 61 32 0e 0a 01 78 10 ff ff ff ff ff ff ff ff ff 01 42 02 01 04 5a 03 00 01 ff 61 ff ff ff ff ff ff ff ff",
    );
    const type = typeOf("market.Envelope");
    expect(
      type.toObject(type.decode(encoded.bytes), { longs: String, enums: String, bytes: String }),
    ).toEqual({
      seq: "7",
      trade: { symbol: "ACME", price: 12.5, qty: "300", side: "SELL" },
      tags: ["a"],
      counters: { x: "-1" },
      deltas: [-1, 2],
      blob: "AAH/",
      checksum: "18446744073709551615",
    });
  });

  it("round-trips a decoded tree, $bytes and all", () => {
    const bytes = oracleEncode("legacy.Record", {
      id: 3,
      item: { name: "n" },
      unpacked: [1],
      packed: [2, 3],
    });
    const decoded = decodeMessage(typeOf("legacy.Record"), bytes);
    if (!decoded.ok) throw new Error(decoded.error);
    const again = encodeMessage(typeOf("legacy.Record"), decoded.value);
    expect(again.ok && toSpacedHex(again.bytes)).toBe(toSpacedHex(bytes));
  });

  it.each([
    [{ seq: "x" }, 'seq: is uint64: expected an integer, got "x"'],
    [{ seq: -1 }, "seq: is uint64: -1 is out of range (0 to 18446744073709551615)"],
    [{ trade: { price: "cheap" } }, 'trade.price: is double: expected a number, got "cheap"'],
    [
      { trade: { side: "UP" } },
      'trade.side: "UP" is not a value of Side (its values: SIDE_UNSPECIFIED, BUY, SELL)',
    ],
    [
      { trade: { colour: 1 } },
      "trade.colour: market.Trade has no such field (its fields: symbol, price, qty, side)",
    ],
    [{ tags: "a" }, 'tags: is repeated: expected a list, got "a"'],
    [{ tags: ["a", 2] }, "tags[1]: is a string: got 2"],
    [{ counters: { x: 1.5 } }, 'counters["x"]: is int64: expected an integer, got 1.5'],
    [{ trade: {}, quote: {} }, 'quote: "trade" is set already, and both are one of "body"'],
    [{ blob: "%%" }, 'blob: is bytes: expected base64, got "%%"'],
    [{ book: [] }, "book: Level is a message: expected an object, got a list"],
    [
      { seq: 2 ** 60 },
      "seq: is uint64: 1152921504606847000 is past 2^53, where JSON numbers lose precision: write it in quotes, as text",
    ],
    [[], "Envelope is a message: expected an object, got a list"],
  ])("names the field: %j", (value, error) => {
    expect(encodeMessage(typeOf("market.Envelope"), value)).toEqual({ ok: false, error });
  });

  it("names a missing required field (proto2)", () => {
    expect(encodeMessage(typeOf("legacy.Record"), {})).toEqual({
      ok: false,
      error: "id: is required in Record",
    });
  });

  it("refuses nesting past 64 levels instead of overflowing the stack", () => {
    let value: Record<string, unknown> = { depth: 1 };
    for (let i = 0; i < 10_000; i++) value = { child: value };
    const encoded = encodeMessage(typeOf("market.Envelope.Level"), value);
    expect(encoded.ok).toBe(false);
    expect(!encoded.ok && encoded.error).toMatch(/messages nest deeper than 64 levels$/);
  });
});

describe("Detect: types ranked by how cleanly each decodes", () => {
  it("ranks the type that explains every field first", () => {
    const bytes = oracleEncode("market.Trade", { symbol: "ACME", price: 1.5, qty: 3, side: 1 });
    const ranked = rankTypes(schema, bytes);
    expect(ranked[0]).toMatchObject({ type: "market.Trade", clean: true, known: 4 });
    expect(describeFit(ranked[0] as never)).toBe("clean: 4 fields");
    // Quote shares field 1 (symbol), but its field 2 is a float, not a double.
    const quote = ranked.find((fit) => fit.type === "market.Quote");
    expect(quote?.clean).toBe(false);
    expect(ranked.findIndex((fit) => fit.type === "market.Quote")).toBeGreaterThan(0);
  });

  it("prefers the type the payload fills best when several decode cleanly", () => {
    // Only field 1 (a string): Trade, Quote and Meta all read it; none more cleanly.
    const bytes = oracleEncode("common.Meta", { source: "x" });
    const clean = rankTypes(schema, bytes)
      .filter((fit) => fit.clean)
      .map((fit) => fit.type);
    expect(clean.slice(0, 3)).toEqual(["common.Meta", "market.Quote", "market.Trade"]);
  });

  it("puts types that cannot decode the bytes last, with why", () => {
    const ranked = rankTypes(schema, hex("0a 05 41"));
    expect(ranked.every((fit) => fit.error !== undefined)).toBe(true);
    expect(describeFit(ranked[0] as never)).toBe(
      "does not decode: A length of 5 runs past the end (1 byte is left) at byte 1",
    );
  });
});
