import { nestingDepth } from "../../../../echo-server/protocol/json-guard.ts";
import type { HandshakeReport, HeaderList } from "../../../../echo-server/protocol/relay-wire.ts";
import { readDecoderSettings } from "../decoders/decoder-settings.ts";
import { decodeBase64 } from "../frames/codecs.ts";
import type { FrameMark } from "../frames/frame.ts";
import {
  type Capture,
  type CapturedFrame,
  MAX_CAPTURE_DEPTH,
  tooDeepProblem,
} from "./capture-file.ts";
import {
  CAPTURE_JSON_VERSION,
  frameFromJson,
  handshakeProblem,
  isFrameMark,
  isStreamId,
} from "./capture-json.ts";
import { headerValue, secondsToMs } from "./har-common.ts";
import {
  describe,
  errorText,
  fail,
  isRecord,
  progressReporter,
  stripBom,
  toArrayBuffer,
} from "./json-reading.ts";

/** One WebSocket connection found in a HAR file. */
export interface HarCapture {
  /** For a picker: the URL and how many messages it holds. */
  label: string;
  capture: Capture;
  /** True when the file gave no time for some messages or the close: those were placed 1 ms after the frame before. */
  timesMissing: boolean;
}

export type HarImport = { ok: true; captures: HarCapture[] } | { ok: false; error: string };

type Result<T> = { ok: true; value: T } | { ok: false; error: string };

/** Message times at or above this are epoch ms (Playwright); 1e11 s would be the year 5138. */
const EPOCH_MS_FROM = 1e11;
/** Message times at or above this (1973 in seconds) and below EPOCH_MS_FROM are epoch seconds. */
const EPOCH_SECONDS_FROM = 1e8;

/** Imports every WebSocket connection in a HAR file; `onProgress` gets the fraction of messages converted. */
export function importHar(text: string, onProgress?: (fraction: number) => void): HarImport {
  const depth = nestingDepth(text);
  if (depth > MAX_CAPTURE_DEPTH) return fail(tooDeepProblem("This HAR file", depth));
  let root: unknown;
  try {
    root = JSON.parse(stripBom(text));
  } catch (error) {
    return fail(`This file is not valid JSON (${errorText(error)}), so it is not a HAR file.`);
  }
  const entries = isRecord(root) && isRecord(root.log) ? root.log.entries : undefined;
  if (!Array.isArray(entries)) {
    return fail("This JSON file is not a HAR file: it has no log.entries list.");
  }
  const sockets = entries.flatMap((entry, index) =>
    isRecord(entry) && isWebSocketEntry(entry) ? [{ entry, index }] : [],
  );
  if (sockets.length === 0) {
    return fail(
      `This HAR file holds ${entries.length} request${entries.length === 1 ? "" : "s"} but no WebSocket connection. ` +
        "In the browser's Network panel, make sure the WebSocket request is listed (not filtered out) before exporting.",
    );
  }
  // The work is counted in messages; JSON.parse above is one call and cannot report progress.
  const total = sockets.reduce((sum, { entry }) => sum + messageCount(entry), 0);
  const report = progressReporter(total, onProgress);
  let done = 0;
  const captures: HarCapture[] = [];
  for (const { entry, index } of sockets) {
    const converted = convertEntry(entry, `log.entries[${index}]`, () => report(++done));
    if (!converted.ok) return converted;
    captures.push(converted.value);
  }
  report(total);
  return { ok: true, captures };
}

/** Whether an entry is a WebSocket connection: Chrome's and Playwright's markers, or a ws: URL. */
function isWebSocketEntry(entry: Record<string, unknown>): boolean {
  const url = isRecord(entry.request) ? entry.request.url : undefined;
  return (
    entry._webSocketMessages !== undefined ||
    entry._resourceType === "websocket" ||
    (typeof url === "string" && /^wss?:/i.test(url))
  );
}

/** How many messages and extension frames an entry holds, for progress. */
function messageCount(entry: Record<string, unknown>): number {
  const messages = Array.isArray(entry._webSocketMessages) ? entry._webSocketMessages.length : 0;
  const extension = isRecord(entry._socketscope) ? entry._socketscope.frames : undefined;
  return messages + (Array.isArray(extension) ? extension.length : 0);
}

