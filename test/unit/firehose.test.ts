import type { Peer } from "crossws";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createFirehose, firehoseMessage } from "../../echo-server/endpoints/firehose.ts";
import { matchesPath } from "../../echo-server/endpoints/index.ts";

afterEach(() => {
  vi.useRealTimers();
});

describe("firehoseMessage", () => {
  it.each([
    [1, 8, false, "1 abcdef"],
    [123, 6, false, "123 ab"],
    [123456, 3, false, "123"],
  ])("seq %d, size %d", (seq, size, binary, expected) => {
    expect(firehoseMessage(seq, size, binary, "abcdefghijklmnopqrstuvwxyz")).toBe(expected);
  });

  it("makes binary messages of exactly size bytes", () => {
    const message = firehoseMessage(7, 16, true, "abcdefghijklmnopqrstuvwxyz");
    expect(message).toBeInstanceOf(Uint8Array);
    expect((message as Uint8Array).byteLength).toBe(16);
  });
});

describe("firehose pacing", () => {
  it("sends what the clock says is due, so the average rate is exact, then closes", () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    const sent: (string | Uint8Array)[] = [];
    const hooks = createFirehose({ send: (_peer, data) => void sent.push(data) });
    const peer = {
      context: { rate: 20_000, count: 100_000, size: 64, binary: false },
      bufferedAmount: 0,
      close: vi.fn(),
    };
    hooks.open?.(peer as unknown as Peer);
    vi.advanceTimersByTime(1000);
    expect(sent.length).toBeGreaterThanOrEqual(19_999);
    expect(sent.length).toBeLessThanOrEqual(20_041);
    vi.advanceTimersByTime(4000);
    expect(sent.length).toBe(100_000);
    expect(peer.close).toHaveBeenCalledWith(1000, "firehose done");
  });

  it("waits while the client is behind, and loses nothing", () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    let count = 0;
    const hooks = createFirehose({ send: () => void count++ });
    const peer = {
      context: { rate: 1000, count: 2000, size: 8, binary: false },
      bufferedAmount: 2 * 1024 * 1024,
      close: vi.fn(),
    };
    hooks.open?.(peer as unknown as Peer);
    vi.advanceTimersByTime(1000);
    expect(count).toBe(0);
    peer.bufferedAmount = 0;
    vi.advanceTimersByTime(10);
    expect(count).toBeGreaterThanOrEqual(1000);
    vi.advanceTimersByTime(2000);
    expect(count).toBe(2000);
  });
});

describe("matchesPath", () => {
  it.each([
    ["/echo", "/echo", true],
    ["/echo", "/echo/", false],
    ["/rooms/:room", "/rooms/lobby", true],
    ["/rooms/:room", "/rooms/", false],
    ["/rooms/:room", "/rooms", false],
    ["/rooms/:room", "/rooms/a/b", false],
  ])("%s vs %s → %s", (pattern, path, expected) => {
    expect(matchesPath(pattern, path)).toBe(expected);
  });
});
