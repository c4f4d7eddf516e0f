import { decodeUtf8, payloadBytes } from "../frames/codecs.ts";
import type { Payload } from "../frames/frame.ts";
import type { DecodedPayload, Decoder } from "./decoder.ts";
import { clip, listSummary, textOrBytes } from "./tree.ts";

const LF = 0x0a;
const CR = 0x0d;
const NUL = 0x00;

/** STOMP 1.2 commands, each with the header that best names the frame in a summary. */
const COMMANDS: Record<string, string> = {
  CONNECT: "host",
  STOMP: "host",
  CONNECTED: "version",
  SEND: "destination",
  SUBSCRIBE: "destination",
  UNSUBSCRIBE: "id",
  ACK: "id",
  NACK: "id",
  BEGIN: "transaction",
  COMMIT: "transaction",
  ABORT: "transaction",
  DISCONNECT: "receipt",
  MESSAGE: "destination",
  RECEIPT: "receipt-id",
  ERROR: "message",
};

/** One decoded STOMP frame. */
interface StompFrame {
  command: string;
  headers: Record<string, string>;
  body: string | { $bytes: string };
}

/** Undoes STOMP 1.2 header escaping (\r \n \c \\); null for an undefined escape. */
function unescapeHeader(text: string): string | null {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== "\\") {
      out += c;
      continue;
    }
    const next = text[++i];
    if (next === "r") out += "\r";
    else if (next === "n") out += "\n";
    else if (next === "c") out += ":";
    else if (next === "\\") out += "\\";
    else return null;
  }
  return out;
}

/** Reads one line ending in LF or CRLF at `pos`; null when there is no LF. */
function readLine(bytes: Uint8Array, pos: number): { line: string; next: number } | null {
  const lf = bytes.indexOf(LF, pos);
  if (lf === -1) return null;
  const end = lf > pos && bytes[lf - 1] === CR ? lf - 1 : lf;
  const line = decodeUtf8(bytes.subarray(pos, end));
  return line === null ? null : { line, next: lf + 1 };
}

/** Skips end-of-line octets (heart-beats and the EOLs allowed after a frame's NUL). */
function skipEols(bytes: Uint8Array, pos: number): number {
  let i = pos;
  while (i < bytes.length) {
    if (bytes[i] === LF) i++;
    else if (bytes[i] === CR && bytes[i + 1] === LF) i += 2;
    else break;
  }
  return i;
}

/** Reads one frame at `pos`: command, headers, blank line, body, NUL. */
function readFrame(bytes: Uint8Array, pos: number): { frame: StompFrame; next: number } | null {
  const commandLine = readLine(bytes, pos);
  if (commandLine === null || !Object.hasOwn(COMMANDS, commandLine.line)) return null;
  const command = commandLine.line;
  // CONNECT and CONNECTED frames predate escaping and keep backslashes as they are.
  const escaped = command !== "CONNECT" && command !== "CONNECTED";
  const headers: Record<string, string> = {};
  let cursor = commandLine.next;
  for (;;) {
    const header = readLine(bytes, cursor);
    if (header === null) return null;
    cursor = header.next;
    if (header.line === "") break;
    const colon = header.line.indexOf(":");
    if (colon <= 0) return null;
    const rawName = header.line.slice(0, colon);
    const rawValue = header.line.slice(colon + 1);
    const name = escaped ? unescapeHeader(rawName) : rawName;
    const value = escaped ? unescapeHeader(rawValue) : rawValue;
    if (name === null || value === null) return null;
    // A repeated header: only the first occurrence counts (STOMP 1.2).
    if (!Object.hasOwn(headers, name)) {
      Object.defineProperty(headers, name, { value, enumerable: true, writable: true });
    }
  }
  let end: number;
  const length = headers["content-length"];
  if (length !== undefined && /^\d+$/.test(length.trim())) {
    end = cursor + Number(length.trim());
    if (end >= bytes.length || bytes[end] !== NUL) return null;
  } else {
    end = bytes.indexOf(NUL, cursor);
    if (end === -1) return null;
  }
  return {
    frame: { command, headers, body: textOrBytes(bytes.subarray(cursor, end)) },
    next: end + 1,
  };
}

/** A frame's command and naming header, e.g. `MESSAGE destination=/topic/a`. */
function describe(frame: StompFrame): string {
  const header = COMMANDS[frame.command] ?? "";
  const value = frame.headers[header];
  return value === undefined ? frame.command : `${frame.command} ${header}=${clip(value)}`;
}

/**
 * STOMP 1.2 (and 1.0/1.1) frames in a text or binary frame: a command line, `name:value`
 * headers with 1.2 escaping, a blank line and a body that ends at NUL (or after
 * `content-length` octets). A payload of end-of-lines only is a heart-beat.
 */
export function decodeStomp(payload: Payload): DecodedPayload | null {
  // Every frame starts with an upper-case command or an EOL: skip other payloads cheaply.
  const lead = typeof payload === "string" ? payload.charCodeAt(0) : new Uint8Array(payload)[0];
  if (lead !== LF && lead !== CR && !(lead !== undefined && lead >= 0x41 && lead <= 0x5a)) {
    return null;
  }
  const bytes = payloadBytes(payload);
  if (bytes.length === 0) return null;
  let pos = skipEols(bytes, 0);
  if (pos === bytes.length) return { summary: "STOMP heart-beat", value: { heartbeat: true } };
  const frames: StompFrame[] = [];
  while (pos < bytes.length) {
    const read = readFrame(bytes, pos);
    if (read === null) return null;
    frames.push(read.frame);
    pos = skipEols(bytes, read.next);
  }
  const [first] = frames;
  if (first !== undefined && frames.length === 1) {
    return { summary: `STOMP ${describe(first)}`, value: first };
  }
  return {
    summary: `STOMP ${frames.length} frames: ${listSummary(frames.map(describe))}`,
    value: frames,
  };
}

/** The STOMP decoder. */
export const stompDecoder: Decoder = {
  id: "stomp",
  name: "STOMP",
  decode: decodeStomp,
  matchesSubprotocol: (protocol) => /^(v1[0-2]\.)?stomp$/i.test(protocol),
};