/** One WebSocket entry as a capture: through our extension when it is there, else the standard fields. */
function convertEntry(
  entry: Record<string, unknown>,
  where: string,
  tick: () => void,
): Result<HarCapture> {
  const request = entry.request;
  const requestUrl = isRecord(request) ? request.url : undefined;
  if (!isRecord(request) || typeof requestUrl !== "string") {
    return fail(`${where}.request.url is missing, so this WebSocket entry has no address.`);
  }
  const messages = entry._webSocketMessages ?? [];
  if (!Array.isArray(messages)) {
    return fail(`${where}._webSocketMessages is ${describe(messages)}; expected a list.`);
  }
  const extension = entry._socketscope;
  // Another tool may have edited the messages; then the indexes no longer fit and only the standard fields are safe.
  if (
    isRecord(extension) &&
    extension.version === CAPTURE_JSON_VERSION &&
    Array.isArray(extension.frames) &&
    extension.frameCount === extension.frames.length + messages.length
  ) {
    return losslessCapture(requestUrl, extension, messages, where, tick);
  }
  return standardCapture(entry, request, requestUrl, messages, where, tick);
}

/** Our own export: extension frames at their indexes, `_webSocketMessages` filling the gaps in order. */
function losslessCapture(
  url: string,
  extension: Record<string, unknown>,
  messages: unknown[],
  where: string,
  tick: () => void,
): Result<HarCapture> {
  const at = `${where}._socketscope`;
  const { protocols, startedAt, handshake } = extension;
  if (!Array.isArray(protocols) || !protocols.every((item) => typeof item === "string")) {
    return fail(`${at}.protocols is ${describe(protocols)}; expected a list of strings.`);
  }
  if (typeof startedAt !== "number" || !Number.isFinite(startedAt)) {
    return fail(`${at}.startedAt is ${describe(startedAt)}; expected a number (epoch ms).`);
  }
  const problem = handshake === undefined ? null : handshakeProblem(handshake, `${at}.handshake`);
  if (problem) return fail(`${problem}.`);
  const decoders =
    extension.decoders === undefined
      ? undefined
      : readDecoderSettings(extension.decoders, `${at}.decoders`);
  if (decoders && !decoders.ok) return fail(`${decoders.error}.`);
  const extras = (extension.frames ?? []) as unknown[];
  const frameCount = extension.frameCount as number;
  const frames: CapturedFrame[] = [];
  let next = 0;
  let timesMissing = false;
  for (let extra = 0; extra <= extras.length; extra++) {
    const record = extras[extra];
    // The last round has no extension frame: it only drains the messages after the last one.
    const last = extra === extras.length;
    const index = last ? frameCount : isRecord(record) ? record.index : undefined;
    const limit = last ? frameCount : frameCount - 1;
    if (
      !Number.isInteger(index) ||
      (index as number) < frames.length ||
      (index as number) > limit
    ) {
      return fail(
        `${at}.frames[${extra}].index is ${describe(index)}; expected a frame position after the previous one and below ${frameCount}.`,
      );
    }
    while (frames.length < (index as number)) {
      const read = readMessage(messages[next], `${where}._webSocketMessages[${next}]`);
      if (!read.ok) return read;
      const previous = frames.at(-1)?.time ?? startedAt;
      timesMissing ||= read.value.rawTime === undefined;
      frames.push(
        withTime(
          read.value,
          read.value.rawTime === undefined ? previous + 1 : secondsToMs(read.value.rawTime),
        ),
      );
      next++;
      tick();
    }
    if (last) break;
    const read = frameFromJson(record, `${at}.frames[${extra}]`);
    if (!read.ok) return read;
    frames.push(read.frame);
    tick();
  }
  const capture: Capture = {
    url,
    protocols: protocols as string[],
    startedAt,
    ...(handshake === undefined ? {} : { handshake: handshake as HandshakeReport }),
    ...(decoders ? { decoders: decoders.value } : {}),
    frames,
  };
  return { ok: true, value: { label: captureLabel(capture), capture, timesMissing } };
}

/**
 * Another tool's entry (or ours without the extension): the handshake from request and response,
 * an open event when the answer was 101, the messages, and a close event from `_webSocketClose`.
 */
