/**
 * Engine.IO v4 and Socket.IO v5 packets over a WebSocket, read and written with the official
 * `engine.io-parser` and `socket.io-parser`. A WebSocket frame carries one Engine.IO packet: a
 * text frame starts with its type digit, a binary frame is a Socket.IO attachment. The parsers
 * trust their peer, so this reader puts the limits around them: nesting depth, attachments per
 * packet, ack ids that stay exact, and a decoder that starts over after any error rather than
 * stay stuck half-way through a binary packet.
 */
import { decodePacket, encodePacket } from "engine.io-parser";
import { Decoder, Encoder, isPacketValid, type Packet, PacketType } from "socket.io-parser";
import { nestingDepth, parseJson } from "../json-guard.ts";
import type { WireData } from "./types.ts";

/** Socket.IO packet types by name. */
export type SocketIoType = keyof typeof PacketType;

/** A Socket.IO packet, as the session and the decoders see it. */
export interface SocketIoPacket {
  type: SocketIoType;
  nsp: string;
  /** The ack id: an EVENT that wants an ack, or the ACK that answers it. */
  id?: number;
  data?: unknown;
  /** Binary attachments the packet announced (BINARY_EVENT and BINARY_ACK). */
  attachments?: number;
}

/** Engine.IO's handshake, from its open packet. */
export interface EngineHandshake {
  sid: string;
  pingInterval: number;
  pingTimeout: number;
  maxPayload?: number;
  upgrades: string[];
}

/** What one frame is. */
export type EngineRead =
  | { kind: "open"; handshake: EngineHandshake }
  | { kind: "close" | "upgrade" | "noop" }
  | { kind: "ping" | "pong"; probe: boolean }
  /** A whole Socket.IO packet (a binary one with its attachments in place). */
  | { kind: "packet"; packet: SocketIoPacket; problem?: string }
  /** The text part of a BINARY_EVENT or BINARY_ACK; its attachments follow. */
  | { kind: "header"; packet: SocketIoPacket; dropped?: string }
  /** An attachment; `packet` once the last one came. */
  | { kind: "attachment"; header: SocketIoPacket; index: number; packet?: SocketIoPacket }
  | { kind: "invalid"; problem: string };

/** Bounds of the reader. */
export interface SocketIoLimits {
  /** Attachments one packet may announce (socket.io-parser's own default). @default 10 */
  maxAttachments: number;
  /** Deepest JSON nesting of a packet. @default 64 */
  maxDepth: number;
}

const defaultLimits: SocketIoLimits = { maxAttachments: 10, maxDepth: 64 };

const TYPE_NAMES = Object.fromEntries(
  Object.entries(PacketType).filter(([, value]) => typeof value === "number"),
) as Record<SocketIoType, number>;

/** The name of a numeric packet type. */
function typeName(type: number): SocketIoType {
  return PacketType[type] as SocketIoType;
}

/** What each packet type carries, in words, for a packet the parser refused. */
const SHAPES: Record<SocketIoType, string> = {
  CONNECT: "an optional auth object",
  DISCONNECT: "no data",
  EVENT: "a JSON array whose first item is the event name",
  ACK: "an ack id and a JSON array",
  CONNECT_ERROR: "a message or an object",
  BINARY_EVENT: "an attachment count, then a JSON array",
  BINARY_ACK: "an attachment count, an ack id and a JSON array",
};

/**
 * Reads one side of a connection, frame by frame. Keeps a partly received binary packet between
 * frames; every other frame is read on its own.
 */
