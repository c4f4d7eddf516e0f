import { describe, expect, it } from "vitest";
import { Direction, FrameKind } from "../../inspector/src/model/frames/frame.ts";
import {
  batchTransferables,
  makeFrameBatcher,
  wireAt,
  wireColumnsOf,
} from "../../inspector/src/model/frames/frame-batch.ts";
import { type FrameStore, makeFrameStore } from "../../inspector/src/model/frames/frame-store.ts";

function bytes(...values: number[]): ArrayBuffer {
  return new Uint8Array(values).buffer;
}

/** Appends an open event at `times[0]`, then a one-byte text frame at each later time. */
function appendOpenThenTexts(
  store: FrameStore,
  open: { url: string; protocol: string },
  [openAt = 0, ...textTimes]: number[],
) {
  const batcher = makeFrameBatcher(1);
  batcher.pushEvent(openAt, { type: "open", ...open, extensions: "" });
  for (const time of textTimes) batcher.pushText(time, Direction.In, "t", 1);
  const batch = batcher.take();
  if (!batch) throw new Error("expected a batch");
  store.append(batch);
}

describe("frame batcher", () => {
  it("collects frames and events in columns and starts afresh after take()", () => {
    const batcher = makeFrameBatcher(7, 2);
    batcher.pushEvent(1000.001, { type: "open", url: "ws://x/", protocol: "", extensions: "" });
    batcher.pushText(1000.5, Direction.Out, "hé", 3);
    batcher.pushBinary(1001.25, Direction.In, bytes(1, 2, 3));
    const batch = batcher.take();
    expect(batch).not.toBeNull();
    if (!batch) return;
    expect(batch.connectionId).toBe(7);
    expect(batch.count).toBe(3);
    expect(Array.from(batch.times)).toEqual([1000.001, 1000.5, 1001.25]);
    expect(Array.from(batch.kinds)).toEqual([FrameKind.Open, FrameKind.Text, FrameKind.Binary]);
    expect(Array.from(batch.directions)).toEqual([Direction.None, Direction.Out, Direction.In]);
    expect(Array.from(batch.sizes)).toEqual([0, 3, 3]);
    expect(batch.payloads[1]).toBe("hé");
    expect(batch.events).toEqual([
      [0, { type: "open", url: "ws://x/", protocol: "", extensions: "" }],
    ]);
    expect(batcher.count).toBe(0);
    expect(batcher.take()).toBeNull();
  });

  it("lists column buffers and binary payloads as transferables", () => {
    const batcher = makeFrameBatcher(1);
    const payload = bytes(9);
    batcher.pushBinary(1, Direction.In, payload);
    batcher.pushText(2, Direction.In, "x", 1);
    const batch = batcher.take();
    if (!batch) throw new Error("expected a batch");
    const transfer = batchTransferables(batch);
    expect(transfer).toHaveLength(6);
    expect(transfer).toContain(payload);
    expect(transfer).toContain(batch.times.buffer);
  });
  it("keeps sizes on the wire in transferred columns, past growth, and only in batches that measured any", () => {
    const small = { payload: 20, overhead: 4, compressed: true };
    const big = { payload: 70_000, overhead: 14, compressed: false };
    // Capacity 2: the third and fourth frames make the columns grow.
    const batcher = makeFrameBatcher(1, 2);
    batcher.pushText(1, Direction.Out, "a", 1);
    batcher.annotateWire(small);
    batcher.pushText(2, Direction.In, "b", 1);
    batcher.pushText(3, Direction.Out, "c", 1);
    batcher.annotateWire(big);
    batcher.pushEvent(4, { type: "info", message: "x" });
    const batch = batcher.take();
    if (!batch) throw new Error("expected a batch");
    expect([0, 1, 2, 3].map((i) => wireAt(batch.wires, i))).toEqual([
      small,
      undefined,
      big,
      undefined,
    ]);
    const transfer = batchTransferables(batch);
    expect(transfer).toHaveLength(8);
    expect(transfer).toContain(batch.wires?.flags.buffer);

    // The next batch measured nothing: no columns, and nothing left over from the last one.
    batcher.pushText(5, Direction.Out, "d", 1);
    batcher.pushText(6, Direction.Out, "e", 1);
    expect(batcher.take()?.wires).toBeUndefined();
    batcher.pushText(7, Direction.Out, "f", 1);
    batcher.pushText(8, Direction.Out, "g", 1);
    batcher.annotateWire(small);
    const third = batcher.take();
    expect([0, 1].map((i) => wireAt(third?.wires, i))).toEqual([undefined, small]);
  });

  it.each([
    { name: "no pairs", count: 3, pairs: [], expected: undefined },
    {
      name: "pairs out of range are skipped",
      count: 2,
      pairs: [
        [-1, { payload: 1, overhead: 2, compressed: false }],
        [2, { payload: 1, overhead: 2, compressed: false }],
      ] as const,
      expected: undefined,
    },
    {
      name: "a pair in range",
      count: 2,
      pairs: [[1, { payload: 5, overhead: 6, compressed: true }]] as const,
      expected: [undefined, { payload: 5, overhead: 6, compressed: true }],
    },
  ])("makes wire columns from stored pairs: $name", ({ count, pairs, expected }) => {
    const wires = wireColumnsOf(count, pairs);
    expect(wires && Array.from({ length: count }, (_, i) => wireAt(wires, i))).toEqual(expected);
  });
});

