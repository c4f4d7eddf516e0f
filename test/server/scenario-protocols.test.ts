import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { useServer as useGraphqlWs } from "graphql-ws/use/ws";
import { Server as SocketIoServer } from "socket.io";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type WebSocket, WebSocketServer } from "ws";
import { runScenario } from "../../echo-server/protocol/scenario/runner.ts";
import { checkScenario } from "../../echo-server/protocol/scenario/schema.ts";
import type { Scenario, ScenarioResult } from "../../echo-server/protocol/scenario/types.ts";
import { wsConnector } from "../../echo-server/scenario-node.ts";
import { createServer, type RunningServer } from "../../echo-server/server.ts";

// graphql-ws loads graphql's CJS entry; a schema from the ESM one would not be accepted.
const { buildSchema } = createRequire(import.meta.url)("graphql") as typeof import("graphql");

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
        // An emit goes to the namespace the client connected unless it names one.
        { emit: { event: "echo", args: [1] }, expectAck: { json: [1] } },
        { emit: { event: "echo", namespace: "/secure", args: [2] }, expectAck: { json: [2] } },
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

/** Closes a ws server at once: `close()` alone waits for its clients to go. */
function closeServer(wss: WebSocketServer): Promise<unknown> {
  for (const client of wss.clients) client.terminate();
  return new Promise((resolve) => wss.close(resolve));
}

function listen(http: HttpServer): Promise<string> {
  return new Promise((resolve) =>
    http.listen(0, "127.0.0.1", () =>
      resolve(`ws://127.0.0.1:${(http.address() as AddressInfo).port}`),
    ),
  );
}

