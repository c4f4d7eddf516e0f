import { afterEach, describe, expect, it, vi } from "vitest";
import type {
  CaptureReport,
  PingLoopSpec,
  ScheduleSpec,
} from "../../../inspector/src/capture/protocol.ts";
import { makeRuns } from "../../../inspector/src/capture/runs.ts";
import { fakeHost } from "./fake-host.ts";

afterEach(() => {
  vi.useRealTimers();
});

const ping: PingLoopSpec = {
  loopId: 7,
  template: "ping {{seq}}",
  mode: { kind: "interval", intervalMs: 10 },
  count: 2,
  timeoutMs: 100,
  matcher: { kind: "exact", text: "pong" },
};

const schedule: ScheduleSpec = {
  scheduleId: 3,
  payload: { template: "tick {{seq}}" },
  intervalMs: 10,
  count: 2,
};

/**
 * Runs on a fake host. `mode` is how the connections' send behaves: "direct" stamps the frame
 * as it is handed over, "relay" stamps it later (when the relay writes it), "closed" refuses.
 */
function start(mode: "direct" | "relay" | "closed" = "direct") {
  const { host, posts } = fakeHost();
  const sent: [connectionId: number, payload: string | ArrayBuffer][] = [];
  const relayed: ((time: number) => void)[] = [];
  let flushes = 0;
  const runs = makeRuns({
    host,
    send(connectionId, payload, onSent) {
      if (mode === "closed") return false;
      sent.push([connectionId, payload]);
      if (mode === "direct") onSent?.(host.now() - 0.5);
      else if (onSent) relayed.push(onSent);
      return true;
    },
    requestFlush: () => flushes++,
  });
  /** What one flush would post after the frames. */
  const report = (): CaptureReport[] => {
    posts.length = 0;
    runs.report();
    return posts.map((post) => post.report);
  };
  return { runs, sent, relayed, report, flushes: () => flushes };
}

describe("runs: ping loops", () => {
  it("sends on the loop's connection and reports progress once, then only what is new", () => {
    const { runs, sent, report, flushes } = start();
    runs.startPing(1, ping);
    expect(sent).toEqual([[1, "ping 1"]]);
    expect(flushes()).toBe(1);
    expect(report()).toEqual([
      {
        type: "ping",
        connectionId: 1,
        loopId: 7,
        sent: 1,
        results: [],
        state: { state: "running" },
      },
    ]);
    expect(report()).toEqual([]);
    vi.advanceTimersByTime(10);
    expect(report()).toEqual([{ type: "ping", connectionId: 1, loopId: 7, sent: 2, results: [] }]);
  });

  it.each([
    // Direct: the send time is the one the frame left with.
    ["direct", 5.5],
    // Relay: the worker's time now, corrected when the relay reports the write.
    ["relay", 3],
  ] as const)("times a reply from the ping's send time (%s)", (mode, rtt) => {
    const { runs, relayed, report } = start(mode);
    vi.advanceTimersByTime(5);
    runs.startPing(1, { ...ping, count: 1 });
    relayed.shift()?.(7);
    const loop = runs.loops.get(7);
    expect(loop?.connectionId).toBe(1);
    expect(loop?.runner.onMessage("pong", 10)).toBe(rtt);
    const [progress] = report();
    expect(progress).toMatchObject({
      sent: 1,
      results: [{ seq: 1, rtt }],
      state: { state: "done" },
    });
  });

  it("counts the messages that came while pings waited but did not match, and reports them when they change", () => {
    const { runs, report } = start();
    runs.startPing(1, { ...ping, matcher: { kind: "exact", text: "PONG" } });
    report();
    const runner = runs.loops.get(7)?.runner;
    for (const reply of ["pong", "pong", "nope", "pong"]) {
      expect(runner?.onMessage(reply, 1)).toBeUndefined();
      runner?.onUnmatched(reply);
    }
    expect(report()).toEqual([
      {
        type: "ping",
        connectionId: 1,
        loopId: 7,
        sent: 1,
        results: [],
        unmatched: { count: 4, examples: ["'pong'", "'nope'"] },
      },
    ]);
    expect(report()).toEqual([]);
    // Past the timeout both pings are lost; the count rides along with the results.
    vi.advanceTimersByTime(200);
    expect(report()).toMatchObject([
      {
        sent: 2,
        results: [{ seq: 1 }, { seq: 2 }],
        state: { state: "done" },
        unmatched: { count: 4 },
      },
    ]);
  });

  it("does not count messages while no ping waits, nor after the loop ended", () => {
    const { runs, report } = start();
    runs.startPing(1, ping);
    const runner = runs.loops.get(7)?.runner;
    expect(runner?.onMessage("pong", 1)).toBeDefined();
    // Running, but ping 2 is not sent yet: nothing waits.
    expect(runner?.finished).toBe(false);
    runner?.onUnmatched("between pings");
    vi.advanceTimersByTime(10);
    expect(runner?.onMessage("pong", 12)).toBeDefined();
    expect(runner?.finished).toBe(true);
    runner?.onUnmatched("after the end");
    expect(runner?.unmatched).toEqual({ count: 0, examples: [] });
    expect(report()).toEqual([expect.not.objectContaining({ unmatched: expect.anything() })]);
  });

  it("reports a loop's end once, then forgets it", () => {
    const { runs, report } = start();
    runs.startPing(1, ping);
    report();
    runs.stopPing(7);
    expect(report()).toMatchObject([
      {
        loopId: 7,
        results: [{ seq: 1, rtt: Number.NaN }],
        state: { state: "stopped", reason: "Stopped" },
      },
    ]);
    expect(runs.loops.has(7)).toBe(false);
    expect(report()).toEqual([]);
  });

  it("stops a loop whose connection is not open", () => {
    const { runs, report } = start("closed");
    runs.startPing(1, ping);
    expect(report()).toMatchObject([
      { sent: 0, state: { state: "stopped", reason: "The connection is not open" } },
    ]);
  });

  it("replaces a loop started again with the same id", () => {
    const { runs, sent, report } = start();
    runs.startPing(1, ping);
    const first = runs.loops.get(7);
    runs.startPing(2, ping);
    expect(first?.runner.finished).toBe(true);
    expect(sent).toEqual([
      [1, "ping 1"],
      [2, "ping 1"],
    ]);
    expect(report()).toMatchObject([{ connectionId: 2, loopId: 7, state: { state: "running" } }]);
  });
});

