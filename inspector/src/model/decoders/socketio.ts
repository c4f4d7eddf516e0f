import {
  makeSocketIoReader,
  type SocketIoPacket,
  showable,
} from "../../../../echo-server/protocol/sessions/socketio-codec.ts";
import { parseJson } from "../detail/json.ts";
import type { Payload } from "../frames/frame.ts";
import type { DecodedPayload, Decoder } from "./decoder.ts";
import { clip } from "./tree.ts";

/**
 * A Socket.IO packet as the tree shows it, with a summary such as
 * `Socket.IO EVENT "chat" (namespace /chat, ack 17)`.
 */
function describePacket(packet: SocketIoPacket): DecodedPayload {
  const value: Record<string, unknown> = {
    engineIO: "MESSAGE",
    socketIO: packet.type,
    namespace: packet.nsp,
  };
  if (packet.id !== undefined) value.ackId = packet.id;
  if (packet.attachments !== undefined) value.attachments = packet.attachments;
  const where = [`namespace ${packet.nsp}`];
  if (packet.id !== undefined) where.push(`ack ${packet.id}`);
  if (packet.attachments !== undefined)
    where.push(`${packet.attachments} ${packet.attachments === 1 ? "attachment" : "attachments"}`);
  const suffix = `(${where.join(", ")})`;
  const data = showable(packet.data);
  switch (packet.type) {
    case "EVENT":
    case "BINARY_EVENT": {
      const [event, ...args] = data as unknown[];
      value.event = event;
      value.args = args;
      const name = JSON.stringify(typeof event === "string" ? clip(event) : event);
      return { summary: `Socket.IO ${packet.type} ${name} ${suffix}`, value };
    }
    case "ACK":
    case "BINARY_ACK":
      value.args = data;
      return { summary: `Socket.IO ${packet.type} ${suffix}`, value };
    case "CONNECT_ERROR": {
      value.data = data;
      const message =
        typeof data === "string" ? data : (data as { message?: unknown } | undefined)?.message;
      const detail = typeof message === "string" ? ` ${JSON.stringify(clip(message))}` : "";
      return { summary: `Socket.IO CONNECT_ERROR${detail} ${suffix}`, value };
    }
    default:
      if (packet.data !== undefined) value.data = data;
      return { summary: `Socket.IO ${packet.type} ${suffix}`, value };
  }
}

/**
 * An Engine.IO v4 text packet (OPEN, CLOSE, PING/PONG with an upgrade's "probe", UPGRADE, NOOP)
 * or a MESSAGE carrying a Socket.IO packet, read with the official parsers (see
 * echo-server/protocol/sessions/socketio-codec.ts). A frame is decoded on its own: the text of
 * a binary packet shows its placeholders, and the binary frames that follow it (the
 * attachments) carry no header to recognise them by, so they are not decoded here; the
 * session's note says which packet each belongs to.
 */
export function decodeEngineIo(payload: Payload): DecodedPayload | null {
  if (typeof payload !== "string") return null;
  const read = makeSocketIoReader().read(payload);
  switch (read.kind) {
    case "open": {
      const parsed = parseJson(payload.slice(1));
      return {
        summary: `Engine.IO OPEN sid=${read.handshake.sid}`,
        value: { engineIO: "OPEN", data: parsed?.value ?? read.handshake },
      };
    }
    case "ping":
    case "pong": {
      const name = read.kind.toUpperCase();
      return {
        summary: `Engine.IO ${name}${read.probe ? " probe" : ""}`,
        value: read.probe ? { engineIO: name, data: "probe" } : { engineIO: name },
      };
    }
    case "close":
    case "upgrade":
    case "noop": {
      const name = read.kind.toUpperCase();
      return { summary: `Engine.IO ${name}`, value: { engineIO: name } };
    }
    case "packet":
    case "header":
      return describePacket(read.packet);
    default:
      return null;
  }
}

/** The Socket.IO / Engine.IO decoder (Socket.IO negotiates no subprotocol). */
export const socketIoDecoder: Decoder = {
  id: "socketio",
  name: "Socket.IO",
  decode: decodeEngineIo,
  matchesSubprotocol: () => false,
};