export function makeSocketIoReader(limits: Partial<SocketIoLimits> = {}) {
  const { maxAttachments, maxDepth } = { ...defaultLimits, ...limits };
  let decoder = newDecoder();
  let decoded: Packet | undefined;
  /** The binary packet whose attachments are due, and how many came. */
  let partial: { header: SocketIoPacket; received: number } | undefined;

  function newDecoder() {
    const fresh = new Decoder({ maxAttachments });
    fresh.on("decoded", (packet: Packet) => {
      decoded = packet;
    });
    return fresh;
  }

  /** Drops the decoder's state: after an error it would refuse everything that follows. */
  function startOver() {
    decoder.destroy();
    decoder = newDecoder();
    partial = undefined;
  }

  /** Describes the binary packet given up, for the reading of the frame that ended it. */
  function abandonPartial(): string | undefined {
    if (!partial) return undefined;
    const { header, received } = partial;
    startOver();
    return `${describeType(header)} announced ${header.attachments} attachments but ${received} came before the next text packet: it is dropped`;
  }

  function readMessage(text: string): EngineRead {
    const dropped = abandonPartial();
    const withDropped = <T extends EngineRead>(read: T): T =>
      dropped === undefined
        ? read
        : read.kind === "invalid"
          ? ({ ...read, problem: `${dropped}. ${read.problem}` } as T)
          : read.kind === "packet"
            ? ({ ...read, problem: read.problem ? `${dropped}. ${read.problem}` : dropped } as T)
            : ({ ...read, dropped } as T);
    if (text === "")
      return withDropped({
        kind: "invalid",
        problem: "An Engine.IO message with no Socket.IO packet in it",
      });
    if (nestingDepth(text) > maxDepth)
      return withDropped({
        kind: "invalid",
        problem: `The packet's JSON nests deeper than ${maxDepth} levels: it is not read`,
      });
    const type = typeName(Number(text[0]));
    decoded = undefined;
    try {
      decoder.add(text);
    } catch (error) {
      startOver();
      return withDropped({
        kind: "invalid",
        problem: refusal(type, text, (error as Error).message),
      });
    }
    if (decoded === undefined) {
      // socket.io-parser holds a binary packet until its attachments come: read the header
      // again as the plain packet it stands for, to show what is on its way.
      const header = readBinaryHeader(text);
      if (!header) {
        startOver();
        return withDropped({ kind: "invalid", problem: refusal(type, text, "invalid payload") });
      }
      partial = { header, received: 0 };
      return withDropped({ kind: "header", packet: header });
    }
    const packet = toPacket(decoded);
    const invalid = checkPacket(packet, decoded);
    if (invalid) return withDropped({ kind: "invalid", problem: invalid });
    return withDropped({ kind: "packet", packet, ...idProblem(packet, text) });
  }

  function readAttachment(bytes: Uint8Array): EngineRead {
    if (!partial)
      return {
        kind: "invalid",
        problem:
          "A binary frame came, but no BINARY_EVENT or BINARY_ACK announced an attachment: it is not read",
      };
    const { header } = partial;
    const index = partial.received++;
    decoded = undefined;
    try {
      decoder.add(exactBuffer(bytes));
    } catch (error) {
      startOver();
      const message = (error as Error).message;
      return {
        kind: "invalid",
        problem:
          message === "illegal attachments"
            ? `${describeType(header)} has a placeholder that points to no attachment (${header.attachments} came): it is dropped`
            : `${describeType(header)} could not be put together: ${message}`,
      };
    }
    if (decoded === undefined) return { kind: "attachment", header, index };
    partial = undefined;
    const packet = { ...toPacket(decoded), type: header.type };
    delete packet.attachments;
    return { kind: "attachment", header, index, packet };
  }

  return {
    /** What `data` is; never throws. */
    read(data: WireData): EngineRead {
      if (typeof data !== "string") return readAttachment(data);
      if (data === "")
        return { kind: "invalid", problem: "An empty text frame is no Engine.IO packet" };
      const engine = decodePacket(data, "arraybuffer");
      switch (engine.type) {
        case "open":
          return readOpen(typeof engine.data === "string" ? engine.data : "");
        case "ping":
        case "pong":
          if (engine.data !== undefined && engine.data !== "probe")
            return {
              kind: "invalid",
              problem: `A ${engine.type} carries nothing or "probe", not ${quote(String(engine.data))}`,
            };
          return { kind: engine.type, probe: engine.data === "probe" };
        case "close":
        case "upgrade":
        case "noop":
          if (engine.data !== undefined)
            return { kind: "invalid", problem: `A ${engine.type} packet carries no data` };
          return { kind: engine.type };
        case "message":
          if (engine.data === undefined) return readMessage("");
          if (typeof engine.data !== "string")
            return readAttachment(new Uint8Array(engine.data as ArrayBuffer));
          return readMessage(engine.data);
        default:
          return {
            kind: "invalid",
            problem: `${quote(data.slice(0, 1))} is no Engine.IO packet type (they are 0–6)`,
          };
      }
    },
    /** Whether a binary packet is waiting for attachments. */
    get waiting(): boolean {
      return partial !== undefined;
    },
  };

  function readBinaryHeader(text: string): SocketIoPacket | undefined {
    const match = /^([56])(\d+)-/.exec(text);
    if (!match) return undefined;
    const plain = new Decoder();
    let packet: Packet | undefined;
    plain.on("decoded", (p: Packet) => {
      packet = p;
    });
    try {
      // The same packet without its binary marks: a BINARY_EVENT reads as an EVENT.
      plain.add(`${match[1] === "5" ? "2" : "3"}${text.slice(match[0].length)}`);
    } catch {
      return undefined;
    }
    if (!packet) return undefined;
    const header = toPacket(packet);
    return {
      ...header,
      type: match[1] === "5" ? "BINARY_EVENT" : "BINARY_ACK",
      attachments: Number(match[2]),
    };
  }
}

