import { encode } from "@msgpack/msgpack";
import { describe, expect, it } from "vitest";
import { msgpackDecoder } from "../../../inspector/src/model/decoders/msgpack.ts";
import { binary, hex } from "./samples.ts";

describe("MessagePack decoder", () => {
  it.each([
    [
      "a map",
      binary(encode({ a: 1, b: [true, null, "x"], f: 1.5 })),
      "MessagePack map, 3 keys",
      { a: 1, b: [true, null, "x"], f: 1.5 },
    ],
    ["an array", hex("93010203"), "MessagePack array, 3 items", [1, 2, 3]],
    ["a bin", hex("c403010203"), "MessagePack bin, 3 bytes", { $bytes: "010203" }],
    [
      "a map with integer keys",
      hex("8201a16102a162"),
      "MessagePack map, 2 keys",
      { 1: "a", 2: "b" },
    ],
    ["a map with an array key", hex("81920102a178"), "MessagePack map, 1 key", { "[1,2]": "x" }],
    ["a negative fixint", hex("ff"), "MessagePack integer", -1],
    [
      "a uint64 beyond 2^53",
      hex("cfffffffffffffffff"),
      "MessagePack integer",
      "18446744073709551615",
    ],
    ["a small int64", hex("d3ffffffffffffffff"), "MessagePack integer", -1],
    ["a float", hex("cb3ff8000000000000"), "MessagePack float", 1.5],
    ["nil", hex("c0"), "MessagePack nil", null],
    ["an ext", hex("d405ff"), "MessagePack ext 5", { $ext: 5, data: "ff" }],
    [
      "a timestamp",
      binary(encode(new Date(0))),
      "MessagePack timestamp",
      { $timestamp: "1970-01-01T00:00:00.000Z" },
    ],
  ])("decodes %s", (_name, payload, summary, value) => {
    expect(msgpackDecoder.decode(payload)).toStrictEqual({ summary, value });
  });

  it.each([
    ["a text frame, even one that is a valid fixint", "1"],
    ["an empty frame", new ArrayBuffer(0)],
    ["the never-used byte 0xc1", hex("c1")],
    ["a cut-off map", hex("81a161")],
    ["trailing bytes", hex("0102")],
    ["an array longer than the frame", hex("ddffffffff01")],
    ["a string key __proto__", hex("81a95f5f70726f746f5f5f01")],
  ])("returns null for %s", (_name, payload) => {
    expect(msgpackDecoder.decode(payload)).toBeNull();
  });

  it.each([
    ["msgpack", true],
    ["messagepack", true],
    ["wamp.2.msgpack", true],
    ["x-msgpack", true],
    ["msgpackish", false],
    ["json", false],
  ])("subprotocol %j matches: %s", (protocol, expected) => {
    expect(msgpackDecoder.matchesSubprotocol(protocol)).toBe(expected);
  });
});
