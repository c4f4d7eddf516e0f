import { describe, expect, it } from "vitest";
import {
  makePairing,
  OTHER_NAMES,
  type PairItem,
} from "../../../echo-server/protocol/pairing/pairing.ts";

const ask = (key: string, name?: string): PairItem => ({
  role: "request",
  key,
  label: `id ${key}`,
  ...(name ? { name } : {}),
});
const answer = (key: string, extra: Partial<PairItem> = {}): PairItem => ({
  role: "reply",
  key,
  label: `id ${key}`,
  ...extra,
});

describe("pairing", () => {
  it("pairs replies to requests, out of order, with their latencies", () => {
    const pairing = makePairing();
    expect(pairing.request(ask("c:1", "add"), 100)).toEqual({ role: "request", serial: 1 });
    expect(pairing.request(ask("c:2", "sleep"), 110)).toEqual({ role: "request", serial: 2 });
    expect(pairing.pending).toBe(2);
    expect(pairing.reply(answer("c:2"), 160)).toEqual({
      role: "reply",
      serial: 2,
      name: "sleep",
      latencyMs: 50,
      first: true,
    });
    expect(pairing.reply(answer("c:1"), 175)).toEqual({
      role: "reply",
      serial: 1,
      name: "add",
      latencyMs: 75,
      first: true,
    });
    expect(pairing.snapshot()).toMatchObject({
      pending: 0,
      oldestPendingTime: Number.NaN,
      unmatched: 0,
    });
  });

  it("keeps an operation open for more replies until a final one", () => {
    const pairing = makePairing();
    pairing.request(ask("c:1", "tick"), 0);
    expect(pairing.reply(answer("c:1", { more: true }), 10)).toMatchObject({
      latencyMs: 10,
      first: true,
    });
    expect(pairing.pending).toBe(0);
    expect(pairing.reply(answer("c:1", { more: true }), 20)).toMatchObject({
      latencyMs: 20,
      first: false,
    });
    expect(pairing.reply(answer("c:1"), 30)).toMatchObject({ latencyMs: 30, first: false });
    expect(pairing.reply(answer("c:1"), 40)).toEqual({
      role: "reply",
      problem: "No request with id c:1 is waiting for a reply",
    });
    const [tick] = pairing.snapshot().names;
    expect(tick).toMatchObject({ name: "tick", count: 1, answered: 1, p50: 10, max: 10 });
  });

  it("says no request waits for an unmatched reply, and counts it", () => {
    const pairing = makePairing();
    expect(pairing.reply(answer("c:9"), 1)).toEqual({
      role: "reply",
      problem: "No request with id c:9 is waiting for a reply",
    });
    expect(pairing.snapshot().unmatched).toBe(1);
  });

  it("gives up a request whose id is used again while it waits", () => {
    const pairing = makePairing();
    pairing.request(ask("c:1", "a"), 0);
    expect(pairing.request(ask("c:1", "b"), 5)).toEqual({
      role: "request",
      serial: 2,
      problem: "id c:1 is used again while request #1 with it is still open: that one is given up",
    });
    expect(pairing.reply(answer("c:1"), 8)).toMatchObject({ serial: 2, name: "b", latencyMs: 3 });
    expect(pairing.snapshot().names).toMatchObject([
      { name: "a", count: 1, unanswered: 1 },
      { name: "b", count: 1, answered: 1 },
    ]);
  });

  it("counts errors once per request", () => {
    const pairing = makePairing();
    pairing.request(ask("c:1", "q"), 0);
    pairing.reply(answer("c:1", { more: true, error: "boom" }), 1);
    pairing.reply(answer("c:1", { error: "again" }), 2);
    expect(pairing.snapshot().names[0]).toMatchObject({ errors: 1 });
  });

  it("forgets a cancelled request without counting it unanswered", () => {
    const pairing = makePairing();
    pairing.request(ask("c:1", "q"), 0);
    expect(pairing.cancel({ role: "cancel", key: "c:1", label: "op 1" })).toEqual({
      role: "cancel",
      serial: 1,
    });
    expect(pairing.pending).toBe(0);
    expect(pairing.snapshot().names[0]).toMatchObject({ count: 1, answered: 0, unanswered: 0 });
    // A reply already on its way when the request was given up pairs with it, uncounted.
    expect(pairing.reply(answer("c:1", { more: true }), 4)).toEqual({
      role: "reply",
      serial: 1,
      name: "q",
      latencyMs: 4,
      first: false,
    });
    expect(pairing.snapshot()).toMatchObject({ unmatched: 0, names: [{ answered: 0 }] });
  });

  it("counts what waits when the connection closes as unanswered", () => {
    const pairing = makePairing();
    pairing.request(ask("c:1", "a"), 0);
    pairing.request(ask("c:2", "a"), 0);
    expect(pairing.abandon()).toBe(2);
    expect(pairing.pending).toBe(0);
    expect(pairing.snapshot().names[0]).toMatchObject({ count: 2, unanswered: 2 });
  });

  it("bounds what waits: past maxPending the oldest request is given up, and says so", () => {
    const pairing = makePairing({ maxPending: 3 });
    for (let i = 1; i <= 3; i++) pairing.request(ask(`c:${i}`, "m"), i);
    expect(pairing.request(ask("c:4", "m"), 4)).toEqual({
      role: "request",
      serial: 4,
      problem:
        "More than 3 requests wait for replies: the oldest (#1, id c:1) is no longer tracked",
    });
    expect(pairing.snapshot()).toMatchObject({ pending: 3, oldestPendingTime: 2, evicted: 1 });
    expect(pairing.reply(answer("c:1"), 5)).toMatchObject({ problem: expect.any(String) });
  });

  it("bounds open operations: past maxOpen the oldest stops pairing", () => {
    const pairing = makePairing({ maxOpen: 2 });
    for (let i = 1; i <= 3; i++) {
      pairing.request(ask(`c:${i}`), 0);
      const outcome = pairing.reply(answer(`c:${i}`, { more: true }), 1);
      expect("problem" in outcome && outcome.problem).toBe(
        i === 3 ? "More than 2 operations are open: the oldest no longer pairs its replies" : false,
      );
    }
    expect(pairing.reply(answer("c:1", { more: true }), 2)).toMatchObject({
      problem: "No request with id c:1 is waiting for a reply",
    });
  });

  it("bounds names: past maxNames they count together", () => {
    const pairing = makePairing({ maxNames: 2 });
    for (const name of ["a", "b", "c", "d", "a"])
      pairing.request(ask(`c:${name}${Math.random()}`, name), 0);
    expect(pairing.snapshot().names.map(({ name, count }) => [name, count])).toEqual([
      ["a", 2],
      ["b", 1],
      [OTHER_NAMES, 2],
    ]);
  });

  it.each([
    [[10], 10, 10, 10],
    [[1, 2, 3, 4], 2.5, 3.85, 4],
    [Array.from({ length: 100 }, (_, i) => i + 1), 50.5, 95.05, 100],
  ])("percentiles of %j: p50 %d, p95 %d, max %d", (latencies, p50, p95, max) => {
    const pairing = makePairing();
    for (const [i, latency] of latencies.entries()) {
      pairing.request(ask(`c:${i}`, "m"), 0);
      pairing.reply(answer(`c:${i}`), latency);
    }
    const [stats] = pairing.snapshot().names;
    expect(stats?.p50).toBeCloseTo(p50, 6);
    expect(stats?.p95).toBeCloseTo(p95, 6);
    expect(stats?.max).toBe(max);
  });

  it("takes percentiles over the latest samples and max over all of them", () => {
    const pairing = makePairing({ samplesPerName: 4 });
    for (const [i, latency] of [100, 1, 1, 1, 1].entries()) {
      pairing.request(ask(`c:${i}`, "m"), 0);
      pairing.reply(answer(`c:${i}`), latency);
    }
    expect(pairing.snapshot().names[0]).toMatchObject({
      p95: 1,
      max: 100,
      sampled: 4,
      answered: 5,
    });
  });

  it("stays bounded under a flood of unanswered requests with distinct names", () => {
    const pairing = makePairing();
    for (let i = 0; i < 50_000; i++) pairing.request(ask(`c:${i}`, `m${i}`), i);
    const snapshot = pairing.snapshot();
    expect(snapshot.pending).toBe(10_000);
    expect(snapshot.evicted).toBe(40_000);
    expect(snapshot.names).toHaveLength(201);
  });

  it("reset forgets everything", () => {
    const pairing = makePairing();
    pairing.request(ask("c:1", "m"), 0);
    pairing.reset();
    expect(pairing.snapshot()).toEqual({
      pending: 0,
      oldestPendingTime: Number.NaN,
      unmatched: 0,
      evicted: 0,
      names: [],
    });
  });
});
