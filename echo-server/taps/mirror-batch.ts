import {
  type MirroredFrame,
  mirroredPrefixBytes,
  writeMirroredHeader,
} from "../protocol/tap-wire.ts";

/** A mirrored frame as it waits: its header fields and its data as the tap had it. */
interface Pending {
  header: Omit<MirroredFrame, "payload">;
  data: string | Buffer;
  length: number;
}

/**
 * Mirrored frames waiting to go to the watchers as one binary message (see tap-wire.ts). Text
 * is encoded straight into the message when it is taken, not into a buffer of its own first.
 */
export class MirrorBatch {
  #frames: Pending[] = [];
  #bytes = 0;

  /** Frames waiting. */
  get count(): number {
    return this.#frames.length;
  }

  /** Bytes the message will have. */
  get bytes(): number {
    return this.#bytes;
  }

  add(header: Omit<MirroredFrame, "payload">, data: string | Buffer): void {
    const length = typeof data === "string" ? Buffer.byteLength(data) : data.byteLength;
    this.#frames.push({ header, data, length });
    this.#bytes += mirroredPrefixBytes(header) + length;
  }

  /** The waiting frames as one message; the batch is empty afterwards. */
  take(): Buffer {
    const message = Buffer.allocUnsafe(this.#bytes);
    let at = 0;
    for (const { header, data, length } of this.#frames) {
      writeMirroredHeader(message, at, header, length);
      at += mirroredPrefixBytes(header);
      if (typeof data === "string") message.write(data, at, "utf8");
      else data.copy(message, at);
      at += length;
    }
    this.#frames = [];
    this.#bytes = 0;
    return message;
  }
}
