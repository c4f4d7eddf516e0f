/**
 * The relay protocol between the inspector (client) and the bundled server's `/relay`
 * (see docs/relay.md). Text frames carry JSON control messages; binary frames carry data
 * frames with a small header. Pure TypeScript with no Node APIs: the capture worker uses it too.
 * `relay-command.ts` checks every command against these types before the relay acts on it.
 */
import { readWireSize, WIRE_SIZE_BYTES, type WireSize, writeWireSize } from "./wire-size.ts";

export type { WireSize } from "./wire-size.ts";

/** A header as sent or received, in order, names as written. */
export type HeaderList = [name: string, value: string][];

/** First message from the client: what to dial and how. */
export interface RelayConnect {
  type: "connect";
  url: string;
  protocols: string[];
  headers: HeaderList;
  /** Origin header to send; omitted sends none. */
  origin?: string;
  /** @default 10000 */
  handshakeTimeoutMs?: number;
  /** @default false */
  followRedirects?: boolean;
  /** Answer the target's pings automatically. @default true */
  autoPong?: boolean;
}

/** Where the relay is and what to ask it to dial: the inspector's relay settings. */
export interface RelaySettings {
  /** The bundled server's relay, e.g. `ws://127.0.0.1:7777/relay`. */
  relayUrl: string;
  connect: Omit<RelayConnect, "type" | "url" | "protocols">;
}

/** Control messages from the client after `connect`. */
export type RelayCommand =
  | RelayConnect
  | { type: "ping"; data: string /* base64 */ }
  | { type: "close"; code?: number; reason?: string }
  | { type: "auto-pong"; enabled: boolean };

/** One upgrade request as it went out. */
export interface HandshakeRequest {
  method: string;
  url: string;
  headers: HeaderList;
}

/** The answer to an upgrade request. */
export interface HandshakeResponse {
  status: number;
  statusText: string;
  headers: HeaderList;
  body?: string;
}

/** The handshake as the relay saw it on the wire. */
export interface HandshakeReport {
  /** The last request: the one that opened, or was refused. */
  request: HandshakeRequest;
  response?: HandshakeResponse;
  /** Requests answered with a redirect that the relay followed, in order, before `request`. */
  redirects?: { request: HandshakeRequest; response: HandshakeResponse }[];
  /** Relay time (epoch ms) the request went out, and how long until the answer. */
  startedAt: number;
  durationMs: number;
}

/** Events the relay reports as JSON text frames. All `time`s are relay clock, epoch ms. */
export type RelayEvent =
  | { type: "open"; time: number; protocol: string; extensions: string; handshake: HandshakeReport }
  | {
      type: "rejected";
      time: number;
      handshake: HandshakeReport;
      message: string;
      diagnosis?: string;
    }
  | { type: "ping"; time: number; from: "server" | "client"; data: string }
  | { type: "pong"; time: number; from: "server" | "client"; data: string; rtt?: number }
  | {
      type: "close";
      time: number;
      code: number;
      reason: string;
      side: "server" | "client" | "relay";
    }
  /** `wire`: what the frame took on the wire to the target, when the relay could measure it. */
  | { type: "sent"; time: number; wire?: WireSize }
  | {
      type: "error";
      time: number;
      message: string;
      diagnosis?: string;
      /** The command field that was refused, e.g. `headers[1][1]`, when a command was invalid. */
      field?: string;
    };

/** Kinds of data frame on the binary channel. */
export const DataKind = { Text: 1, Binary: 2 } as const;

/** Header of a relay→client data frame: kind (1 byte) + relay time (float64, little-endian). */
export const DATA_HEADER_BYTES = 9;

/**
 * Set in a relay→client kind byte when the frame's wire size (WIRE_SIZE_BYTES) follows the
 * relay time: what it took on the wire from the target, compressed or not.
 */
export const WIRE_FLAG = 0x80;

/** A client→relay data frame: kind byte, then the payload. */
export function encodeOutgoing(kind: number, payload: Uint8Array): Uint8Array {
  const frame = new Uint8Array(1 + payload.byteLength);
  frame[0] = kind;
  frame.set(payload, 1);
  return frame;
}

/** A relay→client data frame: kind byte, relay time, the wire size if known, then the payload. */
export function encodeIncoming(
  kind: number,
  time: number,
  payload: Uint8Array,
  wire?: WireSize,
): Uint8Array {
  const start = DATA_HEADER_BYTES + (wire ? WIRE_SIZE_BYTES : 0);
  const frame = new Uint8Array(start + payload.byteLength);
  const view = new DataView(frame.buffer);
  frame[0] = wire ? kind | WIRE_FLAG : kind;
  view.setFloat64(1, time, true);
  if (wire) writeWireSize(view, DATA_HEADER_BYTES, wire);
  frame.set(payload, start);
  return frame;
}

/** Reads a relay→client data frame; null when it is too short to be one. */
export function decodeIncoming(
  frame: ArrayBuffer,
): { kind: number; time: number; payload: Uint8Array; wire?: WireSize } | null {
  if (frame.byteLength < DATA_HEADER_BYTES) return null;
  const view = new DataView(frame);
  const first = view.getUint8(0);
  const time = view.getFloat64(1, true);
  if ((first & WIRE_FLAG) === 0)
    return { kind: first, time, payload: new Uint8Array(frame, DATA_HEADER_BYTES) };
  if (frame.byteLength < DATA_HEADER_BYTES + WIRE_SIZE_BYTES) return null;
  return {
    kind: first & ~WIRE_FLAG,
    time,
    wire: readWireSize(view, DATA_HEADER_BYTES),
    payload: new Uint8Array(frame, DATA_HEADER_BYTES + WIRE_SIZE_BYTES),
  };
}

/**
 * Plain words for a failed handshake where the client offered subprotocols and the server
 * selected none: browsers fail such a connection with close 1006 and say nothing more.
 */
export function subprotocolDiagnosis(offered: string[]): string {
  return (
    `The server accepted the upgrade but selected none of the offered subprotocols (${offered.join(", ")}). ` +
    "Browsers then fail the connection with close code 1006 and give no reason. crossws 0.4 (and so " +
    "SolidStart 2 and Nitro) selects no subprotocol unless the upgrade hook returns { protocol }. " +
    "Return one of the offered names from the server, or connect without subprotocols."
  );
}

/**
 * Plain words for a direct (browser) connection that offered subprotocols and failed before it
 * opened: the browser cannot tell why, so this names the likely cause and the way to be sure.
 */
export function directSubprotocolHint(offered: string[]): string {
  return (
    `You offered subprotocols (${offered.join(", ")}). If the server is up, the likely cause is that it ` +
    "accepted the upgrade but selected none of them, which browsers fail with close 1006 and no reason " +
    "(crossws 0.4, and so SolidStart 2 and Nitro, selects none unless the upgrade hook returns { protocol }). " +
    "Turn on Via relay to see the server's answer."
  );
}
