import { type Token, Tokenizer, Type } from "cborg";
import type { Payload } from "../frames/frame.ts";
import type { DecodedPayload, Decoder } from "./decoder.ts";
import { bytesNode, keyText, numberNode, setEntry } from "./tree.ts";

/** Thrown inside the tree builder; the decoder turns it into null. */
class CborFormatError extends Error {}

/** Marks the end of an indefinite-length array or map. */
const BREAK = Symbol("break");

/**
 * Builds the tree of one CBOR data item from cborg's tokens. cborg's own object decoder
 * rejects non-string map keys and unknown tags; an inspector must show both, so the
 * assembly is done here: tags become `{"$tag": n, "value": …}`, undefined `{"$undefined": true}`.
 */
function readItem(tokens: Tokenizer, depth: number): unknown {
  if (depth > 512) throw new CborFormatError("nested too deeply");
  if (tokens.done()) throw new CborFormatError("truncated");
  const token: Token = tokens.next();
  const type = token.type;
  if (Type.equals(type, Type.break)) return BREAK;
  if (Type.equals(type, Type.uint) || Type.equals(type, Type.negint)) {
    return numberNode(token.value as number | bigint);
  }
  if (Type.equals(type, Type.float)) return numberNode(token.value as number);
  if (Type.equals(type, Type.bytes)) return bytesNode(token.value as Uint8Array);
  if (Type.equals(type, Type.string)) return token.value as string;
  if (Type.equals(type, Type.false)) return false;
  if (Type.equals(type, Type.true)) return true;
  if (Type.equals(type, Type.null)) return null;
  if (Type.equals(type, Type.undefined)) return { $undefined: true };
  if (Type.equals(type, Type.tag)) {
    const value = readItem(tokens, depth + 1);
    if (value === BREAK) throw new CborFormatError("break inside a tag");
    return { $tag: numberNode(token.value as number | bigint), value };
  }
  const count = token.value as number;
  if (Type.equals(type, Type.array)) {
    const items: unknown[] = [];
    for (let i = 0; i < count; i++) {
      const item = readItem(tokens, depth + 1);
      if (item === BREAK) {
        if (count !== Number.POSITIVE_INFINITY) throw new CborFormatError("break in an array");
        break;
      }
      items.push(item);
    }
    return items;
  }
  if (Type.equals(type, Type.map)) {
    const map: Record<string, unknown> = {};
    for (let i = 0; i < count; i++) {
      const key = readItem(tokens, depth + 1);
      if (key === BREAK) {
        if (count !== Number.POSITIVE_INFINITY) throw new CborFormatError("break in a map");
        break;
      }
      const value = readItem(tokens, depth + 1);
      if (value === BREAK) throw new CborFormatError("map key without a value");
      setEntry(map, keyText(key), value);
    }
    return map;
  }
  throw new CborFormatError(`unexpected ${type.name}`);
}

/** Short description of the top-level item, by its major type, for the summary line. */
function describe(value: unknown, firstByte: number): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  switch (firstByte >> 5) {
    case 0:
    case 1:
      return "integer";
    case 2:
      return "byte string";
    case 3:
      return "text string";
    case 4:
      return `array, ${plural((value as unknown[]).length, "item")}`;
    case 5:
      return `map, ${plural(Object.keys(value as object).length, "key")}`;
    case 6:
      return `tag ${JSON.stringify((value as { $tag: unknown }).$tag)}`;
    default:
      if (value === null || typeof value === "boolean") return String(value);
      return typeof value === "object" && "$undefined" in value ? "undefined" : "float";
  }
}

/**
 * One CBOR data item (RFC 8949) filling the whole binary frame. Text frames are never CBOR.
 * Simple values other than false/true/null/undefined are not supported (null).
 */
export function decodeCbor(payload: Payload): DecodedPayload | null {
  if (typeof payload === "string" || payload.byteLength === 0) return null;
  const bytes = new Uint8Array(payload);
  try {
    const tokens = new Tokenizer(bytes, {
      allowBigInt: true,
      allowIndefinite: true,
      allowUndefined: true,
    });
    const value = readItem(tokens, 0);
    if (value === BREAK || !tokens.done()) return null;
    return { summary: `CBOR ${describe(value, bytes[0] ?? 0)}`, value };
  } catch {
    // cborg throws on truncated items, reserved bytes and unsupported simple values.
    return null;
  }
}

/** The CBOR decoder. */
export const cborDecoder: Decoder = {
  id: "cbor",
  name: "CBOR",
  decode: decodeCbor,
  matchesSubprotocol: (protocol) => /(^|[.+-])cbor$/i.test(protocol),
};
