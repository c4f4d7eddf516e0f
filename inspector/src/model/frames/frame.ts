import type { HandshakeReport } from "../../../../echo-server/protocol/relay-wire.ts";

/** What a row in the log is: a data frame or a connection event. Stored as a byte in the store. */
export const FrameKind = {
  Text: 1,
  Binary: 2,
  Open: 3,
  Close: 4,
  Error: 5,
  /** A note from the capture engine, such as a reconnect attempt. */
  Info: 6,
  /** Control frames, seen through the relay only (a page cannot see them). */
  Ping: 7,
  Pong: 8,
} as const;
export type FrameKind = (typeof FrameKind)[keyof typeof FrameKind];

/** Which way a frame went. Connection events have no direction. */
export const Direction = {
  None: 0,
  In: 1,
  Out: 2,
} as const;
export type Direction = (typeof Direction)[keyof typeof Direction];

/** A frame's data exactly as it crossed the wire: text frames are strings, binary frames bytes. */
export type Payload = string | ArrayBuffer;

/**
 * Which connection of a capture a frame belongs to: 0 for the session's own connection; for a
 * tap's capture, the id of the app's client connection through the tap (1, 2, …).
 */
export type StreamId = number;

/** What a tap did to a frame on its way, when it did more than pass it on. */
export type FrameMark = "injected" | "changed" | "dropped";

/** Details of a connection event, kept beside the event's row. */
export type FrameEvent =
  | {
      type: "open";
      url: string;
      protocol: string;
      extensions: string;
      handshake?: HandshakeReport;
      /** For a tap's client: the app's address (`127.0.0.1`, `192.168.1.20`). */
      remote?: string;
    }
  | {
      type: "close";
      code: number;
      reason: string;
      wasClean: boolean;
      /**
       * Who closed, when the relay or a tap could see it: the server, you (the client), the
       * relay; in a tap's capture the app (the tap's client) or the tap itself (a rule).
       */
      side?: "server" | "client" | "relay" | "app" | "tap";
      /** Set when the connection never opened: when that attempt began (epoch ms). */
      attemptStart?: number;
    }
  | {
      type: "error";
      message: string;
      diagnosis?: string;
      handshake?: HandshakeReport;
      /** Set when the attempt had not opened yet: when it began (epoch ms). */
      attemptStart?: number;
    }
  | { type: "reconnect"; attempt: number; delayMs: number }
  | { type: "info"; message: string };

/** True for kinds that carry a payload (text and binary frames). */
export function isDataKind(kind: number): boolean {
  return kind === FrameKind.Text || kind === FrameKind.Binary;
}

/** The name of each kind, as the log, exports and tests spell it. */
export const KIND_NAMES = {
  [FrameKind.Text]: "text",
  [FrameKind.Binary]: "binary",
  [FrameKind.Open]: "open",
  [FrameKind.Close]: "close",
  [FrameKind.Error]: "error",
  [FrameKind.Info]: "info",
  [FrameKind.Ping]: "ping",
  [FrameKind.Pong]: "pong",
} as const;

/** A kind's name. */
export type KindName = (typeof KIND_NAMES)[FrameKind];
