import { createServer, type Server as HttpServer } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { useServer } from "graphql-ws/use/ws";
import { Server as SocketIoServer } from "socket.io";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { makeProtocolTracker } from "../../echo-server/protocol/sessions/tracker.ts";
import { createServer as createBundled, type RunningServer } from "../../echo-server/server.ts";
import { openTracked } from "./tracker-client.ts";

/** The official servers' heartbeat, short so a test sees several pings. */
const PING_INTERVAL_MS = 150;
const PING_TIMEOUT_MS = 600;

function listen(server: HttpServer): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
}

describe("the Socket.IO session against the official socket.io server", () => {
  const http = createServer();
  const io = new SocketIoServer(http, {
    pingInterval: PING_INTERVAL_MS,
    pingTimeout: PING_TIMEOUT_MS,
    serveClient: false,
  });
  let base = "";
  beforeAll(async () => {
    io.on("connection", (socket) => {
      socket.on("echo", (...args: unknown[]) => {
        const ack =
          typeof args.at(-1) === "function" ? (args.pop() as (...a: unknown[]) => void) : undefined;
        if (ack) ack(...args);
        else socket.emit("echo", ...args);
      });
      socket.on("ask me", () => socket.emit("question", "ready?", () => {}));
    });
    io.of("/secure")
      .use((socket, next) =>
        (socket.handshake.auth as { token?: string }).token === "letmein"
          ? next()
          : next(new Error("Invalid token")),
      )
      .on("connection", (socket) => socket.emit("welcome", socket.nsp.name));
    base = await listen(http);
  });
  afterAll(() => new Promise<void>((resolve) => io.close(() => resolve())));

  it("connects, emits with an ack, and pairs the ack with its latency", async () => {
    const tracker = makeProtocolTracker();
    const client = await openTracked(tracker, `${base}/socket.io/`);
    await client.until(
      (s) => s.from === "server" && /^CONNECT \/ \{"sid"/.test(s.note?.summary ?? ""),
    );
    const id = client.act({ kind: "emit", event: "echo", args: ["hi", { n: 1 }], ack: true });
    expect(id).toBe("0");
    const ack = await client.until((s) => s.note?.answers !== undefined);
    expect(ack.data).toBe('430["hi",{"n":1}]');
    expect(ack.note?.summary).toBe('ACK 0 ["hi",{"n":1}]');
    expect(ack.note?.latencyMs).toBeGreaterThan(0);
    expect(tracker.status().pairing.names).toMatchObject([{ name: "echo", count: 1, answered: 1 }]);
    client.ws.close();
  });

  it("sends and receives binary attachments", async () => {
    const client = await openTracked(
      makeProtocolTracker({ protocol: "socketio" }),
      `${base}/socket.io/`,
    );
    await client.until((s) => s.note?.summary.startsWith("CONNECT / {") === true);
    client.act({ kind: "emit", event: "echo", args: [{ $bytes: "00ff10" }, "x"], ack: true });
    const ack = await client.until((s) => s.note?.answers !== undefined);
    expect(ack.note?.summary).toBe('BINARY_ACK 0 [{"$bytes":"00ff10"},"x"] (attachment 1 of 1)');
    client.ws.close();
  });

  it("connects a namespace with its auth payload, and reads a refusal", async () => {
    const refused = await openTracked(
      makeProtocolTracker({
        protocol: "socketio",
        socketio: { namespace: "/secure", auth: { token: "no" } },
      }),
      `${base}/socket.io/`,
    );
    const error = await refused.until((s) => s.note?.summary.startsWith("CONNECT_ERROR") === true);
    expect(error.note?.summary).toBe('CONNECT_ERROR /secure {"message":"Invalid token"}');
    refused.act({ kind: "socketio-connect", namespace: "/secure", auth: { token: "letmein" } });
    const welcome = await refused.until(
      (s) => s.note?.summary.startsWith("EVENT /secure") === true,
    );
    expect(welcome.note?.summary).toBe('EVENT /secure "welcome" ["/secure"]');
    refused.ws.close();
  });

  it("pairs a server's emit with ack as a request the client may answer", async () => {
    const tracker = makeProtocolTracker({ protocol: "socketio" });
    const client = await openTracked(tracker, `${base}/socket.io/`);
    await client.until((s) => s.note?.summary.startsWith("CONNECT / {") === true);
    client.act({ kind: "emit", event: "ask me", args: [], ack: false });
    const question = await client.until((s) => s.note?.asks !== undefined && s.from === "server");
    expect(question.note?.summary).toBe('EVENT "question" ack 0 ["ready?"]');
    expect(tracker.status().pairing.pending).toBe(1);
    client.ws.close();
  });

  it("keeps the session open past the ping timeout by answering every ping", async () => {
    const tracker = makeProtocolTracker();
    const client = await openTracked(tracker, `${base}/socket.io/`);
    const started = performance.now();
    // Long enough for a server that got no pong to have closed the session twice over.
    const deadline = started + 2 * (PING_INTERVAL_MS + PING_TIMEOUT_MS) + 200;
    await client.until((s) => s.from === "client" && s.note?.summary === "PONG", 5000);
    while (performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(client.isOpen()).toBe(true);
    const state = tracker.status().session;
    expect(state.protocol === "socketio" && state.pongs).toBeGreaterThanOrEqual(3);
    client.ws.close();
  });

  it("without the session, the same server drops the connection: the test above can fail", async () => {
    const client = await openTracked(
      makeProtocolTracker({ protocol: "raw" }),
      `${base}/socket.io/?EIO=4&transport=websocket`,
    );
    const closed = await Promise.race([
      client.closed,
      new Promise<undefined>((r) =>
        setTimeout(() => r(undefined), 4 * (PING_INTERVAL_MS + PING_TIMEOUT_MS) + 2000),
      ),
    ]);
    expect(closed).toBeDefined();
  });
});

describe("the GraphQL session against the official graphql-ws server", () => {
  // graphql-ws loads graphql's CJS entry; a schema from the ESM one would be another realm's.
  const { buildSchema } = createRequire(import.meta.url)("graphql") as typeof import("graphql");
  const schema = buildSchema(`
    type Query { hello: String! }
    type Subscription { tick(count: Int!): Int! }
  `);
  const roots = {
    query: { hello: () => "world" },
    subscription: {
      async *tick({ count }: { count: number }) {
        for (let i = 1; i <= count; i++) {
          await new Promise((r) => setTimeout(r, 20));
          yield { tick: i };
        }
      },
    },
  };
  const http = createServer();
  const wss = new WebSocketServer({ server: http });
  let url = "";
  beforeAll(async () => {
    useServer(
      {
        schema,
        roots,
        onConnect: (ctx) => (ctx.connectionParams as { token?: string } | undefined)?.token === "t",
      },
      wss,
    );
    url = `${await listen(http)}/graphql`;
  });
  afterAll(async () => {
    for (const client of wss.clients) client.terminate();
    await new Promise<void>((resolve) => wss.close(() => http.close(() => resolve())));
  });

  it("inits with a payload, subscribes, sees each next paired, then complete", async () => {
    const tracker = makeProtocolTracker({
      protocol: "auto",
      graphql: { initPayload: { token: "t" } },
    });
    const client = await openTracked(tracker, url);
    expect(client.ws.protocol).toBe("graphql-transport-ws");
    await client.until((s) => s.note?.summary === "connection_ack");
    const id = client.act({ kind: "subscribe", query: "subscription Ticks { tick(count: 3) }" });
    const complete = await client.until(
      (s) => s.note?.summary === `complete ${id}` && s.from === "server",
    );
    const nexts = client.seen.filter((s) => s.note?.summary === `next ${id}`);
    expect(nexts.map((s) => s.data)).toEqual(
      [1, 2, 3].map((n) => `{"id":"${id}","type":"next","payload":{"data":{"tick":${n}}}}`),
    );
    expect(nexts.every((s) => s.note?.answers?.[0] === 1 && (s.note.latencyMs ?? 0) > 0)).toBe(
      true,
    );
    expect(complete.note?.answers).toEqual([1]);
    expect(tracker.status().session).toMatchObject({
      operations: [{ id, name: "Ticks", state: "completed", nexts: 3 }],
    });
    client.act({ kind: "graphql-ping" });
    await client.until((s) => s.from === "server" && s.note?.summary === "pong");
    client.ws.close();
  });

  it("completes an operation from the client, and the nexts stop", async () => {
    const tracker = makeProtocolTracker({
      protocol: "graphql-ws",
      graphql: { initPayload: { token: "t" } },
    });
    const client = await openTracked(tracker, url);
    await client.until((s) => s.note?.summary === "connection_ack");
    const id = client.act({ kind: "subscribe", query: "subscription { tick(count: 1000) }" }) ?? "";
    await client.until((s) => s.note?.summary === `next ${id}`);
    client.act({ kind: "complete", id });
    await new Promise((r) => setTimeout(r, 150));
    const count = client.seen.filter((s) => s.note?.summary === `next ${id}`).length;
    await new Promise((r) => setTimeout(r, 200));
    expect(client.seen.filter((s) => s.note?.summary === `next ${id}`).length).toBe(count);
    expect(tracker.status().session).toMatchObject({ operations: [{ id, state: "cancelled" }] });
    client.ws.close();
  });

  it("reads the server's refusal of a bad init payload", async () => {
    const client = await openTracked(makeProtocolTracker({ protocol: "graphql-ws" }), url);
    expect(await client.closed).toEqual({ code: 4403, reason: "Forbidden" });
  });
});

describe("the bundled /socket.io/ with a short heartbeat (--socket-io-ping)", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await createBundled({ port: 0, socketIoPing: { intervalMs: 200, timeoutMs: 400 } });
  });
  afterAll(() => server.close());

  it("pings at the interval asked for, and the session keeps the connection past the timeout", async () => {
    const tracker = makeProtocolTracker();
    const client = await openTracked(tracker, `${server.url.replace(/^http/, "ws")}/socket.io/`);
    const open = await client.until((s) => s.note?.summary.startsWith("OPEN") === true);
    expect(open.note?.summary).toMatch(/ping every 0\.2 s, timeout 0\.4 s$/);
    await new Promise((r) => setTimeout(r, 1500));
    expect(client.isOpen()).toBe(true);
    client.act({ kind: "emit", event: "echo", args: ["still here"], ack: true });
    const ack = await client.until((s) => s.note?.answers !== undefined);
    expect(ack.data).toBe('430["still here"]');
    client.ws.close();
  });
});

