import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type RunningServer } from "../../echo-server/server.ts";
import { isJson, openClient, type TestClient, upgradeStatus } from "./ws-client.ts";

let server: RunningServer;
let ws: string;
const open: TestClient[] = [];

beforeAll(async () => {
  server = await createServer({ port: 0 });
  ws = server.url.replace("http", "ws");
});
afterAll(async () => {
  for (const client of open) client.ws.terminate();
  await server.close();
});

/** Joins a room and reads its welcome (and its own presence frame). */
async function join(room: string) {
  const client = await openClient(`${ws}/rooms/${room}`);
  open.push(client);
  const welcome = await client.nextJson();
  const presence = await client.nextJson();
  expect(presence).toMatchObject({ type: "presence", room, joined: [{ id: welcome.id }] });
  return { client, welcome };
}

const json = (value: unknown) => JSON.stringify(value);

describe("/rooms/:room", () => {
  it("welcomes with an id, the peers and the history; tells the room who joined and left", async () => {
    const first = await join("lobby");
    expect(first.welcome).toMatchObject({ type: "welcome", room: "lobby", n: 1, history: [] });
    expect(first.welcome.peers).toEqual([{ id: first.welcome.id, name: first.welcome.id }]);

    const second = await join("lobby");
    expect(second.welcome.peers).toHaveLength(2);
    expect(await first.client.nextJson()).toEqual({
      type: "presence",
      room: "lobby",
      n: 2,
      joined: [{ id: second.welcome.id, name: second.welcome.id }],
    });

    second.client.ws.close();
    expect(await first.client.nextJson()).toEqual({
      type: "presence",
      room: "lobby",
      n: 1,
      left: [{ id: second.welcome.id, name: second.welcome.id }],
    });
  });

  it("publishes plain text and publish commands to every member, and keeps history", async () => {
    const a = await join("chat");
    const b = await join("chat");
    await a.client.nextJson(); // b's presence
    a.client.ws.send("hello");
    for (const peer of [a, b]) {
      expect(await peer.client.nextJson()).toMatchObject({
        type: "message",
        room: "chat",
        from: a.welcome.id,
        data: "hello",
      });
    }
    b.client.ws.send(json({ type: "publish", room: "chat", data: { n: 1 } }));
    expect(await a.client.nextJson()).toMatchObject({
      type: "message",
      from: b.welcome.id,
      data: { n: 1 },
    });
    await b.client.nextJson();

    const late = await join("chat");
    expect((late.welcome.history as { data: unknown }[]).map((message) => message.data)).toEqual([
      "hello",
      { n: 1 },
    ]);
  });

  it("answers the text ping with pong, to the sender only", async () => {
    const a = await join("pingpong");
    const b = await join("pingpong");
    await a.client.nextJson();
    a.client.ws.send("ping");
    expect(await a.client.next()).toEqual({ text: "pong" });
    await expect(b.client.next(150)).rejects.toThrow("no message");
  });

  it("sends direct messages by peer id", async () => {
    const a = await join("dm-a");
    const b = await join("dm-b");
    a.client.ws.send(json({ type: "dm", to: b.welcome.id, data: "psst" }));
    expect(await b.client.nextJson()).toMatchObject({
      type: "dm",
      from: a.welcome.id,
      data: "psst",
    });
    a.client.ws.send(json({ type: "dm", to: "nobody", data: 1 }));
    expect(await a.client.nextJson()).toMatchObject({ type: "error", code: "unknown_peer" });
  });

  it("renames with nick, and messages carry the new name", async () => {
    const a = await join("nicks");
    a.client.ws.send(json({ type: "nick", name: "ada" }));
    expect(await a.client.nextJson()).toEqual({ type: "nick", id: a.welcome.id, name: "ada" });
    a.client.ws.send("hi");
    expect(await a.client.nextJson()).toMatchObject({
      type: "message",
      from: a.welcome.id,
      name: "ada",
    });
    a.client.ws.send(json({ type: "nick", name: "" }));
    expect(await a.client.nextJson()).toMatchObject({ type: "error", code: "bad_request" });
  });

  it("joins and leaves extra rooms, and lists rooms with their sizes", async () => {
    const a = await join("home-1");
    const b = await join("extra-1");
    a.client.ws.send(json({ type: "join", room: "extra-1" }));
    const welcome = await a.client.nextJson();
    expect(welcome).toMatchObject({ type: "welcome", room: "extra-1" });
    expect(welcome.peers).toHaveLength(2);
    await a.client.until(isJson({ type: "presence", room: "extra-1" }));
    expect(await b.client.nextJson()).toMatchObject({ type: "presence", room: "extra-1", n: 2 });

    a.client.ws.send(json({ type: "rooms" }));
    const list = await a.client.nextJson();
    expect(list.rooms).toEqual(
      expect.arrayContaining([
        { room: "home-1", n: 1 },
        { room: "extra-1", n: 2 },
      ]),
    );

    a.client.ws.send(json({ type: "publish", room: "extra-1", data: "via command" }));
    expect(await b.client.nextJson()).toMatchObject({ room: "extra-1", data: "via command" });
    await a.client.nextJson();

    a.client.ws.send(json({ type: "leave", room: "extra-1" }));
    expect(await b.client.nextJson()).toMatchObject({
      type: "presence",
      room: "extra-1",
      n: 1,
      left: [{ id: a.welcome.id }],
    });
    a.client.ws.send(json({ type: "publish", room: "extra-1", data: "not a member" }));
    expect(await a.client.nextJson()).toMatchObject({ type: "error", code: "not_in_room" });
  });

  it("answers bad JSON and unknown commands with an error frame and stays open", async () => {
    const a = await join("errors");
    a.client.ws.send("{not json");
    expect(await a.client.nextJson()).toMatchObject({ type: "error", code: "bad_json" });
    a.client.ws.send(json({ type: "teleport" }));
    expect(await a.client.nextJson()).toMatchObject({ type: "error", code: "unknown_command" });
    a.client.ws.send(json({ type: "join", room: "bad room!" }));
    expect(await a.client.nextJson()).toMatchObject({ type: "error", code: "bad_room" });
    a.client.ws.send("ping");
    expect(await a.client.next()).toEqual({ text: "pong" });
  });

  it("forwards binary frames to the home room's other members as binary", async () => {
    const a = await join("bin");
    const b = await join("bin");
    await a.client.nextJson();
    a.client.ws.send(Buffer.from([0xde, 0xad]));
    expect(await b.client.next()).toEqual({ binary: Buffer.from([0xde, 0xad]) });
  });

  it.each(["bad%20name", "x".repeat(65), "a!b"])(
    "refuses the room name %s with 404",
    async (room) => {
      expect(await upgradeStatus(`${ws}/rooms/${room}`)).toBe(404);
    },
  );

  it("accepts names of 1 and 64 characters from the allowed set", async () => {
    await join("a");
    await join("A-z_0.9".padEnd(64, "x"));
  });
});
