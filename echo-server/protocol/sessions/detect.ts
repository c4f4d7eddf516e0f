/**
 * Which protocol a connection speaks, guessed the way a person would: from the URL and the
 * subprotocols offered before it connects, from the subprotocol the server chose, and from the
 * first frames. And what a protocol needs of the URL and subprotocols to connect at all.
 */
import { parseJson } from "../json-guard.ts";
import { GRAPHQL_TRANSPORT_WS } from "./graphql-ws.ts";
import type { ProtocolId, WireData } from "./types.ts";

/** A guess and what it rests on, in words. */
export interface Detection {
  protocol: ProtocolId;
  reason: string;
}

/** Frames read for a guess; after them a connection that looked like none stays raw. */
export const DETECTION_FRAMES = 8;

/** A guess from the URL and the subprotocols offered, before connecting. */
export function detectFromTarget(url: string, protocols: readonly string[]): Detection | undefined {
  if (protocols.includes(GRAPHQL_TRANSPORT_WS))
    return { protocol: "graphql-ws", reason: `the subprotocol ${GRAPHQL_TRANSPORT_WS} is offered` };
  const parsed = parseUrl(url);
  if (!parsed) return undefined;
  if (parsed.pathname.includes("/socket.io/") || parsed.searchParams.has("EIO"))
    return { protocol: "socketio", reason: "the URL is a Socket.IO endpoint" };
  const path = parsed.pathname.replace(/\/+$/, "");
  if (/\/graphql$/i.test(path))
    return { protocol: "graphql-ws", reason: "the URL ends in /graphql" };
  if (/\/(json-?rpc|rpc)$/i.test(path))
    return { protocol: "jsonrpc", reason: `the URL ends in ${path.slice(path.lastIndexOf("/"))}` };
  return undefined;
}

/** A guess from the subprotocol the server chose. */
export function detectFromSubprotocol(subprotocol: string): Detection | undefined {
  if (subprotocol === GRAPHQL_TRANSPORT_WS)
    return { protocol: "graphql-ws", reason: `the server chose ${GRAPHQL_TRANSPORT_WS}` };
  if (/^json-?rpc(?:-?2\.0)?$/i.test(subprotocol))
    return { protocol: "jsonrpc", reason: `the server chose ${subprotocol}` };
  return undefined;
}

/** A guess from one frame, either way. */
export function detectFromFrame(data: WireData, from: "server" | "client"): Detection | undefined {
  if (typeof data !== "string") return undefined;
  if (from === "server" && data.startsWith("0{")) {
    const open = parseJson(data.slice(1), { maxDepth: 8, maxLength: 64 * 1024 });
    if (open.ok && isRecord(open.value) && typeof open.value.sid === "string")
      return { protocol: "socketio", reason: "the server sent an Engine.IO open packet" };
  }
  if (!data.startsWith("{") && !data.startsWith("[")) return undefined;
  const json = parseJson(data, { maxDepth: 64, maxLength: Number.POSITIVE_INFINITY });
  if (!json.ok) return undefined;
  const first = Array.isArray(json.value) ? json.value[0] : json.value;
  if (!isRecord(first)) return undefined;
  if (first.jsonrpc === "2.0")
    return {
      protocol: "jsonrpc",
      reason: `a ${from === "server" ? "received" : "sent"} frame is JSON-RPC 2.0`,
    };
  if (
    !Array.isArray(json.value) &&
    (first.type === "connection_init" || first.type === "connection_ack")
  )
    return { protocol: "graphql-ws", reason: `a ${first.type} message went by` };
  return undefined;
}

/** The URL and subprotocols to dial with, and what was changed to make the protocol work. */
export interface PreparedTarget {
  url: string;
  protocols: string[];
  /** What was added, in words, for the log. */
  changes: string[];
}

/**
 * What a protocol needs to connect: Engine.IO answers a WebSocket only with `EIO=4` and
 * `transport=websocket` in the query, and a graphql-ws server only when the client offers
 * graphql-transport-ws. Anything the user gave stays as it is.
 */
export function prepareTarget(
  protocol: ProtocolId,
  url: string,
  protocols: readonly string[],
): PreparedTarget {
  const changes: string[] = [];
  let target = url;
  const next = [...protocols];
  if (protocol === "socketio") {
    const parsed = parseUrl(url);
    const added: string[] = [];
    if (parsed && !parsed.searchParams.has("EIO")) {
      parsed.searchParams.set("EIO", "4");
      added.push("EIO=4");
    }
    if (parsed && !parsed.searchParams.has("transport")) {
      parsed.searchParams.set("transport", "websocket");
      added.push("transport=websocket");
    }
    if (parsed && added.length > 0) {
      target = parsed.toString();
      changes.push(`Socket.IO: added ${added.join("&")} to the URL, as Engine.IO needs it`);
    }
  }
  if (protocol === "graphql-ws" && !next.includes(GRAPHQL_TRANSPORT_WS)) {
    next.push(GRAPHQL_TRANSPORT_WS);
    changes.push(
      `GraphQL: offered the subprotocol ${GRAPHQL_TRANSPORT_WS}, as graphql-ws servers need it`,
    );
  }
  return { url: target, protocols: next, changes };
}

function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
