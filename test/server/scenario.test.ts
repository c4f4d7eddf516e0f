import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runScenario } from "../../echo-server/protocol/scenario/runner.ts";
import { checkScenario } from "../../echo-server/protocol/scenario/schema.ts";
import type { Scenario, StepResult } from "../../echo-server/protocol/scenario/types.ts";
import { wsConnector } from "../../echo-server/scenario-node.ts";
import { createServer, type RunningServer } from "../../echo-server/server.ts";

let server: RunningServer;
let ws = "";
beforeAll(async () => {
  server = await createServer({ port: 0 });
  ws = server.url.replace(/^http/, "ws");
});
afterAll(() => server.close());

async function run(scenario: Scenario, env: Record<string, string> = {}) {
  const checked = checkScenario(scenario);
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  const seen: StepResult[] = [];
  const result = await runScenario(checked.scenario, {
    connector: wsConnector(),
    env,
    onStep: (step) => seen.push(step),
  });
  return { result, seen };
}

const summary = (steps: StepResult[]) =>
  steps.map((step) => `${step.client} ${step.index} ${step.kind} ${step.status}`);

describe("scenarios against the bundled server", () => {
  it("echo: sends, expects, captures and reuses a value, and closes", async () => {
    const { result, seen } = await run({
      name: "echo",
      url: `${ws}/echo`,
      steps: [
        { send: "hi" },
        { expect: { text: "hi" }, within: 1000 },
        { send: { json: { op: "sub", id: "{{uuid}}", seq: "{{seq}}" } } },
        { expect: { json: { op: "sub" } }, capture: { sid: "$.id" }, within: 2000 },
        { send: "again {{vars.sid}}" },
        { expect: { regex: "^again ([0-9a-f-]{36})$" }, capture: { echoed: "$1" } },
        { send: { hex: "00 01 ff" } },
        { expect: { hex: "0001ff" } },
        { close: 1000 },
      ],
    });
    expect(result.passed).toBe(true);
    expect(result.vars.sid).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.vars.echoed).toBe(result.vars.sid);
    expect(summary(result.steps)).toEqual([
      "main -1 connect passed",
      "main 0 send passed",
      "main 1 expect passed",
      "main 2 send passed",
      "main 3 expect passed",
      "main 4 send passed",
      "main 5 expect passed",
      "main 6 send passed",
      "main 7 expect passed",
      "main 8 close passed",
    ]);
    // Each step reported running, then its end.
    expect(seen.filter((step) => step.status === "running")).toHaveLength(10);
  });

  it("three clients join a room, one publishes, all three receive", async () => {
    const member = (name: string) => ({
      name,
      url: `${ws}/rooms/scenario-room`,
      steps: [
        { expect: { path: "$.type", equals: "welcome" } },
        { barrier: "joined" },
        ...(name === "ada"
          ? [{ send: { json: { type: "publish", room: "scenario-room", data: "hello all" } } }]
          : []),
        { expect: { json: { type: "message", data: "hello all" } }, skip: true, within: 3000 },
      ],
    });
    const { result } = await run({ name: "room", clients: ["ada", "bob", "cy"].map(member) });
    expect(result.steps.filter((step) => step.status !== "passed")).toEqual([]);
    expect(result.passed).toBe(true);
  });

  it("auth by header from the environment", async () => {
    const { result } = await run(
      {
        url: `${ws}/auth`,
        headers: [["Authorization", "Bearer {{env.TOKEN}}"]],
        steps: [{ expect: { path: "$.via", equals: "bearer" } }],
      },
      { TOKEN: "letmein" },
    );
    expect(result.passed).toBe(true);
    const refused = await run(
      {
        url: `${ws}/auth`,
        headers: [["Authorization", "Bearer {{env.TOKEN}}"]],
        steps: [{ expect: { any: true } }],
      },
      { TOKEN: "wrong" },
    );
    expect(refused.result.steps[0]).toMatchObject({
      kind: "connect",
      status: "failed",
      message: "The server answered 401 Unauthorized: Invalid token",
    });
    expect(refused.result.steps[1]?.status).toBe("skipped");
    const unset = await run({ url: `${ws}/auth?token={{env.NOPE}}`, steps: [] });
    expect(unset.result.steps[0]).toMatchObject({
      status: "failed",
      message: "{{env.NOPE}} is not set",
    });
  });

  it("expects the server's close code, and fails on the wrong one", async () => {
    const good = await run({
      url: `${ws}/close?code=4001&reason=bye&after=10`,
      steps: [{ expectClose: { code: 4001 } }],
    });
    expect(good.result.passed).toBe(true);
    const bad = await run({
      url: `${ws}/close?code=4001&after=10`,
      steps: [{ expectClose: { code: 1000 } }],
    });
    expect(bad.result.steps[1]).toMatchObject({
      status: "failed",
      message: "The server closed with 4001, not 1000",
    });
  });

  it("a failed expect shows what was expected and what came", async () => {
    const { result } = await run({
      url: `${ws}/echo`,
      steps: [
        { send: { json: { op: "ack", n: 2 } } },
        { expect: { json: { op: "ack", n: 3 } }, within: 1000 },
        { send: "never" },
      ],
    });
    expect(result.passed).toBe(false);
    expect(result.steps[2]).toMatchObject({
      status: "failed",
      message: "$.n is 2, not 3",
      expected: '{\n  "op": "ack",\n  "n": 3\n}',
      received: '{\n  "op": "ack",\n  "n": 2\n}',
    });
    expect(result.steps[3]?.status).toBe("skipped");
  });

  it("against /echo?drop=1 the expect times out, saying so", async () => {
    const { result } = await run({
      url: `${ws}/echo?drop=1`,
      steps: [{ send: "hi" }, { expect: { text: "hi" }, within: 300 }],
    });
    expect(result.steps[2]).toMatchObject({
      status: "failed",
      message: "Nothing came within 300 ms",
      expected: "hi",
      received: "(nothing)",
    });
  });

  it("a ping loop step with thresholds", async () => {
    const { result } = await run({
      url: `${ws}/echo`,
      steps: [{ ping: { count: 20, interval: 10 }, p99Below: 50, lossAtMost: 0 }],
    });
    expect(result.steps[1]).toMatchObject({ status: "passed" });
    expect(result.steps[1]?.message).toMatch(
      /^20 sent, 20 received, 0 lost; median [\d.]+ ms, p99 [\d.]+ ms$/,
    );
    const lossy = await run({
      url: `${ws}/echo?drop=1`,
      steps: [{ ping: { count: 3, interval: 10, timeout: 200 }, lossAtMost: 0 }],
    });
    expect(lossy.result.steps[1]?.message).toBe(
      "3 lost, more than 0 (3 sent, 0 received, 3 lost; median –, p99 –)",
    );
  });

  it("a barrier whose client failed fails the others instead of hanging", async () => {
    const { result } = await run({
      clients: [
        { name: "a", url: `${ws}/echo`, steps: [{ barrier: "b1" }] },
        { name: "b", url: "ws://127.0.0.1:9/", steps: [{ barrier: "b1" }] },
      ],
    });
    expect(
      result.steps.find((step) => step.client === "a" && step.kind === "barrier"),
    ).toMatchObject({
      status: "failed",
      message: "Client b ended before it reached barrier b1",
    });
  });
});

