import { describe, expect, it } from "vitest";
import { diffBytes } from "../../../inspector/src/model/diff/byte-diff.ts";
import { diffFrames, diffSummary, isSame } from "../../../inspector/src/model/diff/frame-diff.ts";
import { diffJson, pathStep } from "../../../inspector/src/model/diff/json-diff.ts";
import { sameTypeKey } from "../../../inspector/src/model/diff/same-type.ts";
import { diffText } from "../../../inspector/src/model/diff/text-diff.ts";

const bytes = (...values: number[]) => Uint8Array.from(values);
const buffer = (...values: number[]) => Uint8Array.from(values).buffer;

describe("structural JSON diff", () => {
  it.each([
    ["identical", { a: 1 }, { a: 1 }, []],
    ["a changed value", { a: 1 }, { a: 2 }, [{ path: "$.a", kind: "changed", left: 1, right: 2 }]],
    ["an added key", {}, { b: [1] }, [{ path: "$.b", kind: "added", right: [1] }]],
    ["a removed key", { c: null }, {}, [{ path: "$.c", kind: "removed", left: null }]],
    [
      "a nested change under an odd key",
      { "odd key": { x: true } },
      { "odd key": { x: false } },
      [{ path: '$["odd key"].x', kind: "changed", left: true, right: false }],
    ],
    [
      "an item inserted in a list with ids: one addition, nothing shifted",
      {
        items: [
          { id: 1, v: "a" },
          { id: 2, v: "b" },
        ],
      },
      {
        items: [
          { id: 0, v: "z" },
          { id: 1, v: "a" },
          { id: 2, v: "b" },
        ],
      },
      [{ path: "$.items[0]", kind: "added", right: { id: 0, v: "z" } }],
    ],
    [
      "a reorder: a move",
      { items: [{ id: 1 }, { id: 2 }, { id: 3 }] },
      { items: [{ id: 3 }, { id: 1 }, { id: 2 }] },
      [{ path: "$.items[2]", kind: "moved", left: { id: 3 }, to: 0 }],
    ],
    [
      "a changed item in place",
      { items: [{ id: 1, price: 10 }] },
      { items: [{ id: 1, price: 11 }] },
      [{ path: "$.items[0].price", kind: "changed", left: 10, right: 11 }],
    ],
    [
      "a removed list item",
      { tags: ["a", "b", "c"] },
      { tags: ["a", "c"] },
      [{ path: "$.tags[1]", kind: "removed", left: "b" }],
    ],
    [
      "a type change",
      { a: [1] },
      { a: { 0: 1 } },
      [{ path: "$.a", kind: "changed", left: [1], right: { 0: 1 } }],
    ],
  ])("%s", (_name, left, right, changes) => {
    expect(diffJson(left, right)).toEqual(changes);
  });

  it.each([
    ["plain", ".plain"],
    ["$ok_1", ".$ok_1"],
    ["with space", '["with space"]'],
    ["1st", '["1st"]'],
  ])("path step for %s is %s", (key, step) => {
    expect(pathStep(key)).toBe(step);
  });
});

describe("line diff", () => {
  it("pairs a removal and an addition into changed rows, numbering each side", () => {
    expect(diffText("a\nb\nc\n", "a\nB\nc\nd\n")).toEqual([
      { kind: "same", left: { line: 1, text: "a" }, right: { line: 1, text: "a" } },
      { kind: "changed", left: { line: 2, text: "b" }, right: { line: 2, text: "B" } },
      { kind: "same", left: { line: 3, text: "c" }, right: { line: 3, text: "c" } },
      { kind: "added", right: { line: 4, text: "d" } },
    ]);
  });

  it("shows a removal on the left only", () => {
    expect(diffText("x\ny", "y")).toEqual([
      { kind: "removed", left: { line: 1, text: "x" } },
      { kind: "same", left: { line: 2, text: "y" }, right: { line: 1, text: "y" } },
    ]);
  });

  it("gives up on texts too different to diff quickly", () => {
    const left = Array.from({ length: 20_000 }, (_, i) => `l${i}`).join("\n");
    const right = Array.from({ length: 20_000 }, (_, i) => `r${i}`).join("\n");
    expect(diffText(left, right)).toBeNull();
  });
});

