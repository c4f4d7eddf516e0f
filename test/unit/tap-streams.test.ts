import { describe, expect, it } from "vitest";
import { batchesFromCapture } from "../../inspector/src/model/formats/capture-convert.ts";
import type { Capture } from "../../inspector/src/model/formats/capture-file.ts";
import { importHar } from "../../inspector/src/model/formats/har-reader.ts";
import { exportHar } from "../../inspector/src/model/formats/har-writer.ts";
import { exportNdjson, importNdjson } from "../../inspector/src/model/formats/ndjson.ts";
import { Direction, FrameKind } from "../../inspector/src/model/frames/frame.ts";
import { makeFrameBatcher } from "../../inspector/src/model/frames/frame-batch.ts";
import { type FrameStore, makeFrameStore } from "../../inspector/src/model/frames/frame-store.ts";
import { packFrames, unpackFrames } from "../../inspector/src/model/frames/packed-frames.ts";
import { compileFilter, showAll } from "../../inspector/src/model/log/filter.ts";
import { logRow, tapTag } from "../../inspector/src/model/log/log-row.ts";

/**
 * A tap's capture interleaves the app's client connections, each a stream of its own: its open
 * and close events and its frames carry the client's id, and frames a tap changed carry a mark.
 * These tests follow streams and marks from the batcher to the store, the filter, the log's rows,
 * packed chunks, NDJSON and HAR.
 */

const TAP_URL = "ws://127.0.0.1:7777/tap/chat";

/** Two clients of a tap, interleaved: #1 opens, #2 opens, each sends, #2 is changed, #1 closes. */
function tapCapture(): Capture {
  return {
    url: TAP_URL,
    protocols: [],
    startedAt: 1000,
    frames: [
      { time: 1000, direction: "event", kind: "open", event: openOf("127.0.0.1") },
      {
        time: 1010,
        direction: "event",
        kind: "open",
        event: openOf("192.168.1.20"),
        stream: 1,
      },
      {
        time: 1020,
        direction: "event",
        kind: "open",
        event: openOf("192.168.1.21"),
        stream: 2,
      },
      { time: 1030, direction: "sent", kind: "text", payload: "hello from 1", stream: 1 },
      { time: 1040, direction: "sent", kind: "text", payload: "hello from 2", stream: 2 },
      {
        time: 1050,
        direction: "received",
        kind: "text",
        payload: "price 5.00",
        stream: 2,
        mark: "changed",
      },
      {
        time: 1060,
        direction: "received",
        kind: "binary",
        payload: new Uint8Array([1, 2]).buffer,
        stream: 1,
        mark: "injected",
      },
      {
        time: 1070,
        direction: "event",
        kind: "close",
        event: { type: "close", code: 4000, reason: "bye", wasClean: true, side: "tap" },
        stream: 1,
      },
    ],
  };
}

function openOf(remote: string) {
  return { type: "open" as const, url: TAP_URL, protocol: "", extensions: "", remote };
}

function storeOf(capture: Capture, limits?: Parameters<typeof makeFrameStore>[0]): FrameStore {
  const store = makeFrameStore(limits);
  for (const batch of batchesFromCapture(capture, 1)) store.append(batch);
  return store;
}

/** What a test compares of each row: stream, mark, direction label, tag, Δ connect. */
function summary(store: FrameStore) {
  return Array.from({ length: store.length }, (_, index) => {
    const row = logRow(store, index);
    return [store.stream(index), row.directionLabel, row.tag, row.sinceConnect];
  });
}

describe("streams in the store", () => {
  it("keeps each frame's stream and mark, and measures Δ connect from its own client's open", () => {
    expect(summary(storeOf(tapCapture()))).toEqual([
      [0, "Event", "", "0 µs"],
      [1, "Event", "#1", "0 µs"],
      [2, "Event", "#2", "0 µs"],
      [1, "Client → server", "#1", "20.000 ms"],
      [2, "Client → server", "#2", "20.000 ms"],
      [2, "Server → client", "#2 changed", "30.000 ms"],
      [1, "Server → client", "#1 injected", "50.000 ms"],
      [1, "Event", "#1", "60.000 ms"],
    ]);
  });

  it("finds a client's open after its row was dropped, and forgets a client whose frames all went", () => {
    // The four newest rows: #2's frames, then #1's injected frame and close.
    const store = storeOf(tapCapture(), { maxFrames: 4, maxBytes: 1e9 });
    expect(store.openBefore(0)).toEqual(openOf("192.168.1.21"));
    expect(logRow(store, 0).sinceConnect).toBe("20.000 ms");
    expect(store.openBefore(3)).toEqual(openOf("192.168.1.20"));
    const later = makeFrameBatcher(1);
    for (let i = 0; i < 4; i++) later.pushText(2000 + i, Direction.In, "x", 1, 2);
    store.append(later.take() as never);
    expect(store.openBefore(3)).toEqual(openOf("192.168.1.21"));
    const again = makeFrameBatcher(1);
    again.pushText(3000, Direction.In, "late", 4, 1);
    store.append(again.take() as never);
    // Every frame of client #1 was dropped before this one: its open went with them.
    expect(store.connectTime(store.length - 1)).toBeNaN();
    expect(store.openBefore(store.length - 2)).toEqual(openOf("192.168.1.21"));
  });

  it("keeps marks only while their frames are retained", () => {
    const store = storeOf(tapCapture(), { maxFrames: 2, maxBytes: 1e9 });
    expect([store.mark(0), store.mark(1)]).toEqual(["injected", undefined]);
    store.clear();
    const batcher = makeFrameBatcher(1);
    batcher.pushText(5000, Direction.Out, "x", 1, 1);
    store.append(batcher.take() as never);
    expect(store.mark(0)).toBeUndefined();
  });
});

