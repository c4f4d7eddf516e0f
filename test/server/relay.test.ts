import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DataKind } from "../../echo-server/protocol/relay-wire.ts";
import { createServer, type RunningServer, type ServerOptions } from "../../echo-server/server.ts";
import { freePort } from "./cli-process.ts";
import { openRelayClient } from "./relay-client.ts";
import { startTarget } from "./target.ts";
import { rejectedUpgrade } from "./ws-client.ts";

let target: Awaited<ReturnType<typeof startTarget>>;
let targetUrl: string;
const servers: RunningServer[] = [];

beforeAll(async () => {
  target = await startTarget();
  targetUrl = target.url;
});
afterAll(() => target.close());
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function start(options: ServerOptions = {}) {
  const server = await createServer({ port: 0, ...options });
  servers.push(server);
  return server;
}

/** A relay client on `server` with its own Origin (or `origin`). */
const relayClient = (server: RunningServer, origin = server.url) =>
  openRelayClient(server.url, origin);

describe("relay", () => {
  it("dials with custom headers, reports the 101 handshake, and shows the server's ping and the pong", async () => {
    const server = await start();
    const client = await relayClient(server);
    const before = performance.timeOrigin + performance.now();
    client.command({
      type: "connect",
      url: targetUrl,
      protocols: ["json"],
      headers: [["X-Api-Key", "secret"]],
    });
    const open = await client.event("open");
    expect(open.protocol).toBe("json");
    expect(open.handshake.request.headers).toContainEqual(["x-api-key", "secret"]);
    expect(open.handshake.request.headers).toContainEqual(["sec-websocket-protocol", "json"]);
    expect(open.handshake.response?.status).toBe(101);
    expect(open.handshake.response?.headers.map(([name]) => name.toLowerCase())).toContain(
      "sec-websocket-accept",
    );
    expect(open.handshake.durationMs).toBeGreaterThanOrEqual(0);
    expect(open.time).toBeGreaterThan(before);

    const ping = await client.event("ping", (e) => e.from === "server");
    expect(Buffer.from(ping.data, "base64").toString()).toBe("hello?");
    const pong = await client.event("pong", (e) => e.from === "client");
    expect(pong.data).toBe(ping.data);
  });

  it("forwards frames both ways with their opcode and relay timestamps", async () => {
    const server = await start();
    const client = await relayClient(server);
    client.command({
      type: "connect",
      url: targetUrl,
      protocols: [],
      headers: [["X-Api-Key", "secret"]],
    });
    await client.event("open");
    client.sendText("héllo");
    client.sendBinary(Buffer.from([1, 2, 3]));
    await client.until(() => (client.data.length >= 2 ? true : undefined));
    expect(client.data.map(({ kind, text }) => [kind, text])).toEqual([
      [DataKind.Text, "héllo"],
      [DataKind.Binary, "\u0001\u0002\u0003"],
    ]);
    expect(client.data[0]?.time).toBeGreaterThan(0);
    expect(client.events.filter((e) => e.type === "sent")).toHaveLength(2);
  });

  it("sends a ping with a payload and times its pong at the relay", async () => {
    const server = await start();
    const client = await relayClient(server);
    client.command({
      type: "connect",
      url: targetUrl,
      protocols: [],
      headers: [["X-Api-Key", "secret"]],
    });
    await client.event("open");
    client.command({ type: "ping", data: Buffer.from("are you there").toString("base64") });
    await client.event("ping", (e) => e.from === "client");
    const pong = await client.event("pong", (e) => e.from === "server");
    expect(Buffer.from(pong.data, "base64").toString()).toBe("are you there");
    expect(pong.rtt).toBeGreaterThan(0);
    expect(pong.rtt).toBeLessThan(1000);
  });

  it("closes with any code the client picks, and says which side closed", async () => {
    const server = await start();
    const client = await relayClient(server);
    client.command({
      type: "connect",
      url: targetUrl,
      protocols: [],
      headers: [["X-Api-Key", "secret"]],
    });
    await client.event("open");
    client.command({ type: "close", code: 4321, reason: "test over" });
    expect(await client.event("close")).toMatchObject({
      code: 4321,
      reason: "test over",
      side: "client",
    });

    const second = await relayClient(server);
    second.command({
      type: "connect",
      url: targetUrl,
      protocols: [],
      headers: [["X-Api-Key", "secret"]],
    });
    await second.event("open");
    second.sendText("close-me");
    expect(await second.event("close")).toMatchObject({
      code: 4001,
      reason: "as asked",
      side: "server",
    });
  });

  it("can stop answering pings (auto-pong off)", async () => {
    const server = await start();
    const client = await relayClient(server);
    client.command({
      type: "connect",
      url: targetUrl,
      protocols: [],
      headers: [["X-Api-Key", "secret"]],
      autoPong: false,
    });
    await client.event("ping", (e) => e.from === "server");
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(client.events.some((e) => e.type === "pong")).toBe(false);
  });

  it("says in plain words that nothing listens on a port", async () => {
    const server = await start();
    const client = await relayClient(server);
    const closed = await freePort();
    client.command({
      type: "connect",
      url: `ws://127.0.0.1:${closed}/`,
      protocols: [],
      headers: [],
    });
    expect((await client.event("rejected")).message).toBe(
      `Nothing is listening on 127.0.0.1:${closed}: the connection was refused`,
    );
  });

  it("reports a refused upgrade with its status, headers and body", async () => {
    const server = await start();
    const client = await relayClient(server);
    client.command({ type: "connect", url: targetUrl, protocols: [], headers: [] });
    const rejected = await client.event("rejected");
    expect(rejected.handshake.response?.status).toBe(401);
    expect(rejected.message).toContain("401");
    const auth = await relayClient(server);
    auth.command({
      type: "connect",
      url: `${server.url.replace("http", "ws")}/auth`,
      protocols: [],
      headers: [["Authorization", "Bearer nope"]],
    });
    const refused = await auth.event("rejected");
    expect(refused.handshake.response).toMatchObject({ status: 401, body: "Invalid token" });
  });

  it("reaches an endpoint that needs a Bearer header", async () => {
    const server = await start();
    const client = await relayClient(server);
    client.command({
      type: "connect",
      url: `${server.url.replace("http", "ws")}/auth`,
      protocols: [],
      headers: [["Authorization", "Bearer letmein"]],
    });
    await client.event("open");
    await client.until(() => client.data.find((frame) => frame.text.includes('"via":"bearer"')));
  });

  it("explains a server that selects none of the offered subprotocols", async () => {
    const server = await start();
    const client = await relayClient(server);
    client.command({
      type: "connect",
      url: targetUrl,
      protocols: ["picky"],
      headers: [["X-Api-Key", "secret"]],
    });
    const rejected = await client.event("rejected");
    expect(rejected.diagnosis).toMatch(/selected none of the offered subprotocols \(picky\).*1006/);
  });
});

