import type { IncomingMessage } from "node:http";
import { networkInterfaces } from "node:os";

/**
 * Who may talk to the server, decided from the Host and Origin headers of every request and
 * upgrade. The server runs on the user's machine while they browse, so every page they open can
 * reach it. A DNS-rebinding page controls both headers but cannot make its Host one of ours, and
 * a plain cross-site page cannot make its Origin ours. (Vite answered the same attack with
 * `server.allowedHosts`.) See docs/security.md.
 */
export interface AccessPolicy {
  /** The interface the server is bound to. */
  boundHost: string;
  /**
   * Extra Host names to accept (`--allowed-hosts`): `name` or `name:port`, `.example.com` for
   * a domain and its subdomains, `*` for any (which gives up the rebinding defence).
   */
  allowedHosts: string[];
  /** Extra page origins the playground endpoints accept (`--allow-origin`); `*` for any. */
  allowOrigins: string[];
}

/** The default: nothing beyond loopback and the bound host. */
export const defaultAccessPolicy: AccessPolicy = {
  boundHost: "127.0.0.1",
  allowedHosts: [],
  allowOrigins: [],
};

/** A host and a port read from a Host header or an origin. */
interface HostPort {
  /** Lower case, IPv6 without brackets. */
  host: string;
  port: number;
}

/** Whether an address or host name is this machine's loopback. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const bare = address
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/^::ffff:/, "");
  return (
    bare === "::1" ||
    bare === "localhost" ||
    bare.endsWith(".localhost") ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare)
  );
}

/**
 * Why the request's Host header is refused (answered 403), or undefined. It must name loopback
 * with the server's port, the bound host (or, bound to all interfaces, one of this machine's
 * addresses) with that port, or an `--allowed-hosts` entry.
 */
export function refuseHost(request: IncomingMessage, policy: AccessPolicy): string | undefined {
  const header = request.headers.host;
  if (!header) return "The request has no Host header";
  const target = parseHostPort(header, defaultPortOf(request));
  if (!target) return `The Host header "${printableHeader(header)}" is malformed`;
  if (isAllowedHostEntry(target, policy.allowedHosts)) return undefined;
  const ownPort = request.socket.localPort;
  if (target.port === ownPort && isOwnHost(target.host, policy.boundHost)) return undefined;
  return `The Host "${printableHeader(header)}" is not this server's: open it as http://127.0.0.1:${ownPort}/ or list the name in --allowed-hosts`;
}

/**
 * Why a request for the relay or the HTTP API is refused for its Origin, or undefined. A browser
 * request must come from this server's own page (scheme, host and port); a request without an
 * Origin (curl, a local tool, a same-origin GET) passes, unless the browser says it is
 * cross-site (`Sec-Fetch-Site`).
 */
export function refuseForeignOrigin(
  request: IncomingMessage,
  options: { requireOrigin: boolean },
): string | undefined {
  const origin = request.headers.origin;
  if (origin === undefined) {
    if (options.requireOrigin)
      return "Only this server's own page may use this: no Origin was sent";
    const site = request.headers["sec-fetch-site"];
    if (site !== undefined && site !== "same-origin" && site !== "none")
      return "Only this server's own page may use this: the browser marked the request cross-site";
    return undefined;
  }
  if (sameOrigin(origin, ownOrigin(request))) return undefined;
  return `Only this server's own page may use this, not ${printableHeader(origin)}`;
}

/**
 * Why a playground endpoint refuses the page that opened the connection, or undefined. Clients
 * without an Origin (non-browser tools), this server's page, loopback pages on any port (a
 * SolidStart dev page on http://localhost:3000) and `--allow-origin` entries pass.
 */
export function refusePlaygroundOrigin(
  request: IncomingMessage,
  policy: AccessPolicy,
): string | undefined {
  const origin = request.headers.origin;
  if (origin === undefined) return undefined;
  if (policy.allowOrigins.includes("*")) return undefined;
  if (sameOrigin(origin, ownOrigin(request))) return undefined;
  const page = parseOrigin(origin);
  if (page && isLoopback(page.host)) return undefined;
  if (policy.allowOrigins.some((allowed) => sameOrigin(origin, allowed))) return undefined;
  return `Pages from ${printableHeader(origin)} may not use the playground: start the server with --allow-origin ${printableHeader(origin)} to let them`;
}

/** This server's origin as the request names it (its Host was checked first). */
function ownOrigin(request: IncomingMessage): string {
  const scheme = (request.socket as { encrypted?: boolean }).encrypted ? "https" : "http";
  return `${scheme}://${request.headers.host ?? ""}`;
}

function sameOrigin(a: string, b: string): boolean {
  const left = normalizeOrigin(a);
  return left !== undefined && left === normalizeOrigin(b);
}

/** An origin as the URL parser serializes it (default port dropped), or undefined. */
function normalizeOrigin(text: string): string | undefined {
  try {
    const origin = new URL(text).origin;
    return origin === "null" ? undefined : origin;
  } catch {
    return undefined;
  }
}

function parseOrigin(text: string): HostPort | undefined {
  try {
    const url = new URL(text);
    if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
    const port = url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
    return { host: url.hostname.replace(/^\[|\]$/g, "").toLowerCase(), port };
  } catch {
    return undefined;
  }
}

/** `host`, `host:port`, `[v6]` or `[v6]:port` as a Host header writes it; undefined if malformed. */
export function parseHostPort(header: string, defaultPort: number): HostPort | undefined {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.-]+))(?::(\d{1,5}))?$/.exec(header);
  if (!match) return undefined;
  const port = match[3] === undefined ? defaultPort : Number(match[3]);
  if (port < 1 || port > 65535) return undefined;
  const host = (match[1] ?? match[2] ?? "").toLowerCase().replace(/\.$/, "");
  return host === "" ? undefined : { host, port };
}

function defaultPortOf(request: IncomingMessage): number {
  return (request.socket as { encrypted?: boolean }).encrypted ? 443 : 80;
}

function isOwnHost(host: string, boundHost: string): boolean {
  if (isLoopback(host)) return true;
  const bound = boundHost.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === bound) return true;
  // Bound to every interface: any of this machine's own addresses names it.
  if (bound === "0.0.0.0" || bound === "::") return localAddresses().has(host);
  return false;
}

function isAllowedHostEntry(target: HostPort, entries: readonly string[]): boolean {
  return entries.some((entry) => {
    if (entry === "*") return true;
    // An entry without a port matches any port (a reverse proxy may listen on another).
    const wanted = parseHostPort(entry.replace(/^\./, ""), target.port);
    if (!wanted || wanted.port !== target.port) return false;
    if (entry.startsWith("."))
      return target.host === wanted.host || target.host.endsWith(`.${wanted.host}`);
    return target.host === wanted.host;
  });
}

let cachedAddresses: { at: number; addresses: Set<string> } | undefined;

/** This machine's interface addresses, re-read at most every 10 s (DHCP may change them). */
function localAddresses(): Set<string> {
  const now = Date.now();
  if (!cachedAddresses || now - cachedAddresses.at > 10_000) {
    const addresses = new Set<string>();
    for (const list of Object.values(networkInterfaces()))
      for (const info of list ?? []) addresses.add(info.address.toLowerCase());
    cachedAddresses = { at: now, addresses };
  }
  return cachedAddresses.addresses;
}

/** A header value for a one-line message: control characters escaped, at most 100 characters. */
function printableHeader(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it escapes.
  const clean = value.replace(/[\u0000-\u001f\u007f]/g, "?");
  return clean.length > 100 ? `${clean.slice(0, 100)}…` : clean;
}
