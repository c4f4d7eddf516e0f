import { DecodeError, decode, ExtData } from "@msgpack/msgpack";
import type { Payload } from "../frames/frame.ts";
import type { DecodedPayload, Decoder } from "./decoder.ts";
import { bytesNode, keyText, numberNode, setEntry } from "./tree.ts";

/** A MessagePack value made into a tree: bin as `$bytes`, ext as `$ext`, timestamps as ISO text. */
function toTree(value: unknown): unknown {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number" || typeof value === "bigint") return numberNode(value);
  if (value instanceof Uint8Array) return bytesNode(value);
  if (value instanceof Date) {
    return Number.isNaN(value.getTime())
      ? { $timestamp: "invalid" }
      : { $timestamp: value.toISOString() };
  }
  if (value instanceof ExtData) {
    const data = typeof value.data === "function" ? value.data(0) : value.data;
    return { $ext: value.type, data: bytesNode(data).$bytes };
  }
  if (Array.isArray(value)) return value.map(toTree);
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) setEntry(out, key, toTree(item));
    return out;
  }
  throw new DecodeError(`unexpected ${typeof value}`);
}

/** Short description of a decoded top-level value for the summary line. */
function describe(value: unknown): string {
  if (Array.isArray(value))
    return `array, ${value.length} ${value.length === 1 ? "item" : "items"}`;
  if (value instanceof Uint8Array) return `bin, ${value.length} bytes`;
  if (value instanceof ExtData) return `ext ${value.type}`;
  if (value instanceof Date) return "timestamp";
  if (value !== null && typeof value === "object") {
    const n = Object.keys(value).length;
    return `map, ${n} ${n === 1 ? "key" : "keys"}`;
  }
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "float";
  if (typeof value === "bigint") return "integer";
  return value === null ? "nil" : typeof value;
}

/**
 * One MessagePack value filling the whole binary frame. Text frames are never MessagePack.
 * Integers beyond 2^53 become decimal strings; non-string map keys become their text.
 */
export function decodeMsgpack(payload: Payload): DecodedPayload | null {
  if (typeof payload === "string" || payload.byteLength === 0) return null;
  const bytes = new Uint8Array(payload);
  try {
    // Lengths can never exceed the bytes left, so absurd headers fail fast instead of allocating.
    const value: unknown = decode(bytes, {
      useBigInt64: true,
      maxStrLength: bytes.length,
      maxBinLength: bytes.length,
      maxArrayLength: bytes.length,
      maxMapLength: bytes.length,
      maxExtLength: bytes.length,
      mapKeyConverter: (key) => (typeof key === "number" ? key : keyText(toTree(key))),
    });
    return { summary: `MessagePack ${describe(value)}`, value: toTree(value) };
  } catch {
    // Truncated input, trailing bytes, reserved type bytes (0xc1), bad timestamps…
    return null;
  }
}

/** The MessagePack decoder. */
export const msgpackDecoder: Decoder = {
  id: "msgpack",
  name: "MessagePack",
  decode: decodeMsgpack,
  matchesSubprotocol: (protocol) => /(^|[.+-])(msgpack|messagepack)$/i.test(protocol),
};
