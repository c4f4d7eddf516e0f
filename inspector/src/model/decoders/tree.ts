import { decodeUtf8 } from "../frames/codecs.ts";

/** Lower-case hex of bytes, two digits a byte, no separators. */
export function toHex(bytes: Uint8Array): string {
  let hex = "";
  for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

/** Bytes as a tree leaf the JSON tree view can show. */
export function bytesNode(bytes: Uint8Array): { $bytes: string } {
  return { $bytes: toHex(bytes) };
}

/** Bytes as text when they are valid UTF-8, else as a `$bytes` leaf. */
export function textOrBytes(bytes: Uint8Array): string | { $bytes: string } {
  return decodeUtf8(bytes) ?? bytesNode(bytes);
}

/** A number the tree can show: integers beyond 2^53 as decimal strings, NaN/±Infinity as `$number`. */
export function numberNode(value: number | bigint): number | string | { $number: string } {
  if (typeof value === "bigint") {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value.toString();
  }
  return Number.isFinite(value) ? value : { $number: String(value) };
}

/** Text for a map key that is not a string (CBOR and MessagePack allow any key). */
export function keyText(key: unknown): string {
  if (typeof key === "string") return key;
  if (typeof key === "number" || typeof key === "bigint") return String(key);
  return JSON.stringify(key) ?? String(key);
}

/** Sets an own property even when the key is `__proto__`. */
export function setEntry(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** Shortens a string for a summary line. */
export function clip(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** The first few items of a list for a summary, e.g. `a, b, c, …`. */
export function listSummary(items: string[], max = 3): string {
  return items.length > max ? `${items.slice(0, max).join(", ")}, …` : items.join(", ");
}
