import { describe, expect, it } from "vitest";
import {
  batchesFromCapture,
  captureFromStore,
  newestWithin,
} from "../../inspector/src/model/formats/capture-convert.ts";
import type { Capture } from "../../inspector/src/model/formats/capture-file.ts";
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

describe("capture ↔ store", () => {
  it("round-trips every frame through a store", () => {
    const store = makeFrameStore();
    for (const batch of batchesFromCapture(capture, 1, 2)) store.append(batch);
    expect(store.length).toBe(5);
    expect(store.size(1)).toBe(6);
    const back = captureFromStore(store, { url: capture.url, protocols: capture.protocols });
    expect(back.startedAt).toBe(1000.5);
    expect(back.frames.map(({ time, direction, kind }) => [time, direction, kind])).toEqual(
      capture.frames.map(({ time, direction, kind }) => [time, direction, kind]),
    );
    expect(back.frames[1]?.payload).toBe("héllo");
    expect(new Uint8Array(back.frames[2]?.payload as ArrayBuffer)).toEqual(
      new Uint8Array([1, 2, 3]),
    );
    expect(back.frames[4]?.event).toEqual({
      type: "close",
      code: 4000,
      reason: "bye",
      wasClean: true,
    });
  });

  it("finds where the newest frames fit a byte budget", () => {
    const store = makeFrameStore();
    for (const batch of batchesFromCapture(capture, 1)) store.append(batch);
    expect(newestWithin(store, 1e9)).toBe(0);
    expect(newestWithin(store, 5)).toBe(2);
    expect(captureFromStore(store, { url: "u", protocols: [] }, 2).frames).toHaveLength(3);
  });
});
