import type { IncomingMessage } from "node:http";

/** What the relay may do. It is an SSRF risk, so it is narrow by default. */
export interface RelayPolicy {
  enabled: boolean;
  /** `host` or `host:port` entries the relay may dial; empty allows any target. */
  allow: string[];
  /** Longest handshake the relay waits for. */
  maxHandshakeTimeoutMs: number;
}

/** Whether an address (or host name) is this machine's loopback. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const bare = address.replace(/^\[|\]$/g, "").replace(/^::ffff:/, "");
  return bare === "::1" || bare === "localhost" || /^127\.\d+\.\d+\.\d+$/.test(bare);
}

/**
 * The relay policy for a server bound to `host`: on loopback the relay may dial any target
 * (only local users can reach it); bound elsewhere it is off unless `allow` names targets.
 */
export function relayPolicyFor(host: string, allow: string[]): RelayPolicy {
  return { enabled: isLoopback(host) || allow.length > 0, allow, maxHandshakeTimeoutMs: 30_000 };
}

/**
 * Why a relay upgrade is refused, or undefined to accept it: the client must be on loopback and
 * its page must come from this server (Origin equal to the request's own host), so no web page
 * of another origin can use the relay to reach a third party.
 */
export function refuseRelayClient(
  request: IncomingMessage,
  policy: RelayPolicy,
): string | undefined {
  if (!policy.enabled)
    return "The relay is off: this server is not bound to loopback and --relay-allow names no targets";
  if (!isLoopback(request.socket.remoteAddress))
    return "The relay accepts connections from this machine only";
  const origin = request.headers.origin;
  if (!origin) return "The relay needs an Origin header from this server's own page";
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return "The relay got a malformed Origin header";
  }
  if (originHost !== request.headers.host)
    return `The relay refuses pages from ${origin}: only this server's own page may use it`;
  return undefined;
}

/** Why the relay may not dial `url`, or undefined when it may. */
export function refuseRelayTarget(url: string, policy: RelayPolicy): string | undefined {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return `Not a valid URL: ${url}`;
  }
  if (target.protocol !== "ws:" && target.protocol !== "wss:") {
    return `The relay dials ws: and wss: URLs only, not ${target.protocol}`;
  }
  if (policy.allow.length === 0) return undefined;
  const port = target.port || (target.protocol === "wss:" ? "443" : "80");
  const allowed = policy.allow.some((entry) => {
    const [host, allowedPort] = entry.split(/:(?=\d+$)/);
    return (
      host?.toLowerCase() === target.hostname.toLowerCase() &&
      (allowedPort === undefined || allowedPort === port)
    );
  });
  return allowed
    ? undefined
    : `${target.host} is not in --relay-allow (${policy.allow.join(", ")})`;
}

/** Headers the relay sets itself; a client may not override them. */
const RESERVED_HEADERS = new Set([
  "connection",
  "upgrade",
  "host",
  "sec-websocket-key",
  "sec-websocket-version",
  "sec-websocket-extensions",
  "sec-websocket-protocol",
  "content-length",
  "transfer-encoding",
]);

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Why a custom header cannot be sent, or undefined when it can. */
export function refuseHeader(name: string, value: string): string | undefined {
  if (!TOKEN.test(name)) return `"${name}" is not a valid header name`;
  if (RESERVED_HEADERS.has(name.toLowerCase())) return `${name} is set by the handshake itself`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: header values must not carry control characters.
  if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(value))
    return `The value of ${name} has control characters`;
  return undefined;
}
