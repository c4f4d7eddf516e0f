import { describe, expect, it } from "vitest";
import { parseLocatedJson } from "../../../echo-server/protocol/scenario/located-json.ts";
import {
  checkScenario,
  parseScenario,
  ScenarioLimits,
} from "../../../echo-server/protocol/scenario/schema.ts";

/** A value nested `depth` levels deep, built in code (no parser in the way). */
function nested(depth: number): unknown {
  let value: unknown = "bottom";
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

/**
 * Milliseconds of CPU this process has used. Timings below are CPU time, not wall time: a
 * loaded machine (the full suite on two cores) stretches wall time, not the work done.
 */
const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

const problemsOf = (text: string) => {
  const checked = parseScenario(text);
  return checked.ok ? [] : checked.problems;
};

describe("hostile scenario text is refused with what and where", () => {
  it.each([
    ["an array 10,000 deep", "[".repeat(10_000), "The document nests deeper than 64 levels", 1, 1],
    [
      "a send 10,000 deep inside a valid start",
      `{"url": "ws://h/", "steps": [{"send": {"json": ${"[".repeat(10_000)}1${"]".repeat(10_000)}}}]}`,
      "The document nests deeper than 64 levels",
      1,
      1,
    ],
    [
      "a step nested just past the value limit",
      `{"url": "ws://h/",\n "steps": [{"send": {"json": ${"[".repeat(57)}1${"]".repeat(57)}}}]}`,
      "This value nests deeper than 56 levels",
      2,
      86,
    ],
    [
      "a catastrophic regex",
      '{"url": "ws://h/",\n "steps": [{"expect": {"regex": "^(a+)+$"}}]}',
      "A repeated group that repeats inside (^(a+)+) can take exponential time: rewrite it without the nesting",
      2,
      33,
    ],
    [
      "a barrier twice in one client",
      '{"url": "ws://h/",\n "steps": [{"barrier": "x"},\n  {"barrier": "x"}]}',
      "Barrier x comes twice in these steps: give each barrier its own name",
      3,
      15,
    ],
  ])("%s", (_name, text, message, line, column) => {
    expect(problemsOf(text)).toContainEqual(expect.objectContaining({ message, line, column }));
  });

  it("refuses text over the size limit before parsing it", () => {
    const text = `{"url": "ws://h/", "steps": [{"send": "${"x".repeat(ScenarioLimits.maxChars)}"}]}`;
    const started = cpuMs();
    expect(problemsOf(text)).toEqual([
      {
        path: "",
        message: "The scenario is 8.0 MB; a scenario is at most 8.0 MB",
        line: 1,
        column: 1,
      },
    ]);
    // Refused by its length alone: no parse of 8 MB.
    expect(cpuMs() - started).toBeLessThan(100);
  });

  it("lists the first 50 problems and counts the rest", () => {
    const steps = Array.from({ length: 1000 }, () => ({ wait: -1 }));
    const problems = problemsOf(JSON.stringify({ url: "ws://h/", steps }, null, 1));
    expect(problems).toHaveLength(51);
    expect(problems[0]).toMatchObject({ path: "steps[0].wait", line: 5, column: 12 });
    expect(problems[50]).toEqual({
      path: "",
      message: "950 more problems are not listed",
      line: 1,
      column: 1,
    });
  });

  it("parses 100,000 small values quickly, and finds a problem's line among them", () => {
    // Noting a path for every value made this take seconds; positions are now found on demand.
    const values = Array.from({ length: 100_000 }, (_, i) => ({ a: i }));
    const text = JSON.stringify(
      { url: "ws://h/", steps: [{ send: { json: values } }, { wait: -1 }] },
      null,
      1,
    );
    const started = cpuMs();
    const problems = problemsOf(text);
    // About 0.2 s of CPU here; the old parser took 1.2 s at best.
    expect(cpuMs() - started).toBeLessThan(800);
    expect(problems).toEqual([
      {
        path: "steps[1].wait",
        message: "A duration is 0–600000 ms",
        line: text.split("\n").findIndex((line) => line.includes('"wait"')) + 1,
        column: 12,
      },
    ]);
  });
});

describe("hostile scenario values built in code are refused, never thrown on", () => {
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;
  it.each<[string, unknown, string, string]>([
    [
      "a send 100,000 deep",
      { url: "ws://h/", steps: [{ send: { json: nested(100_000) } }] },
      `steps[0].send.json${"[0]".repeat(56)}`,
      "This value nests deeper than 56 levels",
    ],
    [
      "a JSON matcher that refers to itself",
      { url: "ws://h/", steps: [{ expect: { json: cyclic } }] },
      `steps[0].expect.json${".self".repeat(56)}`,
      "This value nests deeper than 56 levels",
    ],
    [
      "an equals 100,000 deep",
      { url: "ws://h/", steps: [{ expect: { path: "$.a", equals: nested(100_000) } }] },
      `steps[0].expect.equals${"[0]".repeat(56)}`,
      "This value nests deeper than 56 levels",
    ],
    [
      "vars that refer to themselves",
      { url: "ws://h/", vars: cyclic, steps: [] },
      "vars",
      "vars nests deeper than 56 levels",
    ],
  ])("%s", (_name, value, path, message) => {
    const checked = checkScenario(value);
    expect(checked.ok).toBe(false);
    expect(checked.ok ? [] : checked.problems).toEqual([{ path, message }]);
  });
});

describe("parseLocatedJson finds positions on demand", () => {
  it("for several paths at once, including ones that do not exist", () => {
    const parsed = parseLocatedJson('{\n "a": [1,\n  {"b": true}],\n "c": null}');
    if (!parsed.ok) throw new Error(parsed.message);
    expect([...parsed.positionsOf(["a[1].b", "c", "a[5]", ""])]).toEqual([
      ["a[1].b", { line: 3, column: 9 }],
      ["c", { line: 4, column: 7 }],
      ["", { line: 1, column: 1 }],
    ]);
  });
});
