import { nestingDepth } from "../../../../echo-server/protocol/json-guard.ts";
import type { HandshakeReport } from "../../../../echo-server/protocol/relay-wire.ts";
import { type DecoderSettingsValue, readDecoderSettings } from "../decoders/decoder-settings.ts";
import {
  type Capture,
  type CapturedFrame,
  MAX_CAPTURE_DEPTH,
  tooDeepProblem,
} from "./capture-file.ts";
import {
  CAPTURE_JSON_VERSION,
  fieldsProblem,
  frameFromJson,
  frameToJson,
  handshakeProblem,
  stringListProblem,
} from "./capture-json.ts";
import {
  type CaptureMeta,
  type CaptureWriter,
  frameAt,
  makeStartClock,
  rowsOfCapture,
} from "./capture-writer.ts";
import { describe, errorText, fail, isRecord, progressReporter, stripBom } from "./json-reading.ts";

/** The first line of an NDJSON export: the session the frames belong to. */
interface SessionLine {
  type: "session";
  version: number;
  url: string;
  protocols: string[];
  startedAt: number;
  handshake?: HandshakeReport;
  /** The session's .proto files, message types and custom decoder, when it had any. */
  decoders?: DecoderSettingsValue;
}

export type NdjsonImport = { ok: true; capture: Capture } | { ok: false; error: string };

/** NDJSON of a capture: a session line, then one line per frame with times at full precision. */
export function exportNdjson(capture: Capture): string {
  const writer = makeNdjsonWriter(capture);
  writer.add(rowsOfCapture(capture.frames));
  return writer.finish().join("");
}

/**
 * Writes NDJSON a run of frames at a time: one part per run, and the session line in front
 * once the file is finished (its start time may be the first frame's).
 */
export function makeNdjsonWriter(meta: CaptureMeta): CaptureWriter {
  const clock = makeStartClock(meta);
  const parts = [""];
  let frames = 0;
  return {
    get frames() {
      return frames;
    },
    add(rows) {
      clock.saw(rows);
      const lines: string[] = [];
      for (let index = 0; index < rows.count; index++) {
        lines.push(JSON.stringify({ type: "frame", ...frameToJson(frameAt(rows, index)) }), "\n");
      }
      parts.push(lines.join(""));
      frames += rows.count;
    },
    finish() {
      const session: SessionLine = {
        type: "session",
        version: CAPTURE_JSON_VERSION,
        url: meta.url,
        protocols: meta.protocols,
        startedAt: clock.startedAt,
        ...(meta.handshake ? { handshake: meta.handshake } : {}),
        ...(meta.decoders ? { decoders: meta.decoders } : {}),
      };
      parts[0] = `${JSON.stringify(session)}\n`;
      return parts;
    },
  };
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
  const decoders =
    value.decoders === undefined ? undefined : readDecoderSettings(value.decoders, "decoders");
  if (decoders && !decoders.ok) return fail(`${where}: ${decoders.error}.`);
  return {
    ok: true,
    value: {
      url: value.url as string,
      protocols: value.protocols as string[],
      startedAt: value.startedAt as number,
      ...(value.handshake === undefined ? {} : { handshake: value.handshake as HandshakeReport }),
      ...(decoders ? { decoders: decoders.value } : {}),
    },
  };
}
