import type { HandshakeReport, HeaderList } from "../../../../echo-server/protocol/relay-wire.ts";
import type { DecoderSettingsValue } from "../decoders/decoder-settings.ts";
import { encodeBase64 } from "../frames/codecs.ts";
import type { FrameEvent } from "../frames/frame.ts";
import type { Capture } from "./capture-file.ts";
import { CAPTURE_JSON_VERSION, type FrameJson, frameToJson } from "./capture-json.ts";
import {
  type CaptureMeta,
  type CaptureWriter,
  type FrameRows,
  frameAt,
  makeStartClock,
  rowsOfCapture,
} from "./capture-writer.ts";
import { epochSeconds, headerValue } from "./har-common.ts";

/** Who wrote a HAR file (its log.creator). */
export interface HarCreator {
  name: string;
  version: string;
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
  /** The session's .proto files, message types and custom decoder, when it had any. */
  decoders?: DecoderSettingsValue;
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
  const writer = makeHarWriter(capture, creator);
  writer.add(rowsOfCapture(capture.frames));
  return writer.finish().join("");
}

/** Indentation `depth` levels deep, as JSON.stringify(value, null, 2) writes it. */
const pad = (depth: number) => "  ".repeat(depth);

/** `value` as JSON.stringify(value, null, 2) writes it when nested `depth` levels deep. */
function pretty(value: unknown, depth: number): string {
  // A JSON string never holds a raw line break, so every "\n" here is the layout's own.
  return JSON.stringify(value, null, 2).replaceAll("\n", `\n${pad(depth)}`);
}

/** A run's list items (each already indented) as one part; ",\n" first unless it starts the list. */
function listPart(items: string[], first: boolean): string {
  return `${first ? "" : ",\n"}${items.join(",\n")}`;
}

/**
 * Writes HAR a run of frames at a time, byte for byte as JSON.stringify(har, null, 2) would:
 * messages and extension frames are written per run as they come, and the entry around them
 * (whose response and `_webSocketClose` depend on every frame) once the file is finished.
 */
