import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import crossws from "crossws/adapters/node";
import {
  type AccessPolicy,
  defaultAccessPolicy,
  refuseHost,
  refusePlaygroundOrigin,
} from "./access-policy.ts";
import { ByteBudget } from "./budget.ts";
import { createEndpoints, type Endpoint, matchesPath } from "./endpoints/index.ts";
import type { SocketIoPing } from "./endpoints/socketio.ts";
import { makeFailureBoundary } from "./failure-boundary.ts";
import { handleApi } from "./http-api.ts";
import {
  defaultPolicy,
  makeGuardedSend,
  type Policy,
  withCounters,
  withPolicy,
  wsServerOptions,
} from "./policy.ts";
import type { RelayPolicy } from "./relay-policy.ts";
import { pathnameOf } from "./request-path.ts";
import type { RoomsBackplane } from "./rooms/backplane.ts";
import { makeStats } from "./stats.ts";
import { TapRegistry } from "./taps/registry.ts";
import { makeClientLimiter } from "./token-bucket.ts";
import { guardUpgradeSocket, refuseUpgrade } from "./upgrade-socket.ts";

/** Options of the playground (the WebSocket endpoints and their HTTP API). */
export interface PlaygroundOptions {
  /** Limits; unset fields keep their safe defaults. */
  policy?: Partial<Policy>;
  /** Which Host names and page origins may use the server. @default loopback only */
  access?: Partial<AccessPolicy>;
  /** Token `/auth` accepts. @default "letmein" */
  authToken?: string;
  /** Seconds a silent peer may stay before crossws terminates it (0 disables). @default 60 */
  idleTimeoutSeconds?: number;
  /** What the relay may do. @default off */
  relay?: RelayPolicy;
  /** Where failures caught by the failure boundary are logged. @default stderr */
  log?: (line: string) => void;
  /** Taps: whether apps on other machines may connect (with the token). @default loopback only */
  taps?: { listen: boolean; token: string };
  /** Rooms and /broadcast across processes (see `createRedisBackplane`). */
  backplane?: RoomsBackplane;
  /** Socket.IO's heartbeat. @default 25 s ping interval, 20 s timeout */
  socketIoPing?: SocketIoPing;
}

/** The playground, mountable on any node:http server (the bundled one, or Vite's in dev). */
export interface Playground {
  readonly endpoints: readonly Endpoint[];
  /** Answers the playground's HTTP routes; false when the request is not for the playground. */
  handleRequest(request: IncomingMessage, response: ServerResponse): boolean;
  /** Upgrades requests for an endpoint; false (socket untouched) when the path is not one. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Number of open WebSocket peers. */
  peerCount(): number;
  /** The named taps. */
  readonly taps: TapRegistry;
  /** Closes every peer with 1001, waits up to `graceMs` for the handshakes, then cuts the rest. */
  close(graceMs?: number): Promise<void>;
}

/**
 * Creates the endpoints, each on its own crossws adapter (hooks are called directly, with no
 * per-message resolving), behind the policy: Host and Origin checks, payload cap, rate limit,
 * connection caps, budgets and the slow-consumer guard, with every hook inside the failure
 * boundary.
 */
