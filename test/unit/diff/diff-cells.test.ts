import { describe, expect, it } from "vitest";
import {
  changeCells,
  diffRowCount,
  MAX_CELL_CHARS,
  offsetCell,
  valueCell,
} from "../../../inspector/src/model/diff/diff-cells.ts";

describe("valueCell", () => {
  let deep: unknown = 1;
  for (let level = 0; level < 20_000; level++) deep = [deep];
  it.each([
    ["no value", undefined, ""],
    ["a string, quoted", "a\nb", '"a\\nb"'],
    ["a number", 1.5, "1.5"],
    ["null", null, "null"],
    ["an object, compact", { a: [1, 2], b: "x" }, '{"a":[1,2],"b":"x"}'],
    ["a long string, cut", "x".repeat(400), `"${"x".repeat(MAX_CELL_CHARS - 1)}…`],
    ["too deep to stringify", deep, "(too deep to show)"],
  ])("%s", (_name, value, expected) => {
    expect(valueCell(value)).toBe(expected);
  });
});

describe("changeCells", () => {
  it.each([
    [
      "changed",
      { path: "$.a", kind: "changed" as const, left: 1, right: 2 },
      { left: "1", right: "2" },
    ],
    ["added", { path: "$.b", kind: "added" as const, right: "x" }, { left: "", right: '"x"' }],
    ["removed", { path: "$.c", kind: "removed" as const, left: true }, { left: "true", right: "" }],
    [
      "moved",
      { path: "$.items[0]", kind: "moved" as const, left: { id: 1 }, to: 2 },
      { left: '{"id":1}', right: "moved to [2]" },
    ],
  ])("%s", (_name, change, expected) => {
    expect(changeCells(change)).toEqual(expected);
  });
});

describe("offsetCell and diffRowCount", () => {
  it.each([
    [undefined, ""],
    [0, "00000000"],
    [16, "00000010"],
    [0x1234abcd, "1234abcd"],
  ])("offset %s is %j", (offset, expected) => {
    expect(offsetCell(offset)).toBe(expected);
  });
  it("counts changes, rows, or nothing when too big", () => {
    expect(
      diffRowCount({ kind: "json", by: "JSON", changes: [{ path: "$", kind: "added" }] }),
    ).toBe(1);
    expect(diffRowCount({ kind: "text", rows: [{ kind: "same" }, { kind: "added" }] })).toBe(2);
    expect(diffRowCount({ kind: "too-big", message: "x" })).toBe(0);
  });
});