function readOpen(json: string): EngineRead {
  const parsed = parseJson(json, { maxDepth: 8, maxLength: 64 * 1024 });
  const value = parsed.ok ? parsed.value : undefined;
  if (!isRecord(value) || typeof value.sid !== "string")
    return {
      kind: "invalid",
      problem: `An Engine.IO open packet carries a JSON object with a sid${parsed.ok ? "" : ` (${parsed.message})`}`,
    };
  const ms = (field: unknown) =>
    typeof field === "number" && Number.isFinite(field) && field > 0 ? field : Number.NaN;
  return {
    kind: "open",
    handshake: {
      sid: value.sid,
      pingInterval: ms(value.pingInterval),
      pingTimeout: ms(value.pingTimeout),
      ...(typeof value.maxPayload === "number" ? { maxPayload: value.maxPayload } : {}),
      upgrades: Array.isArray(value.upgrades)
        ? value.upgrades.filter((u): u is string => typeof u === "string")
        : [],
    },
  };
}

function toPacket(packet: Packet): SocketIoPacket {
  return {
    type: typeName(packet.type),
    nsp: packet.nsp,
    ...(packet.id !== undefined ? { id: packet.id } : {}),
    ...(packet.data !== undefined ? { data: packet.data } : {}),
    ...(packet.attachments !== undefined ? { attachments: packet.attachments } : {}),
  };
}

/** Why a packet the parser decoded still breaks the protocol, or undefined. */
function checkPacket(packet: SocketIoPacket, raw: Packet): string | undefined {
  if (!isPacketValid(raw)) return `${describeType(packet)} needs ${SHAPES[packet.type]}`;
  if ((packet.type === "ACK" || packet.type === "BINARY_ACK") && packet.id === undefined)
    return `${describeType(packet)} needs the ack id it answers`;
  return undefined;
}

