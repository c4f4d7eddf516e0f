import type { IncomingMessage } from "node:http";
import { defineHooks, type Peer } from "crossws";
import type WebSocket from "ws";
import { type AccessPolicy, isLoopback, refusePlaygroundOrigin } from "../access-policy.ts";
import type { Guard } from "../failure-boundary.ts";
import type { HeaderList } from "../protocol/relay-wire.ts";
import { type DialOutcome, dialTarget } from "../relay-dial.ts";
import type { RelayPolicy } from "../relay-policy.ts";
import type { WireMeter } from "../wire/wire-meter.ts";
import type { TapRegistry } from "./registry.ts";
import type { Tap, TapClientState } from "./tap.ts";

/** How long the tap keeps a dialed target for a client whose upgrade never completes. */
const OPEN_GRACE_MS = 10_000;
/** How long the tap waits for a target's handshake. */
const DIAL_TIMEOUT_MS = 10_000;
/** The query parameter that carries the tap token for clients on the network. */
export const TAP_TOKEN_PARAM = "tap_token";
/** Headers of the app's upgrade passed on to the target: it is the user's own traffic. */
const PASSED_HEADERS = ["cookie", "authorization", "user-agent"];

/** Who may connect through taps. */
export interface TapAccess {
  access: AccessPolicy;
  /** Accept app connections from other machines (`--tap-listen`); they need the token. */
  listen: boolean;
  /** The token clients on the network must send as `?tap_token=`. */
  token: string;
}

/** Why an app may not connect through a tap, or undefined. */
export function refuseTapClient(request: IncomingMessage, policy: TapAccess): string | undefined {
  if (isLoopback(request.socket.remoteAddress))
    return refusePlaygroundOrigin(request, policy.access);
  if (!policy.listen)
    return "Taps accept apps on this machine only: start the server with --tap-listen to open them to the network";
  const token = new URL(request.url ?? "/", "http://localhost").searchParams.get(TAP_TOKEN_PARAM);
  if (policy.token === "" || token !== policy.token)
    return `A tap opened to the network needs its token: add ?${TAP_TOKEN_PARAM}=… (the banner prints it)`;
  return undefined;
}

/** What the upgrade hands to `open`. */
interface Pending {
  tap: string;
  target: WebSocket | undefined;
  meter: WireMeter | undefined;
  protocol: string;
  grace: ReturnType<typeof setTimeout> | undefined;
}

/**
 * `/tap/:name`: an app connects here, and the tap dials its target with the app's subprotocols,
 * Cookie, Authorization and Origin, then passes every frame both ways through the tap's rules.
 * A target that refuses gets its answer passed back to the app (a 401 stays a 401).
 */
