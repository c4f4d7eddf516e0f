import type { Peer } from "crossws";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createRooms } from "../../echo-server/endpoints/rooms.ts";
import {
  PresenceBatcher,
  type PresenceChanges,
  presenceFrame,
} from "../../echo-server/rooms/presence.ts";
import { readEvent } from "../../echo-server/rooms/redis-backplane.ts";
import { makeMemoryBus } from "./memory-backplane.ts";

/** A clock whose timers run only when the test says so. */
function manualClock() {
  const clock = {
    time: 0,
    timers: [] as { at: number; run: () => void }[],
    now: () => clock.time,
    setTimeout(run: () => void, ms: number) {
      clock.timers.push({ at: clock.time + ms, run });
    },
    /** Moves time forward, running the timers that fall due, in order. */
    advance(ms: number) {
      const until = clock.time + ms;
      for (;;) {
        clock.timers.sort((a, b) => a.at - b.at);
        const next = clock.timers[0];
        if (!next || next.at > until) break;
        clock.timers.shift();
        clock.time = next.at;
        next.run();
      }
      clock.time = until;
    },
  };
  return clock;
}

const peer = (id: string) => ({ id, name: id });

describe("PresenceBatcher", () => {
  it("delivers a quiet room's change on the next turn, then batches within the window", () => {
    const clock = manualClock();
    const delivered: { at: number; room: string; changes: PresenceChanges }[] = [];
    const batcher = new PresenceBatcher(
      (room, changes) => delivered.push({ at: clock.time, room, changes }),
      // lobby's window: 40 ms + 100 members × 0.1 ms = 50 ms
      (room) => (room === "lobby" ? 100 : 1),
      { windowMs: 40, windowMsPerMember: 0.1, maxWindowMs: 2000, maxListed: 20 },
      clock,
    );
    batcher.joined("lobby", peer("u1"));
    expect(delivered).toEqual([]);
    clock.advance(0);
    expect(delivered).toEqual([
      { at: 0, room: "lobby", changes: { joined: [peer("u1")], left: [] } },
    ]);

    clock.advance(10);
    batcher.joined("lobby", peer("u2"));
    batcher.joined("lobby", peer("u3"));
    batcher.left("lobby", peer("u1"));
    batcher.joined("dev", peer("u4"));
    clock.advance(0);
    // dev was quiet: at once. lobby sent at 0: not before 50.
    expect(delivered.map(({ at, room }) => [at, room])).toEqual([
      [0, "lobby"],
      [10, "dev"],
    ]);
    clock.advance(40);
    expect(delivered.at(-1)).toEqual({
      at: 50,
      room: "lobby",
      changes: { joined: [peer("u2"), peer("u3")], left: [peer("u1")] },
    });

    clock.advance(100);
    batcher.left("lobby", peer("u2"));
    clock.advance(0);
    expect(delivered.at(-1)).toMatchObject({ at: 150, changes: { left: [peer("u2")] } });
    expect(delivered).toHaveLength(4);
  });
});

describe("PresenceBatcher across processes", () => {
  it("adds what other processes announced to the batch, and keeps this process's own apart", () => {
    const clock = manualClock();
    const delivered: { changes: PresenceChanges; local: PresenceChanges }[] = [];
    const batcher = new PresenceBatcher(
      (_room, changes, local) => delivered.push({ changes, local }),
      () => 1,
      { windowMs: 40, windowMsPerMember: 0.1, maxWindowMs: 2000, maxListed: 2 },
      clock,
    );
    batcher.joined("lobby", peer("u1"));
    batcher.relayed("lobby", { joined: [peer("r1"), peer("r2")], left: [peer("r3")], more: 5 });
    batcher.joined("lobby", peer("u2"));
    batcher.joined("lobby", peer("u3"));
    clock.advance(0);
    expect(delivered).toEqual([
      {
        // Two listed per list; r2, u2, u3 and the 5 the other process counted are counted.
        changes: { joined: [peer("u1"), peer("r1")], left: [peer("r3")], more: 8 },
        local: { joined: [peer("u1"), peer("u2")], left: [], more: 1 },
      },
    ]);
  });

  it("keeps a window within maxWindowMs, however big the room is said to be", () => {
    const clock = manualClock();
    const delivered: number[] = [];
    const batcher = new PresenceBatcher(
      () => delivered.push(clock.time),
      () => Number.MAX_SAFE_INTEGER,
      { windowMs: 40, windowMsPerMember: 0.1, maxWindowMs: 2000, maxListed: 20 },
      clock,
    );
    batcher.joined("lobby", peer("u1"));
    clock.advance(0);
    batcher.joined("lobby", peer("u2"));
    clock.advance(5000);
    expect(delivered).toEqual([0, 2000]);
  });
});

describe("presenceFrame", () => {
  it.each([
    [
      "one join",
      { joined: [peer("u1")], left: [] },
      '{"type":"presence","room":"r","n":1,"joined":[{"id":"u1","name":"u1"}]}',
    ],
    [
      "one leave",
      { joined: [], left: [peer("u1")] },
      '{"type":"presence","room":"r","n":1,"left":[{"id":"u1","name":"u1"}]}',
    ],
    [
      "over the cap of 2: listed peers, the rest counted",
      {
        joined: [peer("a"), peer("b"), peer("c")],
        left: [peer("d"), peer("e"), peer("f"), peer("g")],
      },
      '{"type":"presence","room":"r","n":1,"joined":[{"id":"a","name":"a"},{"id":"b","name":"b"}],"left":[{"id":"d","name":"d"},{"id":"e","name":"e"}],"more":3}',
    ],
  ])("%s", (_label, changes, golden) => {
    expect(JSON.stringify(presenceFrame("r", 1, changes, 2))).toBe(golden);
  });
});

