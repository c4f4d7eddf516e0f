import { describe, expect, it } from "vitest";
import { makeViewUpdater } from "../../inspector/src/state/view-updates.ts";

/** A host whose clock, timers and animation frames the test drives. */
function fakeHost() {
  const host = {
    time: 0,
    timers: [] as { at: number; run: () => void }[],
    frames: [] as (() => void)[],
    now: () => host.time,
    setTimeout: (run: () => void, ms: number) => void host.timers.push({ at: host.time + ms, run }),
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

describe("view updater", () => {
  it("runs once per animation frame however often it is asked, and at most every 50 ms", () => {
    const host = fakeHost();
    const runs: number[] = [];
    const request = makeViewUpdater(() => runs.push(host.time), 50, host);

    request();
    request();
    host.frame(16);
    expect(runs).toEqual([16]);

    // Asked on every frame of a stream: the next runs wait out the 50 ms.
    for (let i = 0; i < 12; i++) {
      request();
      host.frame(16);
    }
    expect(runs).toEqual([16, 80, 144, 208]);

    // After a quiet spell, the next request runs on the next frame.
    host.frame(500);
    request();
    host.frame(16);
    expect(runs.at(-1)).toBe(host.time);
    expect(runs).toHaveLength(5);
  });
});
