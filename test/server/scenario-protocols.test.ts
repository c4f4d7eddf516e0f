import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runScenario } from "../../echo-server/protocol/scenario/runner.ts";
import { checkScenario } from "../../echo-server/protocol/scenario/schema.ts";
import type { Scenario, ScenarioResult } from "../../echo-server/protocol/scenario/types.ts";
import { wsConnector } from "../../echo-server/scenario-node.ts";
import { createServer, type RunningServer } from "../../echo-server/server.ts";

let server: RunningServer;
let ws = "";
beforeAll(async () => {
  // A short Socket.IO heartbeat, so a scenario outlives the ping timeout in a second.
  server = await createServer({ port: 0, socketIoPing: { intervalMs: 200, timeoutMs: 400 } });
  ws = server.url.replace(/^http/, "ws");
});
afterAll(() => server.close());

/** Checks and runs a scenario with the ws connector. */
async function run(scenario: Scenario, env: Record<string, string> = {}): Promise<ScenarioResult> {
  const checked = checkScenario(scenario);
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  return runScenario(checked.scenario, { connector: wsConnector(), env });
}

/** Each step as `kind status: message`, for a readable expectation. */
function outline(result: ScenarioResult): string[] {
  return result.steps.map(
    (step) =>
      `${step.kind} ${step.status}${step.message ? `: ${step.message.replace(/\d+\.\d+ ms/g, "<ms>")}` : ""}`,
  );
}

describe("scenarios that speak Socket.IO", () => {
  it("emit and expect acks (binary too), past the ping timeout, with the app's frames in the inbox", async () => {
    const result = await run({
      url: `${ws}/socket.io/`,
      protocol: "socketio",
      timeoutMs: 3000,
      steps: [
        {
          emit: { event: "echo", args: ["hi", { n: "{{seq}}" }] },
          expectAck: { json: ["hi", { n: "0" }] },
          capture: { first: "$[0]" },
        },
        {
          emit: { event: "echo", args: [{ $bytes: "0102" }] },
          expectAck: { path: "$[0].$bytes", equals: "0102" },
        },
        { wait: 1200 },
        { emit: { event: "join", args: ["lab"] }, expectAck: { path: "$[0].room", equals: "lab" } },
        { emit: { event: "say", args: ["lab", "{{vars.first}} there"] }, expectAck: true },
        { expect: { json: ["message", { room: "lab" }, "hi there"] }, name: "42 message" },
        { emit: { event: "echo", args: ["no ack wanted"] } },
        { expect: { contains: "no ack wanted" } },
      ],
    });
    expect(outline(result)).toEqual([
      "connect passed: Open; Namespace / connected (sid " +
        (result.steps[0]?.message?.match(/sid ([^)]+)\)/)?.[1] ?? "?") +
        ")",
      'emit passed: Ack 0 in <ms>; captured first = "hi"',
      "emit passed: Ack 1 in <ms>",
      "wait passed",
      "emit passed: Ack 2 in <ms>",
      "emit passed: Ack 3 in <ms>",
      "expect passed",
      "emit passed",
      "expect passed",
    ]);
    expect(result.passed).toBe(true);
  });

  it("connects a namespace with an auth payload from the environment, and reports a refusal", async () => {
    const scenario: Scenario = {
      url: `${ws}/socket.io/`,
      protocol: { name: "socketio", namespace: "/secure", auth: { token: "{{env.TOKEN}}" } },
      steps: [
        { expect: { json: ["welcome", { namespace: "/secure" }] } },
        { emit: { event: "echo", namespace: "/secure", args: [1] }, expectAck: { json: [1] } },
      ],
    };
    const good = await run(scenario, { TOKEN: "letmein" });
    expect(good.passed).toBe(true);
    expect(good.steps[0]?.message).toMatch(/^Open; Namespace \/secure connected \(sid .+\)$/);

    const bad = await run(scenario, { TOKEN: "guess" });
    expect(outline(bad)).toEqual([
      "connect failed: Namespace /secure refused the connection: Invalid token",
      "expect skipped",
      "emit skipped",
    ]);
  });

  it("a wrong ack fails with what was expected and what came", async () => {
    const result = await run({
      url: `${ws}/socket.io/`,
      protocol: "socketio",
      steps: [{ emit: { event: "echo", args: ["a"] }, expectAck: { json: ["b"] } }],
    });
    expect(result.steps[1]).toMatchObject({
      status: "failed",
      message: 'Ack 0: $[0] is "a", not "b"',
      expected: '[\n  "b"\n]',
      received: '[\n  "a"\n]',
    });
  });
});

describe("scenarios that speak GraphQL over WebSocket", () => {
  it("subscribe and expect the next N messages, then complete; a mutation too", async () => {
    const result = await run({
      url: `${ws}/graphql`,
      protocol: "graphql-ws",
      steps: [
        {
          subscribe: {
            query: "subscription T($n: Int) { tick(count: $n, interval: 50) { seq } }",
            variables: { n: 100 },
          },
          expectNext: 3,
          match: { path: "$.data.tick.seq" },
        },
        {
          subscribe: { query: 'mutation { echo(message: "{{seq}}-hi") }' },
          match: { json: { data: { echo: "0-hi" } } },
        },
        { wait: 200 },
        { send: '{"type":"ping"}' },
        { expect: { json: { type: "pong" } } },
      ],
    });
    expect(outline(result)).toEqual([
      "connect passed: Open (subprotocol graphql-transport-ws); connection_ack",
      "subscribe passed: 3 next messages in <ms>",
      "subscribe passed: 1 next message in <ms>",
      "wait passed",
      "send passed",
      "expect passed",
    ]);
  });

  it("fails when the operation completes before the nexts it expects", async () => {
    const result = await run({
      url: `${ws}/graphql`,
      protocol: "graphql-ws",
      steps: [
        {
          subscribe: { query: "subscription { tick(count: 2, interval: 50) { seq } }" },
          expectNext: 5,
        },
      ],
    });
    expect(result.steps[1]).toMatchObject({
      status: "failed",
      message: "Operation 1 completed after 2 of 5 next messages",
      received: "complete",
    });
  });
});

describe("scenarios that speak JSON-RPC", () => {
  it("calls with results, errors, captures and notifications", async () => {
    const result = await run({
      url: `${ws}/jsonrpc`,
      protocol: "jsonrpc",
      steps: [
        {
          call: { method: "add", params: [2, 3] },
          expectResult: { json: 5 },
          capture: { sum: "$" },
        },
        { call: { method: "echo", params: ["{{vars.sum}}"] }, expectResult: { json: ["5"] } },
        { call: { method: "fail" }, expectError: { code: -32000 } },
        { call: { method: "echo", params: ["quiet"], notification: true } },
        { call: { method: "nope" }, expectResult: { any: true } },
      ],
    });
    expect(outline(result)).toEqual([
      "connect passed: Open",
      "call passed: Result in <ms>; captured sum = 5",
      "call passed: Result in <ms>",
      "call passed: Failed as expected: -32000 This method always fails",
      "call passed: Notified: no response is due",
      "call failed: The call failed: -32601 Method not found",
    ]);
    expect(result.steps[5]?.received).toContain('"code": -32601');
  });
});
