import { parseJson } from "../detail/json.ts";
import type { Payload } from "../frames/frame.ts";
import type { DecodedPayload, Decoder } from "./decoder.ts";
import { clip } from "./tree.ts";

/** Engine.IO v3/v4 packet types, by the digit that starts a text frame. */
const ENGINE_IO_TYPES = ["OPEN", "CLOSE", "PING", "PONG", "MESSAGE", "UPGRADE", "NOOP"] as const;

/** Socket.IO v4/v5 packet types, by the digit after the Engine.IO MESSAGE digit. */
const SOCKET_IO_TYPES = [
  "CONNECT",
  "DISCONNECT",
  "EVENT",
  "ACK",
  "CONNECT_ERROR",
  "BINARY_EVENT",
  "BINARY_ACK",
] as const;

/** Event names Socket.IO reserves, which never travel as EVENT packets. */
const RESERVED_EVENTS = new Set([
  "connect",
  "connect_error",
  "disconnect",
  "disconnecting",
  "newListener",
  "removeListener",
]);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * A Socket.IO packet, the text after Engine.IO's "4":
 * `<type>[<attachments>-][<namespace>,][<ack id>][<JSON data>]`.
 */
function decodeSocketIo(text: string): DecodedPayload | null {
  const typeName = SOCKET_IO_TYPES[Number(text[0])];
  if (typeName === undefined || !/^[0-6]/.test(text)) return null;
  let rest = text.slice(1);
  const value: Record<string, unknown> = { engineIO: "MESSAGE", socketIO: typeName };

  let attachments: number | undefined;
  if (typeName === "BINARY_EVENT" || typeName === "BINARY_ACK") {
    const match = /^(\d+)-/.exec(rest);
    if (match?.[1] === undefined) return null;
    attachments = Number(match[1]);
    rest = rest.slice(match[0].length);
  }

  let namespace = "/";
  if (rest.startsWith("/")) {
    const comma = rest.indexOf(",");
    namespace = comma === -1 ? rest : rest.slice(0, comma);
    rest = comma === -1 ? "" : rest.slice(comma + 1);
  }
  value.namespace = namespace;

  const ack = /^\d+/.exec(rest)?.[0];
  const ackId = ack === undefined ? undefined : Number(ack);
  if (ackId !== undefined && !Number.isSafeInteger(ackId)) return null;
  if (ack !== undefined) rest = rest.slice(ack.length);
  if (ackId !== undefined) value.ackId = ackId;
  if (attachments !== undefined) value.attachments = attachments;

  let data: unknown;
  const hasData = rest !== "";
  if (hasData) {
    const parsed = parseJson(rest);
    if (parsed === null) return null;
    data = parsed.value;
  }

  const where = [`namespace ${namespace}`];
  if (ackId !== undefined) where.push(`ack ${ackId}`);
  if (attachments !== undefined) {
    where.push(`${attachments} ${attachments === 1 ? "attachment" : "attachments"}`);
  }
  const suffix = `(${where.join(", ")})`;

  switch (typeName) {
    case "CONNECT":
      if (hasData && !isObject(data)) return null;
      if (hasData) value.data = data;
      return { summary: `Socket.IO CONNECT ${suffix}`, value };
    case "DISCONNECT":
      if (hasData) return null;
      return { summary: `Socket.IO DISCONNECT ${suffix}`, value };
    case "CONNECT_ERROR": {
      if (!isObject(data) && typeof data !== "string") return null;
      value.data = data;
      const message = typeof data === "string" ? data : data.message;
      const detail = typeof message === "string" ? ` ${JSON.stringify(clip(message))}` : "";
      return { summary: `Socket.IO CONNECT_ERROR${detail} ${suffix}`, value };
    }
    case "EVENT":
    case "BINARY_EVENT": {
      if (!Array.isArray(data)) return null;
      const [event, ...args] = data as unknown[];
      const named = typeof event === "string" && !RESERVED_EVENTS.has(event);
      if (!named && typeof event !== "number") return null;
      value.event = event;
      value.args = args;
      const name = JSON.stringify(typeof event === "string" ? clip(event) : event);
      return { summary: `Socket.IO ${typeName} ${name} ${suffix}`, value };
    }
    default:
      // ACK and BINARY_ACK answer an ack id with the handler's arguments.
      if (ackId === undefined || !Array.isArray(data)) return null;
      value.args = data;
      return { summary: `Socket.IO ${typeName} ${suffix}`, value };
  }
}

/**
 * An Engine.IO v3/v4 text packet: OPEN handshake, CLOSE, PING/PONG (with the "probe" of an
 * upgrade), UPGRADE, NOOP, or a MESSAGE carrying a Socket.IO packet. Binary frames (Socket.IO
 * attachments) carry no header to recognise them by, so they are not decoded.
 */
export function decodeEngineIo(payload: Payload): DecodedPayload | null {
  if (typeof payload !== "string") return null;
  const typeName = ENGINE_IO_TYPES[Number(payload[0])];
  if (typeName === undefined || !/^[0-6]/.test(payload)) return null;
  const rest = payload.slice(1);
  switch (typeName) {
    case "OPEN": {
      const parsed = parseJson(rest);
      if (parsed === null || !isObject(parsed.value) || typeof parsed.value.sid !== "string") {
        return null;
      }
      return {
        summary: `Engine.IO OPEN sid=${parsed.value.sid}`,
        value: { engineIO: "OPEN", data: parsed.value },
      };
    }
    case "PING":
    case "PONG":
      if (rest !== "" && rest !== "probe") return null;
      return {
        summary: `Engine.IO ${typeName}${rest ? ` ${rest}` : ""}`,
        value: rest ? { engineIO: typeName, data: rest } : { engineIO: typeName },
      };
    case "MESSAGE":
      return decodeSocketIo(rest);
    default:
      return rest === ""
        ? { summary: `Engine.IO ${typeName}`, value: { engineIO: typeName } }
        : null;
  }
}

/** The Socket.IO / Engine.IO decoder (Socket.IO negotiates no subprotocol). */
export const socketIoDecoder: Decoder = {
  id: "socketio",
  name: "Socket.IO",
  decode: decodeEngineIo,
  matchesSubprotocol: () => false,
};
