import type { HandshakeReport } from "../../../../echo-server/protocol/relay-wire.ts";
import type { DecoderSettingsValue } from "../decoders/decoder-settings.ts";
import { formatByteAmount, groupThousands } from "../frames/bytes.ts";
import type { FrameEvent, FrameMark, KindName, StreamId } from "../frames/frame.ts";

/** One captured frame or event, as export and import carry it. */
export interface CapturedFrame {
  /** Epoch milliseconds with sub-millisecond precision. */
  time: number;
  direction: "sent" | "received" | "event";
  kind: KindName;
  /** Text frames: the text; binary, ping and pong frames: the bytes. */
  payload?: string | ArrayBuffer;
  /** Open, close, error and info events: their details. */
  event?: FrameEvent;
  /** In a tap's capture, the app's client connection (see StreamId); absent for 0. */
  stream?: StreamId;
  /** What a tap did to the frame, when it did more than pass it on. */
  mark?: FrameMark;
}

/** A connection's capture: where it went, how, and every frame. */
export interface Capture {
  url: string;
  protocols: string[];
  /** Epoch ms of the first frame or the connection attempt. */
  startedAt: number;
  handshake?: HandshakeReport;
  /**
   * The session's decoders: `.proto` files, message types and a custom decoder. An import loads
   * the schemas; its custom decoder waits for the user to read and run it.
   */
  decoders?: DecoderSettingsValue;
  frames: CapturedFrame[];
}

/**
 * Largest capture file an import reads. The file is read into one string: Chromium caps a
 * string at 512 MiB of UTF-16 (2^29 - 24 characters), and parsing needs several times the
 * file's size in memory, so a larger file would fail late and obscurely instead of at once.
 */
export const MAX_IMPORT_BYTES = 512 * 1024 * 1024;

/**
 * Deepest nesting of arrays and objects a capture file may have. SocketScope's own exports nest
 * 13 levels, and Chrome's HAR (with its initiator stacks) a few dozen; a file nested thousands
 * deep is malformed or hostile, and such a value breaks JSON.stringify and structured cloning
 * (postMessage, IndexedDB) at about 5,000 levels. Payloads are strings and do not count.
 */
export const MAX_CAPTURE_DEPTH = 256;

/** Why a file of `size` bytes cannot be imported, or undefined when it can. */
export function importSizeProblem(name: string, size: number): string | undefined {
  if (size <= MAX_IMPORT_BYTES) return undefined;
  return `${name} is ${formatByteAmount(size)} (${groupThousands(size)} bytes); SocketScope imports files up to ${formatByteAmount(MAX_IMPORT_BYTES)}. Export a shorter capture, or split the file.`;
}

/** The sentence for JSON nested deeper than MAX_CAPTURE_DEPTH; `where` starts it ("This file"). */
export function tooDeepProblem(where: string, depth: number): string {
  return `${where} nests arrays and objects ${groupThousands(depth)} levels deep; a capture file nests at most ${MAX_CAPTURE_DEPTH}, so this one is malformed.`;
}
