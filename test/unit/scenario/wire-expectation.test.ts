import { describe, expect, it } from "vitest";
import { wireProblem } from "../../../echo-server/protocol/scenario/matchers.ts";
import { checkScenario } from "../../../echo-server/protocol/scenario/schema.ts";

const text = "z".repeat(1000);
const compressed = { text, wire: { payload: 20, overhead: 2, compressed: true } };
const plain = { text: "hi", wire: { payload: 2, overhead: 2, compressed: false } };

describe("an expect step's wire expectation", () => {
  it.each([
    [{ compressed: true }, compressed, undefined],
    [{ compressed: true, bytesAtMost: 20, ratioAtMost: 0.02 }, compressed, undefined],
    [
      { compressed: true },
      plain,
      "It was not compressed (2 bytes on the wire for 2, not compressed)",
    ],
    [
      { compressed: false },
      compressed,
      "It was compressed (20 bytes on the wire for 1000, compressed)",
    ],
    [
      { bytesAtMost: 19 },
      compressed,
      "It took more than 19 bytes (20 bytes on the wire for 1000, compressed)",
    ],
    [
      { ratioAtMost: 0.015 },
      compressed,
      "It took 2% of its size, more than 1.5% (20 bytes on the wire for 1000, compressed)",
    ],
    [
      { compressed: false },
      { text: "hi" },
      "Its size on the wire is not known: a browser's socket cannot see it (run the scenario with socketscope run, or through the relay)",
    ],
  ])("%j against %j", (expected, frame, problem) => {
    expect(wireProblem(expected, frame)).toBe(problem);
  });

  it.each([
    [{ compressed: "yes" }, "steps[0].wire.compressed", "compressed is true or false"],
    [
      { bytesAtMost: -1 },
      "steps[0].wire.bytesAtMost",
      "bytesAtMost is a number of bytes, 0 or more",
    ],
    [
      { ratioAtMost: 2 },
      "steps[0].wire.ratioAtMost",
      "ratioAtMost is a share of the size, more than 0 and at most 1",
    ],
    [{ size: 1 }, "steps[0].wire.size", 'wire has no field "size"'],
    [3, "steps[0].wire", 'wire is {"compressed": …, "bytesAtMost": …, "ratioAtMost": …}'],
  ])("the schema refuses wire %j at %s", (wire, path, message) => {
    const checked = checkScenario({ url: "ws://h/", steps: [{ expect: { any: true }, wire }] });
    expect(checked.ok).toBe(false);
    if (!checked.ok)
      expect(checked.problems).toContainEqual(expect.objectContaining({ path, message }));
  });

  it("the schema takes a wire expectation on an expect step", () => {
    const wire = { compressed: true, bytesAtMost: 100, ratioAtMost: 0.5 };
    const checked = checkScenario({ url: "ws://h/", steps: [{ expect: { any: true }, wire }] });
    expect(checked.ok).toBe(true);
  });
});
