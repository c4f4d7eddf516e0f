import protobuf from "protobufjs";
import { decodeUtf8 } from "../../frames/codecs.ts";
import { bytesNode, keyText, setEntry } from "../tree.ts";
import { addField, floatNode, type RawBudget, readRawValue } from "./raw.ts";
import {
  fixedView,
  integerNode,
  NUMERIC_WIRE,
  toSigned32,
  toSigned64,
  WIRE_TYPE_NAMES,
  WireError,
  WireReader,
  WireType,
  zigzag,
} from "./wire-reader.ts";

/** Bounds of a decode with a schema. */
export const DECODE_LIMITS = { maxDepth: 64, maxFields: 100_000 };

/** How well bytes fit a message type: fields the type knows, fields it does not, problems. */
export interface FitStats {
  known: number;
  unknown: number;
  /** A field whose wire type or content does not fit its declared type. */
  problems: string[];
}

/** A message decoded with its type, or why the bytes are not protobuf at all. */
export type SchemaDecode =
  | { ok: true; value: Record<string, unknown>; stats: FitStats }
  | { ok: false; error: string };

/** The wire type each scalar is sent with (strings, bytes and messages are length-delimited). */
const SCALAR_WIRE: Record<string, number> = {
  ...NUMERIC_WIRE,
  string: WireType.Len,
  bytes: WireType.Len,
};

/**
 * Decodes `bytes` as `type`: fields by name, as present on the wire (proto3 leaves defaults
 * out), repeated fields as lists (packed or not), maps as objects, enums by name, 64-bit
 * integers as numbers when safe and decimal text beyond. Fields the type does not declare go
 * under `$unknown`, read as the raw decoder reads them; a field whose wire type does not fit its
 * declaration goes there too, and is named in `stats.problems`. Never throws; never recurses
 * past `DECODE_LIMITS.maxDepth`.
 */
export function decodeMessage(
  type: protobuf.Type,
  bytes: Uint8Array,
  limits = DECODE_LIMITS,
): SchemaDecode {
  const stats: FitStats = { known: 0, unknown: 0, problems: [] };
  const budget: RawBudget = {
    fields: limits.maxFields,
    maxFields: limits.maxFields,
    maxDepth: limits.maxDepth,
  };
  try {
    const value = readMessage(new WireReader(bytes), type, {
      depth: 0,
      limits,
      stats,
      budget,
      path: "",
    });
    return { ok: true, value, stats };
  } catch (error) {
    if (error instanceof WireError) return { ok: false, error: error.message };
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

interface ReadContext {
  depth: number;
  limits: typeof DECODE_LIMITS;
  stats: FitStats;
  budget: RawBudget;
  /** Where the message sits, for problems: `trade.legs[2]`. */
  path: string;
}

function readMessage(
  reader: WireReader,
  type: protobuf.Type,
  context: ReadContext,
  groupEnd?: number,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const unknown: Record<string, unknown> = {};
  const byId = type.fieldsById;
  while (!reader.done) {
    const { field: id, wireType, offset } = reader.tag();
    if (wireType === WireType.EndGroup) {
      if (groupEnd === id) return withUnknown(out, unknown);
      throw new WireError(offset, `An end of group ${id} came with no such group open`);
    }
    if (--context.budget.fields < 0)
      throw new WireError(offset, `More than ${context.limits.maxFields} fields`);
    const field = Object.hasOwn(byId, id) ? byId[id] : undefined;
    if (field === undefined) {
      context.stats.unknown++;
      addField(unknown, id, readUnknown(reader, wireType, id, context));
      continue;
    }
    field.resolve();
    const name = field.name;
    const where = `${context.path}${context.path ? "." : ""}${name}`;
    const mismatch = wireMismatch(field, wireType);
    if (mismatch) {
      context.stats.problems.push(`${where} (field ${id}) ${mismatch} at byte ${offset}`);
      addField(unknown, id, readUnknown(reader, wireType, id, context));
      continue;
    }
    context.stats.known++;
    if (field.map) {
      readMapEntry(reader, field, out, where, context);
      continue;
    }
    if (field.repeated && wireType === WireType.Len && isPackable(field)) {
      const length = reader.length();
      const end = reader.pos + length;
      const list = listOf(out, name);
      const packed = new WireReader(reader.bytes, reader.pos, end);
      while (!packed.done) list.push(readValue(packed, field, expectedWire(field), where, context));
      reader.pos = end;
      continue;
    }
    const value = readValue(reader, field, wireType, where, context);
    if (field.repeated) listOf(out, name).push(value);
    else setEntry(out, name, value);
  }
  if (groupEnd !== undefined) throw new WireError(reader.pos, `Group ${groupEnd} is never closed`);
  return withUnknown(out, unknown);
}

function withUnknown(out: Record<string, unknown>, unknown: Record<string, unknown>) {
  if (Object.keys(unknown).length > 0) setEntry(out, "$unknown", unknown);
  return out;
}

/** The list a repeated field collects into. */
function listOf(out: Record<string, unknown>, name: string): unknown[] {
  const existing = Object.hasOwn(out, name) ? out[name] : undefined;
  if (Array.isArray(existing)) return existing;
  const list: unknown[] = [];
  setEntry(out, name, list);
  return list;
}

/** The wire type a field's values are sent with. */
function expectedWire(field: protobuf.Field): number {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Enum) return WireType.Varint;
  if (resolved instanceof protobuf.Type)
    return field.delimited || (resolved as { group?: boolean }).group
      ? WireType.StartGroup
      : WireType.Len;
  return SCALAR_WIRE[field.type] ?? WireType.Len;
}

/** Numbers, bools and enums: repeated ones may come packed. */
function isPackable(field: protobuf.Field): boolean {
  const wire = expectedWire(field);
  return wire === WireType.Varint || wire === WireType.Fixed32 || wire === WireType.Fixed64;
}

/**
 * Why a field's wire type does not fit, or undefined when it does. `mapValue`: the value of one
 * of a map field's entries.
 */
function wireMismatch(
  field: protobuf.Field,
  wireType: number,
  mapValue = false,
): string | undefined {
  const isMap = field.map && !mapValue;
  const expected = isMap ? WireType.Len : expectedWire(field);
  if (wireType === expected) return undefined;
  if (field.repeated && wireType === WireType.Len && isPackable(field)) return undefined;
  return `is ${isMap ? "a map" : field.type}, sent as ${WIRE_TYPE_NAMES[expected]}, but came as ${WIRE_TYPE_NAMES[wireType]}`;
}

function readValue(
  reader: WireReader,
  field: protobuf.Field,
  wireType: number,
  where: string,
  context: ReadContext,
): unknown {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) {
    if (context.depth + 1 > context.limits.maxDepth)
      throw new WireError(
        reader.pos,
        `Messages nest deeper than ${context.limits.maxDepth} levels`,
      );
    const nested = { ...context, depth: context.depth + 1, path: where };
    if (wireType === WireType.StartGroup) return readMessage(reader, resolved, nested, field.id);
    const length = reader.length();
    const inner = new WireReader(reader.bytes, reader.pos, reader.pos + length);
    reader.pos += length;
    return readMessage(inner, resolved, nested);
  }
  if (resolved instanceof protobuf.Enum) {
    const number = toSigned32(reader.varint());
    return Object.hasOwn(resolved.valuesById, number) ? resolved.valuesById[number] : number;
  }
  return readScalar(reader, field.type, where, context);
}

