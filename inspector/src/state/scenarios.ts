import { batch, createMemo, createSignal, onCleanup } from "solid-js";
import { scenarioToVitest } from "../../../echo-server/protocol/scenario/export-vitest.ts";
import {
  parseScenario,
  type ScenarioCheck,
} from "../../../echo-server/protocol/scenario/schema.ts";
import type {
  Scenario,
  ScenarioMatcher,
  ScenarioResult,
  StepResult,
} from "../../../echo-server/protocol/scenario/types.ts";
import type { CaptureClient } from "../capture/capture-client.ts";
import { relaySettingsFrom } from "../model/connect/relay-settings.ts";
import { parseSubprotocols } from "../model/connect/url.ts";
import { scrubDeep } from "../model/environments/secret-values.ts";
import {
  currentChoice,
  type MatchChoice,
  type MatchOption,
  matchOptions,
  withMatcher,
  withSkip,
  withStep,
} from "../model/scenarios/loosen.ts";
import { latestConnection, recordScenario } from "../model/scenarios/record.ts";
import { runSummary, type StepRow, stepKey, stepRows } from "../model/scenarios/step-rows.ts";
import type { Connection } from "./connection.ts";
import type { SessionServices } from "./session.ts";
import type { SessionSettings } from "./session-settings.ts";

/** Where the scenario's run is. */
export type ScenarioRun =
  | { state: "idle" }
  | { state: "running"; runId: number }
  | { state: "done"; result: ScenarioResult }
  /** It could not start (the relay settings are not usable). */
  | { state: "error"; message: string };

/** The Scenarios panel of one tab: the text, its check, recording, the run and its results. */
export interface Scenarios {
  readonly text: () => string;
  setText(text: string): void;
  /** The text checked: the scenario, or every problem with its line and column. */
  readonly check: () => ScenarioCheck;
  /** The steps of the scenario (the last valid text's while it is being edited). */
  readonly rows: () => StepRow[];
  /** The last run's result of a row, by its key. */
  result(key: string): StepResult | undefined;
  readonly run: () => ScenarioRun;
  /** How the run is going, in one line ("" before the first run). */
  readonly summary: () => string;
  /** What the last recording or file load said (frames left out, secrets replaced…). */
  readonly notes: () => string[];
  /** Records the latest connection of the tab; false when it has no frames. */
  record(): boolean;
  start(): void;
  stop(): void;
  /** The ways an expect row may match, and which one it does now. */
  matchOptions(row: StepRow): { options: MatchOption[]; current: MatchChoice | undefined };
  setMatch(row: StepRow, choice: MatchChoice): void;
  setSkip(row: StepRow, skip: boolean): void;
  /** The scenario to keep (secret values as `{{env.NAME}}`), as JSON or as a vitest file. */
  exported(format: "json" | "vitest"): string | undefined;
}

let nextRunId = 1;

/** The relay of the server that serves the page (where scenarios run through when asked). */
const relayUrl = () => `${location.origin.replace(/^http/, "ws")}/relay`;

