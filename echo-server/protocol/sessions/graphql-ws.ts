/**
 * GraphQL over WebSocket, the `graphql-transport-ws` protocol of graphql-ws, as a client: it
 * sends connection_init (with a payload) when the socket opens, answers pings, subscribes with a
 * query, variables and an operation name, and completes operations. Each operation's next, error
 * and complete pair with its subscribe on the operation id.
 */
import { parseJson } from "../json-guard.ts";
import type { PairItem } from "../pairing/pairing.ts";
import type {
  ActionResult,
  FrameReading,
  OperationState,
  ProtocolAction,
  ProtocolSession,
  WireData,
} from "./types.ts";

/** The subprotocol a client offers and the server must choose. */
export const GRAPHQL_TRANSPORT_WS = "graphql-transport-ws";

/** Operations the session lists; the oldest finished ones go first. */
const MAX_LISTED = 50;
/** Deepest JSON nesting of a message. */
const MAX_DEPTH = 64;
/** Longest operation id the session keeps. */
const MAX_ID_CHARS = 200;

const CLIENT_TYPES = new Set(["connection_init", "subscribe"]);
const SERVER_TYPES = new Set(["connection_ack", "next", "error"]);
const ALL_TYPES = new Set([...CLIENT_TYPES, ...SERVER_TYPES, "ping", "pong", "complete"]);

/** Options of a GraphQL session. */
export interface GraphqlOptions {
  /** connection_init's payload (often `{ "authorization": "…" }`). */
  initPayload?: unknown;
}