export function makeHarWriter(
  meta: CaptureMeta,
  creator: HarCreator = DEFAULT_CREATOR,
): CaptureWriter {
  const clock = makeStartClock(meta);
  /** Parts of `_webSocketMessages` and of the extension's `frames`, one per run. */
  const messages: string[] = [];
  const extras: string[] = [];
  let messageCount = 0;
  let extraCount = 0;
  let frames = 0;
  let opened = false;
  let close: { time: number; event: Extract<FrameEvent, { type: "close" }> } | undefined;

  return {
    get frames() {
      return frames;
    },
    add(rows) {
      clock.saw(rows);
      const runMessages: string[] = [];
      const runExtras: string[] = [];
      for (let index = 0; index < rows.count; index++) {
        const kind = rows.kind(index);
        if (kind === "open") opened = true;
        const event = rows.event(index);
        if (event?.type === "close") close = { time: rows.time(index), event };
        const message = messageItem(rows, index);
        if (message !== null) runMessages.push(message);
        else {
          const item = { index: frames + index, ...frameToJson(frameAt(rows, index)) };
          runExtras.push(`${pad(6)}${pretty(item, 6)}`);
        }
      }
      if (runMessages.length > 0) messages.push(listPart(runMessages, messageCount === 0));
      if (runExtras.length > 0) extras.push(listPart(runExtras, extraCount === 0));
      messageCount += runMessages.length;
      extraCount += runExtras.length;
      frames += rows.count;
    },
    finish() {
      const startedAt = clock.startedAt;
      const time = meta.handshake?.durationMs ?? 0;
      const extension: SocketScopeExtension = {
        version: CAPTURE_JSON_VERSION,
        protocols: meta.protocols,
        startedAt,
        ...(meta.handshake ? { handshake: meta.handshake } : {}),
        ...(meta.decoders ? { decoders: meta.decoders } : {}),
        frameCount: frames,
        // The frames are spliced in below: an empty list marks the place.
        frames: [],
      };
      const entry = {
        startedDateTime: isoDate(startedAt),
        time,
        request: harRequest(meta),
        response: harResponse(meta, opened),
        cache: {},
        timings: { send: 0, wait: time, receive: 0 },
        _resourceType: "websocket",
        // Spliced in below as well.
        _webSocketMessages: [],
        ...(close
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
      const har = { log: { version: "1.2", creator, entries: [entry] } };
      const skeleton = `${JSON.stringify(har, null, 2)}\n`;
      // Both places are found by their line: a line break followed by this indentation and key
      // can only be the layout's, never text inside a string (strings escape line breaks).
      return splice(skeleton, [
        { anchor: `\n${pad(4)}"_webSocketMessages": []`, depth: 4, parts: messages },
        { anchor: `\n${pad(5)}"frames": []`, depth: 5, parts: extras },
      ]);
    },
  };
}

/** The skeleton with each anchor's empty list filled with its parts (anchors in file order). */
function splice(
  skeleton: string,
  places: { anchor: string; depth: number; parts: string[] }[],
): string[] {
  const out: string[] = [];
  let from = 0;
  for (const { anchor, depth, parts } of places) {
    const at = skeleton.indexOf(anchor, from);
    if (at === -1) throw new Error(`HAR layout: ${anchor.trim()} not found`);
    const open = at + anchor.length - 1; // the "]" of the empty list
    out.push(skeleton.slice(from, open));
    if (parts.length > 0) out.push("\n", ...parts, `\n${pad(depth)}`);
    from = open;
  }
  out.push(skeleton.slice(from));
  return out;
}

/**
 * A frame as a `_webSocketMessages` item written at its place in the list, or null when only
 * the extension can hold it. Written by hand because a million go through here: the shape is
 * fixed, and the golden test pins it to what JSON.stringify writes.
 */
function messageItem(rows: FrameRows, index: number): string | null {
  const direction = rows.direction(index);
  if (direction === "event") return null;
  const kind = rows.kind(index);
  const payload = rows.payload(index);
  let opcode: 1 | 2;
  let data: string;
  if (kind === "text" && typeof payload === "string") {
    opcode = 1;
    data = payload;
  } else if (kind === "binary" && payload !== undefined && typeof payload !== "string") {
    opcode = 2;
    data = encodeBase64(new Uint8Array(payload));
  } else return null;
  const type = direction === "sent" ? "send" : "receive";
  const inner = pad(6);
  // A tap's frames say which client they belong to, and what the tap did to them.
  const stream = rows.stream(index);
  const mark = rows.mark(index);
  const tap =
    (stream !== 0 ? `,\n${inner}"_tapClient": ${stream}` : "") +
    (mark !== undefined ? `,\n${inner}"_tapMark": "${mark}"` : "");
  return (
    `${pad(5)}{\n` +
    `${inner}"type": "${type}",\n` +
    `${inner}"time": ${jsonNumber(epochSeconds(rows.time(index)))},\n` +
    `${inner}"opcode": ${opcode},\n` +
    `${inner}"data": ${JSON.stringify(data)}${tap}\n` +
    `${pad(5)}}`
  );
}

/** A number as JSON writes it (null when it is not finite). */
function jsonNumber(value: number): string {
  return Number.isFinite(value) ? String(value) : "null";
}

/** The HAR request: the handshake's when the relay saw it, else a bare GET of the URL. */
function harRequest(meta: CaptureMeta) {
  const request = meta.handshake?.request;
  return {
    method: request?.method ?? "GET",
    url: meta.url,
    httpVersion: "HTTP/1.1",
    cookies: [],
    headers: harHeaders(request?.headers ?? []),
    queryString: queryString(meta.url),
    headersSize: -1,
    bodySize: 0,
  };
}

/**
 * The HAR response: the handshake's when the relay saw it; else 101 with no headers when the
 * socket opened, or status 0 (as Chrome writes for a request that got no answer) when it never did.
 */
function harResponse(meta: CaptureMeta, opened: boolean) {
  const response = meta.handshake?.response;
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
