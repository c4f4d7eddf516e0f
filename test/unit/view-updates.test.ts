import { describe, expect, it } from "vitest";
import {
  FLOOD_VIEW_UPDATE_INTERVAL_MS,
  MIN_VIEW_UPDATE_INTERVAL_MS,
  makeViewUpdater,
  viewUpdateInterval,
} from "../../inspector/src/state/view-updates.ts";

/** A host whose clock, timers and animation frames the test drives. */
function fakeHost() {
  let nextHandle = 1;
  const host = {
    time: 0,
    timers: [] as { handle: number; at: number; run: () => void }[],
    frames: [] as (() => void)[],
    now: () => host.time,
    setTimeout: (run: () => void, ms: number) => {
      const handle = nextHandle++;
      host.timers.push({ handle, at: host.time + ms, run });
      return handle;
    },
    clearTimeout: (handle: unknown) => {
      host.timers = host.timers.filter((timer) => timer.handle !== handle);
    },
    requestAnimationFrame: (run: () => void) => void host.frames.push(run),
    /** Advances the clock, firing due timers; then runs the animation frames waiting. */
    frame(ms: number) {
      host.time += ms;
      for (const timer of host.timers.filter(({ at }) => at <= host.time)) timer.run();
      host.timers = host.timers.filter(({ at }) => at > host.time);
      const frames = host.frames;
      host.frames = [];
      for (const run of frames) run();
    },
  };
  return host;
}

describe("view update interval", () => {
  it.each([
    { frames: 0, elapsedMs: 50, expected: MIN_VIEW_UPDATE_INTERVAL_MS },
    { frames: 100, elapsedMs: 50, expected: MIN_VIEW_UPDATE_INTERVAL_MS },
    { frames: 499, elapsedMs: 50, expected: MIN_VIEW_UPDATE_INTERVAL_MS },
    // 10,000 frames a second: a flood.
    { frames: 500, elapsedMs: 50, expected: FLOOD_VIEW_UPDATE_INTERVAL_MS },
    { frames: 25_000, elapsedMs: 500, expected: FLOOD_VIEW_UPDATE_INTERVAL_MS },
    { frames: 4_000, elapsedMs: 500, expected: MIN_VIEW_UPDATE_INTERVAL_MS },
    // A burst after a quiet spell is judged over the whole spell.
    { frames: 5_000, elapsedMs: 10_000, expected: MIN_VIEW_UPDATE_INTERVAL_MS },
    // Never a rate from less than one interval: one big batch right after an update.
    { frames: 400, elapsedMs: 1, expected: MIN_VIEW_UPDATE_INTERVAL_MS },
  ])("$frames frames over $elapsedMs ms: wait $expected ms", ({ frames, elapsedMs, expected }) => {
    expect(viewUpdateInterval(frames, elapsedMs)).toBe(expected);
  });
});

describe("view updater", () => {
  it("runs once per animation frame however often it is asked, and at most every 50 ms", () => {
    const host = fakeHost();
    const runs: number[] = [];
    const request = makeViewUpdater(() => runs.push(host.time), host);

    request(1);
    request(1);
    host.frame(16);
    expect(runs).toEqual([16]);

    // Asked on every frame of a stream: the next runs wait out the 50 ms.
    for (let i = 0; i < 12; i++) {
      request(1);
      host.frame(16);
    }
    expect(runs).toEqual([16, 80, 144, 208]);

    // After a quiet spell, the next request runs on the next frame.
    host.frame(500);
    request(1);
    host.frame(16);
    expect(runs.at(-1)).toBe(host.time);
    expect(runs).toHaveLength(5);
  });

  it("waits longer between runs while a flood comes in, and 50 ms again once it calms", () => {
    const host = fakeHost();
    const runs: number[] = [];
    const request = makeViewUpdater(() => runs.push(host.time), host);
    // 1,000 frames every 16 ms: over 60,000 a second.
    for (let i = 0; i < 200; i++) {
      request(1000);
      host.frame(16);
    }
    const gaps = runs.slice(1).map((at, i) => at - (runs[i] ?? 0));
    // The first gap is 50 ms (no rate known yet); the rest are the flood's interval, rounded up
    // to the next animation frame.
    expect(gaps[0]).toBeLessThan(100);
    const flood = FLOOD_VIEW_UPDATE_INTERVAL_MS;
    expect(gaps.slice(2).every((gap) => gap >= flood && gap < flood + 20)).toBe(true);

    // A trickle: 1 frame every 16 ms. After one more slow update, back to 50 ms.
    const before = runs.length;
    for (let i = 0; i < 60; i++) {
      request(1);
      host.frame(16);
    }
    const calm = runs.slice(before + 1).map((at, i) => at - (runs[before + i] ?? 0));
    expect(calm.slice(-5).every((gap) => gap >= 50 && gap < 70)).toBe(true);
  });

  it("runs on the next animation frame for an urgent request, even while it waits out a flood", () => {
    const host = fakeHost();
    const runs: number[] = [];
    const request = makeViewUpdater(() => runs.push(host.time), host);
    request(1000);
    host.frame(16);
    request(20_000);
    for (let i = 0; i < 4; i++) host.frame(16);
    expect(runs).toEqual([16, 80]);
    // Now waiting out the flood's interval after a flood-sized update.
    request(1000);
    host.frame(16);
    expect(runs).toHaveLength(2);
    request(1, true);
    host.frame(16);
    expect(runs).toHaveLength(3);
    expect(runs.at(-1)).toBe(host.time);
    // Nothing left waiting: the urgent run took the pending frames along.
    host.frame(1000);
    expect(runs).toHaveLength(3);
  });
});
