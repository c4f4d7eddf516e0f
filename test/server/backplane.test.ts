import type { ChildProcess } from "node:child_process";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { RedisBackplaneOptions } from "../../echo-server/rooms/redis-backplane.ts";
import { createServer, type RunningServer } from "../../echo-server/server.ts";
import { freePort, requireBuild, runCli, startCli } from "./cli-process.ts";
import { type Lag, startLagProxy } from "./lag-proxy.ts";
import { startRedis, type TestRedis } from "./redis-server.ts";
import { isJson, openClient, type Received, type TestClient } from "./ws-client.ts";

let redis: TestRedis;
const servers: RunningServer[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  requireBuild();
  redis = await startRedis();
}, 20_000);
afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  await redis?.stop();
});
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

/** A server process of the cluster: in this process, on the shared Redis, with a short TTL. */
async function instance(
  options: RedisBackplaneOptions = {},
  { maxPayload, url = redis.url }: { maxPayload?: number; url?: string } = {},
) {
  const server = await createServer({
    port: 0,
    redis: url,
    backplane: { presenceTtlMs: 1500, heartbeatMs: 300, ...options },
    ...(maxPayload ? { policy: { maxPayload } } : {}),
  });
  servers.push(server);
  return { server, ws: server.url.replace(/^http/, "ws") };
}

const json = (value: unknown) => JSON.stringify(value);
const welcomed = (client: TestClient) => client.until(isJson({ type: "welcome" }), 3000);
const frame = async (client: TestClient, fields: Record<string, unknown>, timeoutMs = 3000) =>
  JSON.parse(((await client.until(isJson(fields), timeoutMs)) as { text: string }).text);
const stats = async (server: RunningServer) => (await fetch(`${server.url}/api/stats`)).json();

