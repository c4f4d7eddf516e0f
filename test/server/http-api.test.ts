import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type RunningServer } from "../../echo-server/server.ts";
import { openClient } from "./ws-client.ts";

let server: RunningServer;

beforeAll(async () => {
  server = await createServer({ port: 0, policy: { maxPayload: 4096 } });
});
afterAll(() => server.close());

describe("HTTP API", () => {
  it("lists every endpoint with its description and parameters", async () => {
    const response = await fetch(`${server.url}/api/endpoints`);
    expect(response.status).toBe(200);
    const list = (await response.json()) as {
      path: string;
      description: string;
      parameters: { name: string }[];
    }[];
    expect(list.map((endpoint) => endpoint.path)).toEqual([
      "/echo",
      "/broadcast",
      "/rooms/:room",
      "/ticker",
      "/firehose",
      "/close",
      "/auth",
      "/socket.io/",
      "/graphql",
      "/jsonrpc",
      "/relay",
      "/tap/:name",
      "/tap-watch/:name",
    ]);
    for (const endpoint of list) expect(endpoint.description.length).toBeGreaterThan(10);
    expect(
      list.find((endpoint) => endpoint.path === "/firehose")?.parameters.map((p) => p.name),
    ).toEqual(["rate", "count", "size", "binary", "format"]);
  });

  it("publishes a POST body into a room", async () => {
    const client = await openClient(`${server.url.replace("http", "ws")}/rooms/news`);
    await client.nextJson();
    await client.nextJson();
    const response = await fetch(`${server.url}/api/rooms/news`, {
      method: "POST",
      body: "extra!",
    });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ room: "news", delivered: 1 });
    expect(await client.nextJson()).toMatchObject({
      type: "message",
      room: "news",
      from: "http",
      data: "extra!",
    });

    await fetch(`${server.url}/api/rooms/news`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ headline: "json too" }),
    });
    expect(await client.nextJson()).toMatchObject({ data: { headline: "json too" } });
    client.ws.close();
  });

  it("answers 413 for a body over the payload limit and 404 for a bad room name", async () => {
    const big = await fetch(`${server.url}/api/rooms/news`, {
      method: "POST",
      body: "x".repeat(5000),
    });
    expect(big.status).toBe(413);
    const bad = await fetch(`${server.url}/api/rooms/bad%20room`, { method: "POST", body: "x" });
    expect(bad.status).toBe(404);
  });

  it("refuses a publish from a page of another origin", async () => {
    const response = await fetch(`${server.url}/api/rooms/news`, {
      method: "POST",
      headers: { Origin: "https://evil.example" },
      body: "x",
    });
    expect(response.status).toBe(403);
  });

  it("counts connections, rooms, messages, bytes and drops", async () => {
    const client = await openClient(`${server.url.replace("http", "ws")}/echo`);
    client.ws.send("12345");
    await client.next();
    const stats = (await (await fetch(`${server.url}/api/stats`)).json()) as Record<
      string,
      unknown
    >;
    expect(stats).toMatchObject({ connections: 1, drops: 0 });
    expect(stats.rooms).toBeGreaterThanOrEqual(1);
    expect((stats.messages as { in: number }).in).toBeGreaterThanOrEqual(1);
    expect((stats.bytes as { out: number }).out).toBeGreaterThanOrEqual(5);
    client.ws.close();
  });

  it("answers /healthz and 404 for unknown API routes", async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toMatchObject({ status: "ok" });
    expect((await fetch(`${server.url}/api/nope`)).status).toBe(404);
  });
});
