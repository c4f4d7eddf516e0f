/**
 * Taps: an app connects to `ws://<server>/tap/<name>`, the server dials the tap's target, and
 * every frame passes through rules on its way (see docs/tap.md). This module is the shared
 * vocabulary: tap names, rules and their schema, and the watch protocol between a tap and the
 * inspector tabs that mirror it (`/tap-watch/<name>`). Text frames carry JSON events and
 * commands; binary frames carry mirrored data frames with a small header. A leaf: the capture
 * worker and the inspector's Rules form use it too.
 */
import { readWireSize, WIRE_SIZE_BYTES, type WireSize, writeWireSize } from "./wire-size.ts";

/** Which way a frame goes: from the app (client) to the server, or back. */
export type TapDirection = "c2s" | "s2c";

/** What a rule looks for in a frame; every condition given must hold. */
export interface TapMatch {
  direction?: TapDirection;
  /** Only frames of this client connection. */
  client?: number;
  /** Text frames containing this text. */
  text?: string;
  /** Text frames matching this regular expression (JavaScript syntax, no flags but `i`). */
  regex?: string;
  ignoreCase?: boolean;
  /** Text frames that are JSON with a value at this path (`$.op`, `$.items[0].id`)… */
  jsonPath?: string;
  /** …equal to this (any JSON value); without it, the path only has to exist. */
  equals?: unknown;
}

/** What a rule does with a frame it matches. */
export type TapAction =
  | { type: "pass" }
  | { type: "delay"; ms: number }
  | { type: "drop" }
  /** `with` replaces the match (regex: `$&`, `$1`…); without a regex, the whole payload. */
  | { type: "replace"; with: string }
  /** Answers the sender with `with` (`$&` is the matched text) and forwards nothing. */
  | { type: "respond"; with: string }
  | { type: "close"; code: number; reason?: string }
  /** Holds the frame (a breakpoint) until the inspector forwards or drops it. */
  | { type: "pause" };

/** One rule; rules are tried in order and the first that matches acts. */
export interface TapRule {
  id: string;
  match: TapMatch;
  action: TapAction;
  /** Frames this rule has acted on (the tap counts; a command's value is ignored). */
  hits?: number;
  /**
   * Why the tap turned this rule off, e.g. its regex ran past the time budget on a frame (the
   * tap sets it; a command's value is ignored, so sending the rules again turns it back on).
   */
  disabled?: string;
}

/** A tap as the HTTP API and the watch protocol describe it. */
export interface TapInfo {
  name: string;
  /** The real server; empty for a mock tap, which answers from its rules alone. */
  target: string;
  /** Where apps connect, e.g. `ws://127.0.0.1:7777/tap/chat`. */
  url: string;
  /** A held frame goes on by itself after this long, so a forgotten breakpoint does not hang the app. */
  holdTimeoutMs: number;
}

/** A client connection through a tap. */
export interface TapClient {
  id: number;
  remote: string;
  /** Tap clock, epoch ms. */
  openedAt: number;
  protocol: string;
  framesIn: number;
  framesOut: number;
}

/** A frame held by a breakpoint. */
export interface HeldFrame {
  holdId: number;
  clientId: number;
  direction: TapDirection;
  time: number;
  binary: boolean;
  /** Text, or base64 for a binary frame. */
  payload: string;
  ruleId: string;
}

/** Events a tap sends to the inspector tabs watching it (JSON text frames). */
export type TapEvent =
  | { type: "hello"; tap: TapInfo; clients: TapClient[]; rules: TapRule[]; held: HeldFrame[] }
  | { type: "client-open"; time: number; client: TapClient }
  | {
      type: "client-close";
      time: number;
      clientId: number;
      code: number;
      reason: string;
      side: "client" | "server" | "tap";
    }
  | {
      type: "control";
      time: number;
      clientId: number;
      direction: TapDirection;
      kind: "ping" | "pong";
      data: string;
    }
  | { type: "rules"; rules: TapRule[] }
  /** The open clients with their frame counts, at most four times a second while they change. */
  | { type: "clients"; clients: TapClient[] }
  | { type: "held"; frame: HeldFrame }
  | { type: "released"; holdId: number; how: "forward" | "drop" | "timeout" }
  /** Frames this watcher missed because it read too slowly (the app's traffic was not affected). */
  | { type: "missed"; frames: number }
  | { type: "settings"; holdTimeoutMs: number }
  | { type: "error"; time: number; message: string; field?: string };

