import { describe, expect, it } from "vitest";
import {
  checkColumnPath,
  columnText,
} from "../../../inspector/src/model/decoders/custom/column.ts";
import { describeError, toTree } from "../../../inspector/src/model/decoders/custom/to-tree.ts";

describe("a custom decoder's result made into a tree", () => {
  it.each([
    ["plain JSON values", { a: [1, "x", true, null] }, { a: [1, "x", true, null] }],
    ["undefined as null", { a: undefined }, { a: null }],
    ["bytes as hex", Uint8Array.of(1, 255), { $bytes: "01ff" }],
    ["a DataView", new DataView(Uint8Array.of(7).buffer), { $bytes: "07" }],
    ["NaN", Number.NaN, { $number: "NaN" }],
    ["a big integer", 2n ** 64n, "18446744073709551616"],
    ["a date", new Date(0), { $date: "1970-01-01T00:00:00.000Z" }],
    ["a map with number keys", new Map([[1, "a"]]), { 1: "a" }],
    ["a set", new Set([1, 2]), [1, 2]],
    ["a function", function named() {}, { $function: "named" }],
    ["a symbol", Symbol("s"), { $symbol: "s" }],
  ])("%s", (_name, value, tree) => {
    expect(toTree(value)).toEqual(tree);
  });

  it("survives cycles, throwing getters and __proto__ keys", () => {
    const cyclic: Record<string, unknown> = { name: "loop" };
    cyclic.self = cyclic;
    expect(toTree(cyclic)).toEqual({ name: "loop", self: { $circular: true } });
    const trap = Object.defineProperty({}, "bad", {
      enumerable: true,
      get() {
        throw new RangeError("nope");
      },
    });
    expect(toTree(trap)).toEqual({ bad: { $error: "RangeError: nope" } });
    const tree = toTree(JSON.parse('{"__proto__": {"polluted": true}}')) as object;
    expect(Object.getPrototypeOf(tree)).toBe(Object.prototype);
    expect(Object.keys(tree)).toEqual(["__proto__"]);
  });

  it("bounds depth, size and length", () => {
    let deep: unknown = "end";
    for (let i = 0; i < 10_000; i++) deep = [deep];
    let node = toTree(deep);
    let depth = 0;
    while (Array.isArray(node)) {
      node = node[0];
      depth++;
    }
    expect(depth).toBe(32);
    expect(node).toEqual({ $truncated: "deeper than 32 levels" });
    const long = toTree(new Array(20_000).fill(1)) as unknown[];
    expect(long).toHaveLength(10_001);
    expect(long.at(-1)).toEqual({ $truncated: "10000 more" });
    expect((toTree("x".repeat(200_000)) as string).length).toBe(100_001);
  });

  it.each([
    [new TypeError("x is not a function"), "TypeError: x is not a function"],
    ["plain", 'Threw "plain"'],
    [42, "Threw 42"],
  ])("describes a throw of %s", (error, text) => {
    expect(describeError(error)).toBe(text);
  });
});

describe("a column filled from the decoded tree", () => {
  it.each([
    [{ type: "login" }, "type", "login"],
    [{ type: "login" }, "$.type", "login"],
    [{ header: { kind: 3 } }, "$.header.kind", "3"],
    [{ items: [{ id: "a" }] }, "$.items[0].id", "a"],
    ["whole", "$", "whole"],
    [{ type: null }, "type", "null"],
    [{}, "type", ""],
    [{ type: "x" }, "", ""],
    [{ type: "y".repeat(300) }, "type", `${"y".repeat(200)}…`],
  ])("%j at %s is %s", (tree, path, text) => {
    expect(columnText(tree, path)).toBe(text);
  });

  it("checks a path", () => {
    expect(checkColumnPath("type")).toBeUndefined();
    expect(checkColumnPath("$.a[0]")).toBeUndefined();
    expect(checkColumnPath("a b")).toBe(
      '"a b" is not a path: use a name (type) or a JSON path ($.header.kind)',
    );
  });
});
