import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { scenarioToVitest } from "../../../echo-server/protocol/scenario/export-vitest.ts";

const read = (path: string) => readFileSync(new URL(path, import.meta.url), "utf8");

describe("scenarioToVitest", () => {
  it("writes the committed generated test from its scenario, byte for byte", () => {
    const scenario = JSON.parse(read("../../server/generated/echo.scenario.json"));
    expect(scenarioToVitest(scenario)).toBe(read("../../server/generated/echo.scenario.test.ts"));
  });

  it("gives the test room for the scenario's own timeouts", () => {
    expect(scenarioToVitest({ url: "ws://h/", timeoutMs: 20_000, steps: [] })).toContain(
      "}, 80000);",
    );
  });
});
