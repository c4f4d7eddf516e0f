/**
 * `socketscope/scenario`: run SocketScope scenarios from your own tests (a generated test file
 * imports this). Connections use the `ws` client.
 */
import { formatResult } from "./protocol/scenario/reporters.ts";
import { type RunOptions, runScenario } from "./protocol/scenario/runner.ts";
import { checkScenario } from "./protocol/scenario/schema.ts";
import type { Scenario, ScenarioResult } from "./protocol/scenario/types.ts";
import { wsConnector } from "./scenario-node.ts";

export { formatResult } from "./protocol/scenario/reporters.ts";
export { runScenario } from "./protocol/scenario/runner.ts";
export { checkScenario, parseScenario } from "./protocol/scenario/schema.ts";
export type { Scenario, ScenarioResult, StepResult } from "./protocol/scenario/types.ts";
export { wsConnector } from "./scenario-node.ts";

/**
 * Checks and runs `scenario` with the ws client; resolves with the result when every step
 * passes, and rejects with an Error that lists each failed step (expected and received) when
 * one does not.
 */
export async function assertScenario(
  scenario: Scenario,
  options: Omit<RunOptions, "connector"> = {},
): Promise<ScenarioResult> {
  const checked = checkScenario(scenario);
  if (!checked.ok)
    throw new Error(
      `The scenario is not valid:\n${checked.problems.map((p) => `  ${p.path}: ${p.message}`).join("\n")}`,
    );
  const result = await runScenario(checked.scenario, { ...options, connector: wsConnector() });
  if (!result.passed) throw new Error(formatResult(result, "pretty"));
  return result;
}
