import { describe, expect, it } from "vitest";
import { Direction, type FrameEvent } from "../../inspector/src/model/frames/frame.ts";
import { makeFrameBatcher } from "../../inspector/src/model/frames/frame-batch.ts";
import { type FrameStore, makeFrameStore } from "../../inspector/src/model/frames/frame-store.ts";
import {
  chunkEnd,
  packFrames,
  packStoreChunks,
  unpackFrames,
} from "../../inspector/src/model/frames/packed-frames.ts";

const open: FrameEvent = { type: "open", url: "ws://h/echo", protocol: "", extensions: "" };
const bytes = (...values: number[]) => new Uint8Array(values).buffer;

/** A store holding text (with astral characters and an empty one), binary, events and an RTT. */
function sampleStore(): FrameStore {
  const batcher = makeFrameBatcher(1);
  batcher.pushEvent(1000, open);
  batcher.pushText(1001.5, Direction.Out, "ping 😀", 9);
  batcher.pushBinary(1002.25, Direction.In, bytes(1, 2, 3));
  batcher.pushText(1003, Direction.In, "", 0);
  batcher.annotateRtt(1.5);
  batcher.pushBinary(1004, Direction.In, bytes());
  batcher.pushText(1005, Direction.In, "héllo", 6);
  batcher.pushEvent(1006, { type: "close", code: 1000, reason: "", wasClean: true });
  const store = makeFrameStore();
  store.append(batcher.take() ?? fail());
  return store;
}

function fail(): never {
  throw new Error("no batch");
}

/** Every column of every frame from `start`, binary payloads as byte lists. */
function rows(store: FrameStore, start = 0) {
  return Array.from({ length: store.length - start }, (_, i) => {
    const index = start + i;
    const payload = store.payload(index);
    return [
      store.time(index),
      store.kind(index),
      store.direction(index),
      store.size(index),
      payload instanceof ArrayBuffer ? [...new Uint8Array(payload)] : payload,
      store.event(index),
      store.rtt(index),
    ];
  });
}

describe("packed frames", () => {
  it.each([0, 2, 6])("round-trip through a structured clone, from frame %i", (from) => {
    const store = sampleStore();
    const packed = structuredClone(packFrames(store, from, store.length));
    const copy = makeFrameStore();
    copy.append(unpackFrames(packed, 5));
    expect(rows(copy)).toEqual(rows(store, from));
  });

  it("keeps payloads in one UTF-8 buffer and one binary buffer", () => {
    const store = sampleStore();
    const packed = packFrames(store, 0, store.length);
    expect(new TextDecoder().decode(packed.text)).toBe("ping 😀héllo");
    expect([...packed.binary]).toEqual([1, 2, 3]);
    expect(packed.count).toBe(7);
    expect(packed.rtts).toEqual([[3, 1.5]]);
  });
});

describe("text payloads with lone surrogates", () => {
  /** A store of text frames with these payloads. */
  function store(...texts: string[]) {
    const batcher = makeFrameBatcher(1);
    texts.forEach((text, i) => {
      batcher.pushText(i, Direction.Out, text, 0);
    });
    const built = makeFrameStore();
    built.append(batcher.take() ?? fail());
    return built;
  }

  it.each([
    ["none", ["a", "😀", ""], undefined],
    [
      // Joined, the halves make one character, and UTF-16 lengths split it back exactly.
      "a pair split across two payloads: no loose texts needed",
      ["x\ud83d", "\ude00y", "z"],
      undefined,
    ],
    ["a lone low surrogate", ["a", "\udc00", "é"], [[1, "\udc00"]]],
    ["a lone high surrogate at the end", ["a", "b\ud800"], [[1, "b\ud800"]]],
  ])("%s: kept exactly", (_label, texts, loose) => {
    const original = store(...texts);
    const packed = structuredClone(packFrames(original, 0, original.length));
    expect(packed.looseTexts).toEqual(loose);
    const copy = makeFrameStore();
    copy.append(unpackFrames(packed, 1));
    expect(rows(copy)).toEqual(rows(original));
  });

  it("reads a chunk packed before loose texts were kept apart", () => {
    const original = store("a", "bc");
    const { looseTexts: _, ...older } = packFrames(original, 0, original.length);
    const copy = makeFrameStore();
    copy.append(unpackFrames(older, 1));
    expect(rows(copy)).toEqual(rows(original));
  });
});

describe("packing a store in chunks", () => {
  /** A store of `count` text frames of `size` bytes each. */
  function textStore(count: number, size: number) {
    const batcher = makeFrameBatcher(1, count);
    for (let i = 0; i < count; i++)
      batcher.pushText(i, Direction.In, String(i).padEnd(size, "."), size);
    const store = makeFrameStore();
    store.append(batcher.take() ?? fail());
    return store;
  }

  it.each([
    ["frame limit", 10, 4, { frames: 3, bytes: 1000 }, [3, 3, 3, 1]],
    ["byte limit", 10, 4, { frames: 100, bytes: 12 }, [3, 3, 3, 1]],
    [
      "a frame over the byte limit still makes a chunk",
      3,
      50,
      { frames: 100, bytes: 10 },
      [1, 1, 1],
    ],
  ])("%s", (_label, count, size, limits, expected) => {
    const store = textStore(count, size);
    const sizes: number[] = [];
    for (let from = 0; from < store.length; ) {
      const end = chunkEnd(store, from, store.length, limits);
      sizes.push(end - from);
      from = end;
    }
    expect(sizes).toEqual(expected);
  });

  it("covers the frames from the start index once, in order", () => {
    const store = textStore(40_000, 8);
    const chunks = [...packStoreChunks(store, 5000)];
    expect(chunks.map((chunk) => chunk.count)).toEqual([16_384, 16_384, 2232]);
    expect(chunks[0]?.times[0]).toBe(5000);
    expect(chunks.at(-1)?.times.at(-1)).toBe(39_999);
  });

  it("skips frames the store drops between chunks, and leaves out those added", () => {
    const store = textStore(40_000, 8);
    const run = packStoreChunks(store, 0);
    expect(run.next().value?.count).toBe(16_384);
    // Meanwhile 20,000 more arrive and the store keeps only the newest 30,000.
    store.setLimits({ ...store.limits, maxFrames: 30_000 });
    const more = makeFrameBatcher(1, 20_000);
    for (let i = 0; i < 20_000; i++) more.pushText(40_000 + i, Direction.In, "new.....", 8);
    store.append(more.take() ?? fail());
    const rest = [...run];
    expect(rest[0]?.times[0]).toBe(30_000);
    expect(rest.at(-1)?.times.at(-1)).toBe(39_999);
    expect(rest.reduce((sum, chunk) => sum + chunk.count, 0)).toBe(10_000);
  });

  it("ends when the store is cleared between chunks", () => {
    const store = textStore(40_000, 8);
    const run = packStoreChunks(store, 0);
    run.next();
    store.clear();
    expect([...run]).toEqual([]);
  });
});
