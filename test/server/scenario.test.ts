import { createHash } from "node:crypto";
import { createServer as createNetServer, type Server as NetServer, type Socket } from "node:net";
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

  it("binary is matched as hex: base64 and hex sends, and a text frame where bytes were wanted", async () => {
    const { result } = await run({
      url: `${ws}/echo`,
      steps: [
        { send: { base64: "3q2+7w==" } },
        { expect: { hex: "de ad be ef" } },
        { send: { hex: "00 ff" } },
        { expect: { hex: "00ff" } },
        { send: "00ff" },
        { expect: { hex: "00ff" }, within: 1000 },
      ],
    });
    expect(result.steps.slice(1).map((step) => `${step.status} ${step.message ?? ""}`)).toEqual([
      "passed 4 bytes",
      "passed ",
      "passed 2 bytes",
      "passed ",
      "passed ",
      "failed A binary frame was expected; a text frame came",
    ]);
    expect(result.steps[6]).toMatchObject({ expected: "00 ff", received: "00ff" });
    const wrong = await run({
      url: `${ws}/echo`,
      steps: [{ send: { hex: "01 02 03" } }, { expect: { hex: "01 02 04" } }],
    });
    expect(wrong.result.steps[2]).toMatchObject({
      status: "failed",
      message: "The bytes differ",
      expected: "01 02 04",
      received: "01 02 03 (binary)",
    });
  });

  it("a value captured by one client is {{vars.name}} in another's step", async () => {
    // ada learns her peer id from the welcome; bob sends her a direct message with it.
    const room = `${ws}/rooms/vars-room`;
    const { result } = await run({
      clients: [
        {
          name: "ada",
          url: room,
          steps: [
            { expect: { path: "$.type", equals: "welcome" }, capture: { adaId: "$.id" } },
            { barrier: "both in" },
            { expect: { json: { type: "dm", data: "psst" } }, skip: true, within: 3000 },
          ],
        },
        {
          name: "bob",
          url: room,
          steps: [
            { expect: { path: "$.type", equals: "welcome" } },
            { barrier: "both in" },
            { send: { json: { type: "dm", to: "{{vars.adaId}}", data: "psst" } } },
          ],
        },
      ],
    });
    expect(result.steps.filter((step) => step.status !== "passed")).toEqual([]);
    expect(typeof result.vars.adaId).toBe("string");
    const sent = result.steps.find((step) => step.client === "bob" && step.kind === "send");
    expect(sent?.status).toBe("passed");
  });

  it("a ping step over a slow echo fails its p99 threshold, naming the figures", async () => {
    const { result } = await run({
      url: `${ws}/echo?delay=40`,
      steps: [{ ping: { count: 5, interval: 10 }, p99Below: 20, medianBelow: 20, lossAtMost: 0 }],
    });
    expect(result.steps[1]?.status).toBe("failed");
    expect(result.steps[1]?.message).toMatch(
      /^p99 [\d.]+ ms is not below 20 ms; median [\d.]+ ms is not below 20 ms \(5 sent, 5 received, 0 lost; median [\d.]+ ms, p99 [\d.]+ ms\)$/,
    );
  });

  it("an expected close that does not come fails at its within", async () => {
    const { result } = await run({
      url: `${ws}/echo`,
      steps: [{ expectClose: { code: 1000, within: 200 } }],
    });
    expect(result.steps[1]).toMatchObject({
      status: "failed",
      message: "The server did not close within 200 ms",
      expected: "close 1000",
      received: "(still open)",
    });
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

/**
 * A raw TCP server that misbehaves after (or instead of) the handshake: `act` gets the socket
 * once the upgrade request has come, and the WebSocket accept line to answer with.
 */
async function rawServer(act: (socket: Socket, accept: string) => void) {
  const sockets = new Set<Socket>();
  const server: NetServer = createNetServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
    let head = "";
    socket.on("data", (chunk) => {
      head += chunk.toString("latin1");
      if (!head.includes("\r\n\r\n")) return;
      const key = /sec-websocket-key: *(\S+)/i.exec(head)?.[1] ?? "";
      const accept = createHash("sha1")
        .update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
        .digest("base64");
      act(
        socket,
        `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}/`,
    close() {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

describe("scenarios against a server that misbehaves", () => {
  it("a connection reset in the middle of a frame fails the waiting expect, and the run ends", async () => {
    const server = await rawServer((socket, accept) => {
      socket.write(accept);
      // A text frame header for 100 bytes, then 3 of them, then a reset.
      socket.write(Buffer.from([0x81, 100, 0x61, 0x62, 0x63]));
      setTimeout(() => socket.resetAndDestroy(), 50);
    });
    try {
      const { result } = await run({
        url: server.url,
        steps: [{ expect: { any: true }, within: 3000 }, { send: "after" }],
      });
      expect(summary(result.steps)).toEqual([
        "main -1 connect passed",
        "main 0 expect failed",
        "main 1 send skipped",
      ]);
      expect(result.steps[1]?.message).toBe("The connection closed (1006) while waiting");
    } finally {
      server.close();
    }
  });

  it("a server that takes the connection and never answers the handshake is cut at timeoutMs", async () => {
    const server = await rawServer(() => {});
    try {
      const { result } = await run({ url: server.url, timeoutMs: 300, steps: [{ send: "x" }] });
      expect(result.steps[0]).toMatchObject({
        kind: "connect",
        status: "failed",
        message: "Not open within 300 ms",
      });
      expect(result.steps[1]?.status).toBe("skipped");
    } finally {
      server.close();
    }
  });

  it("a frame bigger than the client takes ends the connection, and the expect says why", async () => {
    const server = await rawServer((socket, accept) => {
      socket.write(accept);
      // A binary frame that announces 2 GiB.
      socket.write(Buffer.from([0x82, 127, 0, 0, 0, 0, 0x80, 0, 0, 0]));
    });
    try {
      const { result } = await run({ url: server.url, steps: [{ expect: { any: true } }] });
      expect(result.steps[1]).toMatchObject({
        status: "failed",
        received: "(the connection closed)",
      });
      expect(result.steps[1]?.message).toBe(
        "The connection closed (1006: Max payload size exceeded) while waiting",
      );
    } finally {
      server.close();
    }
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