export function createTapEndpoint(options: {
  registry: TapRegistry;
  relay: RelayPolicy;
  maxPayload: number;
  guard: Guard;
}) {
  const states = new WeakMap<Peer, { tap: Tap; state: TapClientState }>();

  function tapOf(url: string): Tap | undefined {
    const segment = new URL(url).pathname.split("/")[2] ?? "";
    try {
      return options.registry.get(decodeURIComponent(segment));
    } catch {
      return undefined;
    }
  }

  return defineHooks({
    async upgrade(request) {
      const tap = tapOf(request.url);
      if (!tap)
        throw refusal(
          404,
          "Not Found",
          "No tap by that name: create it in the inspector or with --tap name=url",
        );
      if (tap.clientCount >= options.registry.limits.maxClientsPerTap)
        throw refusal(
          503,
          "Service Unavailable",
          `The tap ${tap.info.name} has ${tap.clientCount} clients, as many as it takes`,
        );
      const offered = (request.headers.get("sec-websocket-protocol") ?? "")
        .split(",")
        .map((token) => token.trim())
        .filter(Boolean);
      if (!tap.info.target) {
        // A mock answers from its rules alone, and takes the first subprotocol it is offered.
        const protocol = offered[0] ?? "";
        return {
          context: {
            pending: {
              tap: tap.info.name,
              target: undefined,
              meter: undefined,
              protocol,
              grace: undefined,
            },
          },
          ...(protocol ? { protocol } : {}),
        };
      }
      const outcome = await new Promise<DialOutcome>((resolve) =>
        dialTarget(
          {
            url: targetUrl(tap.info.target, request.url),
            protocols: offered,
            headers: passedHeaders(request.headers),
            ...(request.headers.get("origin")
              ? { origin: request.headers.get("origin") as string }
              : {}),
            timeoutMs: DIAL_TIMEOUT_MS,
            followRedirects: false,
            maxPayload: options.maxPayload,
            policy: options.relay,
          },
          resolve,
        ),
      );
      if (outcome.type === "rejected") {
        const answer = outcome.handshake.response;
        if (answer && answer.status >= 400)
          throw refusal(answer.status, answer.statusText, answer.body ?? "");
        throw refusal(
          502,
          "Bad Gateway",
          `The tap could not reach ${tap.info.target}: ${outcome.message}`,
        );
      }
      const target = outcome.target;
      // Nothing is read from the target until the app's side is open and wired.
      target.pause();
      const { meter } = outcome;
      const pending: Pending = {
        tap: tap.info.name,
        target,
        // Its callbacks run when ws writes a frame, outside any hook: inside the boundary too.
        meter: {
          received: () => meter.received(),
          whenWritten: (written) => meter.whenWritten(options.guard("/tap/:name written", written)),
        },
        protocol: target.protocol,
        grace: setTimeout(() => target.terminate(), OPEN_GRACE_MS),
      };
      return { context: { pending }, ...(target.protocol ? { protocol: target.protocol } : {}) };
    },
    open(peer) {
      const pending = peer.context.pending as Pending;
      clearTimeout(pending.grace);
      const tap = options.registry.get(pending.tap);
      const target = pending.target;
      if (!tap || (target && target.readyState !== 1)) {
        target?.terminate();
        peer.close(1011, tap ? "The target closed before the app's side opened" : "Tap removed");
        return;
      }
      const client = rawWebSocket(peer);
      const state = tap.addClient(
        client,
        target,
        peer.remoteAddress ?? "",
        pending.protocol,
        pending.meter,
      );
      states.set(peer, { tap, state });
      if (target) {
        const on = <A extends unknown[]>(event: string, listener: (...args: A) => void) =>
          target.on(
            event,
            options.guard(`/tap/:name target ${event}`, listener, () => {
              target.terminate();
              peer.close(1011, "Internal error");
            }),
          );
        on("message", (data: Buffer, isBinary: boolean) =>
          tap.receive(state, "s2c", data, isBinary, pending.meter?.received()),
        );
        on("ping", (data: Buffer) => tap.control(state, "s2c", "ping", data));
        on("pong", (data: Buffer) => tap.control(state, "s2c", "pong", data));
        on("close", (code: number, reason: Buffer) =>
          tap.closed(state, "server", code, reason.toString()),
        );
        on("error", () => {});
        target.resume();
      }
    },
    message(peer, message) {
      const entry = states.get(peer);
      if (!entry) return;
      const raw = message.rawData as string | Buffer;
      entry.tap.receive(entry.state, "c2s", raw, typeof raw !== "string");
    },
    ping(peer, data) {
      const entry = states.get(peer);
      if (entry) entry.tap.control(entry.state, "c2s", "ping", Buffer.from(data as Uint8Array));
    },
    pong(peer, data) {
      const entry = states.get(peer);
      if (entry) entry.tap.control(entry.state, "c2s", "pong", Buffer.from(data as Uint8Array));
    },
    close(peer, details) {
      const entry = states.get(peer);
      if (!entry) return;
      states.delete(peer);
      entry.tap.closed(entry.state, "client", details.code ?? 1005, details.reason ?? "");
    },
  });
}

/**
 * The app's `ws` socket itself. crossws's `peer.websocket` is a Proxy over it (to fill in
 * `protocol` and `url`), and a method called through a Proxy runs with the Proxy as `this`, so
 * every field `ws` reads inside `send` goes through its trap: a tap sends a frame to the app for
 * each frame its server sends, and that cost showed in bench:tap. `_internal.ws` is crossws's own
 * reference to the socket; without it (another crossws), the Proxy still works, only slower.
 */
function rawWebSocket(peer: Peer): WebSocket {
  const internal = (peer as unknown as { _internal?: { ws?: unknown } })._internal?.ws;
  return (internal ?? peer.websocket) as WebSocket;
}

/** The tap's target with the app's query appended (less the tap token): `?room=1` goes through. */
function targetUrl(target: string, requestUrl: string): string {
  const url = new URL(target);
  for (const [name, value] of new URL(requestUrl).searchParams) {
    if (name !== TAP_TOKEN_PARAM) url.searchParams.append(name, value);
  }
  return url.href;
}

function passedHeaders(headers: Headers): HeaderList {
  const list: HeaderList = [];
  for (const name of PASSED_HEADERS) {
    const value = headers.get(name);
    if (value !== null) list.push([name, value]);
  }
  return list;
}

function refusal(status: number, statusText: string, body: string): Response {
  return new Response(body, {
    status,
    statusText,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}
