import { decodeUtf8 } from "../../frames/codecs.ts";
import { bytesNode, setEntry, toHex } from "../tree.ts";
import {
  fixedView,
  integerNode,
  WIRE_TYPE_NAMES,
  WireError,
  WireReader,
  WireType,
} from "./wire-reader.ts";

/** Bounds of a raw decode, so hostile bytes cost little. */
export const RAW_LIMITS = {
  /** Deepest nesting of groups, and of length-delimited runs read as messages. */
  maxDepth: 64,
  /** Fields read in all before giving up. */
  maxFields: 100_000,
};

/** What a decode without a schema made of some bytes: a tree, or why they are not protobuf. */
export type RawDecode =
  | { ok: true; value: Record<string, unknown>; fields: number }
  | { ok: false; error: string };

/**
 * Decodes protobuf without a schema, as `protoc --decode_raw` does: field numbers as keys,
 * repeated fields as lists. A varint is a number; a 32- or 64-bit field shows its hex with its
 * float and integer readings (`{"$fixed32": "0x3fc00000", "float": 1.5, "int": 1069547520}`); a
 * group is `{"$group": {…}}`; a length-delimited field is a guess: text when it is valid UTF-8
 * without control characters, else a nested message when it parses as one to its last byte,
 * else `{"$bytes": "<hex>"}`. Never throws; never recurses past
 * `RAW_LIMITS.maxDepth`.
 */
export function decodeRaw(bytes: Uint8Array, limits = RAW_LIMITS): RawDecode {
  const budget = rawBudget(limits);
  try {
    const value = readFields(new WireReader(bytes), 0, budget, undefined);
    return { ok: true, value, fields: limits.maxFields - budget.fields };
  } catch (error) {
    if (error instanceof WireError) return { ok: false, error: error.message };
    // A RangeError from a platform limit: the same promise, never an uncaught throw.
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** What a raw read may still spend: fields, and how deep it is. */
export interface RawBudget {
  fields: number;
  readonly maxFields: number;
  readonly maxDepth: number;
}

/** A fresh budget for one decode. */
export function rawBudget(limits = RAW_LIMITS): RawBudget {
  return { fields: limits.maxFields, maxFields: limits.maxFields, maxDepth: limits.maxDepth };
}

/**
 * Reads fields until the reader's end, or until the end-group tag of `group` (a field number)
 * when reading a group. Repeated field numbers collect into lists.
 */
function readFields(
  reader: WireReader,
  depth: number,
  budget: RawBudget,
  group: number | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  while (!reader.done) {
    const { field, wireType, offset } = reader.tag();
    if (wireType === WireType.EndGroup) {
      if (group === field) return out;
      throw new WireError(
        offset,
        group === undefined
          ? `An end of group ${field} came with no group open`
          : `An end of group ${field} came inside group ${group}`,
      );
    }
    if (--budget.fields < 0) throw new WireError(offset, `More than ${budget.maxFields} fields`);
    addField(out, field, readRawValue(reader, wireType, field, depth, budget));
  }
  if (group !== undefined) throw new WireError(reader.pos, `Group ${group} is never closed`);
  return out;
}

/** Adds a field's value; a field seen again makes a list (a field's value is never a list). */
export function addField(out: Record<string, unknown>, field: number | string, value: unknown) {
  const key = String(field);
  const existing = Object.hasOwn(out, key) ? out[key] : undefined;
  if (existing === undefined) setEntry(out, key, value);
  else if (Array.isArray(existing)) existing.push(value);
  else setEntry(out, key, [existing, value]);
}

/**
 * The value of field `field` (its tag just read) as the raw decoder shows it. `depth` is the
 * nesting of the message the field is in.
 */
export function readRawValue(
  reader: WireReader,
  wireType: number,
  field: number,
  depth: number,
  budget: RawBudget,
): unknown {
  switch (wireType) {
    case WireType.Varint:
      return integerNode(reader.varint());
    case WireType.Fixed64:
      return fixed64Node(reader.take(8));
    case WireType.Fixed32:
      return fixed32Node(reader.take(4));
    case WireType.Len:
      return guessLength(reader.take(reader.length()), depth, budget);
    case WireType.StartGroup:
      if (depth + 1 >= budget.maxDepth)
        throw new WireError(reader.pos, `Groups nest deeper than ${budget.maxDepth} levels`);
      return { $group: readFields(reader, depth + 1, budget, field) };
    default:
      throw new WireError(
        reader.pos,
        `Wire type ${WIRE_TYPE_NAMES[wireType] ?? wireType} is unknown`,
      );
  }
}

/** Text with no control characters (but tabs and line breaks) reads as a string. */
function isPlainText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f)
      return false;
  }
  return true;
}

/** The best reading of a length-delimited run (see `decodeRaw`). */
function guessLength(bytes: Uint8Array, depth: number, budget: RawBudget): unknown {
  if (bytes.length === 0) return "";
  const text = decodeUtf8(bytes);
  if (text !== null && isPlainText(text)) return text;
  if (depth + 1 < budget.maxDepth) {
    const saved = budget.fields;
    try {
      const nested = readFields(new WireReader(bytes), depth + 1, budget, undefined);
      if (Object.keys(nested).length > 0) return nested;
    } catch (error) {
      if (!(error instanceof WireError)) throw error;
      // Not a message after all: its fields do not count.
      budget.fields = saved;
    }
  }
  // Valid UTF-8 full of control characters reads better as bytes.
  return bytesNode(bytes);
}

function fixed32Node(bytes: Uint8Array) {
  const view = fixedView(bytes);
  return {
    $fixed32: `0x${toHex(Uint8Array.from(bytes).reverse())}`,
    float: floatNode(view.getFloat32(0, true)),
    int: view.getInt32(0, true),
  };
}

function fixed64Node(bytes: Uint8Array) {
  const view = fixedView(bytes);
  return {
    $fixed64: `0x${toHex(Uint8Array.from(bytes).reverse())}`,
    double: floatNode(view.getFloat64(0, true)),
    int: integerNode(view.getBigInt64(0, true)),
  };
}

/** A float for the tree: NaN and the infinities as `{"$number": "NaN"}`. */
export function floatNode(value: number): number | { $number: string } {
  return Number.isFinite(value) ? value : { $number: String(value) };
}
