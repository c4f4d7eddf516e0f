import { decodeBase64, encodeBase64 } from "../frames/codecs.ts";
import type { FrameEvent, FrameMark } from "../frames/frame.ts";
import type { CapturedFrame } from "./capture-file.ts";
import { describe, fail, isRecord, toArrayBuffer } from "./json-reading.ts";

/**
 * SocketScope's own JSON form of a frame and of a handshake, shared by both formats: an NDJSON
 * export is one frame per line, and a HAR export keeps the frames `_webSocketMessages` cannot
 * hold in its `_socketscope` extension. Reading checks every field and names the first bad one.
 */

/** Version of SocketScope's own JSON forms: the NDJSON session line and the HAR extension. */
export const CAPTURE_JSON_VERSION = 1;

/** A frame as SocketScope writes it in JSON: one NDJSON line, or one frame of the HAR extension. */
export interface FrameJson {
  /** Epoch ms, the full double. */
  time: number;
  direction: CapturedFrame["direction"];
  kind: CapturedFrame["kind"];
  /** A string payload. */
  text?: string;
  /** A byte payload, base64. */
  base64?: string;
  event?: FrameEvent;
  /** In a tap's capture, the app's client connection (absent for the session's own). */
  stream?: number;
  /** What a tap did to the frame. */
  mark?: FrameMark;
}

const DIRECTIONS: readonly unknown[] = ["sent", "received", "event"];
const KINDS: readonly unknown[] = [
  "text",
  "binary",
  "open",
  "close",
  "error",
  "info",
  "ping",
  "pong",
];
const CLOSE_SIDES: readonly unknown[] = ["server", "client", "relay", "app", "tap"];
const MARKS: readonly unknown[] = ["injected", "changed", "dropped"];

/** The JSON form of a frame. String payloads stay text and byte payloads become base64, so both round-trip. */
export function frameToJson(frame: CapturedFrame): FrameJson {
  const json: FrameJson = { time: frame.time, direction: frame.direction, kind: frame.kind };
  if (typeof frame.payload === "string") json.text = frame.payload;
  else if (frame.payload !== undefined) json.base64 = encodeBase64(new Uint8Array(frame.payload));
  if (frame.event !== undefined) json.event = frame.event;
  if (frame.stream !== undefined && frame.stream !== 0) json.stream = frame.stream;
  if (frame.mark !== undefined) json.mark = frame.mark;
  return json;
}

/** A frame from its JSON form, or an error that starts with `where` (a line number or a JSON path). */
export function frameFromJson(
  value: unknown,
  where: string,
): { ok: true; frame: CapturedFrame } | { ok: false; error: string } {
  if (!isRecord(value)) return fail(`${where} is ${describe(value)}; expected a frame object.`);
  const problem = frameProblem(value);
  if (problem) return fail(`${where}: ${problem}.`);
  const frame: CapturedFrame = {
    time: value.time as number,
    direction: value.direction as CapturedFrame["direction"],
    kind: value.kind as CapturedFrame["kind"],
  };
  if (typeof value.text === "string") frame.payload = value.text;
  if (typeof value.base64 === "string") {
    const bytes = decodeBase64(value.base64);
    if (bytes === null) return fail(`${where}: base64 is not valid base64.`);
    frame.payload = toArrayBuffer(bytes);
  }
  if (value.event !== undefined) frame.event = value.event as FrameEvent;
  if (value.stream !== undefined) frame.stream = value.stream as number;
  if (value.mark !== undefined) frame.mark = value.mark as FrameMark;
  return { ok: true, frame };
}

/** What is wrong with a frame's JSON form, or null. */
function frameProblem(value: Record<string, unknown>): string | null {
  if (typeof value.time !== "number" || !Number.isFinite(value.time)) {
    return `time is ${describe(value.time)}; expected a number (epoch ms)`;
  }
  if (!DIRECTIONS.includes(value.direction)) {
    return `direction is ${describe(value.direction)}; expected "sent", "received" or "event"`;
  }
  if (!KINDS.includes(value.kind)) {
    return `kind is ${describe(value.kind)}; expected one of ${KINDS.join(", ")}`;
  }
  if (value.text !== undefined && value.base64 !== undefined) {
    return "it has both text and base64; a frame has one payload";
  }
  if (value.stream !== undefined && !isStreamId(value.stream)) {
    return `stream is ${describe(value.stream)}; expected a client number from 1`;
  }
  if (value.mark !== undefined && !isFrameMark(value.mark)) {
    return `mark is ${describe(value.mark)}; expected "injected", "changed" or "dropped"`;
  }
  return (
    fieldsProblem(value, "", { text: "string?", base64: "string?" }) ??
    (value.event === undefined ? null : eventProblem(value.event))
  );
}

/** Whether `value` can be a stream of a tap's capture: a client number from 1. */
export function isStreamId(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 0xffffffff;
}

