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
    const none = { measured: 0, measuredBytes: 0, wireBytes: 0, wireOverhead: 0 };
    expect(once).toEqual({
      framesIn: 2,
      framesOut: 1,
      events: 1,
      bytesIn: 15,
      bytesOut: 5,
      ...none,
    });
    expect(addBatch(once, batch)).toEqual({
      framesIn: 4,
      framesOut: 2,
      events: 2,
      bytesIn: 30,
      bytesOut: 10,
      ...none,
    });
  });

  it("adds up the sizes on the wire of the frames the relay measured", () => {
    const batcher = makeFrameBatcher(1);
    batcher.pushText(1, Direction.In, "a".repeat(1000), 1000);
    batcher.annotateWire({ payload: 20, overhead: 4, compressed: true });
    batcher.pushText(2, Direction.Out, "hi", 2);
    batcher.annotateWire({ payload: 2, overhead: 6, compressed: false });
    batcher.pushText(3, Direction.In, "not measured", 12);
    const batch = batcher.take();
    if (!batch) throw new Error("expected a batch");
    expect(addBatch(emptyTotals(), batch)).toMatchObject({
      measured: 2,
      measuredBytes: 1002,
      wireBytes: 22,
      wireOverhead: 10,
    });
  });
});