export function createPlayground(options: PlaygroundOptions = {}): Playground {
  const policy: Policy = { ...defaultPolicy, ...options.policy };
  if (options.policy?.rateLimit !== undefined && options.policy.rateBurst === undefined) {
    policy.rateBurst = policy.rateLimit * 2;
  }
  const access: AccessPolicy = { ...defaultAccessPolicy, ...options.access };
  const stats = makeStats();
  const boundary = makeFailureBoundary(stats, options.log);
  options.backplane?.setGuard(boundary.guard);
  const send = makeGuardedSend(policy, stats);
  const echoPending = new ByteBudget(policy.echoPendingBytes);
  const bodies = new ByteBudget(policy.apiBodyBytes);
  const apiLimiter = makeClientLimiter(policy.apiRateLimit, policy.apiRateLimit * 2);
  const relay: RelayPolicy = options.relay ?? { enabled: false, allow: [] };
  const taps = new TapRegistry(relay, {
    highWaterBytes: Math.min(policy.maxBufferedBytes, 1024 * 1024),
  });
  const { endpoints, rooms } = createEndpoints({
    send,
    authToken: options.authToken,
    maxPayload: policy.maxPayload,
    ...(options.socketIoPing ? { socketIoPing: options.socketIoPing } : {}),
    guard: boundary.guard,
    echo: {
      limits: { maxPendingBytesPerPeer: policy.echoPendingBytesPerPeer, pending: echoPending },
      onOverflow: () => stats.echoOverflows++,
    },
    rooms: { maxRooms: policy.maxRooms, maxHistoryBytes: policy.maxHistoryBytes },
    relay,
    ...(options.backplane ? { backplane: options.backplane } : {}),
    taps: {
      registry: taps,
      access: { access, listen: options.taps?.listen ?? false, token: options.taps?.token ?? "" },
    },
  });
  const mounted = endpoints.map((endpoint) => ({
    endpoint,
    adapter: crossws({
      hooks: boundary.hooks(
        endpoint.path,
        endpoint.transparent
          ? withCounters(endpoint.hooks, stats)
          : withPolicy(endpoint.hooks, policy, stats),
      ),
      // A tap passes the app's pings and pongs on itself, so the server must not answer them.
      serverOptions: {
        ...wsServerOptions(policy),
        ...(endpoint.transparent ? { autoPong: false } : {}),
      },
      // A playground should accept what the client offers: crossws picks none by default, and a
      // browser that offered subprotocols fails a connection that selects none (close 1006).
      // A tap takes what its target chose instead, in its upgrade hook.
      ...(endpoint.transparent
        ? {}
        : { handleProtocols: (offered: Set<string>) => offered.values().next().value ?? false }),
      // Idle pings of our own would show up in a tap's traffic.
      idleTimeout: endpoint.transparent ? 0 : (options.idleTimeoutSeconds ?? 60),
      // One namespace per endpoint: crossws keys its peer sets by namespace (the URL path by
      // default) and never deletes one, so a path per connection (`/rooms/<random>`) would
      // grow that map for ever. The endpoints keep their own membership.
      getNamespace: () => endpoint.path,
    }),
  }));
  const admission = makeAdmission(policy);

  const find = (request: IncomingMessage) => {
    const pathname = pathnameOf(request);
    return mounted.find(({ endpoint }) =>
      endpoint.raw
        ? pathname.startsWith(endpoint.raw.prefix)
        : matchesPath(endpoint.path, pathname),
    );
  };

  function peerCount() {
    let count = 0;
    for (const { endpoint, adapter } of mounted) {
      for (const peers of adapter.peers.values()) count += peers.size;
      count += endpoint.raw?.connections() ?? 0;
    }
    return count;
  }

  /** Host, then Origin (the endpoint's own rule, or the playground's): why to refuse, or undefined. */
  const refusalOf = (request: IncomingMessage, endpoint: Endpoint) =>
    refuseHost(request, access) ??
    (endpoint.refuse ?? ((r: IncomingMessage) => refusePlaygroundOrigin(r, access)))(request);

  function isPlaygroundRequest(request: IncomingMessage) {
    const pathname = pathnameOf(request);
    return find(request) !== undefined || pathname === "/healthz" || pathname.startsWith("/api/");
  }

  return {
    endpoints,
    handleRequest(request, response) {
      if (!isPlaygroundRequest(request)) return false;
      const hostRefusal = refuseHost(request, access);
      if (hostRefusal) {
        stats.refusedOrigins++;
        response.statusCode = 403;
        response.setHeader("Content-Type", "text/plain; charset=utf-8");
        response.end(hostRefusal);
        return true;
      }
      const target = find(request);
      if (target?.endpoint.raw) {
        // An engine with an HTTP transport of its own (Socket.IO's long-polling).
        const refusal = refusalOf(request, target.endpoint);
        if (refusal) {
          stats.refusedOrigins++;
          response.statusCode = 403;
          response.setHeader("Content-Type", "text/plain; charset=utf-8");
          response.end(refusal);
        } else target.endpoint.raw.handleRequest(request, response);
        return true;
      }
      if (target) {
        response.setHeader("Upgrade", "websocket");
        response.setHeader("Connection", "Upgrade");
        response.statusCode = 426;
        response.setHeader("Content-Type", "text/plain; charset=utf-8");
        response.end("This is a WebSocket endpoint: connect with ws:// or wss://");
        return true;
      }
      return handleApi(request, response, {
        endpoints,
        rooms,
        stats,
        connections: () => ({ open: peerCount(), admitted: admission.count() }),
        maxPayload: policy.maxPayload,
        echoPending,
        bodies,
        queuedBytes: send.queuedBytes,
        rateLimit: apiLimiter.take,
        guard: boundary.guard,
        taps,
        ...(options.backplane ? { backplane: options.backplane } : {}),
      });
    },
    handleUpgrade(request, socket, head) {
      const target = find(request);
      if (!target) return false;
      guardUpgradeSocket(socket);
      const refusal = refusalOf(request, target.endpoint);
      if (refusal) {
        stats.refusedOrigins++;
        refuseUpgrade(socket, 403, refusal);
        return true;
      }
      const full = admission.admit(request, socket);
      if (full) {
        stats.refusedConnections++;
        refuseUpgrade(socket, 503, full);
        return true;
      }
      if (target.endpoint.raw) {
        target.endpoint.raw.handleUpgrade(request, socket, head);
        return true;
      }
      target.adapter.handleUpgrade(request, socket, head).catch((error: unknown) => {
        boundary.record(`${target.endpoint.path} upgrade`, error);
        socket.destroy();
      });
      return true;
    },
    peerCount,
    taps,
    async close(graceMs = 2000) {
      taps.closeAll();
      await options.backplane?.close();
      for (const { endpoint, adapter } of mounted) {
        adapter.closeAll(1001, "Server shutting down");
        await endpoint.raw?.close();
      }
      const deadline = Date.now() + graceMs;
      while (peerCount() > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      for (const { adapter } of mounted) {
        adapter.closeAll(undefined, undefined, true);
        await adapter.close();
      }
    },
  };
}

/**
 * Counts connections from the moment an upgrade is admitted until its socket closes, so
 * upgrades still in flight count toward the caps as much as open peers do.
 */
function makeAdmission(policy: Policy) {
  let total = 0;
  const perAddress = new Map<string, number>();
  return {
    count: () => total,
    /** Admits the upgrade, or says which cap it would break. */
    admit(request: IncomingMessage, socket: Duplex): string | undefined {
      const address = request.socket.remoteAddress ?? "";
      const fromAddress = perAddress.get(address) ?? 0;
      if (total >= policy.maxConnections)
        return `Connection limit (${policy.maxConnections}) reached`;
      if (fromAddress >= policy.maxConnectionsPerIp)
        return `Connection limit per address (${policy.maxConnectionsPerIp}) reached for ${address}`;
      total++;
      perAddress.set(address, fromAddress + 1);
      socket.once("close", () => {
        total--;
        const left = (perAddress.get(address) ?? 1) - 1;
        if (left > 0) perAddress.set(address, left);
        else perAddress.delete(address);
      });
      return undefined;
    },
  };
}
