/**
 * Hostile input against the real `socketscope` process: each class of attack from the hardening
 * issue, with new attacks of each class beside the ones first found. After every group the
 * server must still answer, a witness pair in a room must lose nothing, and memory must stay
 * within a bound far below what the unbounded server reached (157 MiB for the API rooms, 310 MB
 * for delayed echoes).
 */
import type { ChildProcess } from "node:child_process";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createNetServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket, { WebSocketServer } from "ws";
import { type CliProcess, requireBuild, startCli } from "./cli-process.ts";
import {
  deepArray,
  deepObject,
  openWitnesses,
  rawUpgrade,
  request,
  statsOf,
  upgradeThenReset,
} from "./hostile-tools.ts";
import { openRelayClient } from "./relay-client.ts";
import { isJson, openClient } from "./ws-client.ts";

const MiB = 1024 * 1024;
/** Growth of the server's RSS that any one group of attacks may cause. */
const RSS_BOUND = 96 * MiB;

const children: ChildProcess[] = [];
let server: CliProcess & { port: number; http: string; ws: string };
let witnesses: Awaited<ReturnType<typeof openWitnesses>>;
let rssAtStart = 0;

beforeAll(async () => {
  requireBuild();
  server = await startCli(
    [
      "--history-bytes",
      String(1 * MiB),
      "--echo-pending-bytes",
      String(1 * MiB),
      "--echo-pending-total",
      String(4 * MiB),
      "--api-rate-limit",
      "100000",
      "--max-connections",
      "400",
      "--max-connections-per-ip",
      "400",
    ],
    children,
  );
  witnesses = await openWitnesses(server.ws);
  rssAtStart = (await statsOf(server.port)).memory.rss;
}, 20_000);

afterAll(() => {
  witnesses?.close();
  for (const child of children) child.kill("SIGKILL");
});

