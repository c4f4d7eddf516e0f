import { defineHooks, type Peer } from "crossws";
import { parseJson } from "../protocol/json-guard.ts";
import type { ParameterSpec } from "../query.ts";
import { type Send, sendDirect } from "../send.ts";

/** What the endpoint list says about `/jsonrpc`. */
export const jsonrpcParameters: ParameterSpec[] = [
  {
    name: "methods",
    description:
      "echo(params), add([a, b] or {a, b}), sleep({ms}), fail(); batches and notifications work",
  },
];

/** JSON-RPC 2.0 error codes (§5.1). */
const Errors = {
  parse: { code: -32700, message: "Parse error" },
  invalidRequest: { code: -32600, message: "Invalid Request" },
  methodNotFound: { code: -32601, message: "Method not found" },
  invalidParams: { code: -32602, message: "Invalid params" },
} as const;

/** Requests one batch may hold. */
const MAX_BATCH = 100;
/** Sleeps one connection may have pending at once; the longest sleep. */
const MAX_SLEEPING = 32;
const MAX_SLEEP_MS = 10_000;

type Id = string | number | null;
type Response =
  | { jsonrpc: "2.0"; id: Id; result: unknown }
  | { jsonrpc: "2.0"; id: Id; error: { code: number; message: string; data?: unknown } };

/**
 * `/jsonrpc`: a JSON-RPC 2.0 endpoint to try request/response pairing on: `echo`, `add`,
 * `sleep` (answers after `ms`, so replies can come out of order) and `fail` (always an error),
 * with batches and notifications per the spec. Text frames only.
 */
export function createJsonRpc(options: { send?: Send } = {}) {
  const send = options.send ?? sendDirect;
  const sleeping = new WeakMap<Peer, Set<ReturnType<typeof setTimeout>>>();

  /** The response to one request; undefined for a notification (no id) or one answered later. */
  function call(
    peer: Peer,
    request: unknown,
    answer: (response: Response) => void,
  ): Response | undefined {
    if (typeof request !== "object" || request === null || Array.isArray(request))
      return { jsonrpc: "2.0", id: null, error: Errors.invalidRequest };
    const { jsonrpc, method, params, id } = request as Record<string, unknown>;
    const validId =
      id === undefined ||
      id === null ||
      typeof id === "string" ||
      (typeof id === "number" && Number.isFinite(id));
    if (
      jsonrpc !== "2.0" ||
      typeof method !== "string" ||
      !validId ||
      (params !== undefined && (typeof params !== "object" || params === null))
    )
      return {
        jsonrpc: "2.0",
        id: validId ? ((id as Id) ?? null) : null,
        error: Errors.invalidRequest,
      };
    const isNotification = id === undefined;
    const reply = (result: unknown): Response | undefined =>
      isNotification ? undefined : { jsonrpc: "2.0", id: id as Id, result };
    const fail = (error: {
      code: number;
      message: string;
      data?: unknown;
    }): Response | undefined =>
      isNotification ? undefined : { jsonrpc: "2.0", id: id as Id, error };
    switch (method) {
      case "echo":
        return reply(params ?? null);
      case "add": {
        const [a, b] = Array.isArray(params)
          ? params
          : [(params as Record<string, unknown>)?.a, (params as Record<string, unknown>)?.b];
        if (typeof a !== "number" || typeof b !== "number")
          return fail({ ...Errors.invalidParams, data: "add takes two numbers: [a, b] or {a, b}" });
        return reply(a + b);
      }
      case "sleep": {
        const ms = Array.isArray(params) ? params[0] : (params as Record<string, unknown>)?.ms;
        if (typeof ms !== "number" || ms < 0 || ms > MAX_SLEEP_MS)
          return fail({
            ...Errors.invalidParams,
            data: `sleep takes {ms} from 0 to ${MAX_SLEEP_MS}`,
          });
        const timers = sleeping.get(peer) ?? new Set();
        sleeping.set(peer, timers);
        if (timers.size >= MAX_SLEEPING)
          return fail({ code: -32000, message: `At most ${MAX_SLEEPING} sleeps at once` });
        const timer = setTimeout(() => {
          timers.delete(timer);
          const response = reply(ms);
          if (response) answer(response);
        }, ms);
        timers.add(timer);
        return undefined;
      }
      case "fail":
        return fail({
          code: -32000,
          message: "This method always fails",
          data: { hint: "errors are paired to their requests too" },
        });
      default:
        return fail({
          ...Errors.methodNotFound,
          data: `No method ${method.slice(0, 64)}: try echo, add, sleep or fail`,
        });
    }
  }

  return defineHooks({
    message(peer, message) {
      const raw = message.rawData;
      if (typeof raw !== "string")
        return send(
          peer,
          JSON.stringify({
            jsonrpc: "2.0",
            id: null,
            error: { ...Errors.invalidRequest, data: "JSON-RPC travels in text frames" },
          }),
        );
      const json = parseJson(raw, { maxDepth: 32, maxLength: Number.POSITIVE_INFINITY });
      if (!json.ok)
        return send(
          peer,
          JSON.stringify({
            jsonrpc: "2.0",
            id: null,
            error: { ...Errors.parse, data: json.message },
          }),
        );
      const answer = (response: Response) => send(peer, JSON.stringify(response));
      if (!Array.isArray(json.value)) {
        const response = call(peer, json.value, answer);
        if (response) answer(response);
        return;
      }
      // A batch: its immediate answers go out as one array; sleeps answer on their own later.
      if (json.value.length === 0 || json.value.length > MAX_BATCH)
        return answer({
          jsonrpc: "2.0",
          id: null,
          error: { ...Errors.invalidRequest, data: `A batch holds 1–${MAX_BATCH} requests` },
        });
      const responses = json.value
        .map((request) => call(peer, request, answer))
        .filter((response) => response !== undefined);
      if (responses.length > 0) send(peer, JSON.stringify(responses));
    },
    close(peer) {
      for (const timer of sleeping.get(peer) ?? []) clearTimeout(timer);
      sleeping.delete(peer);
    },
  });
}

/** `/jsonrpc` hooks, ready to mount in any crossws adapter. */
export const jsonrpc = createJsonRpc();
