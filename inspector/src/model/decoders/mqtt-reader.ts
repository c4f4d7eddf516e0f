import { decodeUtf8 } from "../frames/codecs.ts";

/** Thrown by the reader for bytes that break the MQTT wire format; the decoder returns null. */
export class MqttFormatError extends Error {}

/** A cursor over MQTT bytes: big-endian integers, variable byte integers, strings, binary data. */
export class MqttReader {
  private pos: number;

  constructor(
    private readonly bytes: Uint8Array,
    start = 0,
    private readonly end = bytes.length,
  ) {
    this.pos = start;
  }

  /** Bytes not read yet. */
  get remaining(): number {
    return this.end - this.pos;
  }

  /** The next `length` bytes; a sub-reader's window never reaches past its packet. */
  take(length: number): Uint8Array {
    if (length > this.remaining) throw new MqttFormatError("truncated");
    const slice = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return slice;
  }

  /** A reader over the next `length` bytes, which this reader skips. */
  sub(length: number): MqttReader {
    if (length > this.remaining) throw new MqttFormatError("truncated");
    const reader = new MqttReader(this.bytes, this.pos, this.pos + length);
    this.pos += length;
    return reader;
  }

  /** One byte. */
  u8(): number {
    const byte = this.take(1)[0];
    if (byte === undefined) throw new MqttFormatError("truncated");
    return byte;
  }

  /** A two byte integer. */
  u16(): number {
    return this.u8() * 0x100 + this.u8();
  }

  /** A four byte integer. */
  u32(): number {
    return this.u16() * 0x10000 + this.u16();
  }

  /** A variable byte integer: 7 bits a byte, least significant first, at most 4 bytes. */
  varint(): number {
    let value = 0;
    for (let i = 0; i < 4; i++) {
      const byte = this.u8();
      value += (byte & 0x7f) * 128 ** i;
      if ((byte & 0x80) === 0) return value;
    }
    throw new MqttFormatError("variable byte integer longer than 4 bytes");
  }

  /** Binary data: a two byte length and that many bytes. */
  binary(): Uint8Array {
    return this.take(this.u16());
  }

  /** A UTF-8 encoded string: well-formed UTF-8 without U+0000. */
  utf8(): string {
    const text = decodeUtf8(this.binary());
    if (text === null || text.includes("\u0000")) throw new MqttFormatError("bad UTF-8 string");
    return text;
  }

  /** Fails unless every byte has been read. */
  expectEnd(): void {
    if (this.remaining !== 0) throw new MqttFormatError("trailing bytes");
  }
}