describe("filling a big room", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("costs frames in proportion to the room, and the welcome lists at most 100 peers", () => {
    vi.useFakeTimers();
    const sent: { to: Peer; text: string }[] = [];
    const endpoint = createRooms({
      send: (to, data) => void sent.push({ to, text: String(data) }),
    });
    const open = endpoint.hooks.open as (peer: Peer) => void;
    const peers = Array.from(
      { length: 3000 },
      () => ({ context: { room: "big" }, request: { url: "ws://h/rooms/big" } }) as unknown as Peer,
    );
    for (const p of peers) open(p);
    vi.runAllTimers();

    const welcomes = sent.filter(({ text }) => text.startsWith('{"type":"welcome"'));
    const presences = sent.filter(({ text }) => text.startsWith('{"type":"presence"'));
    expect(welcomes).toHaveLength(3000);
    const last = JSON.parse(welcomes.at(-1)?.text ?? "{}");
    expect(last.n).toBe(3000);
    expect(last.peers).toHaveLength(100);
    // The joins came in one turn, so they make one batch, sent to each of the 3,000 members:
    // not the 4.5 million frames of one presence frame per join.
    expect(presences).toHaveLength(3000);
    const batch = JSON.parse(presences.at(-1)?.text ?? "{}");
    expect(batch).toMatchObject({ type: "presence", room: "big", n: 3000, more: 3000 - 20 });
    expect(batch.joined).toHaveLength(20);
  });
});

describe("presence across processes (a backplane in memory)", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** `count` processes sharing rooms, and what each peer was sent. */
  function processes(count: number) {
    const bus = makeMemoryBus();
    const inbox = new Map<Peer, string[]>();
    const send = (to: Peer, data: string | Uint8Array) => void inbox.get(to)?.push(String(data));
    const endpoints = Array.from({ length: count }, () =>
      createRooms({ backplane: bus.backplane(), send }),
    );
    /** A peer joining `room` on process `at`; returns the frames it is sent. */
    const join = (at: number, room: string) => {
      const peer = {
        context: { room },
        request: { url: `ws://h/rooms/${room}` },
      } as unknown as Peer;
      const frames: string[] = [];
      inbox.set(peer, frames);
      const endpoint = endpoints[at];
      if (!endpoint) throw new Error(`no process ${at}`);
      (endpoint.hooks.open as (peer: Peer) => void)(peer);
      return frames;
    };
    return { join };
  }
  const presences = (frames: string[]) =>
    frames.filter((text) => text.startsWith('{"type":"presence"')).map((text) => JSON.parse(text));

  it("a member hears one presence frame per window, however many processes its room spans", async () => {
    vi.useFakeTimers();
    const { join } = processes(3);
    const observer = join(0, "big");
    await vi.advanceTimersByTimeAsync(100);
    // For 2 s, a peer joins each of the three processes every 5 ms: 1,200 joins.
    for (let tick = 0; tick < 400; tick++) {
      for (const at of [0, 1, 2]) join(at, "big");
      await vi.advanceTimersByTimeAsync(5);
    }
    await vi.advanceTimersByTimeAsync(3000);
    const seen = presences(observer);
    expect(seen.at(-1)).toMatchObject({ n: 1201 });
    // Windows are at least 50 ms: 40 in 2 s, and the batch still pending at the end. When each
    // process's batches were relayed on their own, the observer got three times as many.
    expect(seen.length).toBeLessThanOrEqual(2000 / 50 + 2);
  });

  it("a burst of joins on one process reaches the others' members: listed up to 20, the rest counted", async () => {
    vi.useFakeTimers();
    const { join } = processes(2);
    const bob = join(1, "burst");
    await vi.advanceTimersByTimeAsync(100);
    for (let i = 0; i < 1500; i++) join(0, "burst");
    await vi.advanceTimersByTimeAsync(3000);
    const last = presences(bob).at(-1);
    expect(last).toMatchObject({ type: "presence", room: "burst", n: 1501, more: 1480 });
    expect(last.joined).toHaveLength(20);
  });

  it.each([
    ["a count of further peers", true, { n: 3, changes: { joined: [], left: [], more: 7 } }],
    ["no count", true, { n: 3, changes: { joined: [], left: [] } }],
    ["a negative count", false, { n: 3, changes: { joined: [], left: [], more: -1 } }],
    ["a fractional size", false, { n: 2.5, changes: { joined: [], left: [] } }],
    ["a size past 2^53", false, { n: 2 ** 60, changes: { joined: [], left: [] } }],
  ])("a presence event from Redis with %s: accepted %s", (_label, accepted, fields) => {
    const text = JSON.stringify({ kind: "presence", room: "r", origin: "other", ...fields });
    expect(readEvent(text, "me") !== undefined).toBe(accepted);
  });
});
