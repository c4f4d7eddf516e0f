import { describe, expect, it } from "vitest";
import {
  batchesFromCapture,
  newestWithin,
} from "../../inspector/src/model/formats/capture-convert.ts";
import type { Capture } from "../../inspector/src/model/formats/capture-file.ts";
import { Direction, FrameKind } from "../../inspector/src/model/frames/frame.ts";
import { makeFrameStore } from "../../inspector/src/model/frames/frame-store.ts";

const capture: Capture = {
  url: "ws://h/echo",
  protocols: ["json"],
  startedAt: 1000.5,
  frames: [
    {
      time: 1000.5,
      direction: "event",
      kind: "open",
      event: { type: "open", url: "ws://h/echo", protocol: "json", extensions: "" },
    },
    { time: 1001.25, direction: "sent", kind: "text", payload: "héllo" },
    {
      time: 1002.125,
      direction: "received",
      kind: "binary",
      payload: new Uint8Array([1, 2, 3]).buffer,
    },
    { time: 1003, direction: "received", kind: "ping", payload: new Uint8Array([104, 105]).buffer },
    {
      time: 1004,
      direction: "event",
      kind: "close",
      event: { type: "close", code: 4000, reason: "bye", wasClean: true },
    },
  ],
};

describe("capture → store", () => {
  it("loads every frame into a store, in batches", () => {
    const store = makeFrameStore();
    for (const batch of batchesFromCapture(capture, 1, 2)) store.append(batch);
    expect(store.length).toBe(5);
    expect(store.size(1)).toBe(6);
    expect(
      Array.from({ length: store.length }, (_, i) => [
        store.time(i),
        store.kind(i),
        store.direction(i),
      ]),
    ).toEqual([
      [1000.5, FrameKind.Open, Direction.None],
      [1001.25, FrameKind.Text, Direction.Out],
      [1002.125, FrameKind.Binary, Direction.In],
      [1003, FrameKind.Ping, Direction.In],
      [1004, FrameKind.Close, Direction.None],
    ]);
    expect(store.payload(1)).toBe("héllo");
    expect(new Uint8Array(store.payload(2) as ArrayBuffer)).toEqual(new Uint8Array([1, 2, 3]));
    expect(store.event(4)).toEqual({ type: "close", code: 4000, reason: "bye", wasClean: true });
  });

  it("finds where the newest frames fit a byte budget", () => {
    const store = makeFrameStore();
    for (const batch of batchesFromCapture(capture, 1)) store.append(batch);
    expect(newestWithin(store, 1e9)).toBe(0);
    expect(newestWithin(store, 5)).toBe(2);
  });
});
