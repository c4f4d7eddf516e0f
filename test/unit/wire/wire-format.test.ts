import { describe, expect, it } from "vitest";
import { Direction } from "../../../inspector/src/model/frames/frame.ts";
import { makeFrameBatcher } from "../../../inspector/src/model/frames/frame-batch.ts";
import { makeFrameStore } from "../../../inspector/src/model/frames/frame-store.ts";
import { packFrames, unpackFrames } from "../../../inspector/src/model/frames/packed-frames.ts";
import { logRow } from "../../../inspector/src/model/log/log-row.ts";
import { emptyTotals } from "../../../inspector/src/model/log/traffic.ts";
import {
  describeWireSize,
  formatPercent,
  formatWireCell,
  formatWireTotals,
} from "../../../inspector/src/model/log/wire-size.ts";

const compressed = { payload: 340, overhead: 4, compressed: true };
const plain = { payload: 1234, overhead: 4, compressed: false };

describe("wire size formatting", () => {
  it.each([
    [1, "100%"],
    [0.275, "28%"],
    [0.04, "4%"],
    [0.0041, "0.4%"],
    [0, "0%"],
  ])("formatPercent(%d) is %s", (ratio, text) => {
    expect(formatPercent(ratio)).toBe(text);
  });

  it.each([
    [compressed, 1234, "340 B · 28%"],
    [plain, 1234, "1,234 B · 100%"],
    [{ payload: 0, overhead: 2, compressed: false }, 0, "0 B"],
  ])("the cell of %o for %i bytes is %s", (wire, size, cell) => {
    expect(formatWireCell(wire, size)).toBe(cell);
  });

  it.each([
    [
      compressed,
      1234,
      "340 B on the wire, compressed by permessage-deflate to 28% of 1,234 B, plus 4 B of frame headers",
    ],
    [plain, 1234, "1,234 B on the wire, not compressed, plus 4 B of frame headers"],
  ])("describes %o", (wire, size, text) => {
    expect(describeWireSize(wire, size)).toBe(text);
  });

  it("totals: nothing until a frame was measured, then bytes and the share", () => {
    expect(formatWireTotals(emptyTotals())).toBe("");
    expect(
      formatWireTotals({
        ...emptyTotals(),
        measured: 3,
        measuredBytes: 46_694,
        wireBytes: 12_595,
        wireOverhead: 12,
      }),
    ).toBe("Wire: 12.3 KiB for 45.6 KiB (27%)");
  });
});

describe("wire sizes in the frame store", () => {
  function storeWithWires() {
    const store = makeFrameStore({ maxFrames: 3, maxBytes: 1e9 });
    const batcher = makeFrameBatcher(1);
    batcher.pushText(1, Direction.In, "a".repeat(1234), 1234);
    batcher.annotateWire(compressed);
    batcher.pushText(2, Direction.In, "b", 1);
    batcher.pushText(3, Direction.Out, "c".repeat(1234), 1234);
    batcher.annotateWire(plain);
    store.append(batcher.take() ?? assertBatch());
    return store;
  }
  const assertBatch = (): never => {
    throw new Error("expected a batch");
  };

  it("keeps each frame's wire size, and rows show it", () => {
    const store = storeWithWires();
    expect(store.measured).toBe(2);
    expect(store.wire(0)).toEqual(compressed);
    expect(store.wire(1)).toBeUndefined();
    expect(store.wire(2)).toEqual(plain);
    expect(logRow(store, 0)).toMatchObject({ wire: "340 B · 28%" });
    expect(logRow(store, 1)).toMatchObject({ wire: "", wireDetail: "" });
  });

  it("forgets the wire sizes of dropped and cleared frames", () => {
    const store = storeWithWires();
    const batcher = makeFrameBatcher(1);
    batcher.pushText(4, Direction.In, "d", 1);
    store.append(batcher.take() ?? assertBatch());
    expect(store.measured).toBe(1);
    expect(store.wire(0)).toBeUndefined();
    expect(store.wire(1)).toEqual(plain);
    store.clear();
    expect(store.measured).toBe(0);
    const next = makeFrameBatcher(1);
    for (let i = 0; i < 3; i++) next.pushText(5 + i, Direction.In, "e", 1);
    store.append(next.take() ?? assertBatch());
    expect([0, 1, 2].map((index) => store.wire(index))).toEqual([undefined, undefined, undefined]);
  });

  it("survives packing, as the workspace saves it", () => {
    const store = storeWithWires();
    const copy = makeFrameStore();
    copy.append(unpackFrames(packFrames(store, 0, store.length), 1));
    expect([0, 1, 2].map((index) => copy.wire(index))).toEqual([compressed, undefined, plain]);
  });

  it("keeps wire sizes in place when the store grows and compacts", () => {
    const store = makeFrameStore({ maxFrames: 1500, maxBytes: 1e9 });
    for (let round = 0; round < 4; round++) {
      const batcher = makeFrameBatcher(1);
      for (let i = 0; i < 1000; i++) {
        batcher.pushText(i, Direction.In, "x", 1);
        if (i % 2 === 0)
          batcher.annotateWire({ payload: round * 1000 + i, overhead: 2, compressed: false });
      }
      store.append(batcher.take() ?? assertBatch());
    }
    expect(store.length).toBe(1500);
    // The newest frame is round 3, i = 999 (not measured); the one before it was.
    expect(store.wire(1499)).toBeUndefined();
    expect(store.wire(1498)?.payload).toBe(3998);
    expect(store.measured).toBe(750);
  });
});
