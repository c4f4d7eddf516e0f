import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { type AccessPolicy, refuseHost } from "./access-policy.ts";
import type { Endpoint } from "./endpoints/index.ts";
import { findPackageRoot } from "./package-root.ts";
import { createPlayground, type Playground, type PlaygroundOptions } from "./playground.ts";
import { defaultPolicy } from "./policy.ts";
import type { TapInfo } from "./protocol/tap-wire.ts";
import { relayPolicyFor } from "./relay-policy.ts";
import { pathnameOf } from "./request-path.ts";
import { createRedisBackplane, type RedisBackplaneOptions } from "./rooms/redis-backplane.ts";
import { securityHeaders } from "./security-headers.ts";
import { serveStatic } from "./static-files.ts";
import { isTapRefusal } from "./taps/registry.ts";
import { guardUpgradeSocket, refuseUpgrade } from "./upgrade-socket.ts";

const isWildcard = (host: string) => host === "0.0.0.0" || host === "::";

/** Connections beyond the WebSocket cap kept for plain HTTP (the inspector's files, the API). */
const HTTP_CONNECTION_HEADROOM = 256;

/** Options of the bundled server. */
export interface ServerOptions extends Omit<PlaygroundOptions, "access" | "taps" | "backplane"> {
  /** TCP port; 0 picks a free one. @default 7777 */
  port?: number;
  /** Interface to bind. @default "127.0.0.1" */
  host?: string;
  /** Folder of the built inspector. @default "<package>/dist/inspector" */
  staticDir?: string;
  /** PEM certificate and key: serve https and wss instead of http and ws. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** `host[:port]` targets the relay may dial; required for the relay when `host` is not loopback. */
  relayAllow?: string[];
  /** Host names to accept besides loopback and the bound host (`--allowed-hosts`). */
  allowedHosts?: string[];
  /** Page origins the playground endpoints accept besides loopback (`--allow-origin`). */
  allowOrigins?: string[];
  /** Named taps to create at start (`--tap name=url`); an empty target makes a mock. */
  taps?: { name: string; target: string }[];
  /** Let apps on other machines connect through taps, with `tapToken` (`--tap-listen`). */
  tapListen?: boolean;
  /** The token such apps send as `?tap_token=`. @default a random one when tapListen */
  tapToken?: string;
  /** A Redis URL: rooms, presence, history and /broadcast span every process connected to it. */
  redis?: string;
  /** How the Redis backplane keeps presence (TTL, heartbeat) and history. */
  backplane?: RedisBackplaneOptions;
}

/** A listening server. */
export interface RunningServer {
  /** Base HTTP URL, e.g. `http://127.0.0.1:7777` (https with TLS). */
  url: string;
  host: string;
  port: number;
  endpoints: readonly Endpoint[];
  /** The taps created at start. */
  taps: TapInfo[];
  /** The token apps on the network send to a tap (empty unless tapListen). */
  tapToken: string;
  /** With `redis`: this process's id (its members' ids start with it) and whether Redis answers. */
  backplane?: { instanceId: string; connected: boolean };
  /** Closes every peer with 1001, then stops listening. */
  close(): Promise<void>;
}

/**
 * Starts the bundled server: the inspector at `/`, the playground endpoints over WebSocket,
 * and the HTTP API. Rejects if the port cannot be bound (e.g. EADDRINUSE).
 */
