import type { WireSize } from "../protocol/wire-size.ts";

/** A data message as it crossed the wire: its opcode and what its frames took. */
export interface ScannedMessage extends WireSize {
  /** 1 text, 2 binary. */
  opcode: 1 | 2;
  /** Frames it was fragmented into. */
  frames: number;
}

/** Longest frame header: 2 bytes, an 8-byte length, a 4-byte mask key. */
const MAX_HEADER_BYTES = 14;

/**
 * Reads WebSocket frame headers (RFC 6455 §5.2) from one direction of a TCP stream, in chunks
 * as they come, and reports each data message once its last frame has gone by. Payload bytes
 * are counted and skipped, never copied or kept. Control frames (close, ping, pong) may sit
 * between the fragments of a message and are not messages. A stream that breaks the framing
 * (a continuation with no message, a length beyond 2^53) stops the scanner for good: `failed`
 * says why, and nothing more is reported, so no size is ever paired with the wrong message.
 */
export function makeFrameScanner(onMessage: (message: ScannedMessage) => void) {
  const header = new Uint8Array(MAX_HEADER_BYTES);
  // One view for the scanner's life: a tap scans every frame both ways, and a view made per
  // frame was most of the scanner's time in bench/tap/profile.mjs.
  const headerView = new DataView(header.buffer);
  let headerHave = 0;
  /** Payload bytes of the current frame still to skip; -1 while reading a header. */
  let remaining = -1;
  /** The current frame ends a data message. */
  let endsMessage = false;
  let message: ScannedMessage | undefined;
  let failed: string | undefined;

  const fail = (why: string) => {
    failed = why;
  };

  /** Bytes the header needs in all, once its first two bytes are in. */
  function headerLength(): number {
    const length7 = (header[1] ?? 0) & 0x7f;
    const masked = ((header[1] ?? 0) & 0x80) !== 0;
    return 2 + (length7 === 126 ? 2 : length7 === 127 ? 8 : 0) + (masked ? 4 : 0);
  }

  function payloadLength(): number | undefined {
    const length7 = (header[1] ?? 0) & 0x7f;
    if (length7 === 126) return headerView.getUint16(2);
    if (length7 !== 127) return length7;
    const high = headerView.getUint32(2);
    // Beyond 2^53 a number cannot count it; no peer may send that much anyway.
    if (high >= 0x200000) return undefined;
    return high * 0x1_0000_0000 + headerView.getUint32(6);
  }

  /** A whole header is in: start the frame. */
  function startFrame(length: number) {
    const first = header[0] ?? 0;
    const fin = (first & 0x80) !== 0;
    const rsv1 = (first & 0x40) !== 0;
    const opcode = first & 0x0f;
    const overhead = headerLength();
    remaining = length;
    endsMessage = false;
    if (opcode >= 8) return; // A control frame: not part of any message.
    if (opcode === 0) {
      if (!message) return fail("a continuation frame came outside a message");
      message.payload += length;
      message.overhead += overhead;
      message.frames++;
    } else if (opcode === 1 || opcode === 2) {
      if (message) return fail("a new message began before the last one ended");
      message = { opcode, payload: length, overhead, compressed: rsv1, frames: 1 };
    } else return fail(`opcode ${opcode} is reserved`);
    endsMessage = fin;
  }

  function endFrame() {
    remaining = -1;
    headerHave = 0;
    if (!endsMessage || !message) return;
    const done = message;
    message = undefined;
    endsMessage = false;
    onMessage(done);
  }

  return {
    /** Why the scanner stopped, if it did. */
    get failed(): string | undefined {
      return failed;
    },
    /** Reads the next bytes of the stream. */
    write(chunk: Uint8Array): void {
      let at = 0;
      while (at < chunk.length && failed === undefined) {
        if (remaining >= 0) {
          const skip = Math.min(remaining, chunk.length - at);
          remaining -= skip;
          at += skip;
          if (remaining === 0) endFrame();
          continue;
        }
        header[headerHave++] = chunk[at++] ?? 0;
        if (headerHave < 2 || headerHave < headerLength()) continue;
        const length = payloadLength();
        if (length === undefined) {
          fail("a frame declared more than 2^53 bytes");
          break;
        }
        startFrame(length);
        if (failed === undefined && remaining === 0) endFrame();
      }
    },
  };
}

/** A frame scanner as `makeFrameScanner` makes it. */
export type FrameScanner = ReturnType<typeof makeFrameScanner>;
