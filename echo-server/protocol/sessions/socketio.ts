/**
 * Socket.IO v4 (Engine.IO v4) over a plain WebSocket, as a client: it answers the open packet by
 * connecting a namespace (with an auth payload), answers every ping with a pong so the server
 * keeps the session, emits events with or without an ack, and reads every packet both ways,
 * binary attachments included. Acks pair with their emits on the namespace and ack id.
 */
import type { PairItem } from "../pairing/pairing.ts";
import {
  describeType,
  ENGINE_PONG,
  type EngineRead,
  encodeSocketIo,
  makeSocketIoReader,
  type SocketIoPacket,
  showable,
  withBytes,
} from "./socketio-codec.ts";
import type {
  ActionResult,
  FrameReading,
  NamespaceState,
  ProtocolAction,
  ProtocolSession,
  WireData,
} from "./types.ts";

/** Namespaces one session keeps track of; more are refused. */
const MAX_NAMESPACES = 64;
/** Longest summary of a packet's data. */
const SUMMARY_DATA_CHARS = 80;

/** Options of a Socket.IO session. */
export interface SocketIoOptions {
  /** The namespace connected as soon as Engine.IO opens. @default "/" */
  namespace?: string;
  /** Its auth payload (the server reads it as `socket.handshake.auth`). */
  auth?: unknown;
}

/** A Socket.IO v4 client session. */
export function makeSocketIoSession(options: SocketIoOptions = {}): ProtocolSession {
  const incoming = makeSocketIoReader();
  const outgoing = makeSocketIoReader();
  const namespaces = new Map<string, NamespaceState>();
  let engine: { sid: string; pingInterval: number; pingTimeout: number } | undefined;
  let pongs = 0;
  /** Whether this session saw the socket open (a session chosen later did not). */
  let sawOpen = false;
  /** The next ack id to give an emit; past every id seen going out, typed ones included. */
  let nextAckId = 0;

  function connectFrames(namespace: string, auth: unknown): WireData[] {
    return encodeSocketIo({
      type: "CONNECT",
      nsp: namespace,
      ...(auth !== undefined ? { data: auth } : {}),
    });
  }

  function setNamespace(name: string, patch: Omit<NamespaceState, "name">) {
    if (!namespaces.has(name) && namespaces.size >= MAX_NAMESPACES) return;
    namespaces.set(name, { name, ...patch });
  }

  /** What a received or sent packet is, and what it asks or answers. */
  function readPacket(packet: SocketIoPacket, from: "server" | "client"): FrameReading {
    const asker = from === "client" ? "c" : "s";
    const answerer = from === "client" ? "s" : "c";
    const items: PairItem[] = [];
    const exactId = packet.id !== undefined && Number.isSafeInteger(packet.id);
    const key = (side: string) => `${side}:${packet.nsp}:${packet.id}`;
    const label = `ack ${packet.id}`;
    switch (packet.type) {
      case "CONNECT":
        if (from === "client") setNamespace(packet.nsp, { state: "connecting" });
        else {
          const sid = (packet.data as { sid?: unknown } | undefined)?.sid;
          setNamespace(packet.nsp, {
            state: "connected",
            ...(typeof sid === "string" ? { sid } : {}),
          });
        }
        break;
      case "CONNECT_ERROR": {
        const data = packet.data as { message?: unknown } | string;
        const message = typeof data === "string" ? data : String(data?.message ?? "refused");
        if (from === "server") setNamespace(packet.nsp, { state: "refused", error: message });
        break;
      }
      case "DISCONNECT":
        setNamespace(packet.nsp, { state: "disconnected" });
        break;
      case "EVENT":
      case "BINARY_EVENT": {
        if (from === "client" && exactId) nextAckId = Math.max(nextAckId, (packet.id ?? 0) + 1);
        const event = (packet.data as unknown[])[0];
        if (exactId) items.push({ role: "request", key: key(asker), label, name: String(event) });
        return {
          summary: summarize(packet),
          ...(items.length > 0 ? { items } : {}),
          message: showable(packet.data),
        };
      }
      case "ACK":
      case "BINARY_ACK":
        if (exactId)
          items.push({ role: "reply", key: key(answerer), label, value: showable(packet.data) });
        break;
    }
    return { summary: summarize(packet), ...(items.length > 0 ? { items } : {}) };
  }

  /** What a frame is, read by one side's reader. */
  function read(
    reading: EngineRead,
    from: "server" | "client",
  ): { reading: FrameReading; open?: true; ping?: true } {
    switch (reading.kind) {
      case "open": {
        const { sid, pingInterval, pingTimeout } = reading.handshake;
        if (from === "server") engine = { sid, pingInterval, pingTimeout };
        return {
          reading: {
            summary: `OPEN sid=${sid} ping every ${seconds(pingInterval)}, timeout ${seconds(pingTimeout)}`,
          },
          ...(from === "server" ? { open: true as const } : {}),
        };
      }
      case "ping":
      case "pong":
        return {
          reading: {
            summary: `${reading.kind.toUpperCase()}${reading.probe ? " probe" : ""}`,
            heartbeat: true,
          },
          ...(reading.kind === "ping" && from === "server" && !reading.probe
            ? { ping: true as const }
            : {}),
        };
      case "close":
      case "upgrade":
      case "noop":
        return { reading: { summary: reading.kind.toUpperCase() } };
      case "invalid":
        return { reading: { summary: "not Socket.IO", problem: reading.problem } };
      case "header":
        return {
          reading: {
            summary: `${describeType(reading.packet)}, ${plural(reading.packet.attachments ?? 0, "attachment")} to follow`,
            ...(reading.dropped ? { problem: reading.dropped } : {}),
          },
        };
      case "attachment": {
        const of = reading.header.attachments ?? 0;
        const part = `attachment ${reading.index + 1} of ${of}`;
        if (!reading.packet)
          return { reading: { summary: `${describeType(reading.header)} (${part})` } };
        const whole = readPacket(reading.packet, from);
        return { reading: { ...whole, summary: `${whole.summary} (${part})` } };
      }
      case "packet": {
        const whole = readPacket(reading.packet, from);
        return { reading: reading.problem ? { ...whole, problem: reading.problem } : whole };
      }
    }
  }

  return {
    protocol: "socketio",
    open() {
      sawOpen = true;
      return { send: [] };
    },
    receive(data) {
      const { reading, open, ping } = read(incoming.read(data), "server");
      const send: WireData[] = [];
      if (ping) {
        pongs++;
        send.push(ENGINE_PONG);
      }
      if (open) {
        const namespace = options.namespace || "/";
        send.push(...connectFrames(namespace, options.auth));
      }
      return { reading, send };
    },
    sent(data) {
      return read(outgoing.read(data), "client").reading;
    },
    act(action: ProtocolAction): ActionResult {
      switch (action.kind) {
        case "socketio-connect": {
          const problem = checkNamespace(action.namespace);
          if (problem) return { ok: false, error: problem };
          return { ok: true, send: connectFrames(action.namespace, action.auth) };
        }
        case "socketio-disconnect": {
          const problem = checkNamespace(action.namespace);
          if (problem) return { ok: false, error: problem };
          return { ok: true, send: encodeSocketIo({ type: "DISCONNECT", nsp: action.namespace }) };
        }
        case "emit": {
          const nsp = action.namespace || "/";
          const problem = checkNamespace(nsp) ?? checkEvent(action.event);
          if (problem) return { ok: false, error: problem };
          // A session that began after the handshake (the protocol was chosen late) has not
          // seen the namespace connect, so it lets the server decide.
          const state = namespaces.get(nsp)?.state;
          const joinedLate = !sawOpen && engine === undefined && state === undefined;
          if (state !== "connected" && !joinedLate)
            return {
              ok: false,
              error:
                state === "refused"
                  ? `Namespace ${nsp} refused the connection: connect it again first`
                  : state === "connecting"
                    ? `Namespace ${nsp} is still connecting`
                    : `Namespace ${nsp} is not connected: connect it first`,
            };
          const id = action.ack ? nextAckId++ : undefined;
          return {
            ok: true,
            send: encodeSocketIo({
              type: "EVENT",
              nsp,
              ...(id !== undefined ? { id } : {}),
              data: [action.event, ...(withBytes(action.args) as unknown[])],
            }),
            ...(id !== undefined ? { id: String(id) } : {}),
          };
        }
        default:
          return { ok: false, error: "Socket.IO sessions connect namespaces and emit events" };
      }
    },
    state() {
      return {
        protocol: "socketio",
        ...(engine ? { engine } : {}),
        namespaces: [...namespaces.values()],
        pongs,
      };
    },
  };
}