describe("scenarios assert on sizes on the wire", () => {
  it("passes when /echo compresses a big frame, and fails with the sizes when it does not", async () => {
    const deflating = await createServer({ port: 0, policy: { deflate: true } });
    try {
      const url = `${deflating.url.replace(/^http/, "ws")}/echo`;
      const big = "abc".repeat(2000);
      const { result } = await run({
        url,
        steps: [
          { send: big },
          { expect: { text: big }, wire: { compressed: true, ratioAtMost: 0.1 } },
          { send: "hi" },
          // ws compresses even tiny frames when the window is kept between messages (its
          // threshold only applies without context takeover): 2 bytes may take 4 on the wire.
          { expect: { text: "hi" }, wire: { bytesAtMost: 8 } },
        ],
      });
      expect(result.passed).toBe(true);

      const { result: strict } = await run({
        url,
        steps: [{ send: big }, { expect: { text: big }, wire: { bytesAtMost: 5 } }],
      });
      expect(strict.passed).toBe(false);
      expect(strict.steps.find((step) => step.kind === "expect")?.message).toMatch(
        /^It took more than 5 bytes \(\d+ bytes on the wire for 6000, compressed\)$/,
      );
    } finally {
      await deflating.close();
    }
  });

  it("fails a compressed expectation against a server without deflate", async () => {
    const { result } = await run({
      url: `${ws}/echo`,
      steps: [{ send: "x".repeat(3000) }, { expect: { any: true }, wire: { compressed: true } }],
    });
    expect(result.steps.find((step) => step.kind === "expect")?.message).toBe(
      "It was not compressed (3000 bytes on the wire for 3000, not compressed)",
    );
  });
});
