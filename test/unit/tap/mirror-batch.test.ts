import { describe, expect, it } from "vitest";
import {
  decodeMirroredFrames,
  encodeMirroredFrame,
  type MirroredFrame,
} from "../../../echo-server/protocol/tap-wire.ts";
import { MirrorBatch } from "../../../echo-server/taps/mirror-batch.ts";
import { mirroredHeader } from "./mirrored-frames.ts";

type Header = Omit<MirroredFrame, "payload">;
const header = mirroredHeader;
const wire = { payload: 5, overhead: 6, compressed: true };

/** What the batch must equal: each frame encoded on its own, back to back. */
function expected(frames: [Header, string | Buffer][]): Buffer {
  return Buffer.concat(
    frames.map(([head, data]) =>
      encodeMirroredFrame({
        ...head,
        payload: typeof data === "string" ? Buffer.from(data) : data,
      }),
    ),
  );
}

describe("mirror batch", () => {
  it.each<{ name: string; frames: [Header, string | Buffer][] }>([
    { name: "one text frame", frames: [[header(), "hi"]] },
    { name: "an empty frame", frames: [[header(), ""]] },
    {
      name: "text of every UTF-8 length, and a lone surrogate (written as U+FFFD)",
      frames: [
        [header(), "aé€😀"],
        [header({ direction: "s2c" }), "x\uD800y"],
      ],
    },
    {
      name: "binary, with a wire size, and every mark",
      frames: [
        [header({ binary: true, wire }), Buffer.from([0, 1, 255])],
        [header({ injected: true, changed: true, dropped: true, clientId: 2 ** 32 - 1 }), "z"],
      ],
    },
    {
      name: "more than the first 64 KiB, so the message grows",
      frames: Array.from({ length: 40 }, (_, i): [Header, string | Buffer] => [
        header({ clientId: i, wire: i % 2 ? wire : undefined }),
        i % 3 ? "é".repeat(1500) : Buffer.alloc(3000, i),
      ]),
    },
  ])("writes $name as the frames encoded one by one", ({ frames }) => {
    const batch = new MirrorBatch();
    for (const [head, data] of frames) batch.add(head, data);
    const want = expected(frames);
    expect(batch.count).toBe(frames.length);
    expect(batch.bytes).toBe(want.byteLength);
    const message = batch.take();
    expect(message.toString("hex")).toBe(want.toString("hex"));
    expect(decodeMirroredFrames(new Uint8Array(message).buffer)).toHaveLength(frames.length);
  });

  it("gives a long text the room its UTF-8 takes, not three times its length", () => {
    const batch = new MirrorBatch();
    const text = "a".repeat(4 * 1024 * 1024);
    batch.add(header(), text);
    const message = batch.take();
    expect(message.byteLength).toBe(expected([[header(), text]]).byteLength);
    // The message doubles from 64 KiB: 8 MiB holds 4 MiB and its header; 3 × 4 MiB would take 16.
    expect(message.buffer.byteLength).toBe(8 * 1024 * 1024);
  });

  it("starts a new message after take, leaving the one taken as it was", () => {
    const batch = new MirrorBatch();
    batch.add(header(), "first");
    const first = batch.take();
    expect([batch.count, batch.bytes]).toEqual([0, 0]);
    batch.add(header({ direction: "s2c" }), "second, longer");
    expect(first.toString("hex")).toBe(expected([[header(), "first"]]).toString("hex"));
    expect(batch.take().toString("hex")).toBe(
      expected([[header({ direction: "s2c" }), "second, longer"]]).toString("hex"),
    );
  });
});
