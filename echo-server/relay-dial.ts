import type { ClientRequest, IncomingMessage } from "node:http";
import WebSocket from "ws";
import { describeRefusal, explainConnectError } from "./protocol/connect-errors.ts";
import type {
  HandshakeReport,
  HandshakeRequest,
  HandshakeResponse,
  HeaderList,
} from "./protocol/relay-wire.ts";
import { subprotocolDiagnosis } from "./protocol/relay-wire.ts";
import { isSecretHeader } from "./protocol/secret-names.ts";
import { type RelayPolicy, refuseRelayTarget } from "./relay-policy.ts";
import { meterSocket, type WireMeter } from "./wire/wire-meter.ts";

/** Largest rejected-upgrade body the relay reads and reports. */
const MAX_BODY_BYTES = 64 * 1024;
/** Redirects the relay follows before it gives up. */
export const MAX_REDIRECTS = 3;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** What to dial and how. */
export interface DialRequest {
  url: string;
  protocols: string[];
  headers: HeaderList;
  origin?: string;
  /** The whole handshake, every hop included, must finish within this. */
  timeoutMs: number;
  followRedirects: boolean;
  maxPayload: number;
  policy: RelayPolicy;
}

/** How a dial ended. */
export type DialOutcome =
  | {
      type: "open";
      target: WebSocket;
      handshake: HandshakeReport;
      /** What each message takes on the wire, both ways. */
      meter: WireMeter;
    }
  | { type: "rejected"; handshake: HandshakeReport; message: string; diagnosis?: string };

/** Relay clock: epoch ms with sub-millisecond precision. */
export const relayNow = () => performance.timeOrigin + performance.now();

/**
 * Dials a target with the `ws` client and reports once how it went. Redirects are followed by
 * hand, not by `ws`: each hop is checked against the relay policy before any connection is made
 * to it, credentials (and secret-looking headers) are dropped when a hop leaves the origin (as
 * browsers and `ws` do; a `redirect` listener would turn `ws`'s own stripping off), and the
 * report lists every hop.
 * Returns a function that abandons the dial.
 */