describe("relay policy", () => {
  it("refuses a page of a foreign Origin, and a client without one", async () => {
    const server = await start();
    const relayUrl = `${server.url.replace("http", "ws")}/relay`;
    const foreign = await rejectedUpgrade(relayUrl, { origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
    expect(foreign.body).toContain(
      "Only this server's own page may use this, not https://evil.example",
    );
    expect((await rejectedUpgrade(relayUrl)).status).toBe(403);
  });

  it("refuses a target outside --relay-allow, and anything but ws: and wss:", async () => {
    const server = await start({ relayAllow: ["example.invalid:80"] });
    const client = await relayClient(server);
    client.command({ type: "connect", url: targetUrl, protocols: [], headers: [] });
    expect((await client.event("error")).message).toMatch(
      /not in --relay-allow \(example\.invalid:80\)/,
    );
    const http = await relayClient(await start());
    http.command({ type: "connect", url: "http://127.0.0.1/", protocols: [], headers: [] });
    expect((await http.event("error")).message).toContain("ws: and wss: URLs only");
  });

  it("allows a target named in --relay-allow", async () => {
    const port = new URL(targetUrl).port;
    const server = await start({ relayAllow: [`127.0.0.1:${port}`] });
    const client = await relayClient(server);
    client.command({
      type: "connect",
      url: targetUrl,
      protocols: [],
      headers: [["X-Api-Key", "secret"]],
    });
    await client.event("open");
  });

  it("is off when bound beyond loopback without --relay-allow", async () => {
    const server = await start({ host: "0.0.0.0" });
    const url = `ws://127.0.0.1:${server.port}/relay`;
    const refused = await rejectedUpgrade(url, { origin: `http://127.0.0.1:${server.port}` });
    expect(refused.status).toBe(403);
    expect(refused.body).toContain("The relay is off");
  });

  it("refuses headers the handshake sets itself", async () => {
    const server = await start();
    const client = await relayClient(server);
    client.command({
      type: "connect",
      url: targetUrl,
      protocols: [],
      headers: [["Sec-WebSocket-Key", "x"]],
    });
    expect((await client.event("error")).message).toContain("set by the handshake itself");
  });
});
