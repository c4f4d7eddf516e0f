import {
  type MirroredFrame,
  mirroredPrefixBytes,
  writeMirroredHeader,
} from "../protocol/tap-wire.ts";

/** Room a new batch starts with; it doubles as frames come. */
const INITIAL_BYTES = 64 * 1024;

/**
 * Mirrored frames waiting to go to the watchers as one binary message (see tap-wire.ts). Each
 * frame is written into the message as it is added, header and payload, so a frame leaves
 * nothing behind to collect: at a few hundred thousand frames a second, an object per frame
 * was a tenth of the tap's time (bench/tap/profile.mjs --watch).
 */
export class MirrorBatch {
  #message = Buffer.allocUnsafe(INITIAL_BYTES);
  #view = viewOf(this.#message);
  #count = 0;
  #bytes = 0;

  /** Frames waiting. */
  get count(): number {
    return this.#count;
  }

  /** Bytes the message has. */
  get bytes(): number {
    return this.#bytes;
  }

  add(header: Omit<MirroredFrame, "payload">, data: string | Buffer): void {
    const prefix = mirroredPrefixBytes(header);
    this.#reserve(prefix + reserveFor(data));
    const start = this.#bytes + prefix;
    const length =
      typeof data === "string"
        ? this.#message.write(data, start, "utf8")
        : data.copy(this.#message, start);
    writeMirroredHeader(this.#view, this.#bytes, header, length);
    this.#bytes = start + length;
    this.#count++;
  }

  /** The waiting frames as one message; the batch is empty afterwards. */
  take(): Buffer {
    const message = this.#message.subarray(0, this.#bytes);
    // The message is the watchers' now (a socket may still be writing it): start a new one.
    this.#message = Buffer.allocUnsafe(INITIAL_BYTES);
    this.#view = viewOf(this.#message);
    this.#count = 0;
    this.#bytes = 0;
    return message;
  }

  #reserve(more: number) {
    const needed = this.#bytes + more;
    if (needed <= this.#message.byteLength) return;
    let size = this.#message.byteLength * 2;
    while (size < needed) size *= 2;
    const grown = Buffer.allocUnsafe(size);
    this.#message.copy(grown, 0, 0, this.#bytes);
    this.#message = grown;
    this.#view = viewOf(grown);
  }
}

/** Text up to this many UTF-16 code units is given room for its longest UTF-8 form unmeasured. */
const UNMEASURED_TEXT = 4096;

/**
 * Room to reserve for `data`. A UTF-16 code unit takes at most 3 bytes of UTF-8 (a lone
 * surrogate becomes U+FFFD), which is cheaper than measuring a short text; a long one (up to the
 * largest message the server takes) is measured, so it does not get three times its room.
 */
function reserveFor(data: string | Buffer): number {
  if (typeof data !== "string") return data.byteLength;
  return data.length <= UNMEASURED_TEXT ? data.length * 3 : Buffer.byteLength(data, "utf8");
}

function viewOf(buffer: Buffer): DataView {
  return new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
