import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseScenario } from "../../../echo-server/protocol/scenario/schema.ts";

/** The JSON blocks of docs/scenarios.md: each is a scenario a reader may copy. */
const doc = readFileSync(new URL("../../../docs/scenarios.md", import.meta.url), "utf8");
const blocks = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => match[1] as string);

describe("docs/scenarios.md", () => {
  it("has its scenarios, the SolidStart one among them", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    expect(blocks.some((block) => block.includes('"name": "SolidStart /ws"'))).toBe(true);
  });

  it.each(blocks.map((block) => [block.split("\n")[1]?.trim() ?? "", block]))(
    "%s checks without problems",
    (_first, block) => {
      const checked = parseScenario(block);
      expect(checked.ok ? [] : checked.problems).toEqual([]);
    },
  );

  it("has a whole GitHub Actions workflow that runs socketscope run and keeps the JUnit file", () => {
    const workflow = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1] ?? "";
    for (const line of [
      "on: [push, pull_request]",
      "runs-on: ubuntu-latest",
      "- uses: actions/checkout@v4",
      "- run: npm run build",
      "run: npx socketscope run tests/ws.scenario.json --reporter junit --output ws-results.xml",
      "if: always()",
    ])
      expect(workflow).toContain(line);
  });
});
