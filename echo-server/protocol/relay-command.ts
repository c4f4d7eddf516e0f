/**
 * The one schema every relay command is checked against before the relay acts on it. A command
 * arrives as untrusted JSON from a socket; nothing is cast. The inspector's relay form checks its
 * fields with the same functions, so what the form accepts, the relay accepts.
 */
import { closeReason, isSendableCloseCode } from "./close-codes.ts";
import { checkHeaderName, checkHeaderValue, isToken, printable } from "./headers.ts";
import type { HeaderList, RelayCommand, RelayConnect } from "./relay-wire.ts";

/** Bounds of a relay command. */
export const RelayLimits = {
  /** Longest target URL, in characters. */
  maxUrlLength: 2048,
  /** Most subprotocols one connect may offer. */
  maxProtocols: 16,
  /** Most custom headers one connect may send. */
  maxHeaders: 64,
  /** Shortest and longest handshake timeout; values outside are clamped. */
  minHandshakeTimeoutMs: 100,
  maxHandshakeTimeoutMs: 30_000,
  /** Timeout when the command gives none. */
  defaultHandshakeTimeoutMs: 10_000,
  /** A ping's payload is a control frame's: at most 125 bytes. */
  maxPingBytes: 125,
} as const;

/** A checked command, or the field that was refused and why. */
export type RelayCommandCheck =
  | { ok: true; command: RelayCommand }
  | { ok: false; field: string; message: string };

/** A refusal of one field. */
class Refusal {
  constructor(
    readonly field: string,
    readonly message: string,
  ) {}
}

/** Checks an untrusted value (a parsed JSON command) against the relay's schema; never throws. */
export function parseRelayCommand(value: unknown): RelayCommandCheck {
  try {
    return { ok: true, command: readCommand(value) };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, field: error.field, message: error.message };
    throw error;
  }
}

function readCommand(value: unknown): RelayCommand {
  if (!isRecord(value)) throw new Refusal("command", "A relay command is a JSON object");
  switch (value.type) {
    case "connect":
      return readConnect(value);
    case "ping": {
      const data = value.data ?? "";
      if (typeof data !== "string" || !isBase64(data))
        throw new Refusal("data", "A ping's data is base64");
      if (base64Bytes(data) > RelayLimits.maxPingBytes)
        throw new Refusal("data", `A ping carries at most ${RelayLimits.maxPingBytes} bytes`);
      return { type: "ping", data };
    }
    case "close": {
      const command: RelayCommand = { type: "close" };
      if (value.code !== undefined) {
        if (typeof value.code !== "number" || !isSendableCloseCode(value.code))
          throw new Refusal("code", "A close code is 1000, 1001–1003, 1007–1014 or 3000–4999");
        command.code = value.code;
      }
      if (value.reason !== undefined) {
        if (typeof value.reason !== "string") throw new Refusal("reason", "A close reason is text");
        if (command.code === undefined)
          throw new Refusal("reason", "A close reason needs a close code");
        command.reason = closeReason(value.reason);
      }
      return command;
    }
    case "auto-pong":
      if (typeof value.enabled !== "boolean")
        throw new Refusal("enabled", "auto-pong takes enabled: true or false");
      return { type: "auto-pong", enabled: value.enabled };
    default:
      throw new Refusal("type", "A relay command's type is connect, ping, close or auto-pong");
  }
}

function readConnect(value: Record<string, unknown>): RelayConnect {
  const url = checkTargetUrl(value.url);
  if (typeof url !== "string") throw new Refusal("url", url.error);
  const command: RelayConnect = {
    type: "connect",
    url,
    protocols: readProtocols(value.protocols),
    headers: readHeaders(value.headers),
    handshakeTimeoutMs: readTimeout(value.handshakeTimeoutMs),
  };
  if (value.origin !== undefined && value.origin !== "") {
    const problem = checkOrigin(value.origin);
    if (problem) throw new Refusal("origin", problem);
    command.origin = value.origin as string;
  }
  for (const flag of ["followRedirects", "autoPong"] as const) {
    if (value[flag] === undefined) continue;
    if (typeof value[flag] !== "boolean") throw new Refusal(flag, `${flag} is true or false`);
    command[flag] = value[flag];
  }
  return command;
}

/**
 * A target URL, normalized (`href`: ASCII, percent-encoded, punycode host), or why the relay may
 * not dial it: ws: or wss: only, no fragment (RFC 6455 §3), and a length cap.
 */
