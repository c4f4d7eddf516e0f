import { describe, expect, it } from "vitest";
import { regexRisk } from "../../../echo-server/protocol/regex-risk.ts";
import { checkScenario } from "../../../echo-server/protocol/scenario/schema.ts";

describe("regexRisk", () => {
  it.each([
    "^order (\\d+)$",
    "^(foo|bar)+$",
    "(ab)+c",
    "(a+)?b",
    "(a+){1}",
    "[(a+)+]",
    "\\(a+\\)+",
    "(?:x\\d+)",
    "(?<id>\\w+)-\\k<id>",
  ])("lets %s run", (pattern) => {
    expect(regexRisk(pattern)).toBeUndefined();
  });

  it.each([
    ["(a+)+$", "(a+)+"],
    ["^(\\w*)*$", "^(\\w*)*"],
    ["((ab)+)+", "((ab)+)+"],
    ["(?:a|b+){2,}", "(?:a|b+){2,}"],
    ["(x(a*)y)*", "(x(a*)y)*"],
    ["([a-z]+\\d)+z", "([a-z]+\\d)+"],
  ])("refuses %s", (pattern, shown) => {
    expect(regexRisk(pattern)).toBe(
      `A repeated group that repeats inside (${shown}) can take exponential time: rewrite it without the nesting`,
    );
  });

  it("refuses a pattern over 2000 characters", () => {
    expect(regexRisk("a".repeat(2001))).toBe("A pattern is at most 2000 characters");
  });

  it("is part of the scenario check, for regex and path matchers", () => {
    const checked = checkScenario({
      url: "ws://h",
      steps: [
        { expect: { regex: "^(a+)+$" } },
        { expect: { path: "$.id", matches: "(\\d*)*" } },
        { ping: { match: { regex: "(x+)+" } } },
      ],
    });
    expect(checked.ok ? [] : checked.problems.map((problem) => problem.path)).toEqual([
      "steps[0].expect.regex",
      "steps[1].expect.matches",
      "steps[2].ping.match.regex",
    ]);
  });

  it("takes no noticeable time on a hostile, huge pattern", () => {
    const started = performance.now();
    regexRisk("(".repeat(1000) + ")".repeat(1000));
    regexRisk("[".repeat(2000));
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
