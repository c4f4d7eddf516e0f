import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import crossws from "crossws/adapters/node";
import { findEndpoint } from "./endpoints/index.ts";

/** Options of the playground (the WebSocket endpoints and their HTTP API). */
export interface PlaygroundOptions {
  /** Seconds a silent peer may stay before crossws terminates it (0 disables). @default 60 */
  idleTimeoutSeconds?: number;
}

/** The playground, mountable on any node:http server (the bundled one, or Vite's in dev). */
export interface Playground {
  /** Answers the playground's HTTP routes; false when the request is not for the playground. */
  handleRequest(request: IncomingMessage, response: ServerResponse): boolean;
  /** Upgrades requests for an endpoint; false (socket untouched) when the path is not one. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Number of open WebSocket peers. */
  peerCount(): number;
  /** Closes every peer with 1001, waits up to `graceMs` for the handshakes, then cuts the rest. */
  close(graceMs?: number): Promise<void>;
}

/** Creates the playground's crossws adapter and routes. */
export function createPlayground(options: PlaygroundOptions = {}): Playground {
  const ws = crossws({
    resolve: (request) => findEndpoint(new URL(request.url).pathname)?.hooks ?? {},
    // A playground should accept what the client offers: crossws picks none by default, and a
    // browser that offered subprotocols fails a connection that selects none (close 1006).
    handleProtocols: (offered) => offered.values().next().value ?? false,
    idleTimeout: options.idleTimeoutSeconds ?? 60,
  });

  function peerCount() {
    let count = 0;
    for (const peers of ws.peers.values()) count += peers.size;
    return count;
  }

  return {
    handleRequest(request, response) {
      const pathname = pathOf(request);
      if (pathname === "/healthz") {
        sendJson(response, 200, { status: "ok", peers: peerCount() });
        return true;
      }
      if (findEndpoint(pathname)) {
        response.setHeader("Upgrade", "websocket");
        response.setHeader("Connection", "Upgrade");
        sendText(
          response,
          426,
          `${pathname} is a WebSocket endpoint: connect with ws:// or wss://`,
        );
        return true;
      }
      return false;
    },
    handleUpgrade(request, socket, head) {
      if (!findEndpoint(pathOf(request))) return false;
      ws.handleUpgrade(request, socket, head);
      return true;
    },
    peerCount,
    async close(graceMs = 2000) {
      ws.closeAll(1001, "Server shutting down");
      const deadline = Date.now() + graceMs;
      while (peerCount() > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      ws.closeAll(undefined, undefined, true);
      await ws.close();
    },
  };
}

function pathOf(request: IncomingMessage): string {
  return new URL(request.url ?? "/", "http://localhost").pathname;
}

/** Sends a plain-text response. */
export function sendText(response: ServerResponse, status: number, text: string) {
  response.statusCode = status;
  response.setHeader("Content-Type", "text/plain; charset=utf-8");
  response.end(text);
}

function sendJson(response: ServerResponse, status: number, body: unknown) {
  response.statusCode = status;
  response.setHeader("Content-Type", "application/json; charset=utf-8");
  response.setHeader("Cache-Control", "no-store");
  response.end(JSON.stringify(body));
}