export async function createServer(options: ServerOptions = {}): Promise<RunningServer> {
  const host = options.host ?? "127.0.0.1";
  const staticDir = options.staticDir ?? `${findPackageRoot()}/dist/inspector`;
  const access: AccessPolicy = {
    boundHost: host,
    allowedHosts: options.allowedHosts ?? [],
    allowOrigins: options.allowOrigins ?? [],
  };
  const tapToken = options.tapListen
    ? (options.tapToken ?? randomBytes(18).toString("base64url"))
    : "";
  const backplane = options.redis
    ? await createRedisBackplane(options.redis, options.backplane)
    : undefined;
  const { backplane: _backplaneOptions, ...playgroundOptions } = options;
  const playground = createPlayground({
    ...playgroundOptions,
    ...(backplane ? { backplane } : {}),
    access,
    relay: relayPolicyFor(host, options.relayAllow ?? []),
    taps: { listen: options.tapListen ?? false, token: tapToken },
  });

  const onRequest = (request: IncomingMessage, response: ServerResponse) => {
    handleRequest(request, response, playground, access, staticDir).catch((error: unknown) => {
      if (!response.headersSent) sendText(response, 500, "Internal Server Error");
      else response.destroy(error instanceof Error ? error : undefined);
    });
  };
  const http = options.tls
    ? createHttpsServer(options.tls, onRequest)
    : createHttpServer(onRequest);
  // Plain HTTP connections count too: the WebSocket cap plus room for the page's own requests.
  // A client that never finishes its headers or its request is cut off in seconds, not minutes.
  http.maxConnections =
    (options.policy?.maxConnections ?? defaultPolicy.maxConnections) + HTTP_CONNECTION_HEADROOM;
  http.headersTimeout = 10_000;
  http.requestTimeout = 30_000;
  http.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    guardUpgradeSocket(socket);
    if (playground.handleUpgrade(request, socket, head)) return;
    const refusal = refuseHost(request, access);
    if (refusal) refuseUpgrade(socket, 403, refusal);
    else
      refuseUpgrade(socket, 404, `No WebSocket endpoint at ${pathnameOf(request) || "this path"}`);
  });
  // Garbage on the TCP socket: answer 400 once and drop the connection; nothing else is touched.
  http.on("clientError", (_error, socket: Duplex) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(options.port ?? 7777, host, () => {
      http.off("error", reject);
      resolve();
    });
  });

  const { port } = http.address() as AddressInfo;
  const scheme = options.tls ? "https" : "http";
  const url = `${scheme}://${host.includes(":") ? `[${host}]` : host}:${port}`;
  // Taps made at start are named by the address apps on this machine use.
  const wsBase = (isWildcard(host) ? `${scheme}://127.0.0.1:${port}` : url).replace(/^http/, "ws");
  for (const { name, target } of options.taps ?? []) {
    const tap = playground.taps.create(name, target, wsBase);
    if (isTapRefusal(tap)) {
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await playground.close(0);
      throw new Error(`--tap ${name}=${target}: ${tap.message}`);
    }
  }
  return {
    url,
    host,
    port,
    endpoints: playground.endpoints,
    taps: playground.taps.list().map((tap) => tap.info),
    tapToken,
    ...(backplane
      ? {
          get backplane() {
            return { instanceId: backplane.instanceId, connected: backplane.status.connected };
          },
        }
      : {}),
    async close() {
      http.close();
      await playground.close();
      http.closeAllConnections();
    },
  };
}

async function handleRequest(
  request: IncomingMessage,
  response: ServerResponse,
  playground: Playground,
  access: AccessPolicy,
  staticDir: string,
) {
  for (const [name, value] of Object.entries(securityHeaders)) response.setHeader(name, value);
  if (playground.handleRequest(request, response)) return;
  // A DNS-rebinding page must not even read the inspector's files under its own name.
  const refusal = refuseHost(request, access);
  if (refusal) {
    sendText(response, 403, refusal);
    return;
  }
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.setHeader("Allow", "GET, HEAD");
    sendText(response, 405, "Method Not Allowed");
    return;
  }
  const pathname = pathnameOf(request);
  if (await serveStatic(request, response, staticDir, pathname)) return;
  if (pathname === "/" && !existsSync(staticDir)) {
    sendText(
      response,
      503,
      "The inspector is not built yet: run `npm run build` (npm start does it).",
    );
    return;
  }
  sendText(response, 404, "Not Found");
}

function sendText(response: ServerResponse, status: number, text: string) {
  response.statusCode = status;
  response.setHeader("Content-Type", "text/plain; charset=utf-8");
  response.end(text);
}
