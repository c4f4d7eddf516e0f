import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import crossws from "crossws/adapters/node";
import { createEndpoints, type Endpoint, matchesPath } from "./endpoints/index.ts";
import { handleApi } from "./http-api.ts";
import {
  defaultPolicy,
  makeGuardedSend,
  type Policy,
  withPolicy,
  wsServerOptions,
} from "./policy.ts";
import type { RelayPolicy } from "./relay-policy.ts";
import { makeStats } from "./stats.ts";

/** Options of the playground (the WebSocket endpoints and their HTTP API). */
export interface PlaygroundOptions {
  /** Limits; unset fields keep their safe defaults. */
  policy?: Partial<Policy>;
  /** Token `/auth` accepts. @default "letmein" */
  authToken?: string;
  /** Seconds a silent peer may stay before crossws terminates it (0 disables). @default 60 */
  idleTimeoutSeconds?: number;
  /** What the relay may do. @default off */
  relay?: RelayPolicy;
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
  /** Closes every peer with 1001, waits up to `graceMs` for the handshakes, then cuts the rest. */
  close(graceMs?: number): Promise<void>;
}

/**
 * Creates the endpoints, each on its own crossws adapter (hooks are called directly, with no
 * per-message resolving), behind the policy: payload cap, rate limit, connection cap and the
 * slow-consumer guard.
 */
export function createPlayground(options: PlaygroundOptions = {}): Playground {
  const policy: Policy = { ...defaultPolicy, ...options.policy };
  if (options.policy?.rateLimit !== undefined && options.policy.rateBurst === undefined) {
    policy.rateBurst = policy.rateLimit * 2;
  }
  const stats = makeStats();
  const send = makeGuardedSend(policy, stats);
  const { endpoints, rooms } = createEndpoints({
    send,
    authToken: options.authToken,
    maxPayload: policy.maxPayload,
    ...(options.relay ? { relay: options.relay } : {}),
  });
  const mounted = endpoints.map((endpoint) => ({
    endpoint,
    adapter: crossws({
      hooks: withPolicy(endpoint.hooks, policy, stats),
      serverOptions: wsServerOptions(policy),
      // A playground should accept what the client offers: crossws picks none by default, and a
      // browser that offered subprotocols fails a connection that selects none (close 1006).
      handleProtocols: (offered) => offered.values().next().value ?? false,
      idleTimeout: options.idleTimeoutSeconds ?? 60,
    }),
  }));

  const find = (request: IncomingMessage) => {
    const pathname = new URL(request.url ?? "/", "http://localhost").pathname;
    return mounted.find(({ endpoint }) => matchesPath(endpoint.path, pathname));
  };

  function peerCount() {
    let count = 0;
    for (const { adapter } of mounted)
      for (const peers of adapter.peers.values()) count += peers.size;
    return count;
  }

  return {
    endpoints,
    handleRequest(request, response) {
      if (find(request)) {
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
        connections: peerCount,
        maxPayload: policy.maxPayload,
      });
    },
    handleUpgrade(request, socket, head) {
      const target = find(request);
      if (!target) return false;
      if (peerCount() >= policy.maxConnections) {
        stats.refusedConnections++;
        rejectUpgrade(
          socket,
          503,
          "Service Unavailable",
          `Connection limit (${policy.maxConnections}) reached`,
        );
        return true;
      }
      const refusal = target.endpoint.refuse?.(request);
      if (refusal) {
        rejectUpgrade(socket, 403, "Forbidden", refusal);
        return true;
      }
      target.adapter.handleUpgrade(request, socket, head);
      return true;
    },
    peerCount,
    async close(graceMs = 2000) {
      for (const { adapter } of mounted) adapter.closeAll(1001, "Server shutting down");
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

/** Answers an upgrade request with a plain HTTP error and closes the socket. */
export function rejectUpgrade(socket: Duplex, status: number, statusText: string, body: string) {
  socket.end(
    `HTTP/1.1 ${status} ${statusText}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