/** Commands from a watching inspector tab (JSON text frames). */
export type TapCommand =
  | { type: "rules"; rules: TapRule[] }
  | { type: "release"; holdId: number; action: "forward" | "drop"; payload?: string }
  | { type: "inject"; clientId: number; direction: TapDirection; payload: string; binary?: boolean }
  | { type: "settings"; holdTimeoutMs: number };

/** Tap names: what may follow `/tap/` in a URL. */
const TAP_NAME = /^[a-z0-9][a-z0-9_.-]{0,47}$/i;

/** Why `name` cannot name a tap, or undefined. */
export function checkTapName(name: unknown): string | undefined {
  if (typeof name !== "string" || name === "") return "A tap needs a name";
  if (!TAP_NAME.test(name))
    return "A tap name is 1–48 characters of letters, digits, _ . - (starting with a letter or digit)";
  return undefined;
}

/** Bounds of a tap's settings and rules. */
export const TapLimits = {
  maxRules: 64,
  maxPatternLength: 512,
  maxTemplateLength: 64 * 1024,
  /** `$&`, `$1`… in one template: each copies up to a whole frame into the new one. */
  maxTemplateReferences: 16,
  maxDelayMs: 60_000,
  minHoldTimeoutMs: 1000,
  maxHoldTimeoutMs: 600_000,
  defaultHoldTimeoutMs: 30_000,
} as const;

/**
 * Bytes of a mirrored frame's header: kind (u8), flags (u8), client id (u32), tap time (f64),
 * payload length (u32), all little-endian. One binary watch message carries one or more
 * mirrored frames back to back: a busy tap sends a few large messages rather than a message
 * per frame, which a browser could not take at tens of thousands a second.
 */
export const TAP_FRAME_HEADER_BYTES = 18;
/**
 * Flags of a mirrored frame. With `Wire`, the frame's wire size (WIRE_SIZE_BYTES) follows the
 * header, before the payload.
 */
export const TapFrameFlags = {
  ServerToClient: 1,
  Injected: 2,
  Changed: 4,
  Dropped: 8,
  Wire: 16,
} as const;

/** A mirrored data frame: what the app sent or received, as it went on (after any rule). */
export interface MirroredFrame {
  binary: boolean;
  direction: TapDirection;
  clientId: number;
  time: number;
  /** The frame was injected from the inspector, or changed by a rule or an edited breakpoint. */
  injected: boolean;
  changed: boolean;
  /** A rule (or the inspector, at a breakpoint) dropped it: it did not go on. */
  dropped: boolean;
  /**
   * What it took on the wire between the tap and the target (received from it, or written to
   * it), when measured; frames a rule changed or the inspector injected have none.
   */
  wire?: WireSize;
  payload: Uint8Array;
}

/** Bytes before a mirrored frame's payload: its header, and its wire size when it has one. */
export function mirroredPrefixBytes(frame: Pick<MirroredFrame, "wire">): number {
  return TAP_FRAME_HEADER_BYTES + (frame.wire ? WIRE_SIZE_BYTES : 0);
}

/**
 * Writes a mirrored frame's header (and wire size) into `view` at `offset`; its payload follows
 * them there, mirroredPrefixBytes(frame) further on.
 */
export function writeMirroredHeader(
  view: DataView,
  offset: number,
  frame: Omit<MirroredFrame, "payload">,
  payloadLength: number,
): void {
  view.setUint8(offset, frame.binary ? 2 : 1);
  view.setUint8(
    offset + 1,
    (frame.direction === "s2c" ? TapFrameFlags.ServerToClient : 0) |
      (frame.injected ? TapFrameFlags.Injected : 0) |
      (frame.changed ? TapFrameFlags.Changed : 0) |
      (frame.dropped ? TapFrameFlags.Dropped : 0) |
      (frame.wire ? TapFrameFlags.Wire : 0),
  );
  view.setUint32(offset + 2, frame.clientId, true);
  view.setFloat64(offset + 6, frame.time, true);
  view.setUint32(offset + 14, payloadLength, true);
  if (frame.wire) writeWireSize(view, offset + TAP_FRAME_HEADER_BYTES, frame.wire);
}

/** Encodes one mirrored frame (a watch message may hold several, concatenated). */
export function encodeMirroredFrame(frame: MirroredFrame): Uint8Array {
  const start = mirroredPrefixBytes(frame);
  const bytes = new Uint8Array(start + frame.payload.byteLength);
  writeMirroredHeader(new DataView(bytes.buffer), 0, frame, frame.payload.byteLength);
  bytes.set(frame.payload, start);
  return bytes;
}

