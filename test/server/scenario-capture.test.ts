import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { Scenario, ScenarioResult } from "../../echo-server/protocol/scenario/types.ts";
import { createServer, type RunningServer } from "../../echo-server/server.ts";
import { makeCaptureEngine, type SocketLike } from "../../inspector/src/capture/capture-engine.ts";
import type {
  CaptureReport,
  ScenarioReport,
  ScenarioRunSpec,
} from "../../inspector/src/capture/protocol.ts";

/**
 * Scenarios in the capture engine, as the inspector's worker runs them: the same engine as the
 * CLI, over the worker's transports (direct, or through the relay), against the bundled server.
 * `ws`'s client stands in for the browser WebSocket.
 */
let server: RunningServer;
let ws = "";
beforeAll(async () => {
  server = await createServer({ port: 0 });
  ws = server.url.replace(/^http/, "ws");
});
afterAll(() => server.close());

let nextRunId = 1;

/** Runs `scenario` in a capture engine; resolves with the steps reported and the result. */
function run(
  scenario: Scenario,
  options: Partial<Omit<ScenarioRunSpec, "runId" | "scenario">> = {},
) {
  const reports: ScenarioReport[] = [];
  const runId = nextRunId++;
  let stop = () => {};
  const done = new Promise<{ result: ScenarioResult; reports: ScenarioReport[] }>((resolve) => {
    const engine = makeCaptureEngine({
      post(report: CaptureReport) {
        if (report.type !== "scenario-step" && report.type !== "scenario-done") return;
        reports.push(report);
        if (report.type === "scenario-done") resolve({ result: report.result, reports });
      },
      now: () => performance.timeOrigin + performance.now(),
      // The relay takes only the server's own origin, as the page's worker has it.
      openSocket: (url, protocols) =>
        new WebSocket(url, protocols, { origin: server.url }) as unknown as SocketLike,
      setTimer: (callback, ms) => setTimeout(callback, ms),
      clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
      random: () => 0.5,
    });
    engine.handle({ type: "scenario-run", spec: { runId, scenario, env: {}, ...options } });
    stop = () => engine.handle({ type: "scenario-stop", runId });
  });
  return { done, stop: () => stop() };
}

const relay = () => ({
  relayUrl: `${ws}/relay`,
  connect: { headers: [], handshakeTimeoutMs: 5000, followRedirects: false, autoPong: true },
});

const summary = (result: ScenarioResult) =>
  result.steps.map((step) => `${step.client} ${step.kind} ${step.status}`);

