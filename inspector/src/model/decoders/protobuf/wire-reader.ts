/**
 * Reading the protobuf wire format (https://protobuf.dev/programming-guides/encoding/): varints,
 * fixed-width numbers and length-delimited runs, from bytes that may be anything. Every read is
 * bounds-checked and fails with a `WireError` that gives the byte offset and what was wrong; the
 * decoders catch it and return it as a result, so none of them throws.
 */

/** Wire types: varint, 64-bit, length-delimited, group start, group end, 32-bit. */
export const WireType = {
  Varint: 0,
  Fixed64: 1,
  Len: 2,
  StartGroup: 3,
  EndGroup: 4,
  Fixed32: 5,
} as const;
export type WireType = (typeof WireType)[keyof typeof WireType];

/** The wire type each numeric scalar (and bool) is sent with. */
export const NUMERIC_WIRE: Readonly<Record<string, number>> = {
  double: WireType.Fixed64,
  fixed64: WireType.Fixed64,
  sfixed64: WireType.Fixed64,
  float: WireType.Fixed32,
  fixed32: WireType.Fixed32,
  sfixed32: WireType.Fixed32,
  int32: WireType.Varint,
  int64: WireType.Varint,
  uint32: WireType.Varint,
  uint64: WireType.Varint,
  sint32: WireType.Varint,
  sint64: WireType.Varint,
  bool: WireType.Varint,
};

/** Names of the wire types, as messages say them. */
export const WIRE_TYPE_NAMES: Record<number, string> = {
  0: "varint",
  1: "64-bit",
  2: "length-delimited",
  3: "group start",
  4: "group end",
  5: "32-bit",
};

/** Why the bytes are not protobuf, and where. */
export class WireError extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(`${reason} at byte ${offset}`);
  }
}

/** A cursor over bytes that reads wire-format values; reads past the end throw `WireError`. */
export class WireReader {
  pos: number;
  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    /** Exclusive end of what this reader may read. */
    readonly end = bytes.length,
  ) {
    this.pos = start;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  /** An unsigned varint of up to 64 bits, as a bigint. */
  varint(): bigint {
    const start = this.pos;
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.pos >= this.end) throw new WireError(start, "A varint is cut off");
      const byte = this.bytes[this.pos++] as number;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) {
        // A tenth byte may carry only the 64th bit.
        if (shift === 63n && byte > 1) throw new WireError(start, "A varint overflows 64 bits");
        return result;
      }
    }
    throw new WireError(start, "A varint runs longer than 10 bytes");
  }

  /** A varint that must fit in 32 bits unsigned (tags and lengths). */
  smallVarint(what: string): number {
    const start = this.pos;
    const value = this.varint();
    if (value > 0xffffffffn) throw new WireError(start, `${what} ${value} is too large`);
    return Number(value);
  }

  /** `count` bytes, as a view (not a copy). */
  take(count: number): Uint8Array {
    if (count > this.end - this.pos)
      throw new WireError(
        this.pos,
        `${count} bytes are needed, only ${this.end - this.pos} are left`,
      );
    const view = this.bytes.subarray(this.pos, this.pos + count);
    this.pos += count;
    return view;
  }

  /** The length prefix of a length-delimited field, checked against the bytes left. */
  length(): number {
    const start = this.pos;
    const value = this.varint();
    const left = this.end - this.pos;
    if (value > BigInt(left))
      throw new WireError(
        start,
        `A length of ${value} runs past the end (${left} ${left === 1 ? "byte is" : "bytes are"} left)`,
      );
    return Number(value);
  }

  /** A tag: the field number and the wire type. */
  tag(): { field: number; wireType: number; offset: number } {
    const offset = this.pos;
    const tag = this.smallVarint("A tag");
    const field = tag >>> 3;
    const wireType = tag & 7;
    if (field === 0) throw new WireError(offset, "Field number 0 is not allowed");
    if (wireType > 5) throw new WireError(offset, `Wire type ${wireType} does not exist`);
    return { field, wireType, offset };
  }
}

/** Zigzag-decodes a 64-bit varint (sint32, sint64). */
export function zigzag(value: bigint): bigint {
  return (value >> 1n) ^ -(value & 1n);
}

/** A 64-bit value as a signed integer. */
export function toSigned64(value: bigint): bigint {
  return BigInt.asIntN(64, value);
}

/** A 64-bit value as a signed 32-bit integer (int32 is sent as a sign-extended varint). */
export function toSigned32(value: bigint): number {
  return Number(BigInt.asIntN(32, value));
}

/** An integer as a number when it is safe, else as its decimal text (the tree's convention). */
export function integerNode(value: bigint): number | string {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value.toString();
}

/** Little-endian fixed-width reads of a 4- or 8-byte view. */
export function fixedView(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