function standardCapture(
  entry: Record<string, unknown>,
  request: Record<string, unknown>,
  requestUrl: string,
  messages: unknown[],
  where: string,
  tick: () => void,
): Result<HarCapture> {
  const closeRecord = isRecord(entry._webSocketClose) ? entry._webSocketClose : undefined;
  const firstRawTime =
    messages
      .map((message) => (isRecord(message) ? message.time : undefined))
      .find(isFiniteNumber) ??
    (isFiniteNumber(closeRecord?.timestamp) ? closeRecord.timestamp : undefined);
  const parsedStart =
    typeof entry.startedDateTime === "string" ? Date.parse(entry.startedDateTime) : Number.NaN;
  const startedAt = Number.isFinite(parsedStart)
    ? parsedStart
    : firstRawTime !== undefined && firstRawTime >= EPOCH_SECONDS_FROM
      ? toEpochMs(firstRawTime, 0, firstRawTime)
      : 0;
  const clock = (raw: number) => toEpochMs(raw, startedAt, firstRawTime ?? raw);

  const handshake = handshakeFrom(entry, request, requestUrl, startedAt);
  // Tools record the upgrade under its http(s) address at times; the socket's own is ws(s).
  const url = requestUrl.replace(/^http(s?):/i, "ws$1:");
  const frames: CapturedFrame[] = [];
  if (handshake.response?.status === 101) {
    const headers = handshake.response.headers;
    frames.push({
      time: startedAt,
      direction: "event",
      kind: "open",
      event: {
        type: "open",
        url,
        protocol: headerValue(headers, "sec-websocket-protocol") ?? "",
        extensions: headerValue(headers, "sec-websocket-extensions") ?? "",
      },
    });
  }
  let timesMissing = false;
  const nextTime = (raw: number | undefined): number => {
    if (raw !== undefined) return clock(raw);
    timesMissing = true;
    return (frames.at(-1)?.time ?? startedAt) + 1;
  };
  for (const [index, message] of messages.entries()) {
    const read = readMessage(message, `${where}._webSocketMessages[${index}]`);
    if (!read.ok) return read;
    frames.push(withTime(read.value, nextTime(read.value.rawTime)));
    tick();
  }
  if (closeRecord) {
    const code = Number.isInteger(closeRecord.code) ? (closeRecord.code as number) : 1005;
    const timestamp = isFiniteNumber(closeRecord.timestamp) ? closeRecord.timestamp : undefined;
    frames.push({
      time: nextTime(timestamp),
      direction: "event",
      kind: "close",
      event: {
        type: "close",
        code,
        reason: typeof closeRecord.reason === "string" ? closeRecord.reason : "",
        // 1006 is the code for a connection that dropped without a closing handshake.
        wasClean: code !== 1006,
      },
    });
  }
  const requestProtocols = headerValue(handshake.request.headers, "sec-websocket-protocol") ?? "";
  const capture: Capture = {
    url,
    protocols: requestProtocols
      .split(",")
      .map((name) => name.trim())
      .filter(Boolean),
    startedAt,
    handshake,
    frames,
  };
  return { ok: true, value: { label: captureLabel(capture), capture, timesMissing } };
}

/**
 * Epoch ms of a message time, unit told by magnitude: epoch ms (Playwright), epoch seconds
 * (Chrome, HTTP Toolkit, ours), or below 1973 a monotonic clock in seconds, whose first reading
 * (`firstRaw`) is pinned to the entry's start. Seconds are rounded to the microsecond.
 */
function toEpochMs(raw: number, startedAt: number, firstRaw: number): number {
  if (firstRaw >= EPOCH_MS_FROM) return raw;
  if (firstRaw >= EPOCH_SECONDS_FROM) return secondsToMs(raw);
  return startedAt + secondsToMs(raw - firstRaw);
}

