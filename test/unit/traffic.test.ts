import { describe, expect, it } from "vitest";
import { Direction } from "../../inspector/src/model/frames/frame.ts";
import { makeFrameBatcher } from "../../inspector/src/model/frames/frame-batch.ts";
import { addBatch, emptyTotals } from "../../inspector/src/model/log/traffic.ts";

describe("traffic totals", () => {
  it("counts frames, events and bytes per direction", () => {
    const batcher = makeFrameBatcher(1);
    batcher.pushEvent(0, { type: "open", url: "ws://h/", protocol: "", extensions: "" });
    batcher.pushText(1, Direction.Out, "hello", 5);
    batcher.pushText(2, Direction.In, "hello", 5);
    batcher.pushBinary(3, Direction.In, new ArrayBuffer(10));
    const batch = batcher.take();
    if (!batch) throw new Error("expected a batch");
    const once = addBatch(emptyTotals(), batch);
    expect(once).toEqual({ framesIn: 2, framesOut: 1, events: 1, bytesIn: 15, bytesOut: 5 });
    expect(addBatch(once, batch)).toEqual({
      framesIn: 4,
      framesOut: 2,
      events: 2,
      bytesIn: 30,
      bytesOut: 10,
    });
  });
});
