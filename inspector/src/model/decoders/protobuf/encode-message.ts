import protobuf from "protobufjs";
import { decodeBase64 } from "../../frames/codecs.ts";
import { NUMERIC_WIRE as NUMERIC, WireType } from "./wire-reader.ts";

/** JSON encoded as a message, or what is wrong and in which field. */
export type ProtobufEncode = { ok: true; bytes: Uint8Array } | { ok: false; error: string };

/** Deepest nesting of messages an encode follows. */
const MAX_DEPTH = 64;

/** A problem in the value, at `path` (`trade.legs[2].price`). */
class FieldError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(reason);
  }
}

/**
 * Encodes a JSON value as `type`, with the rules of protobuf's JSON mapping: fields by their
 * name in the .proto or their JSON name; 64-bit integers as numbers or decimal text; bytes as
 * base64 (or SocketScope's `{"$bytes": "<hex>"}`, so a decoded tree can be sent back); enums by
 * name or number; maps as objects; repeated fields as lists, packed where proto3 packs them;
 * `null` for a field left out. Errors name the field and say what was expected. Never throws.
 */
export function encodeMessage(type: protobuf.Type, value: unknown): ProtobufEncode {
  try {
    const writer = new Writer();
    writeMessage(writer, type, value, "", 0);
    return { ok: true, bytes: writer.finish() };
  } catch (error) {
    if (error instanceof FieldError)
      return { ok: false, error: error.path ? `${error.path}: ${error.message}` : error.message };
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Wire-format output, in chunks. */
class Writer {
  #chunks: Uint8Array[] = [];
  #length = 0;

  bytes(bytes: Uint8Array) {
    this.#chunks.push(bytes);
    this.#length += bytes.length;
  }

  varint(value: bigint) {
    let rest = BigInt.asUintN(64, value);
    const out: number[] = [];
    while (rest > 0x7fn) {
      out.push(Number(rest & 0x7fn) | 0x80);
      rest >>= 7n;
    }
    out.push(Number(rest));
    this.bytes(Uint8Array.from(out));
  }

  tag(field: number, wireType: number) {
    this.varint(BigInt(field) * 8n + BigInt(wireType));
  }

  fixed(size: 4 | 8, write: (view: DataView) => void) {
    const bytes = new Uint8Array(size);
    write(new DataView(bytes.buffer));
    this.bytes(bytes);
  }

  /** A length-delimited run: what `fill` writes, behind its length. */
  delimited(fill: (inner: Writer) => void) {
    const inner = new Writer();
    fill(inner);
    const bytes = inner.finish();
    this.varint(BigInt(bytes.length));
    this.bytes(bytes);
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.#length);
    let at = 0;
    for (const chunk of this.#chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  }
}

const join = (path: string, name: string) => (path ? `${path}.${name}` : name);

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  if (typeof value === "string")
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return String(value);
}

function writeMessage(
  writer: Writer,
  type: protobuf.Type,
  value: unknown,
  path: string,
  depth: number,
) {
  if (depth > MAX_DEPTH)
    throw new FieldError(path, `messages nest deeper than ${MAX_DEPTH} levels`);
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new FieldError(
      path,
      `${type.name} is a message: expected an object, got ${describe(value)}`,
    );
  const fields = type.fieldsArray;
  const byName = (key: string) =>
    fields.find((field) => field.name === key) ??
    fields.find((field) => field.resolve().jsonName === key);
  const seenOneofs = new Map<string, string>();
  for (const [key, item] of Object.entries(value)) {
    const field = byName(key);
    if (!field) {
      const names = fields.map((f) => f.name);
      throw new FieldError(
        join(path, key),
        `${type.fullName.replace(/^\./, "")} has no such field (its fields: ${names.slice(0, 12).join(", ")}${names.length > 12 ? ", …" : ""})`,
      );
    }
    if (item === null || item === undefined) continue;
    field.resolve();
    const oneof = field.partOf;
    if (oneof) {
      const other = seenOneofs.get(oneof.name);
      if (other !== undefined)
        throw new FieldError(
          join(path, key),
          `"${other}" is set already, and both are one of "${oneof.name}"`,
        );
      seenOneofs.set(oneof.name, field.name);
    }
    writeField(writer, field, item, join(path, field.name), depth);
  }
  for (const field of fields) {
    if (!field.required) continue;
    const given =
      Object.hasOwn(value, field.name) || Object.hasOwn(value, field.resolve().jsonName);
    if (!given) throw new FieldError(join(path, field.name), `is required in ${type.name}`);
  }
}

function writeField(
  writer: Writer,
  field: protobuf.Field,
  value: unknown,
  path: string,
  depth: number,
) {
  if (field.map) {
    if (typeof value !== "object" || Array.isArray(value))
      throw new FieldError(path, `is a map: expected an object, got ${describe(value)}`);
    const keyType = (field as unknown as protobuf.MapField).keyType;
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      const where = `${path}[${JSON.stringify(key)}]`;
      writer.tag(field.id, WireType.Len);
      writer.delimited((entry) => {
        writeSingle(entry, 1, keyType, null, mapKey(key, keyType, where), where, depth);
        writeSingle(entry, 2, field.type, field.resolvedType, item, where, depth);
      });
    }
    return;
  }
  if (field.repeated) {
    if (!Array.isArray(value))
      throw new FieldError(path, `is repeated: expected a list, got ${describe(value)}`);
    if (field.packed && isPackableType(field)) {
      if (value.length === 0) return;
      writer.tag(field.id, WireType.Len);
      writer.delimited((inner) => {
        for (const [index, item] of value.entries())
          writeScalarOrEnum(inner, field.type, field.resolvedType, item, `${path}[${index}]`);
      });
      return;
    }
    for (const [index, item] of value.entries())
      writeSingle(
        writer,
        field.id,
        field.type,
        field.resolvedType,
        item,
        `${path}[${index}]`,
        depth,
      );
    return;
  }
  writeSingle(
    writer,
    field.id,
    field.type,
    field.resolvedType,
    value,
    path,
    depth,
    field.delimited,
  );
}

/** Map keys arrive as JSON object keys: text, to read as the key type. */
function mapKey(key: string, keyType: string, path: string): unknown {
  if (keyType === "string") return key;
  if (keyType === "bool") {
    if (key === "true" || key === "false") return key === "true";
    throw new FieldError(path, "a bool map key is true or false");
  }
  return key;
}

function isPackableType(field: protobuf.Field): boolean {
  return field.resolvedType instanceof protobuf.Enum || Object.hasOwn(NUMERIC, field.type);
}

function writeSingle(
  writer: Writer,
  id: number,
  type: string,
  resolved: protobuf.Type | protobuf.Enum | null,
  value: unknown,
  path: string,
  depth: number,
  group = false,
) {
  if (resolved instanceof protobuf.Type) {
    if (group || (resolved as { group?: boolean }).group) {
      writer.tag(id, WireType.StartGroup);
      writeMessage(writer, resolved, value, path, depth + 1);
      writer.tag(id, WireType.EndGroup);
      return;
    }
    writer.tag(id, WireType.Len);
    writer.delimited((inner) => writeMessage(inner, resolved, value, path, depth + 1));
    return;
  }
  if (type === "string") {
    if (typeof value !== "string")
      throw new FieldError(path, `is a string: got ${describe(value)}`);
    writer.tag(id, WireType.Len);
    writer.delimited((inner) => inner.bytes(new TextEncoder().encode(value)));
    return;
  }
  if (type === "bytes") {
    const bytes = bytesOf(value, path);
    writer.tag(id, WireType.Len);
    writer.delimited((inner) => inner.bytes(bytes));
    return;
  }
  const wire = resolved instanceof protobuf.Enum ? WireType.Varint : NUMERIC[type];
  if (wire === undefined) throw new FieldError(path, `has the unknown type ${type}`);
  writer.tag(id, wire);
  writeScalarOrEnum(writer, type, resolved, value, path);
}

/** Bytes from base64 text or `{"$bytes": "<hex>"}`. */
function bytesOf(value: unknown, path: string): Uint8Array {
  if (typeof value === "string") {
    const bytes = decodeBase64(value);
    if (bytes) return bytes;
    throw new FieldError(path, `is bytes: expected base64, got ${describe(value)}`);
  }
  const hex = (value as { $bytes?: unknown } | null)?.$bytes;
  if (typeof hex === "string" && /^([0-9a-f]{2})*$/i.test(hex))
    return Uint8Array.from(hex.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
  throw new FieldError(
    path,
    `is bytes: expected base64 text or {"$bytes": "<hex>"}, got ${describe(value)}`,
  );
}

/** Integer bounds per type, inclusive. */
const RANGES: Record<string, [bigint, bigint]> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  sint32: [-(2n ** 31n), 2n ** 31n - 1n],
  sfixed32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  fixed32: [0n, 2n ** 32n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  sint64: [-(2n ** 63n), 2n ** 63n - 1n],
  sfixed64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
  fixed64: [0n, 2n ** 64n - 1n],
};

function integerOf(value: unknown, type: string, path: string): bigint {
  let integer: bigint | undefined;
  if (typeof value === "number" && Number.isInteger(value)) {
    if (!Number.isSafeInteger(value))
      throw new FieldError(
        path,
        `is ${type}: ${value} is past 2^53, where JSON numbers lose precision: write it in quotes, as text`,
      );
    integer = BigInt(value);
  } else if (typeof value === "string" && /^-?\d+$/.test(value.trim()))
    integer = BigInt(value.trim());
  if (integer === undefined)
    throw new FieldError(path, `is ${type}: expected an integer, got ${describe(value)}`);
  const [min, max] = RANGES[type] ?? [0n, 0n];
  if (integer < min || integer > max)
    throw new FieldError(path, `is ${type}: ${integer} is out of range (${min} to ${max})`);
  return integer;
}

function floatOf(value: unknown, type: string, path: string): number {
  if (typeof value === "number") return value;
  if (value === "NaN" || value === "Infinity" || value === "-Infinity") return Number(value);
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)))
    return Number(value);
  throw new FieldError(path, `is ${type}: expected a number, got ${describe(value)}`);
}

