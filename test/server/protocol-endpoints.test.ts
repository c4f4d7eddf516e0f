import { createClient } from "graphql-ws";
import { io as connectSocketIo, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createServer, type RunningServer } from "../../echo-server/server.ts";
import { openClient, rejectedUpgrade } from "./ws-client.ts";

let server: RunningServer;
let ws = "";
beforeAll(async () => {
  server = await createServer({ port: 0 });
  ws = server.url.replace(/^http/, "ws");
});
afterAll(() => server.close());

describe("/socket.io/ with the official client", () => {
  const connect = (namespace = "/", options: Record<string, unknown> = {}) =>
    new Promise<Socket>((resolve, reject) => {
      const socket = connectSocketIo(`${server.url}${namespace}`, {
        transports: ["websocket"],
        reconnection: false,
        ...options,
      });
      socket.on("connect", () => resolve(socket));
      socket.on("connect_error", reject);
    });

  it("echoes with and without an ack, binary included", async () => {
    const socket = await connect();
    const echoed = new Promise((resolve) => socket.once("echo", (...args) => resolve(args)));
    socket.emit("echo", "hi", { n: 1 });
    expect(await echoed).toEqual(["hi", { n: 1 }]);
    const acked = await new Promise((resolve) =>
      socket.emit("echo", "with ack", Buffer.from([1, 2, 3]), (...reply: unknown[]) =>
        resolve(reply),
      ),
    );
    expect(acked).toEqual(["with ack", Buffer.from([1, 2, 3])]);
    socket.disconnect();
  });

  it("joins a room and delivers to its members", async () => {
    const [a, b] = await Promise.all([connect(), connect()]);
    expect(await a.emitWithAck("join", "lab")).toMatchObject({ room: "lab" });
    expect(await b.emitWithAck("join", "lab")).toMatchObject({ room: "lab", members: 2 });
    const got = new Promise((resolve) => b.once("message", (...args) => resolve(args)));
    expect(await a.emitWithAck("say", "lab", "hello")).toEqual({ delivered: 2 });
    expect(await got).toEqual([{ room: "lab", from: a.id }, "hello"]);
    expect(await a.emitWithAck("rooms")).toEqual(["lab"]);
    a.disconnect();
    b.disconnect();
  });

  it("the /secure namespace needs its token in the auth payload", async () => {
    await expect(connect("/secure")).rejects.toThrow(
      'Missing token: connect with auth {token: "letmein"}',
    );
    await expect(connect("/secure", { auth: { token: "no" } })).rejects.toThrow("Invalid token");
    const socket = await connect("/secure", { auth: { token: "letmein" } });
    expect(await socket.emitWithAck("echo", 42)).toBe(42);
    socket.disconnect();
  });

  it("takes long-polling too, and a page of another site gets 403", async () => {
    const polling = await connect("/", { transports: ["polling"] });
    expect(await polling.emitWithAck("echo", "over polling")).toBe("over polling");
    polling.disconnect();
    const refused = await rejectedUpgrade(`${ws}/socket.io/?EIO=4&transport=websocket`, {
      origin: "https://evil.example",
    });
    expect(refused.status).toBe(403);
  });
});

describe("/graphql with graphql-ws", () => {
  const client = () =>
    createClient({ url: `${ws}/graphql`, webSocketImpl: WebSocket, lazy: true, retryAttempts: 0 });

  it("answers a query and the echo mutation", async () => {
    const graphql = client();
    const run = (query: string) =>
      new Promise((resolve, reject) => {
        let result: unknown;
        graphql.subscribe(
          { query },
          { next: (value) => (result = value), error: reject, complete: () => resolve(result) },
        );
      });
    expect(await run("{ hello }")).toEqual({
      data: { hello: "Hello from the SocketScope playground" },
    });
    expect(await run('mutation { echo(message: "hi") }')).toEqual({ data: { echo: "hi" } });
    await graphql.dispose();
  });

  it("ticks a subscription, then completes", async () => {
    const graphql = client();
    const ticks: unknown[] = [];
    await new Promise<void>((resolve, reject) =>
      graphql.subscribe(
        { query: "subscription { tick(count: 3, interval: 50) { seq } }" },
        { next: (value) => ticks.push(value), error: reject, complete: resolve },
      ),
    );
    expect(ticks).toEqual([1, 2, 3].map((seq) => ({ data: { tick: { seq } } })));
    await graphql.dispose();
  });

  it("speaks graphql-transport-ws with a bare client too", async () => {
    const socket = await openClient(`${ws}/graphql`, ["graphql-transport-ws"]);
    expect(socket.ws.protocol).toBe("graphql-transport-ws");
    socket.ws.send(JSON.stringify({ type: "connection_init" }));
    expect(await socket.nextJson()).toEqual({ type: "connection_ack" });
    socket.ws.send(JSON.stringify({ type: "ping" }));
    expect(await socket.nextJson()).toEqual({ type: "pong" });
    socket.ws.close();
  });
});

