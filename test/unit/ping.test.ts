import { afterEach, describe, expect, it, vi } from "vitest";
import { startPacer } from "../../echo-server/protocol/ping/pacer.ts";
import { compileMatcher, type MatcherSpec } from "../../echo-server/protocol/ping/ping-matcher.ts";
import { makePingRunner } from "../../echo-server/protocol/ping/ping-runner.ts";
import { histogram, percentile, rttStats } from "../../echo-server/protocol/rtt-stats.ts";
import type { PingLoopSpec, PingLoopState } from "../../inspector/src/capture/protocol.ts";
import { startReplay } from "../../inspector/src/capture/replay.ts";

afterEach(() => {
  vi.useRealTimers();
});

describe("percentile", () => {
  it.each([
    [[], 50, Number.NaN],
    [[5], 99, 5],
    [[1, 2, 3, 4], 50, 2.5],
    [[1, 2, 3, 4, 5], 50, 3],
    [[1, 2, 3, 4, 5], 0, 1],
    [[1, 2, 3, 4, 5], 100, 5],
    [Array.from({ length: 100 }, (_, i) => i + 1), 95, 95.05],
    [Array.from({ length: 100 }, (_, i) => i + 1), 99, 99.01],
  ])("p(%j, %d) = %d", (values, p, expected) => {
    const result = percentile(values, p);
    if (Number.isNaN(expected)) expect(result).toBeNaN();
    else expect(result).toBeCloseTo(expected, 10);
  });
});

describe("rttStats", () => {
  it("summarises RTTs given in arrival order", () => {
    expect(rttStats([3, 1, 2, 6])).toEqual({
      count: 4,
      min: 1,
      max: 6,
      mean: 3,
      median: 2.5,
      p95: expect.closeTo(5.55, 10),
      p99: expect.closeTo(5.91, 10),
      jitter: (2 + 1 + 4) / 3,
    });
  });

  it("has no figures for no RTTs", () => {
    const stats = rttStats([]);
    expect(stats.count).toBe(0);
    expect(stats.median).toBeNaN();
    expect(stats.jitter).toBeNaN();
  });
});

describe("reply matchers", () => {
  const match = (spec: MatcherSpec, message: string | ArrayBuffer, outstanding: number[]) => {
    const matcher = compileMatcher(spec);
    if (!matcher.ok) throw new Error(matcher.error);
    return matcher.match(message, outstanding);
  };

  it.each<[string, MatcherSpec, string | ArrayBuffer, number[], number | undefined]>([
    ["exact text answers the oldest ping", { kind: "exact", text: "pong" }, "pong", [3, 4], 3],
    ["exact text ignores other text", { kind: "exact", text: "pong" }, "pong!", [3], undefined],
    ["regex", { kind: "regex", pattern: "^pong \\d+$" }, "pong 12", [1], 1],
    ["regex ignores binary", { kind: "regex", pattern: "." }, new ArrayBuffer(1), [1], undefined],
    [
      "json field picks its own ping",
      { kind: "json-field", path: "seq" },
      '{"seq":4}',
      [3, 4, 5],
      4,
    ],
    ["json field as a string", { kind: "json-field", path: "seq" }, '{"seq":"5"}', [5], 5],
    ["json nested field", { kind: "json-field", path: "data.id" }, '{"data":{"id":2}}', [2], 2],
    [
      "json field for no outstanding ping",
      { kind: "json-field", path: "seq" },
      '{"seq":9}',
      [3],
      undefined,
    ],
    ["json field on non-JSON", { kind: "json-field", path: "seq" }, "pong", [1], undefined],
    ["next message", { kind: "next" }, "anything", [8, 9], 8],
    ["nothing outstanding", { kind: "next" }, "anything", [], undefined],
  ])("%s", (_name, spec, message, outstanding, expected) => {
    expect(match(spec, message, outstanding)).toBe(expected);
  });

  it("reports an invalid regex and an empty field path", () => {
    expect(compileMatcher({ kind: "regex", pattern: "(" })).toMatchObject({ ok: false });
    expect(compileMatcher({ kind: "json-field", path: "" })).toMatchObject({ ok: false });
  });

  it("refuses a regex that can backtrack exponentially, as scenarios do", () => {
    expect(compileMatcher({ kind: "regex", pattern: "^(a+)+$" })).toEqual({
      ok: false,
      error:
        "A repeated group that repeats inside (^(a+)+) can take exponential time: rewrite it without the nesting",
    });
    expect(compileMatcher({ kind: "regex", pattern: "^pong (\\d+)$" })).toMatchObject({ ok: true });
  });
});