/**
 * The frames of one binary watch message in columns, one entry per frame: what a reader needs
 * without an object per frame. Payloads stay in the message, at `starts` for `lengths` bytes.
 */
export interface MirroredColumns {
  count: number;
  binary: Uint8Array;
  /** TapFrameFlags. */
  flags: Uint8Array;
  clientIds: Uint32Array;
  times: Float64Array;
  starts: Uint32Array;
  lengths: Uint32Array;
  /** The wire size of each frame with the Wire flag (zeros for the others). */
  wirePayloads: Uint32Array;
  wireOverheads: Uint32Array;
  wireCompressed: Uint8Array;
}

/**
 * Reads the headers of one binary watch message into columns; null when the message is not a
 * run of one or more whole frames (a header cut short, or a length past the end).
 */
export function readMirroredColumns(buffer: ArrayBuffer): MirroredColumns | null {
  const view = new DataView(buffer);
  const end = buffer.byteLength;
  // First the frame count (and whether the message holds together), then the columns.
  let count = 0;
  for (let at = 0; at < end; count++) {
    if (end - at < TAP_FRAME_HEADER_BYTES) return null;
    const start = at + prefixBytes(view.getUint8(at + 1));
    const length = view.getUint32(at + 14, true);
    if (start > end || length > end - start) return null;
    at = start + length;
  }
  if (count === 0) return null;
  const columns: MirroredColumns = {
    count,
    binary: new Uint8Array(count),
    flags: new Uint8Array(count),
    clientIds: new Uint32Array(count),
    times: new Float64Array(count),
    starts: new Uint32Array(count),
    lengths: new Uint32Array(count),
    wirePayloads: new Uint32Array(count),
    wireOverheads: new Uint32Array(count),
    wireCompressed: new Uint8Array(count),
  };
  for (let i = 0, at = 0; i < count; i++) {
    const flags = view.getUint8(at + 1);
    const start = at + prefixBytes(flags);
    const length = view.getUint32(at + 14, true);
    columns.binary[i] = view.getUint8(at) === 2 ? 1 : 0;
    columns.flags[i] = flags;
    columns.clientIds[i] = view.getUint32(at + 2, true);
    columns.times[i] = view.getFloat64(at + 6, true);
    columns.starts[i] = start;
    columns.lengths[i] = length;
    if (flags & TapFrameFlags.Wire) {
      const wire = readWireSize(view, at + TAP_FRAME_HEADER_BYTES);
      columns.wirePayloads[i] = wire.payload;
      columns.wireOverheads[i] = wire.overhead;
      columns.wireCompressed[i] = wire.compressed ? 1 : 0;
    }
    at = start + length;
  }
  return columns;
}

/** Bytes before the payload of a frame with these flags. */
function prefixBytes(flags: number): number {
  return TAP_FRAME_HEADER_BYTES + (flags & TapFrameFlags.Wire ? WIRE_SIZE_BYTES : 0);
}

/**
 * Reads the mirrored frames of one binary watch message, in order; null when the message is not
 * a run of whole frames (see readMirroredColumns). Payloads are views into `buffer`, not copies.
 */
export function decodeMirroredFrames(buffer: ArrayBuffer): MirroredFrame[] | null {
  const columns = readMirroredColumns(buffer);
  if (!columns) return null;
  return Array.from({ length: columns.count }, (_, i): MirroredFrame => {
    const flags = columns.flags[i] ?? 0;
    return {
      binary: columns.binary[i] === 1,
      direction: flags & TapFrameFlags.ServerToClient ? "s2c" : "c2s",
      injected: (flags & TapFrameFlags.Injected) !== 0,
      changed: (flags & TapFrameFlags.Changed) !== 0,
      dropped: (flags & TapFrameFlags.Dropped) !== 0,
      clientId: columns.clientIds[i] ?? 0,
      time: columns.times[i] ?? 0,
      ...(flags & TapFrameFlags.Wire
        ? {
            wire: {
              payload: columns.wirePayloads[i] ?? 0,
              overhead: columns.wireOverheads[i] ?? 0,
              compressed: columns.wireCompressed[i] === 1,
            },
          }
        : {}),
      payload: new Uint8Array(buffer, columns.starts[i], columns.lengths[i]),
    };
  });
}