describe("rooms across two instances over Redis", () => {
  it("join on A, publish on B: the message crosses, with presence on both sides", async () => {
    const a = await instance();
    const b = await instance();
    const ada = await openClient(`${a.ws}/rooms/cross`);
    await welcomed(ada);
    const bob = await openClient(`${b.ws}/rooms/cross`);
    const welcome = await frame(bob, { type: "welcome" });
    expect(welcome.n).toBe(2);
    expect(welcome.peers.map((peer: { id: string }) => peer.id)).toHaveLength(2);
    // Ada (on A) hears that Bob (on B) joined.
    const presence = await frame(ada, { type: "presence", n: 2 });
    expect(presence).toMatchObject({ room: "cross", n: 2, joined: [{ id: welcome.id }] });
    // And Bob (on B) hears a join and a leave on A.
    const cy = await openClient(`${a.ws}/rooms/cross`);
    const cyId = (await frame(cy, { type: "welcome" })).id;
    expect(await frame(bob, { type: "presence", n: 3 })).toMatchObject({ joined: [{ id: cyId }] });
    cy.ws.close();
    const cyLeft = await frame(bob, { type: "presence", n: 2 });
    expect(cyLeft).toMatchObject({ left: [{ id: cyId }] });
    expect(cyLeft.joined).toBeUndefined();

    bob.ws.send(json({ type: "publish", room: "cross", data: "from B" }));
    expect(await frame(ada, { type: "message" })).toMatchObject({
      room: "cross",
      data: "from B",
      from: welcome.id,
    });
    // History is shared: a late joiner on A sees B's message.
    const late = await openClient(`${a.ws}/rooms/cross`);
    expect(
      (await frame(late, { type: "welcome" })).history.map((m: { data: string }) => m.data),
    ).toEqual(["from B"]);
    for (const client of [ada, bob, late]) client.ws.close();
  });

  // Bob's welcome shows the room's history as Redis read it. Whatever else his process has heard
  // of the room by then, and whenever it hears it, he gets only what came after that read.
  // Each case has its own room: the history in Redis outlives the servers.
  const joinCases: [string, { room: string; historyLength: number; lag?: Lag }][] = [
    ["", { room: "busy", historyLength: 50 }],
    [
      ", when B's history read runs late",
      {
        room: "late-read",
        historyLength: 5,
        lag: { direction: "commands", when: "LRANGE", ms: 50 },
      },
    ],
    [
      ", when the room's events reach B late",
      {
        room: "late-events",
        historyLength: 5,
        lag: { direction: "replies", when: "SUBSCRIBE", ms: 50 },
      },
    ],
  ];
  it.each(joinCases)(
    "a joiner on B gets its welcome first, then what was published meanwhile, in order%s",
    async (_, { room, historyLength, lag }) => {
      const proxy = lag ? await startLagProxy(redis.port, lag) : undefined;
      const a = await instance({ historyLength });
      const b = await instance({ historyLength }, { url: proxy?.url });
      const ada = await openClient(`${a.ws}/rooms/${room}`);
      await welcomed(ada);
      // Ada publishes without pause while Bob joins on B: B hears the room before Bob's welcome
      // (history and members from Redis) is ready.
      let seq = 0;
      const flood = setInterval(() => {
        for (let i = 0; i < 20; i++) ada.ws.send(json({ type: "publish", room, data: seq++ }));
      }, 1);
      const bob = await openClient(`${b.ws}/rooms/${room}`);
      const first = JSON.parse(((await bob.next()) as { text: string }).text);
      await new Promise((resolve) => setTimeout(resolve, 100));
      clearInterval(flood);
      expect(first.type).toBe("welcome");
      // After the welcome, the messages carry on from its history with no gap, no reordering and
      // no message twice (one can be both in the history read and on its way through pub/sub).
      const seen: number[] = first.history.map((m: { data: number }) => m.data);
      // Behind a lag the room is busy long before the read, so the history is full, and older
      // messages than it are on their way to B: they must not reach Bob.
      if (lag) expect(seen).toHaveLength(historyLength);
      const last = seq - 1;
      while (seen.at(-1) !== last) {
        const next = JSON.parse(
          ((await bob.until(isJson({ type: "message" }))) as { text: string }).text,
        );
        seen.push(next.data);
      }
      const start = seen[0] as number;
      expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => start + i));
      expect((await stats(b.server)).budgets.missedBeforeWelcome).toBe(0);
      for (const client of [ada, bob]) client.ws.close();
      await proxy?.close();
    },
  );

  it("past the 1,024 frames held for a joiner, the rest are counted and the joiner is told", async () => {
    // Bob's welcome waits on Redis, which is frozen, while Ada floods the room on the same
    // process; her own copies say when every frame reached the room (and Bob's queue).
    const a = await instance({ commandTimeoutMs: 20_000 });
    const ada = await openClient(`${a.ws}/rooms/held`);
    await welcomed(ada);
    // Her own join's presence frame (its room size comes from Redis) is out before the freeze.
    await frame(ada, { type: "presence" });
    redis.freeze();
    try {
      const bob = await openClient(`${a.ws}/rooms/held`);
      for (let i = 0; i < 1500; i++) ada.ws.send(json({ type: "publish", room: "held", data: i }));
      await ada.until(isJson({ type: "message", data: 1499 }), 10_000);
      redis.thaw();
      expect(await bob.nextJson(10_000)).toMatchObject({ type: "welcome", n: 2, history: [] });
      for (let i = 0; i < 1024; i++)
        expect(await bob.nextJson()).toMatchObject({ type: "message", data: i });
      expect(await bob.nextJson()).toEqual({
        type: "error",
        code: "missed_frames",
        room: "held",
        missed: 476,
        message:
          "476 frames for room held arrived while your welcome waited on the other server processes, beyond the 1,024 frames (4 MiB) held for you, and were not delivered. The room's history keeps its last messages: leave and join again to see them.",
      });
      // Then the room carries on live.
      ada.ws.send(json({ type: "publish", room: "held", data: "after" }));
      expect(await frame(bob, { type: "message", data: "after" })).toBeDefined();
      expect((await stats(a.server)).budgets.missedBeforeWelcome).toBe(476);
      for (const client of [ada, bob]) client.ws.close();
    } finally {
      redis.thaw();
    }
  }, 40_000);

  it("a Redis that hangs delays a welcome by the command timeout, not forever", async () => {
    const a = await instance({ commandTimeoutMs: 500 });
    const b = await instance();
    const bob = await openClient(`${b.ws}/rooms/hung`);
    await welcomed(bob);
    redis.freeze();
    let ada: TestClient | undefined;
    try {
      const startedAt = Date.now();
      ada = await openClient(`${a.ws}/rooms/hung`);
      // This process's own view: Ada alone, and no history.
      const welcome = await frame(ada, { type: "welcome" }, 5000).catch((error) => {
        throw new Error(`no welcome: ${error}`);
      });
      expect(welcome).toMatchObject({ n: 1, history: [] });
      expect(Date.now() - startedAt).toBeLessThan(3000);
    } finally {
      redis.thaw();
    }
    // Once Redis answers again and has A's subscription (a message published before that reaches
    // A's members only through history: see docs/scaling.md), the room spans both processes.
    const probe = new Redis(redis.url);
    await expect
      .poll(
        async () => (await probe.call("PUBSUB", "NUMSUB", "socketscope:room:hung")) as unknown[],
      )
      .toEqual(["socketscope:room:hung", 2]);
    probe.disconnect();
    bob.ws.send(json({ type: "publish", room: "hung", data: "after the hang" }));
    expect(await frame(ada, { type: "message", data: "after the hang" }, 5000)).toBeDefined();
    expect((await stats(a.server)).errorsBy).toEqual({});
    for (const client of [ada, bob]) client.ws.close();
  }, 30_000);

  it("a Redis that stops answering counts as down once the writes waiting on it pass the cap", async () => {
    const a = await instance({ maxPendingBytes: 64 * 1024 });
    const ada = await openClient(`${a.ws}/rooms/congested`);
    await welcomed(ada);
    const local = await openClient(`${a.ws}/rooms/congested`);
    await welcomed(local);
    redis.freeze();
    try {
      const chunk = "z".repeat(10_000);
      for (let i = 0; i < 10; i++)
        ada.ws.send(json({ type: "publish", room: "congested", data: `${i}${chunk}` }));
      // Two writes of about 10 KB per message (publish and history): the cap is passed within
      // the first few, every member of this process hears it, and still gets every message.
      const seen: string[] = [];
      let messages = 0;
      while (messages < 10) {
        const next = await local.nextJson(5000);
        if (next.type === "message") expect(next.data).toBe(`${messages++}${chunk}`);
        seen.push(String(next.type === "error" ? next.code : next.type));
      }
      expect(seen.filter((type) => type === "backplane_down")).toHaveLength(1);
      expect(seen.indexOf("backplane_down")).toBeLessThan(8);
      expect((await stats(a.server)).backplane.connected).toBe(false);
    } finally {
      redis.thaw();
    }
    const notice = await frame(ada, { type: "notice", code: "backplane_up" }, 10_000);
    expect(notice.message).toMatch(/While it was down, [1-9]\d* events? reached this process only/);
    expect((await stats(a.server)).backplane.connected).toBe(true);
    for (const client of [ada, local]) client.ws.close();
  }, 30_000);

  it("a message too large to cross reaches its own process, and its sender is told", async () => {
    const a = await instance({}, { maxPayload: 8 * 1024 * 1024 });
    const b = await instance();
    const bob = await openClient(`${b.ws}/rooms/big`);
    await welcomed(bob);
    const ada = await openClient(`${a.ws}/rooms/big`);
    await welcomed(ada);
    const local = await openClient(`${a.ws}/rooms/big`);
    await welcomed(local);
    const big = "x".repeat(5 * 1024 * 1024);
    ada.ws.send(json({ type: "publish", room: "big", data: big }));
    expect(await frame(local, { type: "message", data: big }, 10_000)).toBeDefined();
    const refusal = await frame(ada, { type: "error", code: "too_large_to_cross" }, 10_000);
    await frame(ada, { type: "message", data: big }, 10_000);
    expect(refusal.message).toMatch(
      /^Your message \(5,242,\d{3} bytes\) reached the members of room big on this server process only: messages cross to the other processes up to 4,194,304 bytes$/,
    );
    ada.ws.send(Buffer.alloc(4 * 1024 * 1024));
    expect(await frame(ada, { type: "error", code: "too_large_to_cross" }, 10_000)).toMatchObject({
      message: expect.stringContaining("(4,194,304 bytes)"),
    });
    expect((await stats(a.server)).backplane.tooLargeToCross).toBe(2);
    // Bob, on B, got neither; the next message crosses as usual.
    ada.ws.send(json({ type: "publish", room: "big", data: "small" }));
    const next = await bob.until((m) => "binary" in m || isJson({ type: "message" })(m), 5000);
    expect(next).toMatchObject({ text: expect.stringContaining('"data":"small"') });
    for (const client of [ada, bob, local]) client.ws.close();
  }, 30_000);

  it("POST /api/rooms on B, /broadcast and direct messages reach members on A", async () => {
    const a = await instance();
    const b = await instance();
    const ada = await openClient(`${a.ws}/rooms/api-room`);
    const adaId = (await frame(ada, { type: "welcome" })).id;
    await fetch(`${b.server.url}/api/rooms/api-room`, { method: "POST", body: "posted on B" });
    expect(await frame(ada, { type: "message" })).toMatchObject({
      data: "posted on B",
      from: "http",
    });

    const bob = await openClient(`${b.ws}/rooms/elsewhere`);
    await welcomed(bob);
    bob.ws.send(json({ type: "dm", to: adaId, data: "psst" }));
    expect(await frame(ada, { type: "dm" })).toMatchObject({ data: "psst" });

    const listenA = await openClient(`${a.ws}/broadcast`);
    const speakB = await openClient(`${b.ws}/broadcast`);
    speakB.ws.send("hello everyone");
    speakB.ws.send(Buffer.from([1, 2, 3]));
    expect(await listenA.next()).toEqual({ text: "hello everyone" });
    expect(await listenA.next()).toEqual({ binary: Buffer.from([1, 2, 3]) });
    for (const client of [ada, bob, listenA, speakB]) client.ws.close();
  });

  it("a heartbeat renews a room's members with one command, not one per member", async () => {
    const a = await instance(); // heartbeats every 300 ms
    const clients = await Promise.all(
      Array.from({ length: 30 }, () => openClient(`${a.ws}/rooms/renew`)),
    );
    await Promise.all(clients.map(welcomed));
    const probe = new Redis(redis.url);
    const zadds = async () =>
      Number(/cmdstat_zadd:calls=(\d+)/.exec(await probe.info("commandstats"))?.[1] ?? 0);
    const before = await zadds();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const renewals = (await zadds()) - before;
    // Three heartbeats or so: a few ZADDs (it was 30 each, one per member).
    expect(renewals).toBeGreaterThanOrEqual(1);
    expect(renewals).toBeLessThanOrEqual(5);
    const renewed = await probe.zrangebyscore("socketscope:members:renew", Date.now(), "+inf");
    expect(renewed).toHaveLength(30);
    probe.disconnect();
    for (const client of clients) client.ws.close();
  });

  it("when a process dies, its members leave on the others within the TTL", async () => {
    const a = await startCli(["--redis", redis.url, "--presence-ttl", "1500"], children);
    const b = await instance();
    const ada = await openClient(`${a.ws}/rooms/crash`);
    const adaId = (await frame(ada, { type: "welcome" })).id;
    const bob = await openClient(`${b.ws}/rooms/crash`);
    expect((await frame(bob, { type: "welcome" })).n).toBe(2);
    const killedAt = Date.now();
    a.child.kill("SIGKILL");
    // Ada's own join can still reach Bob as a presence frame; the one that counts lists a leave.
    const leave = (message: Parameters<ReturnType<typeof isJson>>[0]) =>
      isJson({ type: "presence", n: 1 })(message) &&
      "text" in message &&
      /"left":/.test(message.text);
    const left = JSON.parse(((await bob.until(leave, 6000)) as { text: string }).text);
    expect(left.left).toEqual([expect.objectContaining({ id: adaId })]);
    expect(Date.now() - killedAt).toBeLessThan(1500 + 2 * 500 + 1000);
    bob.ws.close();
  });

  it("survives a Redis outage: serves its own members, says what was lost, and reconnects", async () => {
    const a = await instance();
    const b = await instance();
    const ada = await openClient(`${a.ws}/rooms/outage`);
    await welcomed(ada);
    const bob = await openClient(`${b.ws}/rooms/outage`);
    await welcomed(bob);
    const local = await openClient(`${a.ws}/rooms/outage`);
    await welcomed(local);

    await redis.stop();
    expect(await frame(ada, { type: "error", code: "backplane_down" }, 5000)).toMatchObject({
      message: expect.stringContaining("messages reach members on this process only"),
    });
    expect((await stats(a.server)).backplane).toMatchObject({ connected: false });
    ada.ws.send(json({ type: "publish", room: "outage", data: "during the outage" }));
    // Members on the same process still get it.
    expect(await frame(local, { type: "message" })).toMatchObject({ data: "during the outage" });

    await redis.start();
    const notice = await frame(ada, { type: "notice", code: "backplane_up" }, 15_000);
    expect(notice.message).toMatch(/While it was down, [1-9]\d* events? reached this process only/);
    await expect
      .poll(async () => (await stats(a.server)).backplane.connected, { timeout: 10_000 })
      .toBe(true);
    await expect
      .poll(async () => (await stats(b.server)).backplane.connected, { timeout: 10_000 })
      .toBe(true);
    ada.ws.send(json({ type: "publish", room: "outage", data: "after the outage" }));
    expect(await frame(bob, { type: "message", data: "after the outage" }, 5000)).toBeDefined();
    for (const client of [ada, bob, local]) client.ws.close();
  }, 40_000);

  it("hostile events on the Redis channels are dropped, and crash no instance", async () => {
    const a = await instance();
    const ada = await openClient(`${a.ws}/rooms/hostile`);
    const adaId = (await frame(ada, { type: "welcome" })).id;
    const attacker = new Redis(redis.url);
    const deep = `${"[".repeat(10_000)}${"]".repeat(10_000)}`;
    const channel = "socketscope:room:hostile";
    for (const payload of [
      deep,
      "not json",
      json({ kind: "message", room: "hostile", text: "<script>not a room frame</script>" }),
      json({ kind: "message", room: "hostile", text: deep }),
      json({ kind: "presence", room: "hostile", n: "x", changes: {} }),
      json({ kind: "presence", room: "hostile", n: 1, changes: { joined: [{ id: 1 }], left: [] } }),
      json({ kind: "dm", to: "x", text: 5 }),
      json({ kind: "broadcast", from: "z", base64: 7 }),
      json({ kind: "unknown" }),
      json(null),
    ])
      await attacker.publish(channel, payload);
    await attacker.publish(
      "socketscope:broadcast",
      json({ kind: "broadcast", from: "z", base64: 7 }),
    );
    // Well-formed events on the wrong channel: a message for another room (which would make
    // this process keep history for a room it never joined) and a dm on a room's channel.
    const roomsBefore = (await stats(a.server)).rooms;
    await attacker.publish(
      channel,
      json({
        kind: "message",
        room: "elsewhere",
        text: json({ type: "message", room: "elsewhere", data: "injected" }),
      }),
    );
    await attacker.publish(
      channel,
      json({ kind: "dm", to: adaId, text: json({ type: "dm", from: "x", data: "injected" }) }),
    );
    // Forged history-read marks: from another process, from this one with an id it never
    // issued, nested 10,000 deep, and 1 MB long. A mark counts only as the exact text this
    // process published (its id is 64 random bits); the others drop marks as an unknown kind.
    const ownId = a.server.backplane?.instanceId;
    for (const forged of [
      json({ kind: "mark", room: "hostile", id: "0".repeat(16), origin: "ffffffff" }),
      json({ kind: "mark", room: "hostile", id: "0".repeat(16), origin: ownId }),
      `{"kind":"mark","room":"hostile","id":${deep},"origin":"${ownId}"}`,
      json({ kind: "mark", room: "hostile", id: "x".repeat(1_000_000), origin: ownId }),
    ])
      await attacker.publish(channel, forged);
    // A well-formed one still works: the channel was never broken.
    await attacker.publish(
      channel,
      json({
        kind: "message",
        room: "hostile",
        text: json({ type: "message", room: "hostile", data: "ok" }),
      }),
    );
    const before: Received[] = [];
    await ada.until((message) => {
      before.push(message);
      return isJson({ type: "message" })(message);
    });
    expect(before.at(-1)).toEqual({ text: json({ type: "message", room: "hostile", data: "ok" }) });
    expect(before.filter(isJson({ type: "dm" }))).toEqual([]);
    // A welcome splices the shared history in as it is: entries pushed by others are checked.
    await attacker.lpush(
      "socketscope:history:hostile",
      '1]},"injected":{"x":[',
      json({ type: "message", room: "elsewhere", data: "injected" }),
      json({ type: "message", room: "hostile", data: "kept" }),
    );
    const late = await openClient(`${a.ws}/rooms/hostile`);
    const lateWelcome = await frame(late, { type: "welcome" });
    expect(lateWelcome.injected).toBeUndefined();
    expect(lateWelcome.history).toEqual([{ type: "message", room: "hostile", data: "kept" }]);
    // The late joiner's catch-up is not stuck on the forged marks: what comes next reaches it.
    ada.ws.send(json({ type: "publish", room: "hostile", data: "after" }));
    expect(await frame(late, { type: "message", data: "after" })).toMatchObject({ from: adaId });
    late.ws.close();
    const after = await stats(a.server);
    expect(after.rooms).toBe(roomsBefore);
    expect(after.errorsBy).toEqual({});
    attacker.disconnect();
    ada.ws.close();
  });

  it("hostile input from a client on A crosses to B as checked frames, and crashes neither", async () => {
    const a = await instance();
    const b = await instance();
    const bob = await openClient(`${b.ws}/rooms/__proto__`);
    await welcomed(bob);
    const eve = await openClient(`${a.ws}/rooms/__proto__`);
    await welcomed(eve);
    const deep = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;
    const nested = JSON.parse(deep(30));
    for (const payload of [
      deep(10_000),
      `{"type":"publish","room":"__proto__","data":${deep(10_000)}}`,
      json({ type: "publish", room: "__proto__", data: nested }),
      json({ type: "nick", name: '"\\</script>\u2028' }),
      json({ type: "dm", to: "-", data: "to nobody" }),
      json({ type: "dm", to: `ffffffff-${"u".repeat(10_000)}`, data: "to a process that is not" }),
      json({ type: "join", room: "constructor" }),
      '{"type":"publish","room":"constructor","data":{"__proto__":{"polluted":true}}}',
      "x".repeat(512 * 1024),
    ])
      eve.ws.send(payload);
    eve.ws.send(Buffer.alloc(64 * 1024, 0xff));
    eve.ws.send(json({ type: "publish", room: "__proto__", data: "still here" }));
    // Bob, on the other process, gets what is a room message, in order, and nothing else.
    const got: { data: unknown }[] = [];
    while (got.at(-1)?.data !== "still here") {
      const message = await bob.until((m) => "binary" in m || isJson({ type: "message" })(m), 5000);
      got.push("binary" in message ? { data: message.binary.length } : JSON.parse(message.text));
    }
    // Text that is not a command is a message, whatever it holds.
    expect(got.map((m) => m.data)).toEqual([
      deep(10_000),
      nested,
      "x".repeat(512 * 1024),
      65536,
      "still here",
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    for (const server of [a.server, b.server]) {
      const { errorsBy } = await stats(server);
      expect(errorsBy).toEqual({});
    }
    for (const client of [bob, eve]) client.ws.close();
  });
});