/** A graphql-transport-ws client session. */
export function makeGraphqlSession(options: GraphqlOptions = {}): ProtocolSession {
  let acknowledged = false;
  let initSent = false;
  let nextId = 1;
  const operations = new Map<string, OperationState>();

  const message = (value: Record<string, unknown>) => JSON.stringify(value);
  const init = (payload: unknown) =>
    message({ type: "connection_init", ...(payload !== undefined ? { payload } : {}) });

  function list(id: string, patch: Partial<OperationState> & { name?: string }) {
    const current = operations.get(id);
    if (current) {
      operations.set(id, { ...current, ...patch });
      return;
    }
    if (operations.size >= MAX_LISTED) {
      const finished = [...operations.values()].find(
        (operation) => operation.state !== "waiting" && operation.state !== "active",
      );
      operations.delete(finished?.id ?? (operations.keys().next().value as string));
    }
    operations.set(id, { id, name: "", state: "waiting", nexts: 0, ...patch });
  }

  function read(data: WireData, from: "server" | "client"): FrameReading & { ping?: true } {
    if (typeof data !== "string")
      return {
        summary: "binary frame",
        problem: "graphql-transport-ws travels in text frames: a binary frame is not read",
      };
    const parsed = parseJson(data, { maxDepth: MAX_DEPTH, maxLength: Number.POSITIVE_INFINITY });
    if (!parsed.ok) return { summary: "not GraphQL over WebSocket", problem: parsed.message };
    const value = parsed.value;
    if (!isRecord(value) || typeof value.type !== "string")
      return {
        summary: "not GraphQL over WebSocket",
        problem: 'A graphql-transport-ws message is a JSON object with a "type"',
      };
    const type = value.type;
    if (!ALL_TYPES.has(type))
      return {
        summary: clip(type),
        problem: `${JSON.stringify(clip(type))} is no message type of graphql-transport-ws`,
      };
    const wrongSide =
      (from === "server" && CLIENT_TYPES.has(type)) ||
      (from === "client" && SERVER_TYPES.has(type));
    if (wrongSide)
      return {
        summary: type,
        problem: `A ${from} does not send ${type} in graphql-transport-ws`,
      };
    switch (type) {
      case "connection_init":
        initSent = true;
        return { summary: "connection_init" };
      case "connection_ack":
        acknowledged = true;
        return { summary: "connection_ack" };
      case "ping":
      case "pong":
        return {
          summary: type,
          heartbeat: true,
          ...(type === "ping" && from === "server" ? { ping: true as const } : {}),
        };
    }
    const id = value.id;
    if (typeof id !== "string" || id === "" || id.length > MAX_ID_CHARS)
      return {
        summary: type,
        problem: `A ${type} message needs an "id": text of 1–${MAX_ID_CHARS} characters`,
      };
    const key = `c:${id}`;
    const label = `operation ${id}`;
    const item = (rest: Omit<PairItem, "key" | "label">): PairItem[] => [{ key, label, ...rest }];
    switch (type) {
      case "subscribe": {
        const payload = value.payload;
        if (!isRecord(payload) || typeof payload.query !== "string")
          return {
            summary: `subscribe ${id}`,
            problem: 'A subscribe carries {"query": …} in its payload',
          };
        const name = operationName(
          payload.query,
          typeof payload.operationName === "string" ? payload.operationName : undefined,
        );
        if (/^\d+$/.test(id)) nextId = Math.max(nextId, Number(id) + 1);
        list(id, { name, state: "waiting", nexts: 0 });
        return { summary: `subscribe ${id} ${name}`, items: item({ role: "request", name }) };
      }
      case "next": {
        const operation = operations.get(id);
        const errors = isRecord(value.payload) ? value.payload.errors : undefined;
        const error = Array.isArray(errors) && errors.length > 0 ? firstMessage(errors) : undefined;
        // A next still on its way after the client's complete leaves the operation cancelled.
        if (operation)
          list(id, {
            state: operation.state === "waiting" ? "active" : operation.state,
            nexts: operation.nexts + 1,
          });
        return {
          summary: `next ${id}${error ? ` with errors: ${error}` : ""}`,
          items: item({
            role: "reply",
            more: true,
            value: value.payload,
            ...(error ? { error } : {}),
          }),
        };
      }
      case "error": {
        const error = Array.isArray(value.payload)
          ? firstMessage(value.payload)
          : "the server reported an error";
        if (operations.has(id)) list(id, { state: "failed", error });
        return {
          summary: `error ${id}: ${error}`,
          items: item({ role: "reply", error, value: value.payload }),
        };
      }
      default: {
        // complete: from the server it ends the operation; from the client it gives it up.
        if (from === "server") {
          if (operations.has(id)) list(id, { state: "completed" });
          return { summary: `complete ${id}`, items: item({ role: "reply" }) };
        }
        const operation = operations.get(id);
        if (operation && (operation.state === "waiting" || operation.state === "active"))
          list(id, { state: "cancelled" });
        return { summary: `complete ${id}`, items: item({ role: "cancel" }) };
      }
    }
  }

  return {
    protocol: "graphql-ws",
    open(subprotocol) {
      const problem =
        subprotocol === GRAPHQL_TRANSPORT_WS
          ? undefined
          : `The server chose ${subprotocol ? `the subprotocol ${subprotocol}` : "no subprotocol"}, not ${GRAPHQL_TRANSPORT_WS}: it may not speak this protocol`;
      return { send: [init(options.initPayload)], ...(problem ? { problem } : {}) };
    },
    receive(data) {
      const { ping, ...reading } = read(data, "server");
      return { reading, send: ping ? [message({ type: "pong" })] : [] };
    },
    sent(data) {
      return read(data, "client");
    },
    act(action: ProtocolAction): ActionResult {
      switch (action.kind) {
        case "graphql-init":
          if (initSent)
            return {
              ok: false,
              error: "connection_init was sent already: a second one closes the connection (4429)",
            };
          return { ok: true, send: [init(action.payload ?? options.initPayload)] };
        case "graphql-ping":
          return { ok: true, send: [message({ type: "ping" })] };
        case "subscribe": {
          if (action.query.trim() === "") return { ok: false, error: "Write a query" };
          if (!acknowledged)
            return {
              ok: false,
              error:
                "Wait for connection_ack: the server closes a connection that subscribes before it (4401)",
            };
          let id = String(nextId++);
          while (operations.has(id)) id = String(nextId++);
          const payload: Record<string, unknown> = { query: action.query };
          if (action.variables !== undefined) payload.variables = action.variables;
          if (action.operationName) payload.operationName = action.operationName;
          return { ok: true, send: [message({ id, type: "subscribe", payload })], id };
        }
        case "complete": {
          const operation = operations.get(action.id);
          if (!operation || (operation.state !== "waiting" && operation.state !== "active"))
            return { ok: false, error: `Operation ${action.id} is not running` };
          return { ok: true, send: [message({ id: action.id, type: "complete" })] };
        }
        default:
          return { ok: false, error: "GraphQL sessions subscribe, complete and ping" };
      }
    },
    state() {
      return { protocol: "graphql-ws", acknowledged, operations: [...operations.values()] };
    },
  };
}

/**
 * A name for an operation, for the statistics: its operationName, else the name in the query
 * (`query Hello`), else its kind and first field (`subscription tick`).
 */
export function operationName(query: string, given?: string): string {
  if (given) return clip(given);
  const text = query.replace(/#[^\n]*/g, " ");
  const named = /^\s*(query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(text);
  if (named?.[2]) return named[2];
  const anonymous = /^\s*(query|mutation|subscription)?[^{]*\{\s*([_A-Za-z][_0-9A-Za-z]*)/.exec(
    text,
  );
  if (anonymous?.[2]) return `${anonymous[1] ?? "query"} ${anonymous[2]}`;
  return "(anonymous)";
}

function firstMessage(errors: unknown[]): string {
  const first = errors[0];
  const text = isRecord(first) && typeof first.message === "string" ? first.message : "error";
  return clip(errors.length > 1 ? `${text} (and ${errors.length - 1} more)` : text);
}

function clip(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