function readScalar(reader: WireReader, type: string, where: string, context: ReadContext) {
  switch (type) {
    case "double":
      return floatNode(fixedView(reader.take(8)).getFloat64(0, true));
    case "float":
      return floatNode(fixedView(reader.take(4)).getFloat32(0, true));
    case "fixed64":
      return integerNode(fixedView(reader.take(8)).getBigUint64(0, true));
    case "sfixed64":
      return integerNode(fixedView(reader.take(8)).getBigInt64(0, true));
    case "fixed32":
      return fixedView(reader.take(4)).getUint32(0, true);
    case "sfixed32":
      return fixedView(reader.take(4)).getInt32(0, true);
    case "int32":
      return toSigned32(reader.varint());
    case "int64":
      return integerNode(toSigned64(reader.varint()));
    case "uint32":
      return Number(BigInt.asUintN(32, reader.varint()));
    case "uint64":
      return integerNode(reader.varint());
    case "sint32":
      return Number(BigInt.asIntN(32, zigzag(reader.varint())));
    case "sint64":
      return integerNode(BigInt.asIntN(64, zigzag(reader.varint())));
    case "bool":
      return reader.varint() !== 0n;
    case "bytes":
      return bytesNode(reader.take(reader.length()));
    default: {
      const offset = reader.pos;
      const bytes = reader.take(reader.length());
      const text = decodeUtf8(bytes);
      if (text !== null) return text;
      context.stats.problems.push(`${where} is a string but is not valid UTF-8 at byte ${offset}`);
      return bytesNode(bytes);
    }
  }
}

/** A map entry: a message with the key as field 1 and the value as field 2. */
function readMapEntry(
  reader: WireReader,
  field: protobuf.Field,
  out: Record<string, unknown>,
  where: string,
  context: ReadContext,
) {
  const keyType = (field as unknown as protobuf.MapField).keyType;
  const length = reader.length();
  const entry = new WireReader(reader.bytes, reader.pos, reader.pos + length);
  reader.pos += length;
  let key: unknown = keyType === "string" ? "" : keyType === "bool" ? false : 0;
  let value: unknown;
  while (!entry.done) {
    const { field: id, wireType, offset } = entry.tag();
    if (id === 1) key = readScalar(entry, keyType, `${where} key`, context);
    else if (id === 2) {
      const mismatch = wireMismatch(field, wireType, true);
      if (mismatch) throw new WireError(offset, `${where} value ${mismatch}`);
      value = readValue(entry, field, wireType, `${where}[${keyText(key)}]`, context);
    } else readUnknown(entry, wireType, id, context);
  }
  const existing = Object.hasOwn(out, field.name) ? out[field.name] : undefined;
  const map =
    existing !== undefined && typeof existing === "object" && existing !== null
      ? (existing as Record<string, unknown>)
      : {};
  if (existing === undefined) setEntry(out, field.name, map);
  setEntry(map, keyText(key), value ?? defaultFor(field));
}

/** The value a map entry without one stands for. */
function defaultFor(field: protobuf.Field): unknown {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) return {};
  if (resolved instanceof protobuf.Enum) return resolved.valuesById[0] ?? 0;
  if (field.type === "string") return "";
  if (field.type === "bool") return false;
  if (field.type === "bytes") return { $bytes: "" };
  return 0;
}

/** A field the type does not know, read as the raw decoder reads it. */
function readUnknown(reader: WireReader, wireType: number, id: number, context: ReadContext) {
  return readRawValue(reader, wireType, id, context.depth, context.budget);
}
