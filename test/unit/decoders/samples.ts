import type { Payload } from "../../../inspector/src/model/frames/frame.ts";

/** An ArrayBuffer from hex digits (whitespace ignored). */
export function hex(digits: string): ArrayBuffer {
  const clean = digits.replace(/\s+/g, "");
  const bytes = new Uint8Array(clean.length / 2);
  for (let i = 0; i < bytes.length; i++)
    bytes[i] = Number.parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return bytes.buffer;
}

/** A binary frame holding text as UTF-8. */
export function utf8(text: string): ArrayBuffer {
  return new TextEncoder().encode(text).buffer as ArrayBuffer;
}

/** A binary frame holding exactly these bytes (an encoder's output may sit in a larger buffer). */
export function binary(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer as ArrayBuffer;
}

/** Deterministic pseudo-random bytes (mulberry32), so failures reproduce. */
export function randomBytes(seed: number, length: number): Uint8Array {
  let state = seed >>> 0;
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return out;
}

/** A whole 1×1 PNG image. */
export const PNG = hex(
  "89504e470d0a1a0a0000000d4948445200000001000000010806000000" +
    "1f15c4890000000d49444154789c6360000002000005000180a5d1b30000000049454e44ae426082",
);

/** One typical payload per format, keyed by decoder id, for the "foreign input" checks. */
export const FORMAT_SAMPLES = {
  json: '{"a":1,"b":[true,null]}',
  // {"a":1} in MessagePack and in CBOR
  msgpack: hex("81a16101"),
  cbor: hex("a1616101"),
  socketio: '42["chat","hi"]',
  stomp: "MESSAGE\ndestination:/topic/a\nmessage-id:1\n\nhi\u0000",
  signalr: '{"type":1,"target":"Send","arguments":["hi"]}\u001e',
  // PUBLISH sensors/t "21.5"
  mqtt: hex("300f000973656e736f72732f7432312e35"),
} satisfies Record<string, Payload>;

/** Payloads no decoder should accept. */
export const FOREIGN_SAMPLES: [string, Payload][] = [
  ["plain text", "hello"],
  ["empty text", ""],
  ["empty binary", new ArrayBuffer(0)],
  ["a PNG image", PNG],
  ["random bytes", binary(randomBytes(1, 64))],
  ["text in Latin-1", hex("63616679e9")],
  ["HTML", "<!doctype html><p>hi</p>"],
];
