import { Writable } from "node:stream";
import type { Hooks, Message, Peer } from "crossws";
import { describe, expect, it, vi } from "vitest";
import { defaultPolicy, makeGuardedSend, withPolicy } from "../../echo-server/policy.ts";
import { makeStats } from "../../echo-server/stats.ts";

function fakePeer(bufferedAmount = 0) {
  return {
    bufferedAmount,
    send: vi.fn(),
    close: vi.fn(),
    terminate: vi.fn(),
  };
}

describe("guarded send", () => {
  it("sends and counts while the peer keeps up", () => {
    const stats = makeStats();
    const send = makeGuardedSend(defaultPolicy, stats);
    const peer = fakePeer(0);
    send(peer as unknown as Peer, "héllo");
    expect(peer.send).toHaveBeenCalledWith("héllo");
    expect(stats).toMatchObject({ messagesOut: 1, bytesOut: 6, drops: 0 });
  });

  it("past the total over all peers, sends only to peers that have caught up", () => {
    vi.useFakeTimers();
    const stats = makeStats();
    const policy = { ...defaultPolicy, maxBufferedTotalBytes: 250 };
    const send = makeGuardedSend(policy, stats);
    /** A peer whose queue grows by what it is sent, until it reads. */
    const slowPeer = () => {
      const peer = {
        ...fakePeer(0),
        websocket: { readyState: 1 },
        send: vi.fn((data: string) => {
          peer.bufferedAmount += data.length;
        }),
      };
      return peer;
    };
    const [a, b, c] = [slowPeer(), slowPeer(), slowPeer()];
    for (const peer of [a, b, c]) send(peer as unknown as Peer, "x".repeat(100));
    expect(send.queuedBytes()).toBe(300);
    // Over the total: peers with a backlog get nothing more…
    send(a as unknown as Peer, "y");
    expect(a.send).toHaveBeenCalledTimes(1);
    expect(stats.drops).toBe(1);
    // …until they read, which the periodic recount notices.
    a.bufferedAmount = 0;
    b.bufferedAmount = 0;
    vi.advanceTimersByTime(200);
    expect(send.queuedBytes()).toBe(100);
    send(a as unknown as Peer, "y");
    expect(a.send).toHaveBeenCalledTimes(2);
    // A closed peer's backlog will never be sent and stops counting.
    c.websocket.readyState = 3;
    vi.advanceTimersByTime(200);
    expect(send.queuedBytes()).toBe(1);
    vi.useRealTimers();
  });

  it("drops while over the bound and closes with 1013 once that outlasts the grace period", () => {
    vi.useFakeTimers();
    let now = 0;
    const stats = makeStats();
    const policy = { ...defaultPolicy, maxBufferedBytes: 100, slowConsumerGraceMs: 1000 };
    const send = makeGuardedSend(policy, stats, () => now);
    const peer = fakePeer(101);
    send(peer as unknown as Peer, "a");
    now = 999;
    send(peer as unknown as Peer, "b");
    expect(peer.send).not.toHaveBeenCalled();
    expect(peer.close).not.toHaveBeenCalled();
    expect(stats.drops).toBe(2);
    now = 1001;
    send(peer as unknown as Peer, "c");
    expect(peer.close).toHaveBeenCalledWith(1013, "Slow consumer: messages were dropped");
    vi.advanceTimersByTime(1000);
    expect(peer.terminate).toHaveBeenCalled();
    vi.useRealTimers();
  });

  it("batches the writes of one turn: the socket is corked at the first send and uncorked after", async () => {
    const writes: number[] = [];
    const socket = new Writable({
      write(_chunk, _encoding, done) {
        writes.push(1);
        done();
      },
      writev(chunks, done) {
        writes.push(chunks.length);
        done();
      },
    });
    const peer = {
      ...fakePeer(0),
      websocket: { _socket: socket },
      send: vi.fn((data: string) => socket.write(data)),
    };
    const send = makeGuardedSend(defaultPolicy, makeStats());
    for (const text of ["a", "b", "c"]) send(peer as unknown as Peer, text);
    expect(socket.writableCorked).toBe(1);
    expect(writes).toEqual([]);
    await new Promise((resolve) => process.nextTick(resolve));
    expect(socket.writableCorked).toBe(0);
    expect(writes).toEqual([3]);
    send(peer as unknown as Peer, "d");
    await new Promise((resolve) => process.nextTick(resolve));
    expect(writes).toEqual([3, 1]);
  });

  it("forgives a peer that catches up", () => {
    let now = 0;
    const policy = { ...defaultPolicy, maxBufferedBytes: 100, slowConsumerGraceMs: 1000 };
    const send = makeGuardedSend(policy, makeStats(), () => now);
    const peer = fakePeer(101);
    send(peer as unknown as Peer, "a");
    peer.bufferedAmount = 0;
    now = 500;
    send(peer as unknown as Peer, "b");
    peer.bufferedAmount = 101;
    now = 1400;
    send(peer as unknown as Peer, "c");
    expect(peer.close).not.toHaveBeenCalled();
  });
});

describe("rate limit", () => {
  it("refills tokens over time", () => {
    let now = 0;
    const inner = vi.fn();
    const stats = makeStats();
    const hooks = withPolicy(
      { message: inner } as Partial<Hooks>,
      { ...defaultPolicy, rateLimit: 10, rateBurst: 2 },
      stats,
      () => now,
    );
    const peer = fakePeer();
    const message = { rawData: "x" } as unknown as Message;
    const deliver = () => hooks.message?.(peer as unknown as Peer, message);
    deliver();
    deliver();
    deliver();
    expect(inner).toHaveBeenCalledTimes(2);
    expect(stats.rateLimited).toBe(1);
    expect(peer.send).toHaveBeenCalledTimes(1);
    now = 100; // 10/s refills one token per 100 ms
    deliver();
    expect(inner).toHaveBeenCalledTimes(3);
  });

  it("counts every message when the limit is off", () => {
    const inner = vi.fn();
    const stats = makeStats();
    const hooks = withPolicy(
      { message: inner } as Partial<Hooks>,
      { ...defaultPolicy, rateLimit: 0 },
      stats,
    );
    for (let i = 0; i < 100; i++)
      hooks.message?.(fakePeer() as unknown as Peer, { rawData: "ab" } as unknown as Message);
    expect(inner).toHaveBeenCalledTimes(100);
    expect(stats).toMatchObject({ messagesIn: 100, bytesIn: 200, rateLimited: 0 });
  });
});