/** Retries `check` for up to 2 s until it passes. */
async function eventually(check: () => Promise<void>) {
  const deadline = Date.now() + 2000;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** The server is up, the witnesses hear each other, and memory stayed bounded. */
async function expectUnharmed() {
  expect(server.child.exitCode).toBeNull();
  expect((await request(server.port, { path: "/healthz" })).status).toBe(200);
  await witnesses.check();
  const { memory } = await statsOf(server.port);
  expect(memory.rss - rssAtStart).toBeLessThan(RSS_BOUND);
}

const roomsUrl = (room = "attack") => `${server.ws}/rooms/${room}`;

describe("1. one JSON message", () => {
  it.each([
    ["publish", (deep: string) => `{"type":"publish","room":"attack","data":${deep}}`],
    ["dm", (deep: string) => `{"type":"dm","to":"u1","data":${deep}}`],
    ["nick", (deep: string) => `{"type":"nick","name":${deep}}`],
    ["an unknown type", (deep: string) => `{"type":${deep}}`],
    ["join", (deep: string) => `{"type":"join","room":${deep}}`],
    [
      "a command nested in data",
      (deep: string) => `{"type":"publish","room":"attack","data":{"x":[${deep}]}}`,
    ],
  ])("%s nested 10,000 deep gets bad_request and the peer stays open", async (_name, frame) => {
    const client = await openClient(roomsUrl());
    for (const deep of [deepArray(10_000), deepObject(10_000)]) {
      client.ws.send(frame(deep));
      const error = await client.until(isJson({ type: "error" }));
      expect(JSON.parse((error as { text: string }).text)).toMatchObject({
        code: "bad_request",
        message: "JSON nests deeper than 32 levels",
      });
    }
    client.ws.send("ping");
    expect(await client.until((m) => "text" in m && m.text === "pong")).toEqual({ text: "pong" });
    client.ws.close();
    await expectUnharmed();
  });

  it("a wide value (100,000 elements) is fine, and room names like __proto__ are plain names", async () => {
    const client = await openClient(roomsUrl("__proto__"));
    await client.until(isJson({ type: "welcome" }));
    client.ws.send(JSON.stringify({ type: "join", room: "constructor" }));
    await client.until(isJson({ type: "welcome", room: "constructor" }));
    client.ws.send(`{"type":"publish","room":"__proto__","data":[${"1,".repeat(99_999)}1]}`);
    await client.until(isJson({ type: "message", room: "__proto__" }));
    client.ws.send(JSON.stringify({ type: "dm", to: "__proto__", data: 1 }));
    await client.until(isJson({ type: "error", code: "unknown_peer" }));
    client.ws.close();
    await expectUnharmed();
  });

  it("POST /api/rooms/:room with deep JSON answers 400, and a relay command nested deep gets an error", async () => {
    const answer = await request(server.port, {
      method: "POST",
      path: "/api/rooms/attack",
      headers: { "Content-Type": "application/json" },
      body: deepArray(10_000),
    });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({
      error: "bad_request",
      message: "JSON nests deeper than 32 levels",
    });
    const relay = await openRelayClient(server.http);
    relay.ws.send(`{"type":"connect","url":"ws://127.0.0.1:9/","headers":${deepArray(10_000)}}`);
    expect((await relay.event("error")).message).toBe(
      "Relay commands are JSON objects: JSON nests deeper than 8 levels",
    );
    await expectUnharmed();
  });
});

describe("2. a connection reset before the answer", () => {
  it("refused upgrades of every kind, reset at once, 40 times each", async () => {
    const refusals: [string, Record<string, string>, string?][] = [
      ["/nope", {}],
      ["/echo?delay=abc", {}],
      ["/auth?token=bad", {}],
      ["/rooms/bad%20name", {}],
      ["/echo", { Origin: "http://evil.example" }],
      ["/relay", { Origin: "http://evil.example" }],
      ["/echo", {}, "evil.example"],
      ["/echo", { "Sec-WebSocket-Version": "99" }],
      // Request targets Node's parser takes but `new URL` throws on.
      ["http://[/x", {}],
      ["http://a%/", {}],
      ["//[x", {}],
    ];
    for (let round = 0; round < 40; round++) {
      await Promise.all(
        refusals.map(([path, headers, host]) =>
          upgradeThenReset(server.port, path, headers, host ? { host } : {}),
        ),
      );
    }
    await expectUnharmed();
  });

  it("each refusal is still answered with its status when the client waits", async () => {
    const cases: [string, Record<string, string>, number, string?][] = [
      ["/nope", {}, 404],
      ["/echo?delay=abc", {}, 400],
      ["/auth?token=bad", {}, 401],
      ["/echo", { Origin: "http://evil.example" }, 403],
      ["/echo", {}, 403, "evil.example"],
      ["http://[/x", {}, 404],
      ["//[x", {}, 404],
      ["http://a b/", {}, 400],
    ];
    for (const [path, headers, status, host] of cases) {
      expect((await rawUpgrade(server.port, path, headers, host ? { host } : {})).status).toBe(
        status,
      );
    }
  });
});

describe("3. relay commands", () => {
  const connect = (fields: Record<string, unknown>) =>
    JSON.stringify({
      type: "connect",
      url: "ws://127.0.0.1:9/",
      protocols: [],
      headers: [],
      ...fields,
    });

  it.each([
    ["null", "null", "command"],
    ["headers: 5", connect({ headers: 5 }), "headers"],
    ["a #fragment", connect({ url: "ws://127.0.0.1:9/#x" }), "url"],
    ["duplicate subprotocols", connect({ protocols: ["a", "a"] }), "protocols"],
    ["a smart quote in a header", connect({ headers: [["X-Note", "it’s"]] }), "headers[0][1]"],
    ["a euro sign in a header", connect({ headers: [["X-Price", "5€"]] }), "headers[0][1]"],
    ["a control character in the Origin", connect({ origin: "http://a\u0001.example" }), "origin"],
    [
      "a 100 KiB header value",
      connect({ headers: [["X-Big", "a".repeat(100 * 1024)]] }),
      "headers[0][1]",
    ],
    [
      "10,000 headers",
      connect({ headers: Array.from({ length: 10_000 }, (_, i) => [`X-${i}`, "v"]) }),
      "headers",
    ],
    ["a URL that is an object", connect({ url: { href: "ws://x" } }), "url"],
    [
      "a prototype-polluting header list",
      connect({
        headers: [
          ["__proto__", "x"],
          ["constructor", "y"],
        ],
      }),
      undefined,
    ],
  ])("%s gets an error naming the field, and nothing breaks", async (_name, text, field) => {
    const relay = await openRelayClient(server.http);
    relay.ws.send(text);
    const error = await relay.until(() =>
      relay.events.find((e) => e.type === "error" || e.type === "rejected"),
    );
    if (field) expect(error).toMatchObject({ type: "error", field });
    await expectUnharmed();
  });

  it("a non-ASCII path and a negative timeout are dialed safely: clamped, encoded, refused in time", async () => {
    const silent = createNetServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const relay = await openRelayClient(server.http);
      const started = Date.now();
      relay.ws.send(connect({ url: `ws://127.0.0.1:${port}/café ☕`, handshakeTimeoutMs: -1 }));
      const rejected = await relay.event("rejected");
      expect(Date.now() - started).toBeLessThan(2000);
      expect(rejected.message).toBe("The target did not finish the handshake within 100 ms");
      expect(rejected.handshake.request.url).toBe(`ws://127.0.0.1:${port}/caf%C3%A9%20%E2%98%95`);
      await expectUnharmed();
    } finally {
      silent.close();
    }
  });

  it("data frames before a target, empty frames, and a second connect are refused one by one", async () => {
    const relay = await openRelayClient(server.http);
    relay.ws.send(Buffer.alloc(0));
    relay.ws.send(Buffer.from([1, 65]));
    relay.ws.send(JSON.stringify({ type: "ping", data: "AA==" }));
    await relay.until(() =>
      relay.events.filter((e) => e.type === "error").length >= 3 ? true : undefined,
    );
    await expectUnharmed();
  });
});

