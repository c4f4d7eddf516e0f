/**
 * JSON-RPC 2.0 over WebSocket: calls with an id filled in, notifications (no id, no answer) and
 * batches (a JSON array of them). Either side may call the other, so every request is read both
 * ways, and a response pairs with the request of the other side that has its id.
 */
import { parseJson } from "../json-guard.ts";
import type { PairItem } from "../pairing/pairing.ts";
import type {
  ActionResult,
  FrameReading,
  ProtocolAction,
  ProtocolSession,
  WireData,
} from "./types.ts";

/** Deepest JSON nesting of a message. */
const MAX_DEPTH = 64;
/** Requests of a batch that are paired; the rest are shown but not tracked. */
export const MAX_BATCH_ITEMS = 1000;
/** Calls one action may send as a batch. */
const MAX_CALLS = 100;

type Side = "server" | "client";

/** A JSON-RPC 2.0 session. */
export function makeJsonRpcSession(): ProtocolSession {
  /** The next id a call gets; past every numeric id seen going out. */
  let nextId = 1;

  function readOne(
    value: unknown,
    from: Side,
    items: PairItem[],
  ): { summary: string; problem?: string } {
    if (!isRecord(value))
      return { summary: "not a message", problem: "A JSON-RPC message is an object" };
    const { id } = value;
    const validId =
      typeof id === "string" || (typeof id === "number" && Number.isFinite(id)) || id === null;
    if (value.jsonrpc !== "2.0")
      return {
        summary: "not JSON-RPC 2.0",
        problem: 'A JSON-RPC 2.0 message has "jsonrpc": "2.0"',
      };
    const idText = id === undefined ? "" : ` id ${JSON.stringify(id)}`;
    if (typeof value.method === "string") {
      const method = clip(value.method);
      if (id === undefined) return { summary: `notify ${method}` };
      if (!validId || id === null)
        return { summary: `call ${method}`, problem: "A request's id is a string or a number" };
      if (from === "client" && typeof id === "number" && Number.isSafeInteger(id))
        nextId = Math.max(nextId, id + 1);
      items.push({
        role: "request",
        key: keyOf(from, id),
        label: `id ${JSON.stringify(id)}`,
        name: method,
      });
      return { summary: `call ${method}${idText}` };
    }
    const hasResult = "result" in value;
    const hasError = "error" in value;
    if (hasResult === hasError)
      return {
        summary: "not a request or response",
        problem:
          'A JSON-RPC message has a "method" (a request) or one of "result" and "error" (a response)',
      };
    const error = hasError ? describeError(value.error) : undefined;
    const summary = hasError ? `error${idText}: ${error}` : `result${idText}`;
    if (id === null)
      return {
        summary,
        problem: "A response with id null answers a request the other side could not read",
      };
    if (!validId || id === undefined)
      return { summary, problem: "A response's id is a string or a number" };
    const asker: Side = from === "server" ? "client" : "server";
    items.push({
      role: "reply",
      key: keyOf(asker, id),
      label: `id ${JSON.stringify(id)}`,
      value: hasError ? { error: value.error } : { result: value.result },
      ...(error !== undefined ? { error } : {}),
    });
    return { summary };
  }

  function read(data: WireData, from: Side): FrameReading {
    if (typeof data !== "string")
      return {
        summary: "binary frame",
        problem: "JSON-RPC travels in text frames: a binary frame is not read",
      };
    const parsed = parseJson(data, { maxDepth: MAX_DEPTH, maxLength: Number.POSITIVE_INFINITY });
    if (!parsed.ok) return { summary: "not JSON-RPC", problem: parsed.message };
    const items: PairItem[] = [];
    if (!Array.isArray(parsed.value)) {
      const one = readOne(parsed.value, from, items);
      return { ...one, ...(items.length > 0 ? { items } : {}) };
    }
    const batch = parsed.value;
    if (batch.length === 0)
      return { summary: "empty batch", problem: "A batch holds at least one message" };
    const summaries: string[] = [];
    const problems: string[] = [];
    for (const [index, value] of batch.entries()) {
      if (index >= MAX_BATCH_ITEMS) {
        problems.push(`only the first ${MAX_BATCH_ITEMS} of ${batch.length} messages are paired`);
        break;
      }
      const one = readOne(value, from, items);
      if (summaries.length < 3) summaries.push(one.summary);
      if (one.problem && problems.length < 3) problems.push(`[${index}] ${one.problem}`);
    }
    return {
      summary: `batch of ${batch.length}: ${summaries.join(", ")}${batch.length > 3 ? ", …" : ""}`,
      ...(problems.length > 0 ? { problem: problems.join("; ") } : {}),
      ...(items.length > 0 ? { items } : {}),
    };
  }

  return {
    protocol: "jsonrpc",
    open() {
      return { send: [] };
    },
    receive(data) {
      return { reading: read(data, "server"), send: [] };
    },
    sent(data) {
      return read(data, "client");
    },
    act(action: ProtocolAction): ActionResult {
      if (action.kind !== "call") return { ok: false, error: "JSON-RPC sessions make calls" };
      if (action.calls.length === 0) return { ok: false, error: "Nothing to call" };
      if (action.calls.length > MAX_CALLS)
        return { ok: false, error: `A batch holds at most ${MAX_CALLS} calls` };
      const ids: string[] = [];
      const messages: Record<string, unknown>[] = [];
      for (const call of action.calls) {
        if (call.method === "") return { ok: false, error: "Name the method" };
        if (call.params !== undefined && (typeof call.params !== "object" || call.params === null))
          return { ok: false, error: "Params are an array or an object (or left out)" };
        const message: Record<string, unknown> = { jsonrpc: "2.0", method: call.method };
        if (call.params !== undefined) message.params = call.params;
        if (!call.notification) {
          const id = nextId++;
          message.id = id;
          ids.push(String(id));
        }
        messages.push(message);
      }
      const text = JSON.stringify(messages.length === 1 ? messages[0] : messages);
      return { ok: true, send: [text], ...(ids.length > 0 ? { id: ids.join(", ") } : {}) };
    },
    state() {
      return { protocol: "jsonrpc", nextId };
    },
  };
}

/** `c:` for what the client asked, `s:` for what the server asked; the id as JSON, so 1 ≠ "1". */
function keyOf(asker: Side, id: string | number): string {
  return `${asker === "client" ? "c" : "s"}:${JSON.stringify(id)}`;
}

function describeError(error: unknown): string {
  if (!isRecord(error)) return "error";
  const code = typeof error.code === "number" ? `${error.code} ` : "";
  const message = typeof error.message === "string" ? clip(error.message) : "";
  return `${code}${message}`.trim() || "error";
}

function clip(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
