import { describe, expect, it } from "vitest";
import { encodeMirroredFrame, type MirroredFrame } from "../../../echo-server/protocol/tap-wire.ts";
import { Direction, FrameKind } from "../../../inspector/src/model/frames/frame.ts";
import { wireAt } from "../../../inspector/src/model/frames/frame-batch.ts";
import { mirroredBatch } from "../../../inspector/src/model/tap/mirrored-batch.ts";
import { mirroredHeader, watchMessage } from "./mirrored-frames.ts";

const frame = (overrides: Partial<MirroredFrame>): MirroredFrame => ({
  ...mirroredHeader(),
  payload: new TextEncoder().encode("hé"),
  ...overrides,
});
const message = watchMessage;

const wire = { payload: 4, overhead: 6, compressed: false };

describe("a tap's watch message as a batch of the log", () => {
  it("keeps each frame's time, direction, client, payload, mark and wire size", () => {
    const batch = mirroredBatch(
      9,
      message(
        frame({ wire }),
        frame({ direction: "s2c", clientId: 4, binary: true, payload: new Uint8Array([1, 2]) }),
        frame({ injected: true, payload: new Uint8Array() }),
        frame({ changed: true }),
        frame({ dropped: true, injected: true }),
      ),
      () => 0,
    );
    expect(batch.connectionId).toBe(9);
    expect(batch.count).toBe(5);
    expect(Array.from(batch.kinds)).toEqual([
      FrameKind.Text,
      FrameKind.Binary,
      FrameKind.Text,
      FrameKind.Text,
      FrameKind.Text,
    ]);
    expect(Array.from(batch.directions)).toEqual([
      Direction.Out,
      Direction.In,
      Direction.Out,
      Direction.Out,
      Direction.Out,
    ]);
    expect(Array.from(batch.streams)).toEqual([7, 4, 7, 7, 7]);
    expect(Array.from(batch.times)).toEqual(Array(5).fill(1_700_000_000_123.25));
    expect(Array.from(batch.sizes)).toEqual([3, 2, 0, 3, 3]);
    expect(batch.payloads[0]).toBe("hé");
    expect(Array.from(new Uint8Array(batch.payloads[1] as ArrayBuffer))).toEqual([1, 2]);
    expect(batch.marks).toEqual([
      [2, "injected"],
      [3, "changed"],
      [4, "dropped"],
    ]);
    expect([0, 1].map((i) => wireAt(batch.wires, i))).toEqual([wire, undefined]);
  });

  const utf8 = (text: string) => new TextEncoder().encode(text);
  it.each([
    { name: "ASCII text, sliced from one decode", payloads: ["one", "", "three", '{"a":1}'] },
    { name: "text with other characters, decoded one by one", payloads: ["aé", "€", "😀", "z"] },
    {
      name: "binary before and between text, copied out before the text is packed over it",
      payloads: [
        "x".repeat(100),
        new Uint8Array([9, 8, 7]),
        "y".repeat(100),
        new Uint8Array(40).fill(5),
        "last",
      ],
    },
    { name: "binary only", payloads: [new Uint8Array([1]), new Uint8Array()] },
  ])("reads the payloads of $name", ({ payloads }) => {
    const frames = payloads.map((payload, i) =>
      typeof payload === "string"
        ? frame({ clientId: i, payload: utf8(payload) })
        : frame({ clientId: i, binary: true, payload }),
    );
    const batch = mirroredBatch(1, message(...frames), () => 0);
    expect(
      batch.payloads.map((payload) =>
        typeof payload === "string" ? payload : Array.from(new Uint8Array(payload as ArrayBuffer)),
      ),
    ).toEqual(
      payloads.map((payload) => (typeof payload === "string" ? payload : Array.from(payload))),
    );
    expect(Array.from(batch.streams)).toEqual(payloads.map((_, i) => i));
  });

  it.each([
    { name: "an empty message", bytes: new Uint8Array() },
    { name: "a header cut short", bytes: new Uint8Array(10) },
    {
      name: "a length past the end",
      bytes: new Uint8Array(encodeMirroredFrame(frame({}))).slice(0, 19),
    },
  ])("makes $name a note, not frames", ({ bytes }) => {
    const batch = mirroredBatch(1, new Uint8Array(bytes).buffer, () => 42);
    expect(batch.count).toBe(1);
    expect(batch.times[0]).toBe(42);
    expect(batch.events).toEqual([
      [0, { type: "info", message: "The tap sent a message SocketScope cannot read" }],
    ]);
  });
});
