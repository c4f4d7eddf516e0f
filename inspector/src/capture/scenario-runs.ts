import { runScenario } from "../../../echo-server/protocol/scenario/runner.ts";
import { checkScenario } from "../../../echo-server/protocol/scenario/schema.ts";
import type { ScenarioResult } from "../../../echo-server/protocol/scenario/types.ts";
import type { CaptureReport, ScenarioRunSpec } from "./protocol.ts";
import { makeScenarioConnector, type ScenarioConnectorHost } from "./scenario-connector.ts";

/** What scenario runs need from the capture worker. */
export interface ScenarioRunsHost extends ScenarioConnectorHost {
  post(report: CaptureReport, transfer: Transferable[]): void;
}

/**
 * Scenario runs in the capture worker: the one engine (`runScenario`), whose steps are reported
 * as they start and end, and which the page can stop. Its sockets are the run's own, not a tab's.
 */
export function makeScenarioRuns(host: ScenarioRunsHost) {
  const running = new Map<number, AbortController>();
  return {
    start(spec: ScenarioRunSpec) {
      running.get(spec.runId)?.abort();
      const controller = new AbortController();
      running.set(spec.runId, controller);
      // The page checked it; a command is checked again where it is carried out.
      const checked = checkScenario(spec.scenario);
      const run = checked.ok
        ? runScenario(checked.scenario, {
            connector: makeScenarioConnector(host, spec.relay),
            env: spec.env,
            signal: controller.signal,
            now: host.now,
            onStep: (step) => host.post({ type: "scenario-step", runId: spec.runId, step }, []),
          })
        : Promise.resolve(
            notRun(checked.problems.map((problem) => `${problem.path}: ${problem.message}`)),
          );
      run
        // runScenario never throws; should it ever, the page still hears how the run ended.
        .catch((error: unknown) => notRun([error instanceof Error ? error.message : String(error)]))
        .then((result) => {
          if (running.get(spec.runId) === controller) running.delete(spec.runId);
          host.post({ type: "scenario-done", runId: spec.runId, result }, []);
        });
    },
    stop(runId: number) {
      running.get(runId)?.abort();
    },
  };
}

/** A run that could not start, with why. */
function notRun(messages: string[]): ScenarioResult {
  return {
    name: "scenario",
    passed: false,
    durationMs: 0,
    vars: {},
    steps: messages.map((message, index) => ({
      client: "scenario",
      index: index - 1,
      kind: "check",
      name: "check",
      status: "failed",
      durationMs: 0,
      message,
    })),
  };
}