/** Whether `value` is a frame mark. */
export function isFrameMark(value: unknown): value is FrameMark {
  return MARKS.includes(value);
}

/** What is wrong with a connection event, or null. */
function eventProblem(value: unknown): string | null {
  if (!isRecord(value)) return `event is ${describe(value)}; expected an object`;
  switch (value.type) {
    case "open":
      return (
        fieldsProblem(value, "event.", {
          url: "string",
          protocol: "string",
          extensions: "string",
          remote: "string?",
        }) ?? optionalHandshakeProblem(value.handshake, "event.handshake")
      );
    case "close":
      if (value.side !== undefined && !CLOSE_SIDES.includes(value.side)) {
        return `event.side is ${describe(value.side)}; expected "server", "client", "relay", "app" or "tap"`;
      }
      return fieldsProblem(value, "event.", {
        code: "number",
        reason: "string",
        wasClean: "boolean",
        attemptStart: "number?",
      });
    case "error":
      return (
        fieldsProblem(value, "event.", {
          message: "string",
          diagnosis: "string?",
          attemptStart: "number?",
        }) ?? optionalHandshakeProblem(value.handshake, "event.handshake")
      );
    case "reconnect":
      return fieldsProblem(value, "event.", { attempt: "number", delayMs: "number" });
    case "info":
      return fieldsProblem(value, "event.", { message: "string" });
    default:
      return `event.type is ${describe(value.type)}; expected open, close, error, reconnect or info`;
  }
}

/** What is wrong with an optional handshake, or null. */
function optionalHandshakeProblem(value: unknown, path: string): string | null {
  return value === undefined ? null : handshakeProblem(value, path);
}

/** What is wrong with a handshake report, or null; `path` names it in the sentence. */
export function handshakeProblem(value: unknown, path: string): string | null {
  if (!isRecord(value)) return `${path} is ${describe(value)}; expected an object`;
  const problem = fieldsProblem(value, `${path}.`, { startedAt: "number", durationMs: "number" });
  if (problem) return problem;
  const { request, response, redirects } = value;
  const exchangeProblem =
    requestProblem(request, `${path}.request`) ??
    (response === undefined ? null : responseProblem(response, `${path}.response`));
  if (exchangeProblem || redirects === undefined) return exchangeProblem;
  if (!Array.isArray(redirects))
    return `${path}.redirects is ${describe(redirects)}; expected a list`;
  for (const [index, hop] of redirects.entries()) {
    const at = `${path}.redirects[${index}]`;
    if (!isRecord(hop)) return `${at} is ${describe(hop)}; expected an object`;
    const problem =
      requestProblem(hop.request, `${at}.request`) ??
      responseProblem(hop.response, `${at}.response`);
    if (problem) return problem;
  }
  return null;
}

/** What is wrong with a handshake request, or null. */
function requestProblem(request: unknown, path: string): string | null {
  if (!isRecord(request)) return `${path} is ${describe(request)}; expected an object`;
  return (
    fieldsProblem(request, `${path}.`, { method: "string", url: "string" }) ??
    headerListProblem(request.headers, `${path}.headers`)
  );
}

/** What is wrong with a handshake response, or null. */
function responseProblem(response: unknown, path: string): string | null {
  if (!isRecord(response)) return `${path} is ${describe(response)}; expected an object`;
  return (
    fieldsProblem(response, `${path}.`, {
      status: "number",
      statusText: "string",
      body: "string?",
    }) ?? headerListProblem(response.headers, `${path}.headers`)
  );
}

/** What is wrong with a [name, value][] header list, or null. */
function headerListProblem(value: unknown, path: string): string | null {
  if (!Array.isArray(value)) return `${path} is ${describe(value)}; expected a list`;
  const bad = value.findIndex(
    (pair) =>
      !Array.isArray(pair) ||
      pair.length !== 2 ||
      typeof pair[0] !== "string" ||
      typeof pair[1] !== "string",
  );
  return bad === -1 ? null : `${path}[${bad}] is not a [name, value] pair of strings`;
}

/** What is wrong with a list of strings, or null. */
export function stringListProblem(value: unknown, path: string): string | null {
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) return null;
  return `${path} is ${describe(value)}; expected a list of strings`;
}

type FieldType = "string" | "number" | "boolean" | "string?" | "number?";

/** The first field of `record` that does not have its type in `spec`, as a sentence; or null. */
export function fieldsProblem(
  record: Record<string, unknown>,
  prefix: string,
  spec: Record<string, FieldType>,
): string | null {
  for (const [name, type] of Object.entries(spec)) {
    const value = record[name];
    if ((type === "string?" || type === "number?") && value === undefined) continue;
    const expected = type === "string?" ? "string" : type === "number?" ? "number" : type;
    const fits = expected === "number" ? Number.isFinite(value) : typeof value === expected;
    if (!fits) return `${prefix}${name} is ${describe(value)}; expected a ${expected}`;
  }
  return null;
}
