import { describe, expect, it } from "vitest";
import {
  DataKind,
  decodeIncoming,
  encodeIncoming,
} from "../../../echo-server/protocol/relay-wire.ts";
import {
  decodeMirroredFrames,
  encodeMirroredFrame,
} from "../../../echo-server/protocol/tap-wire.ts";
import { wireRatio } from "../../../echo-server/protocol/wire-size.ts";

const buffer = (bytes: Uint8Array) =>
  bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
const payload = new TextEncoder().encode("hello");
const wire = { payload: 7, overhead: 2, compressed: true };

describe("wire sizes on the relay's binary channel", () => {
  it("round-trips a frame with and without its wire size", () => {
    const plain = decodeIncoming(buffer(encodeIncoming(DataKind.Text, 12.5, payload)));
    expect(plain).toEqual({ kind: DataKind.Text, time: 12.5, payload });
    const measured = decodeIncoming(buffer(encodeIncoming(DataKind.Binary, 3, payload, wire)));
    expect(measured).toEqual({ kind: DataKind.Binary, time: 3, payload, wire });
  });

  it("refuses a frame whose wire flag promises more bytes than it has", () => {
    const bytes = encodeIncoming(DataKind.Text, 1, new Uint8Array(), wire);
    expect(decodeIncoming(buffer(bytes.subarray(0, 12)))).toBeNull();
  });
});

describe("wire sizes on the tap's mirror", () => {
  const frame = {
    binary: false,
    direction: "s2c" as const,
    clientId: 4,
    time: 9,
    injected: false,
    changed: false,
    dropped: false,
    payload,
  };
  it("round-trips a mirrored frame with and without its wire size", () => {
    expect(decodeMirroredFrames(buffer(encodeMirroredFrame(frame)))).toEqual([frame]);
    expect(decodeMirroredFrames(buffer(encodeMirroredFrame({ ...frame, wire })))).toEqual([
      { ...frame, wire },
    ]);
  });

  it("reads a watch message of several frames, measured or not, back to back", () => {
    const second = { ...frame, clientId: 5, wire, payload: new TextEncoder().encode("ok") };
    const first = encodeMirroredFrame(frame);
    const both = new Uint8Array(first.byteLength + encodeMirroredFrame(second).byteLength);
    both.set(first);
    both.set(encodeMirroredFrame(second), first.byteLength);
    expect(decodeMirroredFrames(buffer(both))).toEqual([frame, second]);
  });

  it("refuses a frame whose wire flag promises more bytes than it has", () => {
    const bytes = encodeMirroredFrame({ ...frame, wire, payload: new Uint8Array() });
    expect(decodeMirroredFrames(buffer(bytes.subarray(0, 20)))).toBeNull();
  });
});

describe("wireRatio", () => {
  it.each([
    [{ payload: 25, overhead: 2, compressed: true }, 100, 0.25],
    [{ payload: 0, overhead: 2, compressed: false }, 0, undefined],
  ])("%o of %i bytes is %s", (size, length, ratio) => {
    expect(wireRatio(size, length)).toBe(ratio);
  });
});