/** Scenario state for one tab; runs go to the capture worker. */
export function createScenarios(
  client: CaptureClient,
  session: { connection: Connection; settings: SessionSettings; environment: SessionServices },
): Scenarios {
  const [text, setTextSignal] = createSignal("");
  const [run, setRun] = createSignal<ScenarioRun>({ state: "idle" });
  const [results, setResults] = createSignal(new Map<string, StepResult>());
  const [notes, setNotes] = createSignal<string[]>([]);
  /** Matchers as recorded, by row key: loosening offers choices from these. */
  let recorded = new Map<string, ScenarioMatcher>();
  let unsubscribe = () => {};
  onCleanup(() => {
    unsubscribe();
    const current = run();
    if (current.state === "running") client.stopScenario(current.runId);
  });

  const check = createMemo(() => parseScenario(text()));
  let lastRows: StepRow[] = [];
  const rows = createMemo(() => {
    const checked = check();
    if (checked.ok) lastRows = stepRows(checked.scenario);
    return lastRows;
  });

  function setText(next: string) {
    if (next === text()) return;
    batch(() => {
      setTextSignal(next);
      // Results describe the scenario that ran; an edited one has not run yet.
      if (run().state !== "running") {
        setResults(new Map());
        setRun({ state: "idle" });
      }
    });
  }

  function changeScenario(change: (scenario: Scenario) => Scenario) {
    const checked = check();
    if (checked.ok) setText(`${JSON.stringify(change(checked.scenario), null, 2)}\n`);
  }

  const running = () => run().state === "running";

  const scenarios: Scenarios = {
    text,
    setText: (next) => {
      if (!running()) setText(next);
    },
    check,
    rows,
    result: (key) => results().get(key),
    run,
    summary: () => {
      const current = run();
      if (current.state === "idle") return "";
      if (current.state === "error") return `Not run: ${current.message}`;
      const list = [...results().values()];
      return runSummary(
        rows().length,
        list,
        current.state === "done"
          ? { passed: current.result.passed, durationMs: current.result.durationMs }
          : undefined,
      );
    },
    notes,
    record() {
      if (running()) return false;
      const latest = latestConnection(session.connection.store);
      if (latest.frames.length === 0) return false;
      const protocols = parseSubprotocols(session.settings.protocols());
      const recording = recordScenario({
        url: latest.url ?? session.settings.url(),
        protocols: protocols.ok ? protocols.protocols : [],
        headers: session.settings.viaRelay()
          ? session.settings
              .relay()
              .headers.filter((header) => header.name.trim() !== "")
              .map(({ name, value }): [string, string] => [name.trim(), value])
          : [],
        frames: latest.frames,
        secrets: session.environment.finder(),
      });
      recorded = new Map(
        stepRows(recording.scenario).flatMap((row) =>
          row.expect ? [[row.key, row.expect.matcher] as const] : [],
        ),
      );
      setText(`${JSON.stringify(recording.scenario, null, 2)}\n`);
      setNotes(recording.notes);
      return true;
    },
    start() {
      const checked = check();
      if (!checked.ok || running()) return;
      const env = { ...session.environment.values() };
      const relay = session.settings.viaRelay()
        ? relaySettingsFrom(session.settings.relay(), relayUrl(), env)
        : undefined;
      if (relay && !relay.ok) {
        setRun({ state: "error", message: `the relay settings: ${relay.error}` });
        return;
      }
      const runId = nextRunId++;
      unsubscribe();
      batch(() => {
        setResults(new Map());
        setRun({ state: "running", runId });
      });
      // Steps arrive a few at a time; the table follows each.
      unsubscribe = client.onScenario(runId, (report) => {
        if (report.type === "scenario-step") {
          const next = new Map(results());
          next.set(stepKey(report.step.client, report.step.index), report.step);
          setResults(next);
          return;
        }
        unsubscribe();
        batch(() => {
          setResults(
            new Map(report.result.steps.map((step) => [stepKey(step.client, step.index), step])),
          );
          setRun({ state: "done", result: report.result });
        });
      });
      client.runScenario({
        runId,
        scenario: checked.scenario,
        env,
        ...(relay?.ok ? { relay: relay.settings } : {}),
      });
    },
    stop() {
      const current = run();
      if (current.state === "running") client.stopScenario(current.runId);
    },
    matchOptions(row) {
      const matcher = row.expect?.matcher ?? { any: true };
      const original = recorded.get(row.key);
      const fromRecorded = original ? matchOptions(original) : undefined;
      // The recorded choices hold while the step is one of them; a hand-written one starts afresh.
      const options =
        fromRecorded && currentChoice(matcher, fromRecorded) !== undefined
          ? fromRecorded
          : matchOptions(matcher);
      return { options, current: currentChoice(matcher, options) };
    },
    setMatch(row, choice) {
      const option = scenarios.matchOptions(row).options.find((entry) => entry.choice === choice);
      const matcher = option?.matcher;
      if (!matcher) return;
      if (!recorded.has(row.key) && row.expect) recorded.set(row.key, row.expect.matcher);
      changeScenario((scenario) =>
        withStep(scenario, row.client, row.index, (step) => withMatcher(step, matcher)),
      );
    },
    setSkip(row, skip) {
      changeScenario((scenario) =>
        withStep(scenario, row.client, row.index, (step) => withSkip(step, skip)),
      );
    },
    exported(format) {
      const checked = check();
      if (!checked.ok) return undefined;
      const scenario = scrubDeep(checked.scenario, session.environment.finder(), []);
      return format === "json"
        ? `${JSON.stringify(scenario, null, 2)}\n`
        : scenarioToVitest(scenario);
    },
  };
  return scenarios;
}
