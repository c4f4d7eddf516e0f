import type { HandshakeReport, HeaderList } from "../../../../echo-server/protocol/relay-wire.ts";
import { encodeBase64 } from "../frames/codecs.ts";
import type { Capture, CapturedFrame } from "./capture-file.ts";
import { CAPTURE_JSON_VERSION, type FrameJson, frameToJson } from "./capture-json.ts";
import { epochSeconds, headerValue } from "./har-common.ts";

/** Who wrote a HAR file (its log.creator). */
export interface HarCreator {
  name: string;
  version: string;
}

/** A message in Chrome's `_webSocketMessages`: time in epoch seconds, binary data as base64. */
interface HarMessage {
  type: "send" | "receive";
  time: number;
  opcode: 1 | 2;
  data: string;
}

interface HarNameValue {
  name: string;
  value: string;
}

/** What `_webSocketMessages` cannot hold (events, control frames), with each frame's place in the capture. */
interface SocketScopeExtension {
  version: number;
  protocols: string[];
  /** Epoch ms at full precision (startedDateTime keeps whole ms only). */
  startedAt: number;
  handshake?: HandshakeReport;
  /** Frames in the capture: the extension's plus `_webSocketMessages`'. */
  frameCount: number;
  frames: (FrameJson & { index: number })[];
}

const DEFAULT_CREATOR: HarCreator = { name: "SocketScope", version: "unknown" };

/**
 * HAR 1.2 of a capture, readable by Chrome and other tools: one entry holding the handshake,
 * `_webSocketMessages` (text and binary frames) and `_webSocketClose`, plus a `_socketscope`
 * extension with everything else so SocketScope reads its own export back without loss.
 */
export function exportHar(capture: Capture, creator: HarCreator = DEFAULT_CREATOR): string {
  const messages: HarMessage[] = [];
  const extras: SocketScopeExtension["frames"] = [];
  capture.frames.forEach((frame, index) => {
    const message = harMessage(frame);
    if (message) messages.push(message);
    else extras.push({ index, ...frameToJson(frame) });
  });
  const close = lastCloseFrame(capture.frames);
  const time = capture.handshake?.durationMs ?? 0;
  const extension: SocketScopeExtension = {
    version: CAPTURE_JSON_VERSION,
    protocols: capture.protocols,
    startedAt: capture.startedAt,
    ...(capture.handshake ? { handshake: capture.handshake } : {}),
    frameCount: capture.frames.length,
    frames: extras,
  };
  const entry = {
    startedDateTime: isoDate(capture.startedAt),
    time,
    request: harRequest(capture),
    response: harResponse(capture),
    cache: {},
    timings: { send: 0, wait: time, receive: 0 },
    _resourceType: "websocket",
    _webSocketMessages: messages,
    ...(close?.event?.type === "close"
      ? {
          _webSocketClose: {
            code: close.event.code,
            reason: close.event.reason,
            timestamp: epochSeconds(close.time),
          },
        }
      : {}),
    _socketscope: extension,
  };
  return `${JSON.stringify({ log: { version: "1.2", creator, entries: [entry] } }, null, 2)}\n`;
}

/** A frame as a `_webSocketMessages` item, or null when only the extension can hold it. */
function harMessage(frame: CapturedFrame): HarMessage | null {
  if (frame.direction === "event") return null;
  const type = frame.direction === "sent" ? "send" : "receive";
  const time = epochSeconds(frame.time);
  if (frame.kind === "text" && typeof frame.payload === "string") {
    return { type, time, opcode: 1, data: frame.payload };
  }
  if (frame.kind === "binary" && frame.payload !== undefined && typeof frame.payload !== "string") {
    return { type, time, opcode: 2, data: encodeBase64(new Uint8Array(frame.payload)) };
  }
  return null;
}

/** The HAR request: the handshake's when the relay saw it, else a bare GET of the URL. */
function harRequest(capture: Capture) {
  const request = capture.handshake?.request;
  return {
    method: request?.method ?? "GET",
    url: capture.url,
    httpVersion: "HTTP/1.1",
    cookies: [],
    headers: harHeaders(request?.headers ?? []),
    queryString: queryString(capture.url),
    headersSize: -1,
    bodySize: 0,
  };
}

/**
 * The HAR response: the handshake's when the relay saw it; else 101 with no headers when the
 * socket opened, or status 0 (as Chrome writes for a request that got no answer) when it never did.
 */
function harResponse(capture: Capture) {
  const response = capture.handshake?.response;
  const opened = capture.frames.some((frame) => frame.kind === "open");
  const status = response?.status ?? (opened ? 101 : 0);
  const statusText = response?.statusText ?? (opened ? "Switching Protocols" : "");
  const headers = response?.headers ?? [];
  const body = response?.body;
  const size = body === undefined ? 0 : new TextEncoder().encode(body).length;
  const mimeType = headerValue(headers, "content-type") ?? (body ? "text/plain" : "x-unknown");
  return {
    status,
    statusText,
    httpVersion: "HTTP/1.1",
    cookies: [],
    headers: harHeaders(headers),
    content: { size, mimeType, ...(body === undefined ? {} : { text: body }) },
    redirectURL: headerValue(headers, "location") ?? "",
    headersSize: -1,
    bodySize: size,
  };
}

/** The last close event, whose code `_webSocketClose` carries. */
function lastCloseFrame(frames: CapturedFrame[]): CapturedFrame | undefined {
  return frames.findLast((frame) => frame.event?.type === "close");
}

/** HAR headers from a header list. */
function harHeaders(headers: HeaderList): HarNameValue[] {
  return headers.map(([name, value]) => ({ name, value }));
}

/** HAR's queryString list of a URL; empty when it does not parse. */
function queryString(url: string): HarNameValue[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

/** ISO 8601 of epoch ms; the epoch itself when the time is not a valid date. */
function isoDate(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? new Date(0).toISOString() : date.toISOString();
}