/** Fake timers driven by hand, with a clock the test sets. */
function fakeHost() {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date", "performance"] });
  return {
    now: () => performance.now(),
    setTimer: (callback: () => void, ms: number) => setTimeout(callback, ms),
    clearTimer: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
}

describe("pacer", () => {
  it("ticks on schedule from the start time, without drift", () => {
    const host = fakeHost();
    const ticks: number[] = [];
    startPacer(host, 10, (n) => {
      ticks.push(host.now());
      return n < 100;
    });
    vi.advanceTimersByTime(2000);
    expect(ticks).toHaveLength(100);
    expect((ticks[99] ?? 0) - (ticks[0] ?? 0)).toBe(990);
  });

  it("catches up when timers fire late, so the average rate holds", () => {
    const host = fakeHost();
    let count = 0;
    const realSet = host.setTimer;
    // Timers that always fire at least 4 ms late, like clamped nested timers.
    host.setTimer = (callback, ms) => realSet(callback, Math.max(ms, 4));
    const pacer = startPacer(host, 1, () => {
      count++;
      return true;
    });
    vi.advanceTimersByTime(1000);
    pacer.stop();
    expect(count).toBeGreaterThanOrEqual(997);
    expect(count).toBeLessThanOrEqual(1001);
  });
});

describe("pacer with a browser's timers", () => {
  it("runs a tick whose timer fired a little early, instead of re-arming into the 4 ms clamp", () => {
    const host = fakeHost();
    const realSet = host.setTimer;
    // Like Chromium: timers fire up to a millisecond early, and short re-arms wait 4 ms.
    host.setTimer = (callback, ms) => realSet(callback, ms < 4 ? 4 : ms - 0.5);
    const start = host.now();
    const lateness: number[] = [];
    startPacer(host, 10, (n) => {
      lateness.push(host.now() - (start + (n - 1) * 10));
      return n < 100;
    });
    vi.advanceTimersByTime(1100);
    expect(lateness).toHaveLength(100);
    expect(Math.max(...lateness.map(Math.abs))).toBeLessThanOrEqual(1.5);
  });
});

describe("ping runner", () => {
  function run(spec: Partial<PingLoopSpec>) {
    const host = fakeHost();
    const sent: { text: string; at: number }[] = [];
    const states: PingLoopState[] = [];
    let open = true;
    const runner = makePingRunner(
      {
        loopId: 1,
        template: "ping {{seq}}",
        mode: { kind: "interval", intervalMs: 10 },
        count: 3,
        timeoutMs: 100,
        matcher: { kind: "regex", pattern: "^pong" },
        ...spec,
      },
      {
        host,
        send: (text) => {
          if (!open) return undefined;
          sent.push({ text, at: host.now() });
          return host.now();
        },
        onState: (state) => states.push(state),
      },
    );
    return { host, runner, sent, states, close: () => (open = false) };
  }

  it("sends count pings on the interval and pairs replies with worker times", () => {
    const { host, runner, sent, states } = run({});
    runner.start();
    vi.advanceTimersByTime(5);
    expect(runner.onMessage("pong", host.now())).toBe(5);
    vi.advanceTimersByTime(25);
    expect(sent.map((ping) => ping.text)).toEqual(["ping 1", "ping 2", "ping 3"]);
    expect(runner.onMessage("pong", host.now())).toBe(20); // ping 2, sent at 10
    expect(runner.onMessage("pong", host.now())).toBe(10); // ping 3, sent at 20
    expect(runner.takeResults().map((result) => [result.seq, result.rtt])).toEqual([
      [1, 5],
      [2, 20],
      [3, 10],
    ]);
    expect(states).toEqual([{ state: "running" }, { state: "done" }]);
    expect(runner.finished).toBe(true);
  });

  it("counts a ping with no reply within the timeout as lost", () => {
    const { host, runner, states } = run({
      count: 2,
      matcher: { kind: "json-field", path: "seq" },
    });
    runner.start();
    vi.advanceTimersByTime(15);
    expect(runner.onMessage('{"seq":2}', host.now())).toBe(5);
    vi.advanceTimersByTime(200);
    const results = runner.takeResults();
    expect(results.map((result) => result.seq)).toEqual([2, 1]);
    expect(results[1]?.rtt).toBeNaN();
    expect(states.at(-1)).toEqual({ state: "done" });
  });

  it("in closed-loop mode sends the next ping when the reply arrives", () => {
    const { host, runner, sent } = run({ mode: { kind: "closed-loop" }, count: 3 });
    runner.start();
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(2);
    runner.onMessage("pong", host.now());
    expect(sent).toHaveLength(2);
    runner.onMessage("pong", host.now());
    expect(sent).toHaveLength(3);
    runner.onMessage("pong", host.now());
    expect(runner.finished).toBe(true);
  });

  it("runs until stopped with count 0, and reports pings in flight as lost", () => {
    const { runner, sent, states } = run({ count: 0 });
    runner.start();
    vi.advanceTimersByTime(1000);
    expect(sent.length).toBeGreaterThanOrEqual(100);
    runner.stop();
    expect(states.at(-1)).toEqual({ state: "stopped", reason: "Stopped" });
    expect(
      runner.takeResults().every((result) => Number.isNaN(result.rtt) || result.rtt >= 0),
    ).toBe(true);
  });

  it("stops when the connection is not open", () => {
    const { runner, states, close } = run({});
    close();
    runner.start();
    expect(states.at(-1)).toEqual({ state: "stopped", reason: "The connection is not open" });
  });

  it("reports a bad template or matcher as an error", () => {
    const bad = run({ template: "{{nope}}" });
    bad.runner.start();
    expect(bad.states.at(-1)).toMatchObject({ state: "error" });
  });
});

describe("histogram", () => {
  it("counts values into equal-width buckets", () => {
    expect(histogram([1, 1.5, 2, 3, 4], 3)).toEqual({ edges: [1, 2, 3], counts: [2, 1, 2] });
  });

  it("puts equal values in one bucket and handles no values", () => {
    expect(histogram([2, 2, 2], 4).counts).toEqual([3, 0, 0, 0]);
    expect(histogram([], 4)).toEqual({ edges: [], counts: [] });
  });
});

describe("replay", () => {
  it("sends at the original offsets from the start, or all at once when fast", () => {
    const host = fakeHost();
    const sent: [string, number][] = [];
    const progress: string[] = [];
    const frames = [
      { offsetMs: 0, payload: "a" },
      { offsetMs: 30, payload: "b" },
      { offsetMs: 100, payload: "c" },
    ];
    const start = host.now();
    startReplay(
      { scheduleId: 1, frames, timing: "original" },
      {
        host,
        send: (payload) => {
          sent.push([payload as string, host.now() - start]);
          return host.now();
        },
        onProgress: (p) => progress.push(`${p.sent}/${p.total} ${p.state}`),
      },
    );
    vi.advanceTimersByTime(200);
    expect(sent).toEqual([
      ["a", 0],
      ["b", 30],
      ["c", 100],
    ]);
    expect(progress.at(-1)).toBe("3/3 done");

    const fast: string[] = [];
    startReplay(
      { scheduleId: 2, frames, timing: "fast" },
      {
        host,
        send: (p) => {
          fast.push(p as string);
          return 0;
        },
        onProgress: () => {},
      },
    );
    expect(fast).toEqual(["a", "b", "c"]);
  });

  it("stops when the connection is not open", () => {
    const host = fakeHost();
    let last = "";
    startReplay(
      { scheduleId: 1, frames: [{ offsetMs: 0, payload: "a" }], timing: "fast" },
      {
        host,
        send: () => undefined,
        onProgress: (p) => {
          last = `${p.state} ${p.message}`;
        },
      },
    );
    expect(last).toBe("stopped The connection is not open");
  });
});