describe("hostile servers: the step fails with what went wrong, and the run goes on", () => {
  const http = createHttpServer();
  const io = new SocketIoServer(http, { pingInterval: 200, pingTimeout: 400, serveClient: false });
  let official = "";
  beforeAll(async () => {
    io.on("connection", (socket) => {
      // Drops the whole connection (Engine.IO closes), or only the namespace.
      socket.on("drop", () => socket.disconnect(true));
      socket.on("leave namespace", () => socket.disconnect());
      socket.on("silent", () => {});
    });
    official = await listen(http);
  });
  afterAll(() => new Promise<void>((resolve) => io.close(() => resolve())));

  it("an ack that never comes fails in its time, and the next client still passes", async () => {
    const result = await run({
      url: `${official}/socket.io/`,
      protocol: "socketio",
      clients: [
        {
          name: "waits",
          steps: [{ emit: { event: "silent", args: [1] }, expectAck: true, within: 300 }],
        },
        { name: "other", steps: [{ emit: { event: "silent" } }] },
      ],
    });
    const seen = result.steps.map(
      (step) => `${step.client} ${step.kind} ${step.status}: ${step.message ?? ""}`,
    );
    expect(seen.sort()).toEqual([
      expect.stringMatching(/^other connect passed: Open; Namespace \/ connected/),
      "other emit passed: ",
      expect.stringMatching(/^waits connect passed: Open; Namespace \/ connected/),
      "waits emit failed: No ack 0 within 300 ms",
    ]);
  });

  it.each([
    // The server says the namespace is gone (41) before it closes the connection.
    ["drop", "No ack 0: namespace / was disconnected"],
    ["leave namespace", "No ack 0: namespace / was disconnected"],
  ])("a Socket.IO server that answers %s ends the wait at once", async (event, message) => {
    const started = performance.now();
    const result = await run({
      url: `${official}/socket.io/`,
      protocol: "socketio",
      steps: [{ emit: { event }, expectAck: true, within: 5000 }, { emit: { event: "silent" } }],
    });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result.steps[1]).toMatchObject({ status: "failed", message });
    expect(result.steps[2]?.status).toBe("skipped");
  });

  it("a GraphQL error fails the subscribe step with the server's message", async () => {
    const result = await run({
      url: `${ws}/graphql`,
      protocol: "graphql-ws",
      steps: [{ subscribe: { query: "subscription { nope }" }, expectNext: 2 }],
    });
    expect(result.steps[1]).toMatchObject({
      status: "failed",
      message: 'Operation 1 reported an error: Cannot query field "nope" on type "Subscription".',
      expected: "2 next messages",
    });
    expect(result.steps[1]?.received).toContain('"message": "Cannot query field');
  });

  it("a GraphQL server that refuses connection_init fails the connect step with its close", async () => {
    const wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
    await new Promise((resolve) => wss.once("listening", resolve));
    const stop = useGraphqlWs(
      {
        schema: buildSchema("type Query { hello: String }"),
        onConnect: (ctx) =>
          (ctx.connectionParams as { token?: string } | undefined)?.token === "ok",
      },
      wss,
    );
    try {
      const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
      const refused = await run(
        {
          url,
          protocol: { name: "graphql-ws", initPayload: { token: "{{env.TOKEN}}" } },
          steps: [{ subscribe: { query: "{ hello }" } }],
        },
        { TOKEN: "bad" },
      );
      expect(refused.steps.map((step) => [step.status, step.message])).toEqual([
        ["failed", "The connection closed (4403 Forbidden) during the protocol's handshake"],
        ["skipped", undefined],
      ]);
      const welcomed = await run(
        {
          url,
          protocol: { name: "graphql-ws", initPayload: { token: "{{env.TOKEN}}" } },
          steps: [
            { subscribe: { query: "{ hello }" }, match: { json: { data: { hello: null } } } },
          ],
        },
        { TOKEN: "ok" },
      );
      expect(welcomed.passed).toBe(true);
    } finally {
      await stop.dispose();
      await closeServer(wss);
    }
  });

  it("a JSON-RPC response slower than the step fails it; one that never comes does not hang", async () => {
    const result = await run({
      url: `${ws}/jsonrpc`,
      protocol: "jsonrpc",
      steps: [
        { call: { method: "sleep", params: [600] }, within: 100 },
        { call: { method: "add", params: [1, 1] }, expectResult: { json: 2 } },
      ],
    });
    expect(result.steps[1]).toMatchObject({
      status: "failed",
      message: "No response to id 1 within 100 ms",
      received: "(nothing)",
    });
  });

  /** A fake Socket.IO server over plain ws: the handshake, then `onEvent` for each client frame. */
  async function fakeSocketIo(onEvent: (socket: WebSocket, data: string) => void) {
    const wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
    await new Promise((resolve) => wss.once("listening", resolve));
    wss.on("connection", (socket) => {
      socket.send(
        '0{"sid":"s1","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}',
      );
      socket.on("message", (raw, binary) => {
        const data = binary ? "" : raw.toString();
        if (data === "40") socket.send('40{"sid":"n1"}');
        else onEvent(socket, data);
      });
    });
    return {
      url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/socket.io/`,
      close: () => closeServer(wss),
    };
  }

  it.each([
    [
      "an ack nested 10,000 deep is refused, so the ack never pairs",
      (socket: WebSocket) => socket.send(`430${"[".repeat(10_000)}${"]".repeat(10_000)}`),
      "No ack 0 within 300 ms",
    ],
    [
      "a binary ack cut off after its header, then a reset",
      (socket: WebSocket) => {
        socket.send('61-0[{"_placeholder":true,"num":0}]');
        socket.terminate();
      },
      "No ack 0: the connection closed (1006)",
    ],
    [
      "an ack for an id never asked, then silence",
      (socket: WebSocket) => socket.send('4399["who?"]'),
      "No ack 0 within 300 ms",
    ],
  ])("%s", async (_name, answer, message) => {
    const fake = await fakeSocketIo((socket, data) => {
      if (data.startsWith("420")) answer(socket as unknown as WebSocket);
    });
    try {
      const result = await run({
        url: fake.url,
        protocol: "socketio",
        steps: [{ emit: { event: "echo", args: ["x"] }, expectAck: true, within: 300 }],
      });
      expect(result.steps[1]).toMatchObject({ status: "failed", message });
    } finally {
      await fake.close();
    }
  });
});