describe("runs: the environment", () => {
  it("fills {{env.NAME}} into pings and scheduled sends", () => {
    const { runs, sent } = start();
    const env = { ROOM: "lab" };
    runs.startPing(1, { ...ping, template: "ping {{env.ROOM}} {{seq}}", env });
    runs.startSchedule(2, { ...schedule, payload: { template: "tick {{env.ROOM}}", env } });
    expect(sent).toEqual([
      [1, "ping lab 1"],
      [2, "tick lab"],
    ]);
  });
});

describe("runs: schedules and replays", () => {
  it("reports a schedule's progress until it is done, then forgets it", () => {
    const { runs, sent, report } = start();
    runs.startSchedule(1, schedule);
    expect(report()).toEqual([
      {
        type: "schedule",
        connectionId: 1,
        scheduleId: 3,
        progress: { sent: 1, total: 2, state: "running" },
      },
    ]);
    vi.advanceTimersByTime(10);
    expect(sent).toEqual([
      [1, "tick 1"],
      [1, "tick 2"],
    ]);
    expect(report()).toMatchObject([{ progress: { sent: 2, state: "done" } }]);
    expect(report()).toEqual([]);
  });

  it("stops a schedule when asked", () => {
    const { runs, report } = start();
    runs.startSchedule(1, schedule);
    runs.stopSchedule(3);
    expect(report()).toMatchObject([
      { progress: { sent: 1, state: "stopped", message: "Stopped" } },
    ]);
  });

  it("replays frames through the same send", () => {
    const { runs, sent, report } = start();
    runs.startReplay(1, {
      scheduleId: 4,
      frames: [
        { offsetMs: 0, payload: "a" },
        { offsetMs: 5, payload: "b" },
      ],
      timing: "fast",
    });
    vi.advanceTimersByTime(0);
    expect(sent).toEqual([
      [1, "a"],
      [1, "b"],
    ]);
    expect(report()).toMatchObject([
      { scheduleId: 4, progress: { sent: 2, total: 2, state: "done" } },
    ]);
  });
});

describe("runs: a connection closing", () => {
  it("stops that connection's loops and schedules, and no others", () => {
    const { runs, report } = start();
    runs.startPing(1, ping);
    runs.startSchedule(1, schedule);
    runs.startPing(2, { ...ping, loopId: 8 });
    runs.startSchedule(2, { ...schedule, scheduleId: 5 });
    report();
    runs.stopFor(1, "The connection closed");
    expect(report()).toMatchObject([
      { loopId: 7, state: { state: "stopped", reason: "The connection closed" } },
      { scheduleId: 3, progress: { state: "stopped" } },
    ]);
    expect(runs.loops.get(8)?.runner.finished).toBe(false);
  });
});
