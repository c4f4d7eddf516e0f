import { describe, expect, it } from "vitest";
import { makeFrameScanner, type ScannedMessage } from "../../../echo-server/wire/frame-scanner.ts";

/** Bytes from hex with spaces. */
const hex = (text: string) => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ""), "hex"));

/** A frame: first byte, then length (and mask key when `masked`), then `length` payload bytes. */
function frame(first: number, length: number, masked = false): Uint8Array {
  const parts: number[] = [first];
  const mask = masked ? 0x80 : 0;
  if (length < 126) parts.push(mask | length);
  else if (length < 0x10000) parts.push(mask | 126, length >> 8, length & 0xff);
  else {
    parts.push(mask | 127, 0, 0, 0, 0);
    parts.push(
      (length >>> 24) & 0xff,
      (length >>> 16) & 0xff,
      (length >>> 8) & 0xff,
      length & 0xff,
    );
  }
  if (masked) parts.push(1, 2, 3, 4);
  const bytes = new Uint8Array(parts.length + length);
  bytes.set(parts);
  return bytes;
}

const concat = (...chunks: Uint8Array[]) => Uint8Array.from(chunks.flatMap((chunk) => [...chunk]));

function scan(chunks: Uint8Array[]) {
  const messages: ScannedMessage[] = [];
  const scanner = makeFrameScanner((message) => messages.push(message));
  for (const chunk of chunks) scanner.write(chunk);
  return { messages, failed: scanner.failed };
}

describe("frame scanner", () => {
  it.each([
    [
      "a short text frame",
      [frame(0x81, 5)],
      [{ opcode: 1, payload: 5, overhead: 2, compressed: false, frames: 1 }],
    ],
    [
      "an empty binary frame",
      [frame(0x82, 0)],
      [{ opcode: 2, payload: 0, overhead: 2, compressed: false, frames: 1 }],
    ],
    [
      "a masked frame (client to server)",
      [frame(0x81, 3, true)],
      [{ opcode: 1, payload: 3, overhead: 6, compressed: false, frames: 1 }],
    ],
    [
      "a 16-bit length",
      [frame(0x82, 300)],
      [{ opcode: 2, payload: 300, overhead: 4, compressed: false, frames: 1 }],
    ],
    [
      "a 64-bit length",
      [frame(0x82, 70_000)],
      [{ opcode: 2, payload: 70_000, overhead: 10, compressed: false, frames: 1 }],
    ],
    [
      "a masked 64-bit length",
      [frame(0x82, 70_000, true)],
      [{ opcode: 2, payload: 70_000, overhead: 14, compressed: false, frames: 1 }],
    ],
    [
      "RSV1: compressed",
      [frame(0xc1, 12)],
      [{ opcode: 1, payload: 12, overhead: 2, compressed: true, frames: 1 }],
    ],
    [
      "fragments with a ping between them",
      [concat(frame(0x41, 10), frame(0x89, 4), frame(0x00, 7), frame(0x80, 1))],
      [{ opcode: 1, payload: 18, overhead: 6, compressed: true, frames: 3 }],
    ],
    [
      "control frames alone are no messages",
      [concat(frame(0x89, 5), frame(0x8a, 5), frame(0x88, 2))],
      [],
    ],
    [
      "two messages in one chunk",
      [concat(frame(0x81, 2), frame(0x82, 3))],
      [
        { opcode: 1, payload: 2, overhead: 2, compressed: false, frames: 1 },
        { opcode: 2, payload: 3, overhead: 2, compressed: false, frames: 1 },
      ],
    ],
  ])("%s", (_name, chunks, expected) => {
    const whole = scan(chunks as Uint8Array[]);
    expect(whole.failed).toBeUndefined();
    expect(whole.messages).toEqual(expected);
    // The same stream one byte at a time: headers split anywhere are read the same.
    const bytes = concat(...(chunks as Uint8Array[]));
    const byByte = scan([...bytes].map((byte) => Uint8Array.of(byte)));
    expect(byByte.messages).toEqual(expected);
  });

  it("reports a message only once its last payload byte has gone by", () => {
    const messages: ScannedMessage[] = [];
    const scanner = makeFrameScanner((message) => messages.push(message));
    const bytes = frame(0x81, 100);
    scanner.write(bytes.subarray(0, 50));
    expect(messages).toEqual([]);
    scanner.write(bytes.subarray(50));
    expect(messages).toHaveLength(1);
  });

  it.each([
    [
      "a continuation outside a message",
      hex("00 01 61"),
      "a continuation frame came outside a message",
    ],
    [
      "a new message inside a fragmented one",
      concat(frame(0x01, 1), frame(0x81, 1)),
      "a new message began before the last one ended",
    ],
    ["a reserved opcode", hex("83 00"), "opcode 3 is reserved"],
    [
      "a length beyond 2^53",
      hex("82 7f 00 20 00 00 00 00 00 00"),
      "a frame declared more than 2^53 bytes",
    ],
  ])("stops for good on %s", (_name, bytes, why) => {
    const messages: ScannedMessage[] = [];
    const scanner = makeFrameScanner((message) => messages.push(message));
    scanner.write(bytes);
    expect(scanner.failed).toBe(why);
    scanner.write(frame(0x81, 1));
    expect(messages).toEqual([]);
  });

  it("counts a huge declared length without holding its bytes", () => {
    const messages: ScannedMessage[] = [];
    const scanner = makeFrameScanner((message) => messages.push(message));
    // 2^40 bytes declared: only the count moves.
    scanner.write(hex("82 7f 00 00 01 00 00 00 00 00"));
    scanner.write(new Uint8Array(1024));
    expect(scanner.failed).toBeUndefined();
    expect(messages).toEqual([]);
  });
});
