import { networkInterfaces } from "node:os";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { TapRule } from "../../echo-server/protocol/tap-wire.ts";
import { createServer, type RunningServer, type ServerOptions } from "../../echo-server/server.ts";
import { startTapTarget, watchTap } from "./tap-tools.ts";
import { openClient, rejectedUpgrade } from "./ws-client.ts";

let target: Awaited<ReturnType<typeof startTapTarget>>;
const servers: RunningServer[] = [];

beforeAll(async () => {
  target = await startTapTarget();
});
afterAll(() => target.close());
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
  target.seen.length = 0;
});

async function start(options: ServerOptions = {}) {
  const server = await createServer({ port: 0, ...options });
  servers.push(server);
  return { server, ws: server.url.replace(/^http/, "ws") };
}

/** Creates a tap through the HTTP API, as the inspector does. */
async function createTap(server: RunningServer, name: string, tapTarget: string) {
  const response = await fetch(`${server.url}/api/taps`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: server.url },
    body: JSON.stringify({ name, target: tapTarget }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Waits until `done()` holds, checking every 20 ms, or fails after `ms`. */
async function until(done: () => boolean, ms: number) {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`Not done within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const rulesOf = (...rules: Omit<TapRule, "hits">[]) => ({ type: "rules" as const, rules });

describe("a tap between an app and its server", () => {
  it("passes frames both ways with their opcodes, in order, and mirrors both directions", async () => {
    const { server, ws } = await start({ taps: [{ name: "chat", target: `${target.url}/ws` }] });
    const watcher = await watchTap(server.url, "chat");
    await watcher.event("hello");
    const app = await openClient(`${ws}/tap/chat`);
    const sent = ["one", "two", "three"];
    for (const text of sent) app.ws.send(text);
    app.ws.send(Buffer.from([0, 1, 2, 255]));
    for (const text of sent) expect(await app.next()).toEqual({ text });
    expect(await app.next()).toEqual({ binary: Buffer.from([0, 1, 2, 255]) });
    expect(target.seen[0]?.messages).toEqual([
      ...sent.map((data) => ({ data, binary: false })),
      { data: "000102ff", binary: true },
    ]);
    const open = await watcher.event("client-open");
    expect(open.client).toMatchObject({ id: 1, remote: "127.0.0.1" });
    await watcher.until(() => watcher.frames.length === 8);
    expect(watcher.frames.filter((f) => f.direction === "c2s").map((f) => f.text)).toEqual([
      ...sent,
      "000102ff",
    ]);
    expect(watcher.frames.filter((f) => f.direction === "s2c").map((f) => f.text)).toEqual([
      ...sent,
      "000102ff",
    ]);
    expect(watcher.frames.every((f) => f.clientId === 1 && !f.changed && !f.dropped)).toBe(true);
  });

  it("dials with the app's subprotocols, Cookie, Authorization and query, and passes the chosen one back", async () => {
    const { ws } = await start({ taps: [{ name: "auth", target: `${target.url}/ws?v=2` }] });
    const app = await openClient(`${ws}/tap/auth?room=7`, ["a", "b"], {
      headers: { Cookie: "session=s1", Authorization: "Bearer t0k" },
    });
    expect(app.ws.protocol).toBe("b");
    const seen = target.seen[0];
    expect(seen?.protocol).toBe("b");
    expect(seen?.headers.cookie).toBe("session=s1");
    expect(seen?.headers.authorization).toBe("Bearer t0k");
    expect(seen?.url).toBe("/ws?v=2&room=7");
  });

  it("passes close codes both ways, and control frames as they are", async () => {
    const { server, ws } = await start({ taps: [{ name: "c", target: target.url }] });
    const watcher = await watchTap(server.url, "c");
    const app = await openClient(`${ws}/tap/c`);
    const pongs: string[] = [];
    const pings: string[] = [];
    app.ws.on("pong", (data) => pongs.push(data.toString()));
    app.ws.on("ping", (data) => pings.push(data.toString()));
    app.ws.ping(Buffer.from("from-app"));
    await watcher.event("control", (e) => e.kind === "pong" && e.direction === "s2c");
    expect(target.seen[0]?.pings).toEqual(["from-app"]);
    expect(pongs).toEqual(["from-app"]);
    app.ws.send("ping-me");
    await watcher.event("control", (e) => e.kind === "ping" && e.direction === "s2c");
    await watcher.until(() => pings.length === 1);
    expect(pings).toEqual(["from-target"]);

    app.ws.send("close-me");
    expect(await app.closed).toEqual({ code: 4002, reason: "as asked" });
    expect(await watcher.event("client-close")).toMatchObject({ code: 4002, side: "server" });

    const second = await openClient(`${ws}/tap/c`);
    second.ws.close(4100, "app leaves");
    await watcher.event("client-close", (e) => e.clientId === 2);
    await watcher.until(() => target.seen[1]?.close);
    expect(target.seen[1]?.close).toEqual({ code: 4100, reason: "app leaves" });
  });

  it("passes a refusal back to the app as it was", async () => {
    const { ws } = await start({ taps: [{ name: "s", target: `${target.url}/secret` }] });
    const refused = await rejectedUpgrade(`${ws}/tap/s`);
    expect(refused.status).toBe(401);
  });

  it("answers 502 with the reason when the target cannot be reached", async () => {
    const { ws } = await start({ taps: [{ name: "gone", target: "ws://127.0.0.1:9/" }] });
    const refused = await rejectedUpgrade(`${ws}/tap/gone`);
    expect(refused.status).toBe(502);
    expect(refused.body).toBe(
      "The tap could not reach ws://127.0.0.1:9/: Nothing is listening on 127.0.0.1:9: the connection was refused",
    );
  });
});

describe("rules", () => {
  async function tapWithRules(...rules: Omit<TapRule, "hits">[]) {
    const { server, ws } = await start({ taps: [{ name: "r", target: target.url }] });
    const watcher = await watchTap(server.url, "r");
    watcher.command(rulesOf(...rules));
    await watcher.event("rules", (e) => e.rules.length === rules.length);
    const app = await openClient(`${ws}/tap/r`);
    return { server, watcher, app };
  }

  it("drops, replaces with the regex's groups, and counts hits", async () => {
    const { watcher, app } = await tapWithRules(
      { id: "no-secrets", match: { direction: "c2s", text: "secret" }, action: { type: "drop" } },
      {
        id: "price",
        match: { direction: "s2c", regex: "price (\\d+)" },
        action: { type: "replace", with: "price $1.00" },
      },
    );
    app.ws.send("my secret");
    app.ws.send("price 5");
    expect(await app.next()).toEqual({ text: "price 5.00" });
    expect(target.seen[0]?.messages.map((m) => m.data)).toEqual(["price 5"]);
    const rules = await watcher.event(
      "rules",
      (e) => e.rules[0]?.hits === 1 && e.rules[1]?.hits === 1,
    );
    expect(rules.rules.map((rule) => rule.hits)).toEqual([1, 1]);
    expect(watcher.frames.find((f) => f.text === "my secret")?.dropped).toBe(true);
    expect(watcher.frames.find((f) => f.text === "price 5.00")).toMatchObject({
      changed: true,
      direction: "s2c",
    });
  });

  it("passes a frame a pass rule meets, so no later rule acts on it, and counts the hit", async () => {
    const { watcher, app } = await tapWithRules(
      { id: "let-vip", match: { direction: "c2s", text: "vip" }, action: { type: "pass" } },
      { id: "drop-all", match: { direction: "c2s" }, action: { type: "drop" } },
    );
    app.ws.send("vip: keep");
    app.ws.send("anyone else");
    app.ws.send("vip: keep too");
    expect(await app.next()).toEqual({ text: "vip: keep" });
    expect(await app.next()).toEqual({ text: "vip: keep too" });
    expect(target.seen[0]?.messages.map((m) => m.data)).toEqual(["vip: keep", "vip: keep too"]);
    const rules = await watcher.event(
      "rules",
      (e) => e.rules[0]?.hits === 2 && e.rules[1]?.hits === 1,
    );
    expect(rules.rules.map((rule) => rule.hits)).toEqual([2, 1]);
    await watcher.until(() => watcher.frames.length === 5);
    expect(
      watcher.frames.filter((f) => f.direction === "c2s").map((f) => [f.text, f.dropped]),
    ).toEqual([
      ["vip: keep", false],
      ["anyone else", true],
      ["vip: keep too", false],
    ]);
  });

  it.each([
    ["the matched text", { regex: "\\d+" }, "[$&]", "order 42 of 7", "order [42] of 7"],
    ["named groups", { regex: "(?<who>\\w+)@" }, "$<who> at ", "ann@example", "ann at example"],
    ["a literal dollar", { regex: "EUR" }, "$$", "5 EUR", "5 $"],
    [
      "the whole payload, with no regex",
      { text: "secret" },
      "[redacted: $&]",
      "a secret",
      "[redacted: a secret]",
    ],
  ])("replaces with %s", async (_name, match, template, sent, expected) => {
    const { app } = await tapWithRules({
      id: "r",
      match: { direction: "c2s", ...match },
      action: { type: "replace", with: template },
    });
    app.ws.send(sent);
    expect(await app.next()).toEqual({ text: expected });
    expect(target.seen[0]?.messages.map((m) => m.data)).toEqual([expected]);
  });

  it("delays a frame and keeps the frames behind it in order", async () => {
    const { app } = await tapWithRules({
      id: "slow",
      match: { direction: "c2s", text: "slow" },
      action: { type: "delay", ms: 150 },
    });
    const started = performance.now();
    app.ws.send("slow");
    app.ws.send("fast");
    expect(await app.next()).toEqual({ text: "slow" });
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(await app.next()).toEqual({ text: "fast" });
  });

  it("responds to the sender with a mock frame and forwards nothing, or closes with a code", async () => {
    const { app } = await tapWithRules(
      {
        id: "mock-hello",
        match: { direction: "c2s", jsonPath: "$.op", equals: "hello" },
        action: { type: "respond", with: '{"op":"welcome","echo":$&}' },
      },
      {
        id: "kick",
        match: { text: "kick me" },
        action: { type: "close", code: 4401, reason: "kicked" },
      },
    );
    app.ws.send('{"op":"hello"}');
    expect(await app.next()).toEqual({ text: '{"op":"welcome","echo":{"op":"hello"}}' });
    expect(target.seen[0]?.messages).toEqual([]);
    app.ws.send("kick me");
    expect(await app.closed).toEqual({ code: 4401, reason: "kicked" });
  });

  it("holds a frame at a breakpoint; the frames behind wait; the edited frame goes on", async () => {
    const { watcher, app } = await tapWithRules({
      id: "bp",
      match: { direction: "c2s", text: "order" },
      action: { type: "pause" },
    });
    app.ws.send("order 1");
    app.ws.send("after");
    const held = await watcher.event("held");
    expect(held.frame).toMatchObject({ payload: "order 1", direction: "c2s", ruleId: "bp" });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(target.seen[0]?.messages).toEqual([]);
    watcher.command({
      type: "release",
      holdId: held.frame.holdId,
      action: "forward",
      payload: "order 2",
    });
    expect(await app.next()).toEqual({ text: "order 2" });
    expect(await app.next()).toEqual({ text: "after" });
    expect(await watcher.event("released")).toMatchObject({ how: "forward" });
    expect(watcher.frames.find((f) => f.text === "order 2")).toMatchObject({ changed: true });
  });

  it("forwards a held frame by itself after the hold timeout, and drops one when asked", async () => {
    const { watcher, app } = await tapWithRules({
      id: "bp",
      match: { text: "wait" },
      action: { type: "pause" },
    });
    watcher.command({ type: "settings", holdTimeoutMs: 1000 });
    await watcher.event("settings");
    app.ws.send("wait for me");
    const started = performance.now();
    expect(await app.next(3000)).toEqual({ text: "wait for me" });
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
    expect(await watcher.event("released")).toMatchObject({ how: "timeout" });

    app.ws.send("wait, drop me");
    const held = await watcher.event("held", (e) => e.frame.payload === "wait, drop me");
    watcher.command({ type: "release", holdId: held.frame.holdId, action: "drop" });
    await watcher.event("released", (e) => e.holdId === held.frame.holdId);
    app.ws.send("ok");
    expect(await app.next()).toEqual({ text: "ok" });
  });

  it("keeps a hold timeout per tap: one tap's setting leaves another's alone", async () => {
    const { server, ws } = await start({
      taps: [
        { name: "quick", target: target.url },
        { name: "patient", target: target.url },
      ],
    });
    const hold = rulesOf({
      id: "bp",
      match: { direction: "c2s", text: "wait" },
      action: { type: "pause" },
    });
    const quick = await watchTap(server.url, "quick");
    const patient = await watchTap(server.url, "patient");
    quick.command(hold);
    patient.command(hold);
    quick.command({ type: "settings", holdTimeoutMs: 1000 });
    await quick.event("settings");
    await patient.event("rules");
    const quickApp = await openClient(`${ws}/tap/quick`);
    const patientApp = await openClient(`${ws}/tap/patient`);
    quickApp.ws.send("wait");
    patientApp.ws.send("wait");
    const held = await patient.event("held");
    expect(await quickApp.next(3000)).toEqual({ text: "wait" });
    expect(await quick.event("released")).toMatchObject({ how: "timeout" });
    // The other tap still holds its frame, on its default of 30 s.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(patient.events.some((e) => e.type === "released")).toBe(false);
    const listed = (await (await fetch(`${server.url}/api/taps`)).json()) as {
      name: string;
      holdTimeoutMs: number;
    }[];
    expect(listed.map((tap) => [tap.name, tap.holdTimeoutMs])).toEqual([
      ["quick", 1000],
      ["patient", 30_000],
    ]);
    patient.command({ type: "release", holdId: held.frame.holdId, action: "forward" });
    expect(await patientApp.next()).toEqual({ text: "wait" });
  });

  it("injects a frame into either direction from the inspector", async () => {
    const { watcher, app } = await tapWithRules();
    await watcher.event("client-open");
    watcher.command({ type: "inject", clientId: 1, direction: "s2c", payload: "hello app" });
    expect(await app.next()).toEqual({ text: "hello app" });
    watcher.command({
      type: "inject",
      clientId: 1,
      direction: "c2s",
      payload: "AAE=",
      binary: true,
    });
    expect(await app.next()).toEqual({ binary: Buffer.from([0, 1]) });
    expect(target.seen[0]?.messages).toEqual([{ data: "0001", binary: true }]);
    // Mirrored frames reach the watcher a few ms after they went on.
    await watcher.until(() => watcher.frames.filter((f) => f.injected).length === 2);
  });

  it("refuses a bad command, naming the field", async () => {
    const { watcher } = await tapWithRules();
    watcher.command({
      type: "rules",
      rules: [{ id: "x", match: { regex: "(" }, action: { type: "drop" } }],
    });
    expect(await watcher.event("error")).toMatchObject({ field: "rules[0].match.regex" });
    watcher.ws.send("[".repeat(10_000));
    expect(await watcher.event("error", (e) => e.message.includes("deeper"))).toBeDefined();
  });
});

describe("a mock tap", () => {
  it("answers from its rules alone, with the first offered subprotocol", async () => {
    const { server, ws } = await start({ taps: [{ name: "mock", target: "" }] });
    const watcher = await watchTap(server.url, "mock");
    watcher.command(
      rulesOf({
        id: "pong",
        match: { direction: "c2s", regex: "^ping (\\w+)$" },
        action: { type: "respond", with: "pong $1" },
      }),
    );
    await watcher.event("rules");
    const app = await openClient(`${ws}/tap/mock`, ["graphql-ws"]);
    expect(app.ws.protocol).toBe("graphql-ws");
    app.ws.send("ping abc");
    expect(await app.next()).toEqual({ text: "pong abc" });
    app.ws.send("unanswered");
    await watcher.until(() => watcher.frames.some((f) => f.text === "unanswered"));
  });
});

describe("the taps API and policy", () => {
  it("creates, lists and removes taps; removing one closes its apps with 1001", async () => {
    const { server, ws } = await start();
    expect(await createTap(server, "new-tap", `${target.url}/`)).toEqual({
      status: 201,
      body: {
        name: "new-tap",
        target: `${target.url}/`,
        url: `${ws}/tap/new-tap`,
        holdTimeoutMs: 30_000,
        clients: 0,
      },
    });
    expect((await createTap(server, "new-tap", "")).status).toBe(409);
    expect(await createTap(server, "bad name", "")).toMatchObject({
      status: 400,
      body: { field: "name" },
    });
    expect(await createTap(server, "t2", "http://x/")).toMatchObject({
      status: 400,
      body: { field: "target", message: "The relay dials ws: and wss: URLs only, not http:" },
    });
    const app = await openClient(`${ws}/tap/new-tap`);
    const listed = await (await fetch(`${server.url}/api/taps`)).json();
    expect(listed).toMatchObject([{ name: "new-tap", clients: 1 }]);
    const removed = await fetch(`${server.url}/api/taps/new-tap`, {
      method: "DELETE",
      headers: { Origin: server.url },
    });
    expect(removed.status).toBe(204);
    expect(await app.closed).toEqual({ code: 1001, reason: "Tap removed" });
    expect((await rejectedUpgrade(`${ws}/tap/new-tap`)).status).toBe(404);
  });

  it("a page of another site can neither create, watch nor use a tap", async () => {
    const { server, ws } = await start({ taps: [{ name: "x", target: target.url }] });
    const created = await fetch(`${server.url}/api/taps`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: "https://evil.example" },
      body: JSON.stringify({ name: "evil", target: "ws://10.0.0.1/" }),
    });
    expect(created.status).toBe(403);
    expect(
      (await rejectedUpgrade(`${ws}/tap-watch/x`, { origin: "https://evil.example" })).status,
    ).toBe(403);
    expect((await rejectedUpgrade(`${ws}/tap-watch/x`)).status).toBe(403);
    expect((await rejectedUpgrade(`${ws}/tap/x`, { origin: "https://evil.example" })).status).toBe(
      403,
    );
  });

  const lanAddress = Object.values(networkInterfaces())
    .flat()
    .find((info) => info && info.family === "IPv4" && !info.internal)?.address;

  it.skipIf(!lanAddress)(
    "takes apps from the network only with --tap-listen and the token",
    async () => {
      const closed = await start({
        host: "0.0.0.0",
        relayAllow: ["127.0.0.1"],
        taps: [{ name: "lan", target: target.url }],
      });
      const lanUrl = `ws://${lanAddress}:${closed.server.port}/tap/lan`;
      const refused = await rejectedUpgrade(lanUrl);
      expect(refused.status).toBe(403);
      expect(refused.body).toContain("--tap-listen");
      // The taps' controls stay on this machine, whatever the flags.
      const lanApi = `http://${lanAddress}:${closed.server.port}/api/taps`;
      for (const init of [
        {},
        { method: "POST", body: JSON.stringify({ name: "lan2", target: target.url }) },
        { method: "DELETE" },
      ]) {
        const url = init.method === "DELETE" ? `${lanApi}/lan` : lanApi;
        const answer = await fetch(url, init);
        expect([init.method ?? "GET", answer.status, await answer.json()]).toEqual([
          init.method ?? "GET",
          403,
          {
            error: "forbidden",
            message: "Taps are listed, made and removed from this machine only",
          },
        ]);
      }

      const open = await start({
        host: "0.0.0.0",
        relayAllow: ["127.0.0.1"],
        tapListen: true,
        tapToken: "t".repeat(20),
        taps: [{ name: "lan", target: target.url }],
      });
      const url = `ws://${lanAddress}:${open.server.port}/tap/lan`;
      expect((await rejectedUpgrade(`${url}?tap_token=wrong`)).status).toBe(403);
      const phone = await openClient(`${url}?tap_token=${"t".repeat(20)}`);
      phone.ws.send("from the phone");
      expect(await phone.next()).toEqual({ text: "from the phone" });
      expect(target.seen.at(-1)?.url).toBe("/");
    },
  );

  it("keeps forwarding with nobody watching, and stops reading the app while its server does not read", async () => {
    const { ws } = await start({ taps: [{ name: "slow", target: target.url }] });
    const app = await openClient(`${ws}/tap/slow`);
    app.ws.send("first");
    expect(await app.next()).toEqual({ text: "first" });
    const seen = target.seen.at(-1);
    if (!seen) throw new Error("the target saw no connection");
    // The server stops reading: what the tap sends it piles up in the kernel, then in the tap.
    seen.socket.pause();
    const chunk = "y".repeat(64 * 1024);
    for (let i = 0; i < 640; i++) app.ws.send(`${String(i).padStart(4, "0")}${chunk}`); // 40 MiB
    await new Promise((resolve) => setTimeout(resolve, 800));
    // The tap stopped reading the app: the rest waits in the app's own buffers, not the tap's.
    expect(app.ws.bufferedAmount).toBeGreaterThan(10 * 1024 * 1024);
    seen.socket.resume();
    await until(() => seen.messages.length === 641, 20_000);
    expect(seen.messages.slice(1).map((m) => m.data.slice(0, 4))).toEqual(
      Array.from({ length: 640 }, (_, i) => String(i).padStart(4, "0")),
    );
    app.ws.terminate();
  });

  it("keeps memory bounded behind a breakpoint: the app is read no further", async () => {
    const { server, ws } = await start({ taps: [{ name: "b", target: target.url }] });
    const watcher = await watchTap(server.url, "b");
    watcher.command(rulesOf({ id: "bp", match: { text: "stop" }, action: { type: "pause" } }));
    await watcher.event("rules");
    const app = await openClient(`${ws}/tap/b`);
    app.ws.send("stop");
    await watcher.event("held");
    const chunk = "x".repeat(64 * 1024);
    for (let i = 0; i < 400; i++) app.ws.send(chunk); // 25 MiB behind the held frame
    await new Promise((resolve) => setTimeout(resolve, 500));
    // What the tap would not take waits in the app's own buffers.
    expect(app.ws.bufferedAmount).toBeGreaterThan(10 * 1024 * 1024);
    expect(target.seen[0]?.messages).toEqual([]);
    app.ws.terminate();
  });
});