export function dialTarget(request: DialRequest, settle: (outcome: DialOutcome) => void) {
  const startedAt = relayNow();
  const redirects: NonNullable<HandshakeReport["redirects"]> = [];
  let current: WebSocket | undefined;
  let lastRequest: HandshakeRequest = { method: "GET", url: request.url, headers: [] };
  let lastResponse: HandshakeResponse | undefined;
  let settled = false;

  const handshake = (): HandshakeReport => ({
    request: lastRequest,
    ...(lastResponse ? { response: lastResponse } : {}),
    ...(redirects.length > 0 ? { redirects: [...redirects] } : {}),
    startedAt,
    durationMs: relayNow() - startedAt,
  });
  const reject = (message: string, diagnosis?: string) => {
    if (settled) return;
    settled = true;
    clearTimeout(deadline);
    current?.terminate();
    settle({
      type: "rejected",
      handshake: handshake(),
      message,
      ...(diagnosis ? { diagnosis } : {}),
    });
  };
  // One deadline for every hop together (ws's own handshakeTimeout would restart per hop).
  const deadline = setTimeout(
    () => reject(`The target did not finish the handshake within ${request.timeoutMs} ms`),
    request.timeoutMs,
  );

  function attempt(url: string, headers: HeaderList) {
    let target: WebSocket;
    try {
      target = new WebSocket(url, request.protocols, {
        headers: Object.fromEntries(headers),
        ...(request.origin ? { origin: request.origin } : {}),
        followRedirects: false,
        maxPayload: request.maxPayload,
        // The relay answers pings itself, so the inspector sees each pong (or its absence).
        autoPong: false,
      });
    } catch (error) {
      return reject(`The relay could not dial ${url}: ${(error as Error).message}`);
    }
    current = target;
    target.binaryType = "nodebuffer";
    // ws drops its request once the upgrade is done: read what went out now.
    lastRequest = requestOf(target, url);
    lastResponse = undefined;
    const isCurrent = () => !settled && current === target;

    target.on("upgrade", (res: IncomingMessage) => {
      if (isCurrent()) lastResponse = responseOf(res);
    });
    target.on("unexpected-response", (_req: ClientRequest, res: IncomingMessage) => {
      readBody(res).then((body) => {
        if (!isCurrent()) return;
        lastResponse = { ...responseOf(res), body };
        // Its error and close events come on a later tick, when this hop is no longer current.
        target.terminate();
        const location = res.headers.location;
        if (request.followRedirects && REDIRECT_STATUSES.has(res.statusCode ?? 0) && location) {
          return redirect(url, headers, location);
        }
        reject(describeRefusal(res.statusCode ?? 0, res.statusMessage ?? "", body));
      });
    });
    target.on("open", () => {
      if (!isCurrent()) return;
      settled = true;
      clearTimeout(deadline);
      // Now, on the tick `ws` opened: from the next one the socket's data flows.
      const meter = meterSocket(target);
      settle({ type: "open", target, handshake: handshake(), meter });
    });
    target.on("error", (error: NodeJS.ErrnoException) => {
      if (!isCurrent()) return;
      const noSubprotocol = /no subprotocol/i.test(error.message) && request.protocols.length > 0;
      reject(
        explainConnectError(error, url),
        noSubprotocol ? subprotocolDiagnosis(request.protocols) : undefined,
      );
    });
    target.on("close", (code: number) => {
      if (isCurrent()) reject(`The connection closed during the handshake (${code})`);
    });
  }

  function redirect(from: string, headers: HeaderList, location: string) {
    const previous = lastRequest;
    const answer = lastResponse;
    if (answer) redirects.push({ request: previous, response: answer });
    if (redirects.length > MAX_REDIRECTS)
      return reject(`Too many redirects: the relay follows at most ${MAX_REDIRECTS}`);
    let next: URL;
    try {
      next = new URL(location, from);
    } catch {
      return reject(`The redirect's Location "${location.slice(0, 200)}" is not a URL`);
    }
    if (next.protocol === "http:") next.protocol = "ws:";
    else if (next.protocol === "https:") next.protocol = "wss:";
    next.hash = "";
    const refusal = refuseRelayTarget(next.href, request.policy);
    if (refusal) return reject(`Redirect to ${next.href} refused: ${refusal}`);
    const sameOrigin = new URL(from).origin === next.origin;
    // Browsers drop Authorization and Cookie when a redirect leaves the origin; the relay also
    // drops every header whose name looks like it holds a credential (X-Api-Key…).
    const carried = sameOrigin ? headers : headers.filter(([name]) => !isSecretHeader(name));
    attempt(next.href, carried);
  }

  const refusal = refuseRelayTarget(request.url, request.policy);
  if (refusal) reject(refusal);
  else attempt(request.url, request.headers);
  return () => reject("The dial was abandoned");
}

/** The upgrade request as it went out: method, URL and headers (ws's request). */
function requestOf(target: WebSocket, url: string): HandshakeRequest {
  const request = (
    target as unknown as { _req?: { method: string; getHeaders(): Record<string, unknown> } }
  )._req;
  const headers: HeaderList = Object.entries(request?.getHeaders() ?? {}).map(([name, value]) => [
    name,
    String(value),
  ]);
  return { method: request?.method ?? "GET", url, headers };
}

function responseOf(res: IncomingMessage): HandshakeResponse {
  const headers: HeaderList = [];
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2)
    headers.push([res.rawHeaders[i] ?? "", res.rawHeaders[i + 1] ?? ""]);
  return { status: res.statusCode ?? 0, statusText: res.statusMessage ?? "", headers };
}

/** The first 64 KiB of a response body; the rest is read and dropped. */
function readBody(res: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => resolve(Buffer.concat(chunks).toString("utf8"));
    res.on("data", (chunk: Buffer) => {
      if (size < MAX_BODY_BYTES) chunks.push(chunk.subarray(0, MAX_BODY_BYTES - size));
      size += chunk.length;
      if (size >= MAX_BODY_BYTES) {
        res.destroy();
        done();
      }
    });
    res.on("end", done);
    res.on("error", done);
    res.on("close", done);
  });
}