/** Why a namespace name cannot be used, or undefined. */
export function checkNamespace(namespace: string): string | undefined {
  if (!namespace.startsWith("/")) return "A namespace starts with /, like /chat";
  if (/[,\s]/.test(namespace)) return "A namespace has no commas or spaces";
  if (namespace.length > 200) return "A namespace is at most 200 characters";
  return undefined;
}

/** Why an event name cannot be emitted, or undefined. */
export function checkEvent(event: string): string | undefined {
  if (event === "") return "Name the event";
  if (
    [
      "connect",
      "connect_error",
      "disconnect",
      "disconnecting",
      "newListener",
      "removeListener",
    ].includes(event)
  )
    return `${event} is reserved by Socket.IO and cannot be emitted`;
  return undefined;
}

/** A packet in one line: `EVENT "echo" ack 3 ["hi"]`, `ACK 3 ["hi"]`, `CONNECT /secure`. */
function summarize(packet: SocketIoPacket): string {
  const nsp = packet.nsp !== "/" ? ` ${packet.nsp}` : "";
  const data = packet.data === undefined ? "" : ` ${clip(JSON.stringify(showable(packet.data)))}`;
  switch (packet.type) {
    case "EVENT":
    case "BINARY_EVENT": {
      const [event, ...args] = packet.data as unknown[];
      const ack = packet.id !== undefined ? ` ack ${packet.id}` : "";
      return `${packet.type}${nsp} ${JSON.stringify(event)}${ack} ${clip(JSON.stringify(showable(args)))}`;
    }
    case "ACK":
    case "BINARY_ACK":
      return `${packet.type}${nsp} ${packet.id}${data}`;
    default:
      return `${packet.type}${nsp === "" ? " /" : nsp}${data}`;
  }
}

function clip(text: string): string {
  return text.length > SUMMARY_DATA_CHARS ? `${text.slice(0, SUMMARY_DATA_CHARS)}…` : text;
}

function seconds(ms: number): string {
  return Number.isNaN(ms) ? "?" : `${ms / 1000} s`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
