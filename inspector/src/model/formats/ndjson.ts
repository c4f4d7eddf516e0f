import { nestingDepth } from "../../../../echo-server/protocol/json-guard.ts";
import type { HandshakeReport } from "../../../../echo-server/protocol/relay-wire.ts";
import { jsonPreview } from "../detail/json.ts";
import { decodeBase64, encodeBase64 } from "../frames/codecs.ts";
import type { FrameEvent } from "../frames/frame.ts";
import {
  type Capture,
  type CapturedFrame,
  MAX_CAPTURE_DEPTH,
  tooDeepProblem,
} from "./capture-file.ts";

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
}

/** The first line of an NDJSON export: the session the frames belong to. */
interface SessionLine {
  type: "session";
  version: number;
  url: string;
  protocols: string[];
  startedAt: number;
  handshake?: HandshakeReport;
}

export type NdjsonImport = { ok: true; capture: Capture } | { ok: false; error: string };

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
const CLOSE_SIDES: readonly unknown[] = ["server", "client", "relay"];

/** NDJSON of a capture: a session line, then one line per frame with times at full precision. */
export function exportNdjson(capture: Capture): string {
  const session: SessionLine = {
    type: "session",
    version: CAPTURE_JSON_VERSION,
    url: capture.url,
    protocols: capture.protocols,
    startedAt: capture.startedAt,
    ...(capture.handshake ? { handshake: capture.handshake } : {}),
  };
  const lines = [JSON.stringify(session)];
  for (const frame of capture.frames) {
    lines.push(JSON.stringify({ type: "frame", ...frameToJson(frame) }));
  }
  return `${lines.join("\n")}\n`;
}

/**
 * Reads an NDJSON export back. Blank lines and CRLF endings are fine; anything else that is not a
 * session or frame line is an error naming the line. `onProgress` gets the fraction of text read.
 */
export function importNdjson(text: string, onProgress?: (fraction: number) => void): NdjsonImport {
  const body = stripBom(text);
  const report = progressReporter(body.length, onProgress);
  let session: Omit<Capture, "frames"> | null = null;
  const frames: CapturedFrame[] = [];
  let lineNumber = 0;
  // indexOf instead of split: a 100 MB export would otherwise hold every line twice at once.
  for (let start = 0; start < body.length; ) {
    const newline = body.indexOf("\n", start);
    const end = newline === -1 ? body.length : newline;
    const line = body.slice(start, end).trim();
    lineNumber++;
    start = end + 1;
    if (line === "") continue;
    const where = `Line ${lineNumber}`;
    const depth = nestingDepth(line);
    if (depth > MAX_CAPTURE_DEPTH) return fail(tooDeepProblem(where, depth));
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      return fail(`${where} is not valid JSON (${errorText(error)}).`);
    }
    if (session === null) {
      const read = readSession(value, where);
      if (!read.ok) return read;
      session = read.value;
    } else {
      if (isRecord(value) && value.type === "session") {
        return fail(`${where} is a second session line; an NDJSON export holds one capture.`);
      }
      if (!isRecord(value) || value.type !== "frame") {
        return fail(
          `${where}: type is ${describe(isRecord(value) ? value.type : value)}; expected "frame".`,
        );
      }
      const read = frameFromJson(value, where);
      if (!read.ok) return read;
      frames.push(read.frame);
    }
    report(start);
  }
  if (session === null) {
    return fail("This file is empty: a SocketScope NDJSON export starts with a session line.");
  }
  report(body.length);
  return { ok: true, capture: { ...session, frames } };
}

