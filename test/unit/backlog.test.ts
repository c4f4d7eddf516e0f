import { describe, expect, it } from "vitest";
import {
  backlogCloseDiagnosis,
  MIN_BACKLOG_RUN_MS,
  makeArrivalRun,
} from "../../inspector/src/model/connect/backlog.ts";
import { Direction, FrameKind } from "../../inspector/src/model/frames/frame.ts";
import { makeFrameBatcher } from "../../inspector/src/model/frames/frame-batch.ts";

/** A batch of received text frames at `times` (ms). */
function batchAt(times: number[]) {
  const batcher = makeFrameBatcher(1);
  for (const time of times) batcher.pushText(time, Direction.In, "x", 1);
  const batch = batcher.take();
  if (!batch) throw new Error("expected a batch");
  return batch;
}

/** `count` received frames evenly over [from, to) ms. */
const evenly = (from: number, to: number, count: number) =>
  Array.from({ length: count }, (_, i) => from + ((to - from) * i) / count);

describe("makeArrivalRun", () => {
  it.each<[string, number[][], number, { frames: number; ms: number } | undefined]>([
    [
      "10,000/s for 40 s up to the 1006: a backlog",
      [evenly(0, 40_000, 400_000)],
      40_000,
      { frames: 400_000, ms: 40_000 },
    ],
    [
      "the same for 29 s: too short for ws's 30 s wait",
      [evenly(0, 29_000, 290_000)],
      29_000,
      undefined,
    ],
    ["a trickle (500/s) for 60 s", [evenly(0, 60_000, 30_000)], 60_000, undefined],
    ["a flood that stopped 2 s before the 1006", [evenly(0, 40_000, 400_000)], 42_000, undefined],
    [
      "a pause of 1.5 s starts the run over: only the last 35 s count",
      [evenly(0, 10_000, 100_000), evenly(11_500, 46_500, 350_000)],
      46_500,
      { frames: 350_000, ms: 35_000 },
    ],
    [
      "across many batches, as the worker posts them",
      Array.from({ length: 40 }, (_, second) => evenly(second * 1000, (second + 1) * 1000, 5000)),
      40_000,
      { frames: 200_000, ms: 40_000 },
    ],
    ["no frames at all", [], 40_000, undefined],
  ])("%s", (_, batches, closeAt, expected) => {
    const run = makeArrivalRun();
    for (const times of batches) run.add(batchAt(times));
    expect(run.backlogAt(closeAt)).toEqual(expected);
  });

  it("counts received data frames only, and forgets the run on reset", () => {
    const run = makeArrivalRun();
    const batcher = makeFrameBatcher(1);
    for (const time of evenly(0, 40_000, 80_000)) {
      batcher.pushText(time, Direction.In, "x", 1);
      batcher.pushText(time, Direction.Out, "y", 1);
      batcher.pushControl(time, FrameKind.Ping, Direction.In, new ArrayBuffer(0));
    }
    batcher.pushEvent(40_000, { type: "close", code: 1006, reason: "", wasClean: false });
    const batch = batcher.take();
    if (!batch) throw new Error("expected a batch");
    run.add(batch);
    expect(run.backlogAt(40_000)).toEqual({ frames: 80_000, ms: 40_000 });
    run.reset();
    expect(run.backlogAt(40_000)).toBeUndefined();
  });

  it("takes a slice of a batch: frames before a reconnect's open are not the new run's", () => {
    const run = makeArrivalRun();
    const times = [
      ...evenly(0, 20_000, 40_000),
      ...evenly(20_000, 20_000 + MIN_BACKLOG_RUN_MS, 60_000),
    ];
    const batch = batchAt(times);
    run.add(batch, 40_000, batch.count);
    expect(run.backlogAt(20_000 + MIN_BACKLOG_RUN_MS)).toEqual({
      frames: 60_000,
      ms: MIN_BACKLOG_RUN_MS,
    });
  });
});

describe("backlogCloseDiagnosis", () => {
  it("says what happened in plain words", () => {
    expect(backlogCloseDiagnosis({ frames: 426_857, ms: 49_600 })).toBe(
      "The connection dropped without a close frame (1006) while frames were still pouring in: 426,857 in the last 50 s, without a pause. That is what a backlog looks like: the server sent frames faster than this browser took them in, and they queued up. A server that closes then puts its close frame at the end of that queue; servers built on the ws library wait 30 s for the browser's reply and then drop the connection, with the frames still queued. So the server may have closed normally, and its last frames never arrived. To take a whole stream like this, send it slower, or raise the server's close timeout (ws: closeTimeout).",
    );
  });
});
