import type {
  HandshakeReport,
  HandshakeRequest,
  HandshakeResponse,
  HeaderList,
} from "../../../../echo-server/protocol/relay-wire.ts";
import { isSecretHeader } from "../../../../echo-server/protocol/secret-names.ts";
import { REDACTED_HEADER_VALUE, redactUrl } from "../connect/secrets.ts";
import type { FrameEvent } from "../frames/frame.ts";
import type { Capture, CapturedFrame } from "./capture-file.ts";

/**
 * Credentials taken out of a capture before it leaves the inspector, the way Chrome's sanitized
 * HAR export does. A secret header keeps its name and gets the value `(redacted)`, so a reader
 * sees that it was sent; a secret query parameter keeps its name and gets the value `redacted`;
 * URL userinfo is dropped. Payloads are data and are never touched.
 */

/** What to redact: header values only (the workspace), or URLs as well (exports). */
export interface RedactOptions {
  /** Mask secret query parameters and drop userinfo in URLs too. @default true */
  urls?: boolean;
}

/** A redacted value, and the names of what was taken out (first spelling, in order). */
export interface Redacted<T> {
  value: T;
  removed: string[];
}

/** Headers whose value is a URL: it is redacted as a URL rather than as a secret. */
const URL_HEADERS = ["location", "content-location", "referer"];

/** Collects removed names once each. */
class Removed {
  readonly names: string[] = [];
  add(...names: string[]) {
    for (const name of names) if (!this.names.includes(name)) this.names.push(name);
  }
}

function url(value: string, removed: Removed, options: RedactOptions): string {
  if (options.urls === false) return value;
  const redacted = redactUrl(value, "mask");
  removed.add(...redacted.removed);
  return redacted.url;
}

function headers(list: HeaderList, removed: Removed, options: RedactOptions): HeaderList {
  return list.map(([name, value]): [string, string] => {
    if (isSecretHeader(name)) {
      removed.add(name);
      return [name, REDACTED_HEADER_VALUE];
    }
    if (URL_HEADERS.includes(name.toLowerCase())) return [name, url(value, removed, options)];
    return [name, value];
  });
}

function request(value: HandshakeRequest, removed: Removed, options: RedactOptions) {
  return {
    ...value,
    url: url(value.url, removed, options),
    headers: headers(value.headers, removed, options),
  };
}

function response(value: HandshakeResponse, removed: Removed, options: RedactOptions) {
  return { ...value, headers: headers(value.headers, removed, options) };
}

function handshake(value: HandshakeReport, removed: Removed, options: RedactOptions) {
  const redacted: HandshakeReport = { ...value, request: request(value.request, removed, options) };
  if (value.response) redacted.response = response(value.response, removed, options);
  if (value.redirects)
    redacted.redirects = value.redirects.map((hop) => ({
      request: request(hop.request, removed, options),
      response: response(hop.response, removed, options),
    }));
  return redacted;
}

function event(value: FrameEvent, removed: Removed, options: RedactOptions): FrameEvent {
  switch (value.type) {
    case "open":
      return {
        ...value,
        url: url(value.url, removed, options),
        ...(value.handshake ? { handshake: handshake(value.handshake, removed, options) } : {}),
      };
    case "error":
      return value.handshake
        ? { ...value, handshake: handshake(value.handshake, removed, options) }
        : value;
    default:
      return value;
  }
}

/** A handshake report without credentials. */
export function redactHandshake(
  value: HandshakeReport,
  options: RedactOptions = {},
): Redacted<HandshakeReport> {
  const removed = new Removed();
  return { value: handshake(value, removed, options), removed: removed.names };
}

/** A connection event without credentials (open and error events carry URLs and handshakes). */
export function redactEvent(value: FrameEvent, options: RedactOptions = {}): Redacted<FrameEvent> {
  const removed = new Removed();
  return { value: event(value, removed, options), removed: removed.names };
}

/**
 * Redacts a capture piece by piece: its meta first, then its events in order, as an export
 * written run by run meets them. `removed` names what was taken out so far, as redactCapture
 * does for the whole.
 */
export interface CaptureRedactor {
  /** The URL and handshake without credentials; other fields as they are. */
  meta<T extends { url: string; handshake?: HandshakeReport }>(value: T): T;
  /** A connection event without credentials (open and error events carry URLs and handshakes). */
  event(value: FrameEvent): FrameEvent;
  readonly removed: readonly string[];
}

/** A plain redactor for one capture. */
export function makeCaptureRedactor(options: RedactOptions = {}): CaptureRedactor {
  const removed = new Removed();
  return {
    meta(value) {
      const redacted = { ...value, url: url(value.url, removed, options) };
      if (value.handshake) redacted.handshake = handshake(value.handshake, removed, options);
      return redacted;
    },
    event: (value) => event(value, removed, options),
    removed: removed.names,
  };
}

/**
 * A capture without credentials: its URL, its handshake (request URL, headers, every redirect
 * hop and its Location) and the URLs and handshakes of its events. Frames without an event are
 * the same objects, not copies.
 */
export function redactCapture(capture: Capture, options: RedactOptions = {}): Redacted<Capture> {
  const redactor = makeCaptureRedactor(options);
  const value = redactor.meta(capture);
  value.frames = capture.frames.map(
    (frame): CapturedFrame =>
      frame.event ? { ...frame, event: redactor.event(frame.event) } : frame,
  );
  return { value, removed: [...redactor.removed] };
}