describe("scenarios in the capture engine", () => {
  it("echo: reports each step running, then passed, and the run as passed", async () => {
    const { result, reports } = await run(
      {
        url: `${ws}/echo`,
        steps: [
          { send: { json: { op: "sub", id: "{{env.ID}}" } } },
          { expect: { json: { op: "sub" } }, capture: { id: "$.id" }, within: 3000 },
          { send: { hex: "00 ff" } },
          { expect: { hex: "00ff" }, within: 3000 },
          { close: 1000 },
        ],
      },
      { env: { ID: "a-1" } },
    ).done;
    expect(summary(result)).toEqual([
      "main connect passed",
      "main send passed",
      "main expect passed",
      "main send passed",
      "main expect passed",
      "main close passed",
    ]);
    expect(result.passed).toBe(true);
    expect(result.vars.id).toBe("a-1");
    const running = reports.filter(
      (report) => report.type === "scenario-step" && report.step.status === "running",
    );
    expect(running).toHaveLength(6);
  });

  it("against /echo?drop=1 the expect fails with what was expected and that nothing came", async () => {
    const { result } = await run({
      url: `${ws}/echo?drop=1`,
      steps: [{ send: "hi" }, { expect: { text: "hi" }, within: 300 }, { close: 1000 }],
    }).done;
    expect(result.passed).toBe(false);
    expect(result.steps[2]).toMatchObject({
      kind: "expect",
      status: "failed",
      message: "Nothing came within 300 ms",
      expected: "hi",
      received: "(nothing)",
    });
    expect(result.steps[3]?.status).toBe("skipped");
  });

  it("three clients in a room line up at a barrier, then all receive one publish", async () => {
    const member = (name: string) => ({
      name,
      url: `${ws}/rooms/capture-room`,
      steps: [
        { expect: { path: "$.type", equals: "welcome" }, within: 3000 },
        { barrier: "joined" },
        ...(name === "ada"
          ? [{ send: { json: { type: "publish", room: "capture-room", data: "hi all" } } }]
          : []),
        { expect: { json: { type: "message", data: "hi all" } }, skip: true, within: 3000 },
      ],
    });
    const { result } = await run({ clients: ["ada", "bob", "cy"].map(member) }).done;
    expect(result.steps.filter((step) => step.status !== "passed")).toEqual([]);
    expect(result.passed).toBe(true);
  });

  it("a client that fails before a barrier fails the others at it, instead of a hang", async () => {
    const { result } = await run({
      clients: [
        { name: "ada", url: `${ws}/echo`, steps: [{ barrier: "b" }] },
        { name: "bob", url: `${ws}/nowhere`, steps: [{ barrier: "b" }] },
      ],
    }).done;
    expect(result.passed).toBe(false);
    expect(
      result.steps.find((step) => step.client === "ada" && step.kind === "barrier"),
    ).toMatchObject({
      status: "failed",
      message: "Client bob ended before it reached barrier b",
    });
  });

  it("clients that wait for each other at barriers fail at once, in the worker too", async () => {
    const { result } = await run({
      clients: [
        { name: "ada", url: `${ws}/echo`, steps: [{ barrier: "x" }, { barrier: "y" }] },
        { name: "bob", url: `${ws}/echo`, steps: [{ barrier: "y" }, { barrier: "x" }] },
      ],
    }).done;
    // Sorted: which client opens first is up to the server.
    expect(summary(result).sort()).toEqual([
      "ada barrier failed",
      "ada barrier skipped",
      "ada connect passed",
      "bob barrier failed",
      "bob barrier skipped",
      "bob connect passed",
    ]);
    const failed = result.steps.filter((step) => step.status === "failed");
    expect(new Set(failed.map((step) => step.message))).toEqual(
      new Set([
        "The clients wait for each other (ada at x, bob at y): put the barriers in the same order in every client",
      ]),
    );
    expect(result.steps.length).toBe(6);
  });

  it("headers go on the wire through the relay; a direct run says it cannot send them", async () => {
    const scenario: Scenario = {
      url: `${ws}/auth`,
      headers: [["Authorization", "Bearer {{env.TOKEN}}"]],
      steps: [{ expect: { path: "$.via", equals: "bearer" }, within: 3000 }],
    };
    const viaRelay = await run(scenario, { env: { TOKEN: "letmein" }, relay: relay() }).done;
    expect(summary(viaRelay.result)).toEqual(["main connect passed", "main expect passed"]);

    const direct = await run(scenario, { env: { TOKEN: "letmein" } }).done;
    expect(direct.result.steps[0]).toMatchObject({
      kind: "connect",
      status: "failed",
      message:
        "A browser cannot send handshake headers (Authorization): turn on Via relay to run this scenario with them",
    });

    const refused = await run(scenario, { env: { TOKEN: "wrong" }, relay: relay() }).done;
    expect(refused.result.steps[0]).toMatchObject({ kind: "connect", status: "failed" });
    expect(refused.result.steps[0]?.message).toContain("401");
  });

  it("stops when asked: the running step fails as stopped, the rest are skipped", async () => {
    const started = run({
      url: `${ws}/echo?drop=1`,
      steps: [{ send: "x" }, { expect: { text: "x" }, within: 20_000 }, { close: 1000 }],
    });
    setTimeout(() => started.stop(), 300);
    const { result } = await started.done;
    expect(summary(result)).toEqual([
      "main connect passed",
      "main send passed",
      "main expect failed",
      "main close skipped",
    ]);
    expect(result.steps[2]?.message).toBe("The run was stopped");
  });

  it("refuses a scenario that does not check, without connecting", async () => {
    const { result } = await run({ steps: [{ wait: -1 }] } as Scenario).done;
    expect(result.passed).toBe(false);
    expect(result.steps.map((step) => step.message)).toEqual([
      "url: A scenario with steps needs a url",
      "steps[0].wait: A duration is 0–600000 ms",
    ]);
  });
});
