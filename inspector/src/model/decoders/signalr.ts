import { parseJson } from "../detail/json.ts";
import { decodeUtf8 } from "../frames/codecs.ts";
import type { Payload } from "../frames/frame.ts";
import type { DecodedPayload, Decoder } from "./decoder.ts";
import { clip, listSummary } from "./tree.ts";

/** The ASCII record separator that ends every SignalR JSON record. */
const RECORD_SEPARATOR = "\u001e";

/** Hub message types by their `type` number (8 and 9 are stateful reconnect, .NET 8+). */
const MESSAGE_TYPES = [
  undefined,
  "Invocation",
  "StreamItem",
  "Completion",
  "StreamInvocation",
  "CancelInvocation",
  "Ping",
  "Close",
  "Ack",
  "Sequence",
] as const;

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const isString = (value: unknown): value is string => typeof value === "string";

/** A hub message's summary (e.g. `Invocation SendMessage id=1`), or null when it is malformed. */
function describeMessage(kind: string, record: JsonObject): string | null {
  const id = record.invocationId;
  const idText = isString(id) ? ` id=${clip(id)}` : "";
  const error = isString(record.error) ? ` error: ${clip(record.error)}` : "";
  if (id !== undefined && !isString(id)) return null;
  if (record.error !== undefined && !isString(record.error)) return null;
  switch (kind) {
    case "Invocation":
    case "StreamInvocation":
      if (!isString(record.target) || !Array.isArray(record.arguments)) return null;
      if (kind === "StreamInvocation" && id === undefined) return null;
      return `${kind} ${clip(record.target)}${idText}`;
    case "StreamItem":
    case "Completion":
    case "CancelInvocation":
      if (id === undefined) return null;
      return `${kind}${idText}${error}`;
    case "Ack":
    case "Sequence":
      if (typeof record.sequenceId !== "number") return null;
      return `${kind} sequenceId=${record.sequenceId}`;
    default:
      // Ping, Close
      return `${kind}${error}`;
  }
}

/** One record as a tree node and its summary, or null when it is not a SignalR record. */
function readRecord(text: string): { summary: string; value: JsonObject } | null {
  const parsed = parseJson(text);
  if (parsed === null || !isObject(parsed.value)) return null;
  const record = parsed.value;
  if (record.type === undefined) {
    if (isString(record.protocol) && typeof record.version === "number") {
      return {
        summary: `handshake ${clip(record.protocol)} v${record.version}`,
        value: { kind: "HandshakeRequest", ...record },
      };
    }
    const keys = Object.keys(record);
    const known = keys.every((key) => key === "error" || key === "minorVersion");
    if (!known || (record.error !== undefined && !isString(record.error))) return null;
    return {
      summary: isString(record.error)
        ? `handshake error: ${clip(record.error)}`
        : "handshake response",
      value: { kind: "HandshakeResponse", ...record },
    };
  }
  const kind = typeof record.type === "number" ? MESSAGE_TYPES[record.type] : undefined;
  if (kind === undefined) return null;
  const summary = describeMessage(kind, record);
  return summary === null ? null : { summary, value: { kind, ...record } };
}

/**
 * SignalR's JSON hub protocol: one or more JSON records, each ended by U+001E — the handshake
 * request `{"protocol":"json","version":1}`, its response `{}`, or hub messages with `type` 1–9.
 */
export function decodeSignalR(payload: Payload): DecodedPayload | null {
  const text = typeof payload === "string" ? payload : decodeUtf8(new Uint8Array(payload));
  if (text === null || !text.endsWith(RECORD_SEPARATOR)) return null;
  const records: { summary: string; value: JsonObject }[] = [];
  for (const part of text.slice(0, -1).split(RECORD_SEPARATOR)) {
    const record = readRecord(part);
    if (record === null) return null;
    records.push(record);
  }
  const [first] = records;
  if (first !== undefined && records.length === 1) {
    return { summary: `SignalR ${first.summary}`, value: first.value };
  }
  return {
    summary: `SignalR ${records.length} messages: ${listSummary(records.map((r) => r.summary))}`,
    value: records.map((r) => r.value),
  };
}

/** The SignalR JSON hub protocol decoder (SignalR negotiates no subprotocol). */
export const signalRDecoder: Decoder = {
  id: "signalr",
  name: "SignalR (JSON)",
  decode: decodeSignalR,
  matchesSubprotocol: () => false,
};
