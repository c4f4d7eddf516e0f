/**
 * The rows of the Scenarios panel's step table: every client's connect and steps, in order, each
 * with how its last run went. Plain data, so the table renders rows and nothing else.
 */
import { describeStep } from "../../../../echo-server/protocol/scenario/runner.ts";
import type {
  Scenario,
  ScenarioMatcher,
  StepResult,
} from "../../../../echo-server/protocol/scenario/types.ts";
import { formatDuration } from "../log/time.ts";

/** One step of the table. */
export interface StepRow {
  /** `client#index`, the key of its result. */
  key: string;
  client: string;
  /** -1 for the connect row, else the step's index in its client's script. */
  index: number;
  kind: string;
  name: string;
  /** An expect's matcher and skip flag, for the match controls. */
  expect?: { matcher: ScenarioMatcher; skip: boolean };
}

const STEP_KINDS = ["send", "expect", "wait", "ping", "close", "expectClose", "barrier"];

/** The key of a step's result. */
export const stepKey = (client: string, index: number) => `${client}#${index}`;

/** The rows of a checked scenario. */
export function stepRows(scenario: Scenario): StepRow[] {
  const clients = scenario.clients ?? [
    { name: "main", url: scenario.url, steps: scenario.steps ?? [] },
  ];
  return clients.flatMap((client) => [
    {
      key: stepKey(client.name, -1),
      client: client.name,
      index: -1,
      kind: "connect",
      name: `connect to ${client.url ?? scenario.url ?? ""}`,
    },
    ...client.steps.map(
      (step, index): StepRow => ({
        key: stepKey(client.name, index),
        client: client.name,
        index,
        kind: STEP_KINDS.find((kind) => kind in step) ?? "step",
        name: step.name ?? describeStep(step),
        ...("expect" in step ? { expect: { matcher: step.expect, skip: step.skip === true } } : {}),
      }),
    ),
  ]);
}

/** The status of a row in words, as its cell shows it. */
export function statusText(result: StepResult | undefined): string {
  if (!result) return "Not run";
  return { running: "Running…", passed: "Passed", failed: "Failed", skipped: "Skipped" }[
    result.status
  ];
}

/** A step's time: "12.3 ms", "1.20 s"; nothing for a step that did not run. */
export function stepTime(result: StepResult | undefined): string {
  if (!result || result.status === "skipped" || result.status === "running") return "";
  return formatDuration(result.durationMs);
}

/**
 * How the run is going, in one line: "Running: 3 of 7 steps done", "Passed: 7 steps in 1.20 s",
 * "Failed: 1 of 7 steps failed, 2 skipped, in 5.01 s".
 */
export function runSummary(
  rows: number,
  results: readonly StepResult[],
  done: { passed: boolean; durationMs: number } | undefined,
): string {
  const count = (status: StepResult["status"]) =>
    results.filter((result) => result.status === status).length;
  const steps = (n: number) => `${n} ${n === 1 ? "step" : "steps"}`;
  if (!done) {
    const finished = results.filter((result) => result.status !== "running").length;
    return `Running: ${finished} of ${steps(rows)} done`;
  }
  const time = formatDuration(done.durationMs);
  if (done.passed) return `Passed: ${steps(count("passed"))} in ${time}`;
  const skipped = count("skipped");
  return `Failed: ${count("failed")} of ${steps(results.length)} failed${skipped > 0 ? `, ${skipped} skipped` : ""}, in ${time}`;
}
