/**
 * Protocol sessions: Socket.IO v4, GraphQL over WebSocket (graphql-transport-ws) and JSON-RPC
 * 2.0 spoken over a plain WebSocket, by the inspector's capture worker and the headless scenario
 * runner alike. Each session is a pure state machine: frames in, frames to send out, and a
 * reading of every frame (what it is, what it asks or answers). See docs/protocols.md.
 */
import type { PairItem } from "../pairing/pairing.ts";

/** The protocols a session can speak; `raw` is plain frames, paired on JSON fields if asked. */
export type ProtocolId = "raw" | "socketio" | "graphql-ws" | "jsonrpc";

/** Every protocol, in the order menus list them. */
export const PROTOCOL_IDS: readonly ProtocolId[] = ["raw", "socketio", "graphql-ws", "jsonrpc"];

/** How people call each protocol. */
export const PROTOCOL_NAMES: Record<ProtocolId, string> = {
  raw: "Raw",
  socketio: "Socket.IO v4",
  "graphql-ws": "GraphQL over WebSocket",
  jsonrpc: "JSON-RPC 2.0",
};

/** A frame's data: text, or bytes. */
export type WireData = string | Uint8Array;

/** What a session makes of one frame. */
export interface FrameReading {
  /** One short line: `EVENT "echo" ack 3`, `next 1`, `call add id 7`. */
  summary: string;
  /** Keep-alive traffic (Engine.IO ping/pong, GraphQL ping/pong) the log can fold away. */
  heartbeat?: true;
  /** How the frame breaks the protocol, and what the session did about it. */
  problem?: string;
  /** What the frame asks or answers (a JSON-RPC batch holds several). */
  items?: PairItem[];
  /**
   * The application's message a frame completes, decoded, where the wire form is not plain JSON:
   * a Socket.IO event as `[event, ...args]`, bytes as `{"$bytes": "<hex>"}`.
   */
  message?: unknown;
}

/** Pairing on two JSON fields, for a protocol of one's own. Paths look like `$.reqId`. */
export interface FieldPairing {
  /** Where a request carries its id. */
  requestPath: string;
  /** Where a reply carries the id of the request it answers. */
  replyPath: string;
  /** Where a request carries its method or type, for the statistics. */
  namePath?: string;
  /** A reply with a value here reports an error. */
  errorPath?: string;
}

/** What to speak on a connection, and how. */
export interface ProtocolConfig {
  /** `auto` detects it from the URL, the subprotocol and the first frames. @default "auto" */
  protocol: ProtocolId | "auto";
  /** Socket.IO: the namespace to connect when Engine.IO opens, with its auth payload. */
  socketio?: { namespace?: string; auth?: unknown };
  /** GraphQL: the payload of connection_init. */
  graphql?: { initPayload?: unknown };
  /** Raw: pair requests and replies on these fields. */
  fields?: FieldPairing;
}

/** What a user can ask a session to do. */
export type ProtocolAction =
  | { kind: "socketio-connect"; namespace: string; auth?: unknown }
  | { kind: "socketio-disconnect"; namespace: string }
  | {
      kind: "emit";
      namespace?: string;
      event: string;
      /** JSON values; `{"$bytes": "<hex>"}` anywhere becomes a binary attachment. */
      args: unknown[];
      ack: boolean;
    }
  | { kind: "graphql-init"; payload?: unknown }
  | {
      kind: "subscribe";
      query: string;
      variables?: Record<string, unknown>;
      operationName?: string;
    }
  | { kind: "complete"; id: string }
  | { kind: "graphql-ping" }
  | {
      kind: "call";
      /** One call, or a batch of several. */
      calls: { method: string; params?: unknown; notification?: boolean }[];
    };

/** The result of an action: the frames to send, or why it cannot be done now. */
export type ActionResult =
  | {
      ok: true;
      send: WireData[];
      /** The request's id, when it has one (ack id, operation id). */
      id?: string;
    }
  | { ok: false; error: string };

/** A Socket.IO namespace as the session knows it. */
export interface NamespaceState {
  name: string;
  state: "connecting" | "connected" | "refused" | "disconnected";
  /** The socket id the server gave. */
  sid?: string;
  /** Why it was refused, in the server's words. */
  error?: string;
}

/** A GraphQL operation as the session knows it. */
export interface OperationState {
  id: string;
  name: string;
  state: "waiting" | "active" | "completed" | "failed" | "cancelled";
  /** `next` messages so far. */
  nexts: number;
  error?: string;
}

/** What the UI shows of a session. */
export type SessionState =
  | { protocol: "raw"; fields?: FieldPairing }
  | {
      protocol: "socketio";
      /** Engine.IO's open packet, once it came. */
      engine?: { sid: string; pingInterval: number; pingTimeout: number };
      namespaces: NamespaceState[];
      /** Pings answered. */
      pongs: number;
    }
  | {
      protocol: "graphql-ws";
      acknowledged: boolean;
      /** The latest operations (at most 50), newest last. */
      operations: OperationState[];
    }
  | { protocol: "jsonrpc"; nextId: number };

/** A protocol spoken on one connection. */
export interface ProtocolSession {
  readonly protocol: ProtocolId;
  /** The socket opened with this subprotocol: the frames to send first. */
  open(subprotocol: string): { send: WireData[]; problem?: string };
  /** A received frame: what it is, and what to answer at once (a pong, a namespace connect). */
  receive(data: WireData): { reading?: FrameReading; send: WireData[] };
  /** A frame that left, from the session or typed by hand: what it is. */
  sent(data: WireData): FrameReading | undefined;
  /** A user's action, as frames to send. */
  act(action: ProtocolAction): ActionResult;
  state(): SessionState;
  /** Reads no frame and answers none: raw without field pairing (the capture can skip it). */
  readonly passive?: boolean;
}
