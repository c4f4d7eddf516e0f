import { describe, expect, it } from "vitest";
import type { Scenario, ScenarioMatcher } from "../../../echo-server/protocol/scenario/types.ts";
import {
  currentChoice,
  matchOptions,
  withMatcher,
  withSkip,
  withStep,
} from "../../../inspector/src/model/scenarios/loosen.ts";

const table = (matcher: ScenarioMatcher) =>
  matchOptions(matcher).map((option) => [option.choice, option.matcher ?? option.why]);

describe("matchOptions", () => {
  it("offers every choice for plain text", () => {
    expect(table({ text: "order 42 (ok)" })).toEqual([
      ["exact", { text: "order 42 (ok)" }],
      ["contains", { contains: "order 42 (ok)" }],
      ["regex", { regex: "^order 42 \\(ok\\)$" }],
      ["json", "The frame is not a JSON object or list"],
      ["any", { any: true }],
    ]);
  });

  it("turns a recorded JSON value into exact text and back", () => {
    expect(table({ json: { op: "ack", t: "\\{{x}}" } })).toEqual([
      ["exact", { text: '{"op":"ack","t":"\\{{x}}"}' }],
      ["contains", { contains: '{"op":"ack","t":"\\{{x}}"}' }],
      ["regex", { regex: '^\\{"op":"ack","t":"\\{\\{x\\}\\}"\\}$' }],
      ["json", { json: { op: "ack", t: "\\{{x}}" } }],
      ["any", { any: true }],
    ]);
    expect(table({ text: '{"op":"ack"}' })[3]).toEqual(["json", { json: { op: "ack" } }]);
  });

  it("keeps placeholders out of a regular expression", () => {
    expect(table({ text: "hi {{env.NAME}}" })[2]).toEqual([
      "regex",
      "Placeholders cannot go into a regular expression",
    ]);
  });

  it("matches binary by its bytes or not at all", () => {
    expect(table({ hex: "00 01" })).toEqual([
      ["exact", { hex: "00 01" }],
      ["contains", "A binary frame is matched by its bytes"],
      ["regex", "A binary frame is matched by its bytes"],
      ["json", "A binary frame is not JSON"],
      ["any", { any: true }],
    ]);
  });

  it("names the current choice, and none for a hand-written matcher", () => {
    const options = matchOptions({ text: "hi" });
    expect(currentChoice({ regex: "^hi$" }, options)).toBe("regex");
    expect(currentChoice({ any: true }, options)).toBe("any");
    expect(currentChoice({ regex: "h." }, options)).toBeUndefined();
  });
});

describe("changing a step", () => {
  const scenario: Scenario = {
    url: "ws://h",
    steps: [{ send: "a" }, { expect: { text: "a" }, within: 100 }],
  };

  it("replaces one expect's matcher and keeps its other fields", () => {
    expect(withStep(scenario, "main", 1, (step) => withMatcher(step, { any: true }))).toEqual({
      url: "ws://h",
      steps: [{ send: "a" }, { expect: { any: true }, within: 100 }],
    });
  });

  it("sets and clears skip", () => {
    const skipping = withStep(scenario, "main", 1, (step) => withSkip(step, true));
    expect(skipping.steps?.[1]).toEqual({ expect: { text: "a" }, within: 100, skip: true });
    expect(withStep(skipping, "main", 1, (step) => withSkip(step, false)).steps?.[1]).toEqual({
      expect: { text: "a" },
      within: 100,
    });
  });

  it("changes the named client only", () => {
    const multi: Scenario = {
      url: "ws://h",
      clients: [
        { name: "a", steps: [{ expect: { text: "x" } }] },
        { name: "b", steps: [{ expect: { text: "x" } }] },
      ],
    };
    const changed = withStep(multi, "b", 0, (step) => withMatcher(step, { any: true }));
    expect(changed.clients?.map((client) => client.steps[0])).toEqual([
      { expect: { text: "x" } },
      { expect: { any: true } },
    ]);
  });
});