describe("/jsonrpc", () => {
  it.each([
    [
      { jsonrpc: "2.0", id: 1, method: "echo", params: { a: 1 } },
      { jsonrpc: "2.0", id: 1, result: { a: 1 } },
    ],
    [
      { jsonrpc: "2.0", id: "x", method: "add", params: [2, 3] },
      { jsonrpc: "2.0", id: "x", result: 5 },
    ],
    [
      { jsonrpc: "2.0", id: 2, method: "add", params: { a: 2, b: "3" } },
      {
        jsonrpc: "2.0",
        id: 2,
        error: {
          code: -32602,
          message: "Invalid params",
          data: "add takes two numbers: [a, b] or {a, b}",
        },
      },
    ],
    [
      { jsonrpc: "2.0", id: 3, method: "fail" },
      {
        jsonrpc: "2.0",
        id: 3,
        error: {
          code: -32000,
          message: "This method always fails",
          data: { hint: "errors are paired to their requests too" },
        },
      },
    ],
    [
      { jsonrpc: "2.0", id: 4, method: "nope" },
      {
        jsonrpc: "2.0",
        id: 4,
        error: {
          code: -32601,
          message: "Method not found",
          data: "No method nope: try echo, add, sleep or fail",
        },
      },
    ],
    [
      { id: 5, method: "echo" },
      { jsonrpc: "2.0", id: 5, error: { code: -32600, message: "Invalid Request" } },
    ],
  ])("%j", async (request, response) => {
    const client = await openClient(`${ws}/jsonrpc`);
    client.ws.send(JSON.stringify(request));
    expect(await client.nextJson()).toEqual(response);
    client.ws.close();
  });

  it("parse errors, batches, notifications, and sleeps that answer out of order", async () => {
    const client = await openClient(`${ws}/jsonrpc`);
    client.ws.send("{bad");
    expect(await client.nextJson()).toMatchObject({ id: null, error: { code: -32700 } });
    client.ws.send(
      JSON.stringify([
        { jsonrpc: "2.0", id: "slow", method: "sleep", params: { ms: 150 } },
        { jsonrpc: "2.0", method: "echo", params: ["notification: no answer"] },
        { jsonrpc: "2.0", id: "fast", method: "sleep", params: [10] },
        { jsonrpc: "2.0", id: 1, method: "add", params: [1, 1] },
      ]),
    );
    expect(await client.next()).toEqual({
      text: JSON.stringify([{ jsonrpc: "2.0", id: 1, result: 2 }]),
    });
    expect(await client.nextJson()).toEqual({ jsonrpc: "2.0", id: "fast", result: 10 });
    expect(await client.nextJson()).toEqual({ jsonrpc: "2.0", id: "slow", result: 150 });
    client.ws.close();
  });
});

describe("/jsonrpc against hostile input", () => {
  it("answers 10,000-deep JSON, an oversized batch, binary and a sleep flood with errors, and keeps serving", async () => {
    const client = await openClient(`${ws}/jsonrpc`);
    client.ws.send(`${"[".repeat(10_000)}${"]".repeat(10_000)}`);
    expect(await client.nextJson()).toMatchObject({ id: null, error: { code: -32700 } });
    client.ws.send(JSON.stringify(Array.from({ length: 101 }, (_, id) => ({ id, method: "x" }))));
    expect(await client.nextJson()).toMatchObject({
      id: null,
      error: { code: -32600, data: "A batch holds 1–100 requests" },
    });
    client.ws.send(Buffer.from("{}"));
    expect(await client.nextJson()).toMatchObject({
      error: { code: -32600, data: "JSON-RPC travels in text frames" },
    });
    // 33 sleeps of 10 s: the 33rd is refused, and closing the socket clears the other 32.
    client.ws.send(
      JSON.stringify(
        Array.from({ length: 33 }, (_, id) => ({
          jsonrpc: "2.0",
          id,
          method: "sleep",
          params: { ms: 10_000 },
        })),
      ),
    );
    expect(await client.nextJson()).toEqual([
      {
        jsonrpc: "2.0",
        id: 32,
        error: { code: -32000, message: "At most 32 sleeps at once" },
      },
    ]);
    client.ws.send(
      JSON.stringify({ jsonrpc: "2.0", id: "__proto__", method: "add", params: [1, 2] }),
    );
    expect(await client.nextJson()).toEqual({ jsonrpc: "2.0", id: "__proto__", result: 3 });
    client.ws.close();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

describe("the endpoint list and the base server", () => {
  it("lists the three protocol endpoints", async () => {
    const list = (await (await fetch(`${server.url}/api/endpoints`)).json()) as { path: string }[];
    expect(list.map((endpoint) => endpoint.path)).toEqual(
      expect.arrayContaining(["/socket.io/", "/graphql", "/jsonrpc"]),
    );
  });
});
