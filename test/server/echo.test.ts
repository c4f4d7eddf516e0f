import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type RunningServer } from "../../echo-server/server.ts";
import { openClient, upgradeStatus } from "./ws-client.ts";

let server: RunningServer;
let wsBase: string;

beforeAll(async () => {
  server = await createServer({ port: 0 });
  wsBase = server.url.replace("http", "ws");
});
afterAll(() => server.close());

describe("/echo", () => {
  it("echoes text as text", async () => {
    const client = await openClient(`${wsBase}/echo`);
    client.ws.send("hello ✓");
    expect(await client.next()).toEqual({ text: "hello ✓" });
    client.ws.close();
  });

  it("echoes binary as binary, byte for byte", async () => {
    const client = await openClient(`${wsBase}/echo`);
    const bytes = Buffer.from([0, 1, 2, 0xff, 0xfe, 0x80]);
    client.ws.send(bytes);
    expect(await client.next()).toEqual({ binary: bytes });
    // Bytes that happen to be valid UTF-8 still come back as a binary frame.
    client.ws.send(Buffer.from("looks like text"));
    expect(await client.next()).toEqual({ binary: Buffer.from("looks like text") });
    client.ws.close();
  });

  it("keeps order and echoes only to the sender", async () => {
    const [a, b] = await Promise.all([openClient(`${wsBase}/echo`), openClient(`${wsBase}/echo`)]);
    for (let i = 0; i < 50; i++) a.ws.send(`m${i}`);
    for (let i = 0; i < 50; i++) expect(await a.next()).toEqual({ text: `m${i}` });
    await expect(b.next(200)).rejects.toThrow("no message");
    a.ws.close();
    b.ws.close();
  });

  it("accepts the first subprotocol the client offers", async () => {
    const client = await openClient(`${wsBase}/echo`, ["json", "text"]);
    expect(client.ws.protocol).toBe("json");
    client.ws.close();
  });
});

describe("HTTP", () => {
  it("answers 404 on upgrade for an unknown path", async () => {
    expect(await upgradeStatus(`${wsBase}/nope`)).toBe(404);
  });

  it("answers a plain GET on /echo with 426", async () => {
    const response = await fetch(`${server.url}/echo`);
    expect(response.status).toBe(426);
    expect(response.headers.get("upgrade")).toBe("websocket");
  });

  it("answers /healthz", async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok" });
  });

  it("sends the cross-origin isolation headers", async () => {
    const response = await fetch(`${server.url}/`);
    expect(response.headers.get("cross-origin-opener-policy")).toBe("same-origin");
    expect(response.headers.get("cross-origin-embedder-policy")).toBe("require-corp");
  });

  it("does not serve files outside the inspector folder", async () => {
    const response = await fetch(`${server.url}/..%2f..%2fpackage.json`);
    expect(response.status).toBe(404);
  });
});

describe("shutdown", () => {
  it("closes peers with 1001", async () => {
    const own = await createServer({ port: 0 });
    const client = await openClient(`${own.url.replace("http", "ws")}/echo`);
    await own.close();
    expect(await client.closed).toEqual({ code: 1001, reason: "Server shutting down" });
  });
});