describe("frame store", () => {
  function batchOf(texts: string[], start = 0) {
    const batcher = makeFrameBatcher(1);
    for (const [i, text] of texts.entries())
      batcher.pushText(start + i, Direction.In, text, text.length);
    const batch = batcher.take();
    if (!batch) throw new Error("expected a batch");
    return batch;
  }

  it("appends batches in order and grows past its initial capacity", () => {
    const store = makeFrameStore();
    const texts = Array.from({ length: 3000 }, (_, i) => `m${i}`);
    store.append(batchOf(texts.slice(0, 1500)));
    store.append(batchOf(texts.slice(1500), 1500));
    expect(store.length).toBe(3000);
    expect(store.payload(0)).toBe("m0");
    expect(store.payload(2999)).toBe("m2999");
    expect(store.time(2999)).toBe(2999);
    expect(store.size(10)).toBe(3);
    expect(store.kind(10)).toBe(FrameKind.Text);
    expect(store.direction(10)).toBe(Direction.In);
  });

  it("keeps binary payloads whole, byte for byte", () => {
    const store = makeFrameStore();
    const batcher = makeFrameBatcher(1);
    const big = new Uint8Array(100_000).map((_, i) => i % 251);
    batcher.pushBinary(5, Direction.In, big.buffer);
    const batch = batcher.take();
    if (!batch) throw new Error("expected a batch");
    store.append(batch);
    const stored = store.payload(0);
    expect(stored).toBeInstanceOf(ArrayBuffer);
    expect(new Uint8Array(stored as ArrayBuffer)).toEqual(big);
    expect(store.size(0)).toBe(100_000);
  });

  it("maps event details to their rows", () => {
    const store = makeFrameStore();
    store.append(batchOf(["a"]));
    const batcher = makeFrameBatcher(1);
    batcher.pushText(1, Direction.In, "b", 1);
    batcher.pushEvent(2, { type: "close", code: 1000, reason: "", wasClean: true });
    const batch = batcher.take();
    if (!batch) throw new Error("expected a batch");
    store.append(batch);
    expect(store.event(2)).toEqual({ type: "close", code: 1000, reason: "", wasClean: true });
    expect(store.event(1)).toBeUndefined();
    expect(store.payload(2)).toBeNull();
  });

  it("gives rows ids that stay unique across clear()", () => {
    const store = makeFrameStore();
    store.append(batchOf(["a", "b"]));
    expect([store.id(0), store.id(1)]).toEqual([0, 1]);
    store.clear();
    expect(store.length).toBe(0);
    expect(store.indexOf(1)).toBe(-1);
    store.append(batchOf(["c"]));
    expect(store.id(0)).toBe(2);
    expect(store.indexOf(2)).toBe(0);
    expect(store.payload(0)).toBe("c");
  });
});