describe("4. DNS rebinding: a page that controls Host and Origin", () => {
  it.each([
    ["GET /", { path: "/" }],
    ["GET /api/stats", { path: "/api/stats" }],
    ["GET /api/endpoints", { path: "/api/endpoints" }],
    ["POST /api/rooms/x", { method: "POST", path: "/api/rooms/x", body: "hi" }],
    ["GET /echo", { path: "/echo" }],
    ["GET /api/taps", { path: "/api/taps" }],
    [
      "POST /api/taps",
      { method: "POST", path: "/api/taps", body: '{"name":"x","target":"ws://127.0.0.1:1/"}' },
    ],
    ["GET /api/schemas", { path: "/api/schemas" }],
    ["GET /jsonrpc", { path: "/jsonrpc" }],
  ])("%s with a foreign Host gets 403", async (_name, options) => {
    const answer = await request(server.port, {
      ...options,
      host: `rebind.evil.example:${server.port}`,
      headers: { Origin: `http://rebind.evil.example:${server.port}` },
    });
    expect(answer.status).toBe(403);
    expect(answer.body).toContain("is not this server's");
  });

  it("the relay refuses a rebinding page, another scheme, and a loopback page on another port", async () => {
    const origin = (value: string) => ({ Origin: value });
    const host = `rebind.evil.example:${server.port}`;
    expect(
      (await rawUpgrade(server.port, "/relay", origin(`http://${host}`), { host })).status,
    ).toBe(403);
    expect(
      (await rawUpgrade(server.port, "/relay", origin(`https://127.0.0.1:${server.port}`))).status,
    ).toBe(403);
    expect((await rawUpgrade(server.port, "/relay", origin("http://localhost:3000"))).status).toBe(
      403,
    );
    expect((await rawUpgrade(server.port, "/relay", {})).status).toBe(403);
    expect((await rawUpgrade(server.port, "/relay", origin(server.http))).status).toBe(101);
  });

  it.each([
    "/tap-watch/x",
    "/tap/x",
    "/jsonrpc",
    "/graphql",
    "/socket.io/?EIO=4&transport=websocket",
  ])("an upgrade to %s from a rebinding page is refused", async (path) => {
    const host = `rebind.evil.example:${server.port}`;
    const answer = await rawUpgrade(server.port, path, { Origin: `http://${host}` }, { host });
    expect(answer.status).toBe(403);
  });

  it("a cross-site form POST to the API is refused even without an Origin", async () => {
    const answer = await request(server.port, {
      method: "POST",
      path: "/api/rooms/witness",
      headers: { "Sec-Fetch-Site": "cross-site", "Content-Type": "text/plain" },
      body: "from a form",
    });
    expect(answer.status).toBe(403);
    await expectUnharmed();
  });
});