function writeScalarOrEnum(
  writer: Writer,
  type: string,
  resolved: protobuf.Type | protobuf.Enum | null,
  value: unknown,
  path: string,
) {
  if (resolved instanceof protobuf.Enum) {
    if (typeof value === "string") {
      if (!Object.hasOwn(resolved.values, value))
        throw new FieldError(
          path,
          `${JSON.stringify(value)} is not a value of ${resolved.name} (its values: ${Object.keys(resolved.values).join(", ")})`,
        );
      writer.varint(BigInt(resolved.values[value] as number));
      return;
    }
    writer.varint(integerOf(value, "int32", path));
    return;
  }
  switch (type) {
    case "double":
      return writer.fixed(8, (view) => view.setFloat64(0, floatOf(value, type, path), true));
    case "float":
      return writer.fixed(4, (view) => view.setFloat32(0, floatOf(value, type, path), true));
    case "fixed64":
    case "sfixed64": {
      const integer = integerOf(value, type, path);
      return writer.fixed(8, (view) => view.setBigUint64(0, BigInt.asUintN(64, integer), true));
    }
    case "fixed32":
    case "sfixed32": {
      const integer = integerOf(value, type, path);
      return writer.fixed(4, (view) =>
        view.setUint32(0, Number(BigInt.asUintN(32, integer)), true),
      );
    }
    case "sint32":
    case "sint64": {
      const integer = integerOf(value, type, path);
      return writer.varint(integer >= 0n ? integer * 2n : -integer * 2n - 1n);
    }
    case "bool":
      if (typeof value !== "boolean")
        throw new FieldError(path, `is bool: expected true or false, got ${describe(value)}`);
      return writer.varint(value ? 1n : 0n);
    default:
      // int32, int64, uint32, uint64: negative int32 is sent sign-extended to 64 bits.
      return writer.varint(integerOf(value, type, path));
  }
}