/** The handshake as a report, from the entry's request and response (no response when status is 0). */
function handshakeFrom(
  entry: Record<string, unknown>,
  request: Record<string, unknown>,
  url: string,
  startedAt: number,
): HandshakeReport {
  const response = isRecord(entry.response) ? entry.response : undefined;
  const status = response?.status;
  const content = isRecord(response?.content) ? response.content : undefined;
  const body =
    typeof content?.text === "string" && content.text !== "" && content.encoding === undefined
      ? content.text
      : undefined;
  return {
    request: {
      method: typeof request.method === "string" ? request.method : "GET",
      url,
      headers: headerList(request.headers),
    },
    ...(typeof status === "number" && status > 0
      ? {
          response: {
            status,
            statusText: typeof response?.statusText === "string" ? response.statusText : "",
            headers: headerList(response?.headers),
            ...(body === undefined ? {} : { body }),
          },
        }
      : {}),
    startedAt,
    durationMs: isFiniteNumber(entry.time) && entry.time >= 0 ? entry.time : 0,
  };
}

/** A message read from `_webSocketMessages`, before its time is converted. */
interface ReadMessage {
  rawTime: number | undefined;
  direction: "sent" | "received";
  kind: "text" | "binary" | "ping" | "pong";
  payload: string | ArrayBuffer;
  /** A tap's frame: its client, and what the tap did to it (SocketScope's `_tapClient`, `_tapMark`). */
  stream?: number;
  mark?: FrameMark;
}

/**
 * Reads one `_webSocketMessages` item. Opcode 1 is text; a missing opcode is text as well, data
 * taken as written: HAR data is always a JSON string, and guessing base64 would garble short words
 * such as "ping" that happen to be valid base64. Opcodes 2, 9 and 10 carry base64 bytes.
 */
function readMessage(value: unknown, where: string): Result<ReadMessage> {
  if (!isRecord(value)) return fail(`${where} is ${describe(value)}; expected a message object.`);
  const { type, time, opcode, data } = value;
  if (type !== "send" && type !== "receive") {
    return fail(`${where}: type is ${describe(type)}; expected "send" or "receive".`);
  }
  if (time !== undefined && time !== null && !isFiniteNumber(time)) {
    return fail(`${where}: time is ${describe(time)}; expected a number (epoch seconds).`);
  }
  if (typeof data !== "string") {
    return fail(`${where}: data is ${describe(data)}; expected a string.`);
  }
  const direction = type === "send" ? "sent" : "received";
  const rawTime = isFiniteNumber(time) ? time : undefined;
  const { _tapClient: stream, _tapMark: mark } = value;
  if (stream !== undefined && !isStreamId(stream)) {
    return fail(`${where}: _tapClient is ${describe(stream)}; expected a client number from 1.`);
  }
  if (mark !== undefined && !isFrameMark(mark)) {
    return fail(
      `${where}: _tapMark is ${describe(mark)}; expected "injected", "changed" or "dropped".`,
    );
  }
  const tap = { ...(stream !== undefined ? { stream } : {}), ...(mark ? { mark } : {}) };
  if (opcode === undefined || opcode === null || opcode === 1) {
    return { ok: true, value: { rawTime, direction, kind: "text", payload: data, ...tap } };
  }
  const kind = opcode === 2 ? "binary" : opcode === 9 ? "ping" : opcode === 10 ? "pong" : null;
  if (kind === null) {
    return fail(
      `${where}: opcode is ${describe(opcode)}; SocketScope reads 1 (text), 2 (binary), 9 (ping) and 10 (pong).`,
    );
  }
  const bytes = decodeBase64(data);
  if (bytes === null) {
    return fail(`${where}: data is not valid base64, which opcode ${opcode} (${kind}) needs.`);
  }
  return { ok: true, value: { rawTime, direction, kind, payload: toArrayBuffer(bytes), ...tap } };
}

/** A read message as a captured frame at `time`. */
function withTime(message: ReadMessage, time: number): CapturedFrame {
  const { rawTime: _, ...frame } = message;
  return { time, ...frame };
}

/** "wss://host/path (12 messages)": what a picker shows for a connection. */
function captureLabel(capture: Capture): string {
  const count = capture.frames.filter((f) => f.kind === "text" || f.kind === "binary").length;
  return `${capture.url} (${count} message${count === 1 ? "" : "s"})`;
}

/** A header list from HAR headers, skipping items that are not name/value strings. */
function headerList(value: unknown): HeaderList {
  if (!Array.isArray(value)) return [];
  return value.flatMap(
    (header): HeaderList =>
      isRecord(header) && typeof header.name === "string" && typeof header.value === "string"
        ? [[header.name, header.value]]
        : [],
  );
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}