describe("the client filter", () => {
  it.each([
    [0, 8],
    [1, 4],
    [2, 3],
    [3, 0],
  ])("stream %i shows %i rows", (stream, count) => {
    const store = storeOf(tapCapture());
    const filter = compileFilter({ ...showAll, stream });
    if (!filter.ok) throw new Error(filter.error);
    expect(filter.matchesAll).toBe(stream === 0);
    let shown = 0;
    for (let index = 0; index < store.length; index++) if (filter.test(store, index)) shown++;
    expect(shown).toBe(count);
  });
});

describe("tapTag", () => {
  it.each([
    [0, undefined, ""],
    [0, "injected", "injected"],
    [3, undefined, "#3"],
    [12, "dropped", "#12 dropped"],
  ] as const)("%i %s → %j", (stream, mark, tag) => {
    expect(tapTag(stream, mark)).toBe(tag);
  });
});

describe("streams and marks survive", () => {
  const key = (capture: Capture) =>
    capture.frames.map((frame) => [frame.time, frame.stream ?? 0, frame.mark, frame.kind]);

  it("packing and unpacking a store", () => {
    const store = storeOf(tapCapture());
    const packed = packFrames(store, 0, store.length);
    expect(Array.from(packed.streams ?? [])).toEqual([0, 1, 2, 1, 2, 2, 1, 1]);
    expect(packed.marks).toEqual([
      [5, "changed"],
      [6, "injected"],
    ]);
    const restored = makeFrameStore();
    restored.append(unpackFrames(packed, 1));
    expect(summary(restored)).toEqual(summary(store));
  });

  it("a chunk of a plain connection, or one packed before streams, has none", () => {
    const store = makeFrameStore();
    const batcher = makeFrameBatcher(1);
    batcher.pushText(1, Direction.In, "x", 1);
    store.append(batcher.take() as never);
    const packed = packFrames(store, 0, 1);
    expect(packed.streams).toBeUndefined();
    expect(packed.marks).toBeUndefined();
    const batch = unpackFrames(packed, 1);
    expect(Array.from(batch.streams)).toEqual([0]);
    expect(batch.marks).toEqual([]);
  });

  it("an NDJSON export and import", () => {
    const text = exportNdjson(tapCapture());
    expect(text.split("\n")[6]).toBe(
      '{"type":"frame","time":1050,"direction":"received","kind":"text","text":"price 5.00","stream":2,"mark":"changed"}',
    );
    const back = importNdjson(text);
    if (!back.ok) throw new Error(back.error);
    expect(key(back.capture)).toEqual(key(tapCapture()));
    expect(back.capture.frames[1]?.event).toEqual(openOf("192.168.1.20"));
  });

  it("a HAR export, whose messages name their client for other tools too", () => {
    const har = exportHar(tapCapture());
    expect(har).toContain(
      '"data": "price 5.00",\n            "_tapClient": 2,\n            "_tapMark": "changed"\n',
    );
    const back = importHar(har);
    if (!back.ok) throw new Error(back.error);
    expect(key(back.captures[0]?.capture as Capture)).toEqual(key(tapCapture()));
  });

  it("refuses a bad client or mark, naming where", () => {
    const line = (extra: string) =>
      `{"type":"session","version":1,"url":"${TAP_URL}","protocols":[],"startedAt":0}\n{"type":"frame","time":1,"direction":"sent","kind":"text","text":"x",${extra}}\n`;
    expect(importNdjson(line('"stream":0'))).toEqual({
      ok: false,
      error: "Line 2: stream is 0; expected a client number from 1.",
    });
    expect(importNdjson(line('"mark":"eaten"'))).toEqual({
      ok: false,
      error: 'Line 2: mark is "eaten"; expected "injected", "changed" or "dropped".',
    });
    const har = exportHar(tapCapture()).replace('"_tapClient": 2', '"_tapClient": "two"');
    const read = importHar(har);
    expect(read.ok).toBe(false);
    expect(read.ok ? "" : read.error).toContain('_tapClient is "two"');
  });
});

describe("the batcher", () => {
  it("marks the frame pushed last, and events take a stream too", () => {
    const batcher = makeFrameBatcher(1);
    batcher.pushEvent(1, openOf("::1"), 4);
    batcher.pushControl(2, FrameKind.Ping, Direction.Out, new ArrayBuffer(0), 4);
    batcher.pushText(3, Direction.Out, "x", 1, 4);
    batcher.mark("dropped");
    const batch = batcher.take();
    expect(Array.from(batch?.streams ?? [])).toEqual([4, 4, 4]);
    expect(batch?.marks).toEqual([[2, "dropped"]]);
  });
});