/** An ack id beyond 2^53 cannot be told from its neighbours, so it cannot be paired. */
function idProblem(packet: SocketIoPacket, text: string): { problem?: string } {
  if (packet.id === undefined || Number.isSafeInteger(packet.id)) return {};
  // The digits as sent: the number the parser made of them is rounded.
  const digits = /^\d(?:[^,[{"]*,)?(\d+)/.exec(text)?.[1] ?? String(packet.id);
  const shown = digits.length > 40 ? `${digits.slice(0, 40)}…` : digits;
  return { problem: `Ack id ${shown} is beyond 2^53: it is shown but not paired` };
}

function refusal(type: SocketIoType | undefined, text: string, reason: string): string {
  if (type === undefined)
    return `${quote(`4${text.slice(0, 1)}`)} starts no Socket.IO packet: its type digit is 0–6`;
  const why =
    reason === "invalid payload"
      ? `needs ${SHAPES[type]}`
      : reason === "too many attachments"
        ? `announces more attachments than the ${defaultLimits.maxAttachments} allowed`
        : reason === "Illegal attachments"
          ? "has no valid attachment count"
          : reason;
  const frame = `4${text}`;
  return `${type} ${why}: ${quote(frame.length > 80 ? `${frame.slice(0, 80)}…` : frame)} is not read`;
}

/** `EVENT "echo"`, `ACK 3`, `CONNECT /secure`: a packet in a few words. */
export function describeType(packet: SocketIoPacket): string {
  const nsp = packet.nsp !== "/" ? ` ${packet.nsp}` : "";
  const event =
    (packet.type === "EVENT" || packet.type === "BINARY_EVENT") && Array.isArray(packet.data)
      ? ` ${JSON.stringify(packet.data[0])}`
      : "";
  return `${packet.type}${nsp}${event}`;
}

function quote(text: string): string {
  return JSON.stringify(text);
}

/** Bytes as an ArrayBuffer of exactly their length. */
function exactBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? (bytes.buffer as ArrayBuffer)
    : (bytes.slice().buffer as ArrayBuffer);
}

/** The frames of a Socket.IO packet: its text (in an Engine.IO message), then its attachments. */
export function encodeSocketIo(packet: SocketIoPacket): WireData[] {
  const parts = new Encoder().encode({
    type: TYPE_NAMES[packet.type] as PacketType,
    nsp: packet.nsp,
    ...(packet.id !== undefined ? { id: packet.id } : {}),
    ...(packet.data !== undefined ? { data: packet.data } : {}),
  }) as (string | ArrayBuffer | ArrayBufferView)[];
  return parts.map((part) => {
    if (typeof part === "string") return engineMessage(part);
    return part instanceof ArrayBuffer
      ? new Uint8Array(part)
      : new Uint8Array(part.buffer, part.byteOffset, part.byteLength);
  });
}

/** An Engine.IO message packet around Socket.IO text. */
function engineMessage(text: string): string {
  let frame = "";
  encodePacket({ type: "message", data: text }, true, (encoded: unknown) => {
    frame = encoded as string;
  });
  return frame;
}

/** Engine.IO's pong, the answer to its ping. */
export const ENGINE_PONG = "3";

/** Values with bytes in them made showable: bytes become `{"$bytes": "<hex>"}`. */
export function showable(value: unknown): unknown {
  if (value instanceof ArrayBuffer) return { $bytes: hex(new Uint8Array(value)) };
  if (ArrayBuffer.isView(value))
    return { $bytes: hex(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)) };
  if (Array.isArray(value)) return value.map(showable);
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value))
      Object.defineProperty(out, key, { value: showable(item), enumerable: true, writable: true });
    return out;
  }
  return value;
}

/** JSON values from a composer: `{"$bytes": "<hex>"}` becomes bytes (a binary attachment). */
export function withBytes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withBytes);
  if (isRecord(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === "$bytes" && typeof value.$bytes === "string") {
      const digits = value.$bytes.replace(/\s+/g, "");
      if (/^(?:[0-9a-fA-F]{2})*$/.test(digits)) {
        const bytes = new Uint8Array(digits.length / 2);
        for (let i = 0; i < bytes.length; i++)
          bytes[i] = Number.parseInt(digits.slice(i * 2, i * 2 + 2), 16);
        return bytes;
      }
    }
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value))
      Object.defineProperty(out, key, { value: withBytes(item), enumerable: true, writable: true });
    return out;
  }
  return value;
}

function hex(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) text += byte.toString(16).padStart(2, "0");
  return text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
