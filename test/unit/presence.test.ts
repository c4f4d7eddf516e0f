import type { Peer } from "crossws";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createRooms } from "../../echo-server/endpoints/rooms.ts";
import {
  PresenceBatcher,
  type PresenceChanges,
  presenceFrame,
} from "../../echo-server/rooms/presence.ts";

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
      { windowMs: 40, windowMsPerMember: 0.1, maxListed: 20 },
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