describe("byte diff", () => {
  it("aligns an inserted byte so nothing after it differs", () => {
    expect(diffBytes(bytes(1, 2, 3, 4), bytes(1, 2, 9, 3, 4))).toEqual([
      { kind: "same", left: { offset: 0, hex: "01 02" }, right: { offset: 0, hex: "01 02" } },
      { kind: "added", right: { offset: 2, hex: "09" } },
      { kind: "same", left: { offset: 2, hex: "03 04" }, right: { offset: 3, hex: "03 04" } },
    ]);
  });

  it("pairs bytes changed in place", () => {
    expect(diffBytes(bytes(0xaa, 0xbb), bytes(0xaa, 0xcc))).toEqual([
      { kind: "same", left: { offset: 0, hex: "aa" }, right: { offset: 0, hex: "aa" } },
      { kind: "changed", left: { offset: 1, hex: "bb" }, right: { offset: 1, hex: "cc" } },
    ]);
  });

  it("splits long runs into rows of 16 bytes", () => {
    const rows = diffBytes(new Uint8Array(40), new Uint8Array(40));
    expect(
      rows.map((row) => [row.kind, row.left?.offset, row.right?.hex.split(" ").length]),
    ).toEqual([
      ["same", 0, 16],
      ["same", 16, 16],
      ["same", 32, 8],
    ]);
  });

  it("compares very different payloads offset by offset", () => {
    let seed = 1;
    const random = (n: number) =>
      Uint8Array.from({ length: n }, () => {
        seed = (seed * 48271) % 2147483647;
        return seed & 0xff;
      });
    const rows = diffBytes(random(20_000), random(20_010));
    expect(rows.at(-1)).toMatchObject({ kind: "added", right: { offset: 20_000 } });
    expect(rows.filter((row) => row.kind === "changed").length).toBeGreaterThan(1000);
  });
});

describe("comparing frames", () => {
  it.each([
    ["two JSON texts: structurally", '{"a":1}', '{"a":2}', "json", "1 change (JSON)"],
    ["two texts: by lines", "one\ntwo", "one\nthree", "text", "1 line differs"],
    [
      "two binaries: by bytes",
      buffer(1, 2),
      buffer(1, 3),
      "bytes",
      "1 row of bytes differs (2 and 2 bytes)",
    ],
    ["text against binary: by bytes", "AB", buffer(0x41, 0x42), "bytes", "Identical"],
  ])("%s", (_name, left, right, kind, summary) => {
    const diff = diffFrames({ payload: left }, { payload: right });
    expect(diff.kind).toBe(kind);
    expect(diffSummary(diff)).toBe(summary);
  });

  it("compares decoded trees when the same decoder read both", () => {
    const diff = diffFrames(
      { payload: buffer(8, 1), decoded: { by: "Protobuf market.Trade", value: { qty: 1 } } },
      { payload: buffer(8, 2), decoded: { by: "Protobuf market.Trade", value: { qty: 2 } } },
    );
    expect(diff).toEqual({
      kind: "json",
      by: "Protobuf market.Trade",
      changes: [{ path: "$.qty", kind: "changed", left: 1, right: 2 }],
    });
    expect(isSame(diff)).toBe(false);
  });

  it("compares hostile deep JSON by lines, never overflowing the stack", () => {
    const deep = (leaf: string) => `${"[".repeat(10_000)}${leaf}${"]".repeat(10_000)}`;
    const diff = diffFrames({ payload: deep("1") }, { payload: deep("2") });
    expect(diff.kind).toBe("text");
    expect(diffSummary(diff)).toBe("1 line differs");
  });

  it("falls back from decoded trees too deep to compare, to their bytes", () => {
    let left: unknown = 1;
    let right: unknown = 2;
    for (let level = 0; level < 20_000; level++) {
      left = { a: left };
      right = { a: right };
    }
    const diff = diffFrames(
      { payload: buffer(1), decoded: { by: "Custom decoder", value: left } },
      { payload: buffer(2), decoded: { by: "Custom decoder", value: right } },
    );
    expect(diff.kind).toBe("bytes");
  });

  it("refuses frames over 1 MiB, saying so", () => {
    const big = "x".repeat(1024 * 1024 + 1);
    expect(diffSummary(diffFrames({ payload: big }, { payload: "x" }))).toBe(
      "Frames over 1 MiB are not compared: export them and use a diff tool",
    );
  });
});

describe("the same type", () => {
  it.each([
    ["received", "text", '{"type":"tick","seq":1}', undefined, "received/text/type=tick"],
    ["received", "text", '{"op":2}', undefined, "received/text/op=2"],
    ["sent", "text", "plain", undefined, "sent/text"],
    ["received", "binary", buffer(1), "Quote", "received/binary/Quote"],
    ["received", "text", '{"type":{"nested":1}}', undefined, "received/text"],
  ])("%s %s %j (%s) is %s", (direction, kind, payload, label, key) => {
    expect(sameTypeKey(direction, kind, payload, label)).toBe(key);
  });
});
