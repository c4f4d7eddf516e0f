import { describe, expect, it, vi } from "vitest";
import type { ScenarioReport, ScenarioRunSpec } from "../../../inspector/src/capture/protocol.ts";

// The browser build of Solid, as the page runs it (node resolves solid-js to the server build).
vi.mock("solid-js", () => {
  const browserBuild: string = "solid-js/dist/solid.js";
  return import(browserBuild);
});
const { createRoot } = await import("solid-js");
const { createScenarios } = await import("../../../inspector/src/state/scenarios.ts");
const { createSessionSettings } = await import("../../../inspector/src/state/session-settings.ts");
const { makeFrameStore } = await import("../../../inspector/src/model/frames/frame-store.ts");
const { makeFrameBatcher } = await import("../../../inspector/src/model/frames/frame-batch.ts");
const { Direction } = await import("../../../inspector/src/model/frames/frame.ts");
const { makeSecretFinder } = await import(
  "../../../inspector/src/model/environments/secret-values.ts"
);

vi.stubGlobal("location", { origin: "http://127.0.0.1:7777" });

/** A capture client that keeps the runs asked for and lets the test report on them. */
function fakeClient() {
  const runs: ScenarioRunSpec[] = [];
  const listeners = new Map<number, (report: ScenarioReport) => void>();
  const client = {
    runScenario: (spec: ScenarioRunSpec) => runs.push(spec),
    stopScenario: vi.fn(),
    onScenario(runId: number, listener: (report: ScenarioReport) => void) {
      listeners.set(runId, listener);
      return () => listeners.delete(runId);
    },
  };
  const report = (runId: number, value: ScenarioReport) => listeners.get(runId)?.(value);
  return { client, runs, report };
}

/** A tab whose log holds one echo of "hi" after an open, and whose environment has a secret. */
function tab() {
  const batcher = makeFrameBatcher(1);
  batcher.pushEvent(1, { type: "open", url: "ws://h/echo", protocol: "", extensions: "" });
  batcher.pushText(2, Direction.Out, "hi tok-1", 8);
  batcher.pushText(3, Direction.In, "hi tok-1", 8);
  const store = makeFrameStore();
  store.append(batcher.take() as NonNullable<ReturnType<typeof batcher.take>>);
  return {
    connection: { store } as never,
    settings: createSessionSettings({ url: "ws://h/echo" }),
    environment: {
      values: () => ({ TOKEN: "tok-1" }),
      secrets: () => [{ name: "TOKEN", value: "tok-1" }],
      finder: () => makeSecretFinder([{ name: "TOKEN", value: "tok-1" }]),
    },
  };
}

describe("scenarios state", () => {
  it("records, loosens, runs in the worker with the environment, and follows each step", () => {
    createRoot((dispose) => {
      const { client, runs, report } = fakeClient();
      const scenarios = createScenarios(client as never, tab());
      expect(scenarios.record()).toBe(true);
      expect(scenarios.text()).not.toContain("tok-1");
      expect(scenarios.notes()).toEqual(["Secret values became {{env.TOKEN}}"]);
      const expectRow = scenarios.rows().find((row) => row.kind === "expect");
      if (!expectRow) throw new Error("no expect row");
      expect(scenarios.matchOptions(expectRow).current).toBe("exact");
      scenarios.setMatch(expectRow, "contains");
      expect(scenarios.text()).toContain('"contains": "hi {{env.TOKEN}}"');
      // The recorded choices still hold: back to exact.
      const loosened = scenarios.rows().find((row) => row.kind === "expect");
      if (!loosened) throw new Error("no expect row");
      expect(scenarios.matchOptions(loosened).current).toBe("contains");
      scenarios.setMatch(loosened, "exact");
      expect(scenarios.text()).toContain('"text": "hi {{env.TOKEN}}"');

      scenarios.start();
      expect(runs).toHaveLength(1);
      const run = runs[0] as ScenarioRunSpec;
      expect(run.env).toEqual({ TOKEN: "tok-1" });
      expect(run.relay).toBeUndefined();
      expect(scenarios.summary()).toBe("Running: 0 of 3 steps done");
      const step = (index: number, status: "running" | "passed" | "failed") => ({
        client: "main",
        index,
        kind: "send",
        name: "x",
        status,
        durationMs: 2,
      });
      report(run.runId, { type: "scenario-step", runId: run.runId, step: step(-1, "passed") });
      expect(scenarios.result("main#-1")?.status).toBe("passed");
      expect(scenarios.summary()).toBe("Running: 1 of 3 steps done");
      // Text cannot change while it runs.
      scenarios.setText("{}");
      expect(scenarios.text()).not.toBe("{}");
      report(run.runId, {
        type: "scenario-done",
        runId: run.runId,
        result: {
          name: "x",
          passed: false,
          durationMs: 12,
          vars: {},
          steps: [step(-1, "passed"), step(0, "passed"), step(1, "failed")],
        },
      });
      expect(scenarios.summary()).toBe("Failed: 1 of 3 steps failed, in 12.000 ms");
      // An edit clears what no longer describes the scenario.
      scenarios.setText(scenarios.text().replace("ws://h/echo", "ws://h/echo2"));
      expect(scenarios.summary()).toBe("");
      expect(scenarios.result("main#1")).toBeUndefined();
      expect(scenarios.exported("json")).not.toContain("tok-1");
      expect(scenarios.exported("vitest")).toContain('from "socketscope/scenario"');
      dispose();
    });
  });

  it("runs through the relay when the tab does, and says why not when its settings are bad", () => {
    createRoot((dispose) => {
      const { client, runs } = fakeClient();
      const session = tab();
      session.settings.setViaRelay(true);
      const scenarios = createScenarios(client as never, session);
      scenarios.setText('{"url":"ws://h/echo","steps":[{"send":"x"}]}');
      scenarios.start();
      expect(runs[0]?.relay?.relayUrl).toBe("ws://127.0.0.1:7777/relay");
      session.settings.setRelay({
        ...session.settings.relay(),
        headers: [{ name: "X-Key", value: "{{env.NOPE}}" }],
      });
      const another = createScenarios(client as never, session);
      another.setText('{"url":"ws://h/echo","steps":[{"send":"y"}]}');
      another.start();
      expect(runs).toHaveLength(1);
      expect(another.summary()).toBe(
        "Not run: the relay settings: {{env.NOPE}} is not set: choose an environment that has it, or add it to the one in use",
      );
      dispose();
    });
  });

  it("has nothing to record from an empty tab, and refuses to run a bad scenario", () => {
    createRoot((dispose) => {
      const { client, runs } = fakeClient();
      const session = { ...tab(), connection: { store: makeFrameStore() } as never };
      const scenarios = createScenarios(client as never, session);
      expect(scenarios.record()).toBe(false);
      scenarios.setText('{"steps": []}');
      expect(scenarios.check().ok).toBe(false);
      scenarios.start();
      expect(runs).toEqual([]);
      expect(scenarios.exported("json")).toBeUndefined();
      dispose();
    });
  });
});