describe("the banner", () => {
  it("names Redis (without its password), this process's id, and whether Redis answers", async () => {
    const up = await startCli(["--redis", redis.url.replace("//", "//:s3cret@")], children);
    expect(up.stdout()).toMatch(
      new RegExp(
        `\n {2}Redis {6}redis://127\\.0\\.0\\.1:${redis.port}: rooms across every process on it; this one is [0-9a-f]{8}\n`,
      ),
    );
    expect(up.stdout()).not.toContain("s3cret");
    const nowhere = `redis://127.0.0.1:${await freePort()}`;
    const down = await startCli(["--redis", nowhere], children);
    expect(down.stdout()).toMatch(
      /this one is [0-9a-f]{8} \(not answering: serving its own members, retrying\)\n/,
    );
    expect(down.stderr()).not.toContain("Unhandled error event");
    for (const cli of [up, down]) cli.child.kill("SIGTERM");
    expect(await up.exited).toBe(0);
    expect(await down.exited).toBe(0);
  }, 20_000);
});

describe("--cluster", () => {
  it("without --redis, says so and exits 2 before it listens", async () => {
    const cli = runCli(["--port", "0", "--cluster", "2"], children);
    expect(await cli.exited).toBe(2);
    expect(cli.stderr()).toBe(
      "socketscope: --cluster needs --redis: the processes share rooms, presence and history through Redis\nRun socketscope --help for the flags.\n",
    );
    expect(cli.stdout()).toBe("");
  });

  it("needs --redis, and runs N processes on one port that share rooms", async () => {
    const cluster = await startCli(["--redis", redis.url, "--cluster", "2"], children, 20_000);
    expect(cluster.stdout()).toMatch(
      /Processes {2}2 on one port, sharing rooms through Redis: pid \d+ \([0-9a-f]{8}\), pid \d+ \([0-9a-f]{8}\)\n/,
    );
    expect(cluster.stdout()).toContain(
      `  Redis      ${redis.url}: rooms across every process on it\n`,
    );
    // Connections spread over the processes; every member hears every publish.
    const clients = await Promise.all(
      Array.from({ length: 6 }, () => openClient(`${cluster.ws}/rooms/clustered`)),
    );
    const ids = await Promise.all(
      clients.map(async (client) => (await frame(client, { type: "welcome" })).id as string),
    );
    expect(new Set(ids.map((id) => id.split("-")[0])).size).toBe(2);
    clients[0]?.ws.send(json({ type: "publish", room: "clustered", data: "to all six" }));
    for (const client of clients)
      expect(await frame(client, { type: "message" })).toMatchObject({ data: "to all six" });
    for (const client of clients) client.ws.close();
    cluster.child.kill("SIGTERM");
    expect(await cluster.exited).toBe(0);
  }, 30_000);
});
