import type { Peer } from "crossws";
import { describe, expect, it } from "vitest";
import { createRooms, roomFromPath } from "../../echo-server/endpoints/rooms.ts";
import { RoomHistory } from "../../echo-server/rooms/history.ts";
import { isValidRoomName } from "../../echo-server/rooms/names.ts";
import { parseRoomFrame } from "../../echo-server/rooms/protocol.ts";
import { RoomRegistry } from "../../echo-server/rooms/registry.ts";
import { makeMemoryBus } from "./memory-backplane.ts";

describe("room names", () => {
  it.each([
    ["a", true],
    ["lobby", true],
    ["A-z_0.9", true],
    ["x".repeat(64), true],
    ["", false],
    ["x".repeat(65), false],
    ["has space", false],
    ["slash/inside", false],
    ["émoji", false],
    [42, false],
  ])("%j → %s", (name, valid) => {
    expect(isValidRoomName(name)).toBe(valid);
  });

  it.each([
    ["ws://h/rooms/lobby", "lobby"],
    ["ws://h/ws/rooms/team?x=1", "team"],
    ["ws://h/rooms/bad%20name", undefined],
    ["ws://h/rooms/%E0%A4%A", undefined],
  ])("roomFromPath(%s) = %s", (url, room) => {
    expect(roomFromPath(url)).toBe(room);
  });
});

describe("parseRoomFrame", () => {
  it.each([
    ["ping", { kind: "ping" }],
    ["hello", { kind: "message", data: "hello" }],
    ["[1,2]", { kind: "message", data: "[1,2]" }],
    ['{"type":"join","room":"r"}', { kind: "command", command: { type: "join", room: "r" } }],
    ['{"type":"leave","room":"r"}', { kind: "command", command: { type: "leave", room: "r" } }],
    [
      '{"type":"publish","room":"r","data":{"a":1}}',
      { kind: "command", command: { type: "publish", room: "r", data: { a: 1 } } },
    ],
    [
      '{"type":"publish","room":"r"}',
      { kind: "command", command: { type: "publish", room: "r", data: null } },
    ],
    [
      '{"type":"dm","to":"u1","data":"x"}',
      { kind: "command", command: { type: "dm", to: "u1", data: "x" } },
    ],
    ['{"type":"nick","name":"ada"}', { kind: "command", command: { type: "nick", name: "ada" } }],
    ['{"type":"rooms"}', { kind: "command", command: { type: "rooms" } }],
  ])("%s", (text, expected) => {
    expect(parseRoomFrame(text)).toEqual(expected);
  });

  it.each([
    ["{bad", "bad_json"],
    ['{"type":"fly"}', "unknown_command"],
    ["{}", "unknown_command"],
    ['{"type":"join"}', "bad_room"],
    ['{"type":"join","room":"no spaces"}', "bad_room"],
    ['{"type":"dm","data":1}', "bad_request"],
    ['{"type":"nick","name":""}', "bad_request"],
  ])("%s → error %s", (text, code) => {
    expect(parseRoomFrame(text)).toMatchObject({ kind: "error", code });
  });
});

describe("RoomHistory", () => {
  it("keeps the last 50 messages", () => {
    const history = new RoomHistory();
    for (let i = 0; i < 60; i++) history.add(String(i), 10);
    expect(history.size).toBe(50);
    expect(history.texts()[0]).toBe("10");
    expect(history.texts().at(-1)).toBe("59");
  });

  it("keeps at most 64 KiB, dropping the oldest first", () => {
    const history = new RoomHistory();
    for (let i = 0; i < 10; i++) history.add(String(i), 10_000);
    expect(history.bytes).toBeLessThanOrEqual(64 * 1024);
    expect(history.texts()).toEqual(["4", "5", "6", "7", "8", "9"]);
  });

  it("never keeps a single message larger than the byte bound", () => {
    const history = new RoomHistory({ maxMessages: 50, maxBytes: 100 });
    expect(history.add("small", 5)).toBe(5);
    expect(history.add("huge", 101)).toBe(0);
    expect(history.texts()).toEqual(["small"]);
  });

  it("reports how its size changed, and what a clear freed", () => {
    const history = new RoomHistory({ maxMessages: 2, maxBytes: 100 });
    expect(history.add("a", 10)).toBe(10);
    expect(history.add("b", 20)).toBe(20);
    expect(history.add("c", 5)).toBe(-5);
    expect(history.clear()).toBe(25);
    expect(history.texts()).toEqual([]);
  });
});