export function checkTargetUrl(value: unknown): string | { error: string } {
  if (typeof value !== "string" || value === "") return { error: "The target URL is missing" };
  if (value.length > RelayLimits.maxUrlLength)
    return { error: `The target URL is longer than ${RelayLimits.maxUrlLength} characters` };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { error: `Not a valid URL: ${printable(value.slice(0, 200))}` };
  }
  if (url.protocol !== "ws:" && url.protocol !== "wss:")
    return { error: `The relay dials ws: and wss: URLs only, not ${url.protocol}` };
  if (value.includes("#"))
    return { error: "A WebSocket URL has no #fragment (RFC 6455 §3): remove it" };
  if (url.href.length > RelayLimits.maxUrlLength)
    return { error: `The target URL is longer than ${RelayLimits.maxUrlLength} characters` };
  return url.href;
}

/** Why `value` is not a serialized origin such as `https://app.example:8443`, or undefined. */
export function checkOrigin(value: unknown): string | undefined {
  const fix = "an origin is scheme://host[:port], such as https://app.example";
  if (typeof value !== "string") return `Origin must be text: ${fix}`;
  let origin: string;
  try {
    origin = new URL(value).origin;
  } catch {
    return `"${printable(value.slice(0, 200))}" is not an origin: ${fix}`;
  }
  // The URL parser drops tabs and newlines and accepts paths, so compare the serialization.
  if (origin === "null" || origin !== value)
    return `"${printable(value.slice(0, 200))}" is not an origin: ${fix}`;
  return undefined;
}

/** Why a list of offered subprotocols cannot be sent, or undefined when it can. */
export function checkProtocols(protocols: readonly string[]): string | undefined {
  if (protocols.length > RelayLimits.maxProtocols)
    return `At most ${RelayLimits.maxProtocols} subprotocols`;
  const seen = new Set<string>();
  for (const protocol of protocols) {
    if (!isToken(protocol))
      return `"${printable(protocol)}" is not a valid subprotocol name: no spaces, commas or quotes`;
    if (seen.has(protocol)) return `The subprotocol ${protocol} is offered twice`;
    seen.add(protocol);
  }
  return undefined;
}

function readProtocols(value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string"))
    throw new Refusal("protocols", "Subprotocols are a list of names");
  const problem = checkProtocols(value);
  if (problem) throw new Refusal("protocols", problem);
  return [...value];
}

function readHeaders(value: unknown): HeaderList {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new Refusal("headers", "Headers are a list of [name, value]");
  if (value.length > RelayLimits.maxHeaders)
    throw new Refusal("headers", `At most ${RelayLimits.maxHeaders} custom headers`);
  const headers: HeaderList = [];
  const seen = new Set<string>();
  value.forEach((pair: unknown, i) => {
    if (
      !Array.isArray(pair) ||
      pair.length !== 2 ||
      typeof pair[0] !== "string" ||
      typeof pair[1] !== "string"
    )
      throw new Refusal(`headers[${i}]`, "A header is a [name, value] pair of text");
    const [name, value] = pair as [string, string];
    const nameProblem = checkHeaderName(name);
    if (nameProblem) throw new Refusal(`headers[${i}][0]`, nameProblem);
    if (seen.has(name.toLowerCase()))
      throw new Refusal(`headers[${i}][0]`, `${name} is given twice: send it once`);
    seen.add(name.toLowerCase());
    const valueProblem = checkHeaderValue(name, value);
    if (valueProblem) throw new Refusal(`headers[${i}][1]`, valueProblem);
    headers.push([name, value]);
  });
  return headers;
}

function readTimeout(value: unknown): number {
  if (value === undefined) return RelayLimits.defaultHandshakeTimeoutMs;
  if (typeof value !== "number" || !Number.isFinite(value))
    throw new Refusal("handshakeTimeoutMs", "The handshake timeout is a number of milliseconds");
  return clampTimeout(value);
}

/** A handshake timeout within 100–30,000 ms; 0 or less never means "no timeout". */
export function clampTimeout(ms: number): number {
  return Math.round(
    Math.min(
      RelayLimits.maxHandshakeTimeoutMs,
      Math.max(RelayLimits.minHandshakeTimeoutMs, Number.isFinite(ms) ? ms : 0),
    ),
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isBase64(text: string): boolean {
  return /^[A-Za-z0-9+/]*={0,2}$/.test(text) && text.length % 4 === 0;
}

function base64Bytes(text: string): number {
  return (text.length / 4) * 3 - (text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0);
}