describe("the JSON-RPC session against the bundled /jsonrpc endpoint", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await createBundled({ port: 0 });
  });
  afterAll(() => server.close());

  it("calls, batches and notifies; replies out of order pair by id, errors are counted", async () => {
    const tracker = makeProtocolTracker();
    const client = await openTracked(tracker, `${server.url.replace(/^http/, "ws")}/jsonrpc`);
    client.act({
      kind: "call",
      calls: [
        { method: "sleep", params: { ms: 120 } },
        { method: "add", params: [2, 3] },
        { method: "echo", params: ["note"], notification: true },
        { method: "fail" },
      ],
    });
    client.act({ kind: "call", calls: [{ method: "sleep", params: [5] }] });
    await client.until((s) => s.note?.answers?.includes(1) === true);
    const answers = client.seen.filter((s) => s.from === "server").map((s) => s.note?.answers);
    expect(answers).toEqual([[2, 3], [4], [1]]);
    const names = Object.fromEntries(tracker.status().pairing.names.map((n) => [n.name, n]));
    expect(names.sleep).toMatchObject({ count: 2, answered: 2, errors: 0 });
    expect(names.fail).toMatchObject({ count: 1, answered: 1, errors: 1 });
    expect(names.sleep?.max).toBeGreaterThanOrEqual(100);
    expect(tracker.status()).toMatchObject({
      protocol: "jsonrpc",
      reason: "the URL ends in /jsonrpc",
    });
    client.ws.close();
  });
});