describe("RoomRegistry membership", () => {
  const member = (registry: RoomRegistry) => registry.connect({} as Peer);

  it("refuses a join to a room the member is already in", () => {
    const registry = new RoomRegistry();
    const ada = member(registry);
    expect(registry.join(ada, "lobby")).toBeUndefined();
    expect(registry.join(ada, "lobby")).toBe("already_in_room");
  });

  it("lists at most 100 occupied rooms, with the total, and forgets rooms as they empty", () => {
    const registry = new RoomRegistry({ maxRoomsPerPeer: 1000 });
    const ada = member(registry);
    const bob = member(registry);
    for (let i = 0; i < 150; i++) registry.join(ada, `r${i}`);
    registry.join(bob, "r0");
    const { rooms, total } = registry.list();
    expect(total).toBe(150);
    expect(rooms).toHaveLength(100);
    expect(rooms[0]).toEqual({ room: "r0", n: 2 });
    for (let i = 1; i < 150; i++) registry.leave(ada, `r${i}`);
    expect(registry.list()).toEqual({ rooms: [{ room: "r0", n: 2 }], total: 1 });
  });
});

describe("RoomRegistry history budget", () => {
  const message = (room: string, data: string) =>
    ({ type: "message", room, from: "http", name: "http", data, ts: 0 }) as const;

  it("empties the least recently used rooms' history first and counts it", () => {
    const registry = new RoomRegistry({ maxHistoryBytes: 1200 });
    for (const room of ["a", "b", "c"]) registry.record(message(room, "x".repeat(300)));
    expect(registry.historyEvictions).toBe(0);
    registry.record(message("a", "y".repeat(300)));
    // a was used last, so b (then c) lose theirs first.
    expect(registry.history("b")).toEqual([]);
    expect(registry.history("a")).toHaveLength(2);
    expect(registry.history("c")).toHaveLength(1);
    expect(registry.historyBytes).toBeLessThanOrEqual(1200);
    expect(registry.historyEvictions).toBe(1);
    // An empty room with no members is gone once its history is.
    expect(registry.roomCount).toBe(2);
  });

  it("stays within the budget however many rooms are written", () => {
    const registry = new RoomRegistry({ maxHistoryBytes: 64 * 1024 });
    for (let i = 0; i < 2000; i++) registry.record(message(`r${i}`, "z".repeat(1000)));
    expect(registry.historyBytes).toBeLessThanOrEqual(64 * 1024);
    expect(registry.roomCount).toBeLessThan(70);
  });
});

/** A stand-in peer: enough of crossws's Peer for the rooms hooks. */
function fakePeer(room: string): Peer {
  return {
    context: { room },
    request: { url: `ws://h/rooms/${room}` },
    send() {},
  } as unknown as Peer;
}

describe("room fan-out cost", () => {
  it("a publish touches only the room's members, however many peers other rooms hold", () => {
    let sends = 0;
    const endpoint = createRooms({ send: () => void sends++ });
    const open = endpoint.hooks.open as (peer: Peer) => void;
    for (let i = 0; i < 3000; i++) open(fakePeer("big"));
    open(fakePeer("small"));
    open(fakePeer("small"));
    sends = 0;
    expect(endpoint.publish("small", "hi")).toBe(2);
    expect(sends).toBe(2);
  });
});

describe("a welcome across processes", () => {
  it("runs inside the failure boundary: a backplane whose read throws is caught, not left unhandled", async () => {
    const failures: string[] = [];
    const backplane = {
      ...makeMemoryBus().backplane(),
      history: async () => {
        throw new Error("the read failed");
      },
    };
    const endpoint = createRooms({
      backplane,
      send: () => {},
      guard:
        (where, fn) =>
        (...args) => {
          const result = fn(...args);
          if (result instanceof Promise)
            result.catch((error) => failures.push(`${where}: ${error.message}`));
        },
    });
    const peer = { context: { room: "r" }, request: { url: "ws://h/rooms/r" } } as unknown as Peer;
    (endpoint.hooks.open as (peer: Peer) => void)(peer);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(failures).toEqual(["rooms welcome: the read failed"]);
  });
});
