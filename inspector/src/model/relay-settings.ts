import type { HeaderList, RelaySettings } from "../../../echo-server/protocol/relay-wire.ts";

/** What the relay form holds. */
export interface RelayForm {
  headers: { name: string; value: string }[];
  auth:
    | { kind: "none" }
    | { kind: "bearer"; token: string }
    | { kind: "basic"; user: string; password: string };
  origin: string;
  handshakeTimeoutMs: string;
  followRedirects: boolean;
  autoPong: boolean;
}

export const emptyRelayForm: RelayForm = {
  headers: [],
  auth: { kind: "none" },
  origin: "",
  handshakeTimeoutMs: "10000",
  followRedirects: false,
  autoPong: true,
};

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const RESERVED = [
  "connection",
  "upgrade",
  "host",
  "sec-websocket-key",
  "sec-websocket-version",
  "sec-websocket-extensions",
  "sec-websocket-protocol",
];

/** The Authorization header the helper makes, if any. */
export function authorizationHeader(auth: RelayForm["auth"]): string | undefined {
  if (auth.kind === "bearer") return auth.token.trim() ? `Bearer ${auth.token.trim()}` : undefined;
  if (auth.kind === "basic") {
    const bytes = new TextEncoder().encode(`${auth.user}:${auth.password}`);
    return `Basic ${btoa(String.fromCharCode(...bytes))}`;
  }
  return undefined;
}

/**
 * Turns the form into what the relay is asked for, or says what to fix. Empty header rows are
 * skipped; the Authorization helper adds its header unless one is typed in by hand.
 */
export function relaySettingsFrom(
  form: RelayForm,
  relayUrl: string,
): { ok: true; settings: RelaySettings } | { ok: false; error: string } {
  const headers: HeaderList = [];
  for (const { name, value } of form.headers) {
    const trimmed = name.trim();
    if (trimmed === "" && value === "") continue;
    if (!TOKEN.test(trimmed)) return { ok: false, error: `"${name}" is not a valid header name` };
    if (RESERVED.includes(trimmed.toLowerCase()))
      return { ok: false, error: `${trimmed} is set by the handshake itself` };
    headers.push([trimmed, value]);
  }
  const authorization = authorizationHeader(form.auth);
  if (authorization && !headers.some(([name]) => name.toLowerCase() === "authorization")) {
    headers.push(["Authorization", authorization]);
  }
  const timeout = Number(form.handshakeTimeoutMs);
  if (!Number.isInteger(timeout) || timeout < 100 || timeout > 30_000) {
    return { ok: false, error: "Handshake timeout must be from 100 to 30000 ms" };
  }
  const origin = form.origin.trim();
  if (origin !== "") {
    try {
      new URL(origin);
    } catch {
      return {
        ok: false,
        error: `Origin must be a URL such as https://app.example, not "${origin}"`,
      };
    }
  }
  return {
    ok: true,
    settings: {
      relayUrl,
      connect: {
        headers,
        ...(origin ? { origin } : {}),
        handshakeTimeoutMs: timeout,
        followRedirects: form.followRedirects,
        autoPong: form.autoPong,
      },
    },
  };
}