describe("frame store limits", () => {
  function fill(store: ReturnType<typeof makeFrameStore>, count: number, size = 1, start = 0) {
    const batcher = makeFrameBatcher(1, 16);
    for (let i = 0; i < count; i++)
      batcher.pushText(start + i, Direction.In, `m${start + i}`, size);
    const batch = batcher.take();
    if (batch) store.append(batch);
  }

  it("keeps at most maxFrames, dropping the oldest and counting them", () => {
    const store = makeFrameStore({ maxFrames: 100, maxBytes: 1e9 });
    fill(store, 250);
    expect(store.length).toBe(100);
    expect(store.dropped).toBe(150);
    expect(store.firstId).toBe(150);
    expect(store.payload(0)).toBe("m150");
    expect(store.payload(99)).toBe("m249");
    expect(store.indexOf(149)).toBe(-1);
    expect(store.indexOf(150)).toBe(0);
  });

  it("stays whole and in order at its limit, over many batches that make it move its rows", () => {
    // 3,000 frames at a 2,000-frame limit, in batches of 300: the live rows move several times.
    const store = makeFrameStore({ maxFrames: 2000, maxBytes: 1e9 });
    const wire = { payload: 3, overhead: 2, compressed: false };
    for (let start = 0; start < 3000; start += 300) {
      const batcher = makeFrameBatcher(1, 300);
      for (let id = start; id < start + 300; id++) {
        batcher.pushText(id, Direction.In, `m${id}`, 1);
        if (id % 7 === 0) batcher.annotateWire(wire);
      }
      store.append(batcher.take() as NonNullable<ReturnType<typeof batcher.take>>);
      const first = Math.max(0, start + 300 - 2000);
      expect(store.length).toBe(start + 300 - first);
      expect(store.firstId).toBe(first);
      for (const index of [0, 1, store.length >> 1, store.length - 1]) {
        const id = first + index;
        expect([store.payload(index), store.time(index), store.wire(index)]).toEqual([
          `m${id}`,
          id,
          id % 7 === 0 ? wire : undefined,
        ]);
      }
    }
    expect(store.measured).toBe(
      Array.from({ length: 2000 }, (_, i) => 1000 + i).filter((id) => id % 7 === 0).length,
    );
  });

  it("keeps at most maxBytes of payload, but always the newest frame", () => {
    const store = makeFrameStore({ maxFrames: 1e6, maxBytes: 1000 });
    fill(store, 30, 100);
    expect(store.length).toBe(10);
    expect(store.bytes).toBe(1000);
    fill(store, 1, 5000, 30);
    expect(store.length).toBe(1);
    expect(store.payload(0)).toBe("m30");
    expect(store.dropped).toBe(30);
  });

  it("applies new limits at once", () => {
    const store = makeFrameStore();
    fill(store, 50);
    store.setLimits({ maxFrames: 20, maxBytes: 1e9 });
    expect(store.length).toBe(20);
    expect(store.dropped).toBe(30);
    expect(store.limits.maxFrames).toBe(20);
  });

  it("stays consistent over many append-and-drop rounds (compaction)", () => {
    const store = makeFrameStore({ maxFrames: 1000, maxBytes: 1e9 });
    for (let round = 0; round < 50; round++) fill(store, 700, 1, round * 700);
    expect(store.length).toBe(1000);
    for (let i = 0; i < 1000; i++) {
      const id = store.id(i);
      expect(store.payload(i)).toBe(`m${id}`);
      expect(store.time(i)).toBe(id);
    }
  });

  it("measures time since connect from the latest open, even after it was dropped", () => {
    const store = makeFrameStore({ maxFrames: 3, maxBytes: 1e9 });
    appendOpenThenTexts(store, { url: "ws://h/", protocol: "" }, [100, 110, 120]);
    expect(store.connectTime(0)).toBe(100);
    expect(store.connectTime(2)).toBe(100);
    fill(store, 2, 1, 130);
    expect(store.kind(0)).toBe(FrameKind.Text);
    expect(store.connectTime(2)).toBe(100);
  });

  it("has no connect time before the first open", () => {
    const store = makeFrameStore();
    fill(store, 1);
    expect(store.connectTime(0)).toBeNaN();
  });
});

describe("open events", () => {
  it("finds the latest open before a row, even after its row was dropped", () => {
    const store = makeFrameStore({ maxFrames: 2, maxBytes: 1e9 });
    appendOpenThenTexts(store, { url: "ws://a/", protocol: "mqtt" }, [1, 2, 3]);
    expect(store.kind(0)).toBe(FrameKind.Text);
    expect(store.openBefore(1)).toEqual({
      type: "open",
      url: "ws://a/",
      protocol: "mqtt",
      extensions: "",
    });
    expect(makeFrameStore().openBefore(0)).toBeUndefined();
  });
});

describe("protocol notes", () => {
  const fill = (store: FrameStore, count: number, time: number) => {
    const batcher = makeFrameBatcher(1);
    for (let i = 0; i < count; i++) batcher.pushText(time + i, Direction.In, "x", 1);
    const batch = batcher.take();
    if (batch) store.append(batch);
  };

  it("keeps a note beside its frame, drops it with the frame, and forgets it on clear", () => {
    const store = makeFrameStore({ maxFrames: 3, maxBytes: 1e9 });
    const batcher = makeFrameBatcher(1);
    batcher.pushText(1, Direction.Out, '420["echo"]', 11);
    batcher.annotateNote({ protocol: "socketio", summary: 'EVENT "echo" ack 0 []', asks: [1] });
    batcher.pushText(2, Direction.In, "2", 1);
    batcher.pushText(3, Direction.In, '430["hi"]', 9);
    batcher.annotateNote({ protocol: "socketio", summary: "ACK 0", answers: [1], latencyMs: 2 });
    const batch = batcher.take();
    expect(batch?.notes?.map(([index]) => index)).toEqual([0, 2]);
    if (batch) store.append(batch);
    expect(store.note(0)?.asks).toEqual([1]);
    expect(store.note(1)).toBeUndefined();
    expect(store.note(2)?.latencyMs).toBe(2);
    fill(store, 1, 4);
    expect(store.note(0)).toBeUndefined();
    expect(store.note(1)?.latencyMs).toBe(2);
    store.clear();
    fill(store, 3, 5);
    expect([0, 1, 2].map((index) => store.note(index))).toEqual([undefined, undefined, undefined]);
  });

  it("a batch without notes carries none", () => {
    const batcher = makeFrameBatcher(1);
    batcher.pushText(1, Direction.In, "x", 1);
    expect(batcher.take()).not.toHaveProperty("notes");
  });
});
