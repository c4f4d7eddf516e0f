import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nestingDepth, parseJson } from "../../../echo-server/protocol/json-guard.ts";

const nested = (depth: number, open = "[", close = "]") => open.repeat(depth) + close.repeat(depth);

/** The actual nesting depth of a parsed value (0 for a scalar). */
function depthOf(value: unknown): number {
  if (value === null || typeof value !== "object") return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...children.map(depthOf));
}

describe("nestingDepth", () => {
  it.each([
    ["1", 0],
    ['"[[[["', 0],
    ["[]", 1],
    ['{"a":[1,{"b":[]}]}', 4],
    ['["\\"[", ["]"]]', 2],
    ['"\\\\"', 0],
    [nested(10_000), 10_000],
    ["[[[", 3],
  ])("%s → %i", (text, depth) => {
    expect(nestingDepth(text)).toBe(depth);
  });
});

describe("parseJson", () => {
  it.each([
    ['{"a":1}', { ok: true, value: { a: 1 } }],
    ["[1,2]", { ok: true, value: [1, 2] }],
    [nested(64), { ok: true }],
    [nested(65), { ok: false, code: "too_deep", message: "JSON nests deeper than 64 levels" }],
    [
      nested(10_000, '{"a":', "}").replace(/}+$/, "1}"),
      { ok: false, code: "too_deep", message: "JSON nests deeper than 64 levels" },
    ],
    ["{bad", { ok: false, code: "bad_json" }],
    ["", { ok: false, code: "bad_json" }],
  ])("%#: %s", (text, expected) => {
    expect(parseJson(text)).toMatchObject(expected);
  });

  it("refuses text over the length limit before parsing it", () => {
    expect(parseJson("[1,2,3]", { maxLength: 5 })).toEqual({
      ok: false,
      code: "too_large",
      message: "JSON text is longer than 5 characters",
    });
  });

  it("agrees with JSON.parse on every value within the limits", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 10 }), (value) => {
        const text = JSON.stringify(value);
        const result = parseJson(text);
        expect(result).toEqual({ ok: true, value: JSON.parse(text) });
        expect(nestingDepth(text)).toBe(depthOf(value));
      }),
      { numRuns: 500 },
    );
  });

  it("never throws, and a value it accepts can be serialized again", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.json(), fc.stringMatching(/^[[{"\]}:,\\0-9a]{0,300}$/)),
        fc.integer({ min: 1, max: 100 }),
        (text, maxDepth) => {
          const result = parseJson(text, { maxDepth });
          if (result.ok) {
            expect(depthOf(result.value)).toBeLessThanOrEqual(maxDepth);
            expect(() => JSON.stringify(result.value)).not.toThrow();
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