describe("5. redirects", () => {
  let redirector: Server;
  let second: WebSocketServer;
  let secondHeaders: Record<string, unknown>[] = [];
  let redirectorPort = 0;

  beforeAll(async () => {
    // The second host is another loopback address: a different origin from 127.0.0.1.
    second = new WebSocketServer({ host: "127.0.0.2", port: 0 });
    second.on("connection", (_socket, req) => secondHeaders.push(req.headers));
    await new Promise((resolve) => second.once("listening", resolve));
    const secondPort = (second.address() as { port: number }).port;
    redirector = createHttpServer((req, res) => {
      const to: Record<string, string> = {
        "/cross": `ws://127.0.0.2:${secondPort}/landed`,
        "/same": `/same-landed`,
        "/loop": "/loop",
        "/file": "file:///etc/passwd",
      };
      res.writeHead(302, { Location: to[req.url ?? ""] ?? "/" }).end();
    });
    redirector.on("upgrade", (req, socket) => {
      const to: Record<string, string> = {
        "/cross": `ws://127.0.0.2:${secondPort}/landed`,
        "/same": `http://127.0.0.1:${redirectorPort}/same-landed`,
        "/loop": "/loop",
        "/file": "file:///etc/passwd",
      };
      if (req.url === "/same-landed") {
        secondHeaders.push(req.headers);
        socket.end("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
        return;
      }
      socket.end(
        `HTTP/1.1 302 Found\r\nLocation: ${to[req.url ?? ""]}\r\nContent-Length: 0\r\n\r\n`,
      );
    });
    await new Promise<void>((resolve) => redirector.listen(0, "127.0.0.1", resolve));
    redirectorPort = (redirector.address() as { port: number }).port;
  });
  afterAll(() => {
    redirector?.close();
    second?.close();
  });

  const connectTo = (path: string) =>
    JSON.stringify({
      type: "connect",
      url: `ws://127.0.0.1:${redirectorPort}${path}`,
      protocols: [],
      headers: [
        ["Authorization", "Bearer s3cret"],
        ["Cookie", "session=abc"],
        ["X-Keep", "kept"],
      ],
      followRedirects: true,
    });

  it("drops credentials on a cross-origin hop and lists every hop", async () => {
    secondHeaders = [];
    const relay = await openRelayClient(server.http);
    relay.ws.send(connectTo("/cross"));
    const open = await relay.event("open");
    expect(secondHeaders[0]?.authorization).toBeUndefined();
    expect(secondHeaders[0]?.cookie).toBeUndefined();
    expect(secondHeaders[0]?.["x-keep"]).toBe("kept");
    expect(open.handshake.redirects?.map((hop) => [hop.request.url, hop.response.status])).toEqual([
      [`ws://127.0.0.1:${redirectorPort}/cross`, 302],
    ]);
    expect(open.handshake.request.url).toMatch(/^ws:\/\/127\.0\.0\.2:\d+\/landed$/);
    relay.ws.close();
  });

  it("keeps them on a same-origin hop", async () => {
    secondHeaders = [];
    const relay = await openRelayClient(server.http);
    relay.ws.send(connectTo("/same"));
    const rejected = await relay.event("rejected");
    expect(rejected.handshake.response?.status).toBe(403);
    expect(secondHeaders[0]?.authorization).toBe("Bearer s3cret");
  });

  it("gives up after 3 redirects, and refuses a redirect to another scheme", async () => {
    const loop = await openRelayClient(server.http);
    loop.ws.send(connectTo("/loop"));
    expect((await loop.event("rejected")).message).toBe(
      "Too many redirects: the relay follows at most 3",
    );
    const file = await openRelayClient(server.http);
    file.ws.send(connectTo("/file"));
    expect((await file.event("rejected")).message).toBe(
      "Redirect to file:///etc/passwd refused: The relay dials ws: and wss: URLs only, not file:",
    );
    await expectUnharmed();
  });

  it("checks a hop against --relay-allow before any connection is made to it", async () => {
    const forbidden = createNetServer();
    let connections = 0;
    forbidden.on("connection", (socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => forbidden.listen(0, "127.0.0.2", resolve));
    const forbiddenPort = (forbidden.address() as { port: number }).port;
    const hopper = createHttpServer();
    hopper.on("upgrade", (_req, socket) =>
      socket.end(
        `HTTP/1.1 307 Temporary Redirect\r\nLocation: ws://127.0.0.2:${forbiddenPort}/\r\nContent-Length: 0\r\n\r\n`,
      ),
    );
    await new Promise<void>((resolve) => hopper.listen(0, "127.0.0.1", resolve));
    const hopperPort = (hopper.address() as { port: number }).port;
    const narrow = await startCli(["--relay-allow", `127.0.0.1:${hopperPort}`], children);
    try {
      const relay = await openRelayClient(narrow.http);
      relay.ws.send(
        JSON.stringify({
          type: "connect",
          url: `ws://127.0.0.1:${hopperPort}/`,
          protocols: [],
          headers: [],
          followRedirects: true,
        }),
      );
      expect((await relay.event("rejected")).message).toBe(
        `Redirect to ws://127.0.0.2:${forbiddenPort}/ refused: 127.0.0.2:${forbiddenPort} is not in --relay-allow (127.0.0.1:${hopperPort})`,
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(connections).toBe(0);
    } finally {
      narrow.child.kill("SIGKILL");
      hopper.close();
      forbidden.close();
    }
  });
});

describe("6. memory", () => {
  it("100 API posts of 60 KiB into 100 rooms stay within the history budget", async () => {
    // Many small objects: parsed, they would take many times the memory of their text.
    const body = JSON.stringify(Array.from({ length: 7000 }, () => ({ a: 1 })));
    for (let i = 0; i < 100; i++) {
      const answer = await request(server.port, {
        method: "POST",
        path: `/api/rooms/flood-${i}`,
        headers: { "Content-Type": "application/json" },
        body,
      });
      expect(answer.status).toBe(202);
    }
    const { budgets } = await statsOf(server.port);
    expect(budgets.historyBytes).toBeLessThanOrEqual(1 * MiB);
    expect(budgets.historyEvictions).toBeGreaterThan(80);
    await expectUnharmed();
  });

  it("/echo?delay=60000 holds at most its budget: a peer over it is closed with 1013", async () => {
    const payload = Buffer.alloc(600 * 1024, 1);
    const closes: number[] = [];
    for (let i = 0; i < 12; i++) {
      const client = await openClient(`${server.ws}/echo?delay=60000`);
      for (let j = 0; j < 5; j++) client.ws.send(payload);
      closes.push((await client.closed).code);
    }
    expect(closes.every((code) => code === 1013)).toBe(true);
    // The server's close hook gives the held bytes back once its side of the close is done.
    await eventually(async () =>
      expect((await statsOf(server.port)).budgets.echoPendingBytes).toBe(0),
    );
    expect((await statsOf(server.port)).budgets.echoOverflows).toBe(12);
    // Peers that stay open keep their held bytes, within the total.
    const holders = await Promise.all(
      Array.from({ length: 8 }, () => openClient(`${server.ws}/echo?delay=60000`)),
    );
    for (const holder of holders) holder.ws.send(payload);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const held = (await statsOf(server.port)).budgets.echoPendingBytes;
    expect(held).toBeLessThanOrEqual(4 * MiB);
    expect(held).toBeGreaterThan(0);
    for (const holder of holders) holder.ws.terminate();
    await expectUnharmed();
  });

  it("the relay stops reading the inspector while the target does not read", async () => {
    const stuck = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    stuck.on("connection", (socket) => socket.pause());
    await new Promise((resolve) => stuck.once("listening", resolve));
    const url = `ws://127.0.0.1:${(stuck.address() as { port: number }).port}/`;
    try {
      const relay = await openRelayClient(server.http);
      relay.ws.send(JSON.stringify({ type: "connect", url, protocols: [], headers: [] }));
      await relay.event("open");
      const chunk = Buffer.alloc(256 * 1024, 2);
      for (let i = 0; i < 200; i++) relay.sendBinary(chunk); // 50 MiB
      await new Promise((resolve) => setTimeout(resolve, 1500));
      // What the relay could not pass on waits in this client, not in the server.
      expect(relay.ws.bufferedAmount).toBeGreaterThan(20 * MiB);
      const { memory } = await statsOf(server.port);
      expect(memory.rss - rssAtStart).toBeLessThan(RSS_BOUND);
      relay.ws.terminate();
      await expectUnharmed();
    } finally {
      for (const client of stuck.clients) client.terminate();
      stuck.close();
    }
  });
});

describe("7. who may connect", () => {
  it.each([
    "/echo",
    "/rooms/x",
    "/broadcast",
    "/ticker",
    "/firehose",
    "/close",
    "/auth?token=letmein",
  ])("a page from another site may not open %s", async (path) => {
    const answer = await rawUpgrade(server.port, path, { Origin: "https://evil.example" });
    expect(answer.status).toBe(403);
    expect(answer.text).toContain("may not use the playground");
  });

  it("a loopback page on any port and a tool without an Origin may", async () => {
    expect(
      (await rawUpgrade(server.port, "/echo", { Origin: "http://localhost:3000" })).status,
    ).toBe(101);
    expect((await rawUpgrade(server.port, "/echo", {})).status).toBe(101);
  });

  it("upgrades in flight count toward the cap, and one address has a cap of its own", async () => {
    const capped = await startCli(
      ["--max-connections", "10", "--max-connections-per-ip", "6"],
      children,
    );
    try {
      // 20 upgrades at once: only 6 may get through from one address.
      const answers = await Promise.all(
        Array.from(
          { length: 20 },
          () =>
            new Promise<number>((resolve) => {
              const ws = new WebSocket(`${capped.ws}/echo`);
              ws.on("open", () => resolve(101));
              ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
              ws.on("error", () => resolve(0));
            }),
        ),
      );
      expect(answers.filter((status) => status === 101)).toHaveLength(6);
      expect(answers.filter((status) => status === 503)).toHaveLength(14);
      // Another address still gets in, up to the total.
      const others = await Promise.all(
        Array.from(
          { length: 6 },
          () =>
            new Promise<number>((resolve) => {
              const ws = new WebSocket(`ws://127.0.0.1:${capped.port}/echo`, {
                localAddress: "127.0.0.3",
              });
              ws.on("open", () => resolve(101));
              ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
              ws.on("error", () => resolve(0));
            }),
        ),
      );
      expect(others.filter((status) => status === 101)).toHaveLength(4);
      const stats = await statsOf(capped.port);
      expect(stats.refusedConnections).toBe(16);
    } finally {
      capped.child.kill("SIGKILL");
    }
  });

  it("the HTTP API has a per-client rate limit with Retry-After", async () => {
    const limited = await startCli(["--api-rate-limit", "2"], children);
    try {
      const answers = [];
      for (let i = 0; i < 8; i++)
        answers.push(await request(limited.port, { path: "/api/endpoints" }));
      const refused = answers.filter((answer) => answer.status === 429);
      expect(refused.length).toBeGreaterThan(0);
      expect(Number(refused[0]?.headers["retry-after"])).toBeGreaterThanOrEqual(1);
      expect(JSON.parse(refused[0]?.body ?? "{}").error).toBe("rate_limited");
    } finally {
      limited.child.kill("SIGKILL");
    }
  });
});

describe("after everything", () => {
  it("no failure reached the boundary: every path was fixed at its source", async () => {
    const stats = await statsOf(server.port);
    expect(stats.errorsBy).toEqual({});
    expect(server.stderr()).toBe("");
    await expectUnharmed();
  });
});
