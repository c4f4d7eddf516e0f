import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type RunningServer } from "../../echo-server/server.ts";
import { openClient, rejectedUpgrade } from "./ws-client.ts";

let server: RunningServer;
let ws: string;

beforeAll(async () => {
  server = await createServer({ port: 0 });
  ws = server.url.replace("http", "ws");
});
afterAll(() => server.close());

describe("/echo options", () => {
  it("delays every echo and keeps order", async () => {
    const client = await openClient(`${ws}/echo?delay=60`);
    const sentAt = performance.now();
    for (let i = 0; i < 20; i++) client.ws.send(`m${i}`);
    for (let i = 0; i < 20; i++) expect(await client.next()).toEqual({ text: `m${i}` });
    expect(performance.now() - sentAt).toBeGreaterThanOrEqual(55);
    client.ws.close();
  });

  it("drops every message with drop=1 and none with drop=0", async () => {
    const lossy = await openClient(`${ws}/echo?drop=1`);
    lossy.ws.send("gone");
    await expect(lossy.next(200)).rejects.toThrow("no message");
    lossy.ws.close();
    const clean = await openClient(`${ws}/echo?drop=0&delay=0`);
    clean.ws.send("kept");
    expect(await clean.next()).toEqual({ text: "kept" });
    clean.ws.close();
  });

  it("delivers everything with jitter, within delay + jitter", async () => {
    const client = await openClient(`${ws}/echo?delay=10&jitter=40`);
    const sentAt = performance.now();
    for (let i = 0; i < 30; i++) client.ws.send(`j${i}`);
    const received = [];
    for (let i = 0; i < 30; i++) received.push(await client.next());
    expect(received.map((m) => ("text" in m ? m.text : "")).sort()).toEqual(
      Array.from({ length: 30 }, (_, i) => `j${i}`).sort(),
    );
    expect(performance.now() - sentAt).toBeLessThan(1000);
    client.ws.close();
  });

  it.each([
    ["delay=-1", "?delay must be an integer from 0 to 60000"],
    ["jitter=abc", "?jitter must be an integer"],
    ["drop=2", "?drop must be a number from 0 to 1"],
  ])("refuses %s with 400 and says why", async (query, message) => {
    const answer = await rejectedUpgrade(`${ws}/echo?${query}`);
    expect(answer.status).toBe(400);
    expect(answer.body).toContain(message);
  });
});

describe("/broadcast", () => {
  it("sends to the other peers, keeping text and binary apart", async () => {
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => openClient(`${ws}/broadcast`)));
    if (!a || !b || !c) throw new Error("clients missing");
    a.ws.send("hi all");
    expect(await b.next()).toEqual({ text: "hi all" });
    expect(await c.next()).toEqual({ text: "hi all" });
    a.ws.send(Buffer.from([1, 2, 3]));
    expect(await b.next()).toEqual({ binary: Buffer.from([1, 2, 3]) });
    expect(await c.next()).toEqual({ binary: Buffer.from([1, 2, 3]) });
    await expect(a.next(150)).rejects.toThrow("no message");
    for (const client of [a, b, c]) client.ws.close();
  });

  it("includes the sender with self=1", async () => {
    const [a, b] = await Promise.all([
      openClient(`${ws}/broadcast?self=1`),
      openClient(`${ws}/broadcast`),
    ]);
    a.ws.send("me too");
    expect(await a.next()).toEqual({ text: "me too" });
    expect(await b.next()).toEqual({ text: "me too" });
    a.ws.close();
    b.ws.close();
  });
});

describe("/ticker", () => {
  it("pushes count ticks with rising seq, then closes 1000", async () => {
    const client = await openClient(`${ws}/ticker?interval=20&count=5`);
    const ticks = [];
    for (let i = 0; i < 5; i++) ticks.push(await client.nextJson());
    expect(ticks.map((tick) => tick.seq)).toEqual([1, 2, 3, 4, 5]);
    for (const tick of ticks) {
      expect(tick.type).toBe("tick");
      expect(typeof tick.ts).toBe("number");
    }
    expect(await client.closed).toEqual({ code: 1000, reason: "ticker done" });
  });

  it("refuses an interval under 10 ms", async () => {
    expect((await rejectedUpgrade(`${ws}/ticker?interval=1`)).status).toBe(400);
  });
});

describe("/firehose", () => {
  it("sends count text messages of size bytes, numbered from 1, then closes 1000", async () => {
    const client = await openClient(`${ws}/firehose?rate=5000&count=200&size=32`);
    for (let seq = 1; seq <= 200; seq++) {
      const message = await client.next();
      if (!("text" in message)) throw new Error("expected text");
      expect(Buffer.byteLength(message.text)).toBe(32);
      expect(message.text.startsWith(`${seq} `)).toBe(true);
    }
    expect(await client.closed).toEqual({ code: 1000, reason: "firehose done" });
  });

  it("sends binary frames with binary=1", async () => {
    const client = await openClient(`${ws}/firehose?rate=1000&count=3&size=10&binary=1`);
    const first = await client.next();
    expect("binary" in first && first.binary.length).toBe(10);
    expect(await client.closed).toMatchObject({ code: 1000 });
  });

  it("refuses a size over the payload limit", async () => {
    const answer = await rejectedUpgrade(`${ws}/firehose?size=${2 * 1024 * 1024}`);
    expect(answer.status).toBe(400);
    expect(answer.body).toContain("?size must be an integer from 1 to 1048576");
  });
});

describe("/close", () => {
  it("closes with the code and reason after the delay", async () => {
    const openedAt = performance.now();
    const client = await openClient(`${ws}/close?code=4321&reason=bye%20now&after=80`);
    expect(await client.closed).toEqual({ code: 4321, reason: "bye now" });
    expect(performance.now() - openedAt).toBeGreaterThanOrEqual(75);
  });

  it.each([["code=1006"], ["code=1005"], ["code=2000"], [`reason=${"x".repeat(124)}`]])(
    "refuses %s with 400",
    async (query) => {
      expect((await rejectedUpgrade(`${ws}/close?${query}`)).status).toBe(400);
    },
  );
});

describe("/auth", () => {
  it("answers a missing token with 401 and the reason", async () => {
    const answer = await rejectedUpgrade(`${ws}/auth`);
    expect(answer.status).toBe(401);
    expect(answer.body).toBe("Missing token: pass ?token= or an Authorization: Bearer header");
    expect(answer.headers["www-authenticate"]).toContain("Bearer");
  });

  it("answers a wrong token with 401", async () => {
    const answer = await rejectedUpgrade(`${ws}/auth?token=nope`);
    expect(answer).toMatchObject({ status: 401, body: "Invalid token" });
    const bearer = await rejectedUpgrade(`${ws}/auth`, {
      headers: { Authorization: "Bearer nope" },
    });
    expect(bearer).toMatchObject({ status: 401, body: "Invalid token" });
  });

  it("opens with a valid token in the query or a Bearer header", async () => {
    const byQuery = await openClient(`${ws}/auth?token=letmein`);
    expect(await byQuery.nextJson()).toEqual({
      type: "welcome",
      authenticated: true,
      via: "query",
    });
    byQuery.ws.send("echo me");
    expect(await byQuery.next()).toEqual({ text: "echo me" });
    byQuery.ws.close();
    const byHeader = await openClient(`${ws}/auth`, undefined, {
      headers: { Authorization: "Bearer letmein" },
    });
    expect(await byHeader.nextJson()).toEqual({
      type: "welcome",
      authenticated: true,
      via: "bearer",
    });
    byHeader.ws.close();
  });
});