/** Which capture format a file's text is in, from its first bytes; null when neither. */
export function detectFormat(text: string): "har" | "ndjson" | null {
  const head = stripBom(text.slice(0, 4096)).trimStart();
  // A HAR's only top-level key is "log"; checking the head avoids parsing a 100 MB file twice.
  if (/^\{\s*"log"\s*:/.test(head)) return "har";
  const newline = text.indexOf("\n");
  const firstLine = stripBom(newline === -1 ? text : text.slice(0, newline));
  if (firstLine.length > 1_000_000) return null;
  try {
    const value: unknown = JSON.parse(firstLine);
    return isRecord(value) && value.type === "session" ? "ndjson" : null;
  } catch {
    return null;
  }
}

/** Reads the session line, which must come first. */
function readSession(
  value: unknown,
  where: string,
): { ok: true; value: Omit<Capture, "frames"> } | { ok: false; error: string } {
  if (!isRecord(value) || value.type !== "session") {
    return fail(
      `${where} is not a session line ({"type":"session", ...}), so this is not a SocketScope NDJSON export.`,
    );
  }
  if (value.version !== undefined && value.version !== CAPTURE_JSON_VERSION) {
    return fail(
      `${where}: this export is version ${describe(value.version)}; this SocketScope reads version ${CAPTURE_JSON_VERSION}. Update SocketScope to open it.`,
    );
  }
  const problem =
    fieldsProblem(value, "", { url: "string", startedAt: "number" }) ??
    stringListProblem(value.protocols, "protocols") ??
    (value.handshake === undefined ? null : handshakeProblem(value.handshake, "handshake"));
  if (problem) return fail(`${where}: ${problem}.`);
  return {
    ok: true,
    value: {
      url: value.url as string,
      protocols: value.protocols as string[],
      startedAt: value.startedAt as number,
      ...(value.handshake === undefined ? {} : { handshake: value.handshake as HandshakeReport }),
    },
  };
}

/** The JSON form of a frame. String payloads stay text and byte payloads become base64, so both round-trip. */
export function frameToJson(frame: CapturedFrame): FrameJson {
  const json: FrameJson = { time: frame.time, direction: frame.direction, kind: frame.kind };
  if (typeof frame.payload === "string") json.text = frame.payload;
  else if (frame.payload !== undefined) json.base64 = encodeBase64(new Uint8Array(frame.payload));
  if (frame.event !== undefined) json.event = frame.event;
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
  return (
    fieldsProblem(value, "", { text: "string?", base64: "string?" }) ??
    (value.event === undefined ? null : eventProblem(value.event))
  );
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
        }) ?? optionalHandshakeProblem(value.handshake, "event.handshake")
      );
    case "close":
      if (value.side !== undefined && !CLOSE_SIDES.includes(value.side)) {
        return `event.side is ${describe(value.side)}; expected "server", "client" or "relay"`;
      }
      return fieldsProblem(value, "event.", {
        code: "number",
        reason: "string",
        wasClean: "boolean",
      });
    case "error":
      return (
        fieldsProblem(value, "event.", { message: "string", diagnosis: "string?" }) ??
        optionalHandshakeProblem(value.handshake, "event.handshake")
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
function stringListProblem(value: unknown, path: string): string | null {
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) return null;
  return `${path} is ${describe(value)}; expected a list of strings`;
}

type FieldType = "string" | "number" | "boolean" | "string?";

/** The first field of `record` that does not have its type in `spec`, as a sentence; or null. */
function fieldsProblem(
  record: Record<string, unknown>,
  prefix: string,
  spec: Record<string, FieldType>,
): string | null {
  for (const [name, type] of Object.entries(spec)) {
    const value = record[name];
    if (type === "string?" && value === undefined) continue;
    const expected = type === "string?" ? "string" : type;
    const fits = expected === "number" ? Number.isFinite(value) : typeof value === expected;
    if (!fits) return `${prefix}${name} is ${describe(value)}; expected a ${expected}`;
  }
  return null;
}

/**
 * A throttled progress callback: call it with how much is done out of `total`; it passes the
 * fraction on at most once per percent, and always passes 1 when done reaches total.
 */
export function progressReporter(
  total: number,
  onProgress?: (fraction: number) => void,
): (done: number) => void {
  if (!onProgress) return () => {};
  let reported = 0;
  return (done) => {
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    if (fraction - reported >= 0.01 || (fraction === 1 && reported < 1)) {
      reported = fraction;
      onProgress(fraction);
    }
  };
}

/** Bytes as an ArrayBuffer of exactly their length, without a copy when they already are one. */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const { buffer, byteOffset, byteLength } = bytes;
  if (buffer instanceof ArrayBuffer && byteOffset === 0 && byteLength === buffer.byteLength) {
    return buffer;
  }
  return bytes.slice().buffer;
}

/** True for a plain JSON object (not null, not a list). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A value as an error message quotes it: "missing", or short JSON. Only the quoted head is
 * serialized, so a value nested 10,000 deep or 100 MB long is quoted as safely as a number.
 */
export function describe(value: unknown): string {
  if (value === undefined) return "missing";
  const json = jsonPreview(value, 40);
  return json.length > 40 ? `${json.slice(0, 37)}...` : json;
}

/** The text without a leading byte-order mark, which some editors add. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A thrown value's message. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A failed result. */
function fail(error: string): { ok: false; error: string } {
  return { ok: false, error };
}
