import type { IncomingMessage, ServerResponse } from "node:http";
import { refuseForeignOrigin } from "./access-policy.ts";
import type { ByteBudget } from "./budget.ts";
import { PLAYGROUND_SCHEMAS } from "./endpoints/firehose-schema.ts";
import type { Endpoint } from "./endpoints/index.ts";
import type { RoomsEndpoint } from "./endpoints/rooms.ts";
import type { Guard } from "./failure-boundary.ts";
import { parseJson } from "./protocol/json-guard.ts";
import { pathnameOf } from "./request-path.ts";
import type { RoomsBackplane } from "./rooms/backplane.ts";
import { isValidRoomName } from "./rooms/names.ts";
import { ROOM_JSON_MAX_DEPTH } from "./rooms/protocol.ts";
import type { Stats } from "./stats.ts";
import type { TapRegistry } from "./taps/registry.ts";
import { handleTapApi } from "./taps/tap-api.ts";

/** What the HTTP API reads. */
export interface ApiContext {
  endpoints: Endpoint[];
  rooms: RoomsEndpoint;
  stats: Stats;
  /** Open WebSocket peers, and connections still upgrading. */
  connections(): { open: number; admitted: number };
  maxPayload: number;
  /** Bytes held by `/echo?delay`, against their budget. */
  echoPending: ByteBudget;
  /** Bytes of request bodies being received, against their budget. */
  bodies: ByteBudget;
  /** Bytes queued for all peers together. */
  queuedBytes(): number;
  /** Milliseconds a client must wait before its next API request, or 0 to go ahead. */
  rateLimit(client: string): number;
  /** Runs the request's later callbacks (its body) inside the failure boundary. */
  guard: Guard;
  /** The named taps (`/api/taps`). */
  taps: TapRegistry;
  /** The link to other processes, when there is one. */
  backplane?: RoomsBackplane;
}

/**
 * The playground's HTTP routes: `/healthz`, `GET /api/stats`, `GET /api/endpoints`,
 * `GET /api/schemas` (and each schema's text), `POST /api/rooms/:room`. Returns false when the path is not one of them. API routes take only
 * this server's own page (or a client that sends no Origin), and each client has a rate limit.
 */
export function handleApi(
  request: IncomingMessage,
  response: ServerResponse,
  context: ApiContext,
): boolean {
  const pathname = pathnameOf(request);
  if (pathname === "/healthz") {
    sendJson(response, 200, { status: "ok", connections: context.connections().open });
    return true;
  }
  if (!pathname.startsWith("/api/")) return false;

  const refusal = refuseForeignOrigin(request, { requireOrigin: false });
  if (refusal) {
    context.stats.refusedOrigins++;
    sendJson(response, 403, { error: "forbidden", message: refusal });
    request.resume();
    return true;
  }
  const waitMs = context.rateLimit(request.socket.remoteAddress ?? "");
  if (waitMs > 0) {
    context.stats.apiRateLimited++;
    response.setHeader("Retry-After", String(Math.ceil(waitMs / 1000)));
    sendJson(response, 429, {
      error: "rate_limited",
      message: "Too many API requests from this address: wait and try again",
    });
    request.resume();
    return true;
  }

  if (pathname === "/api/stats" && isRead(request)) {
    const { stats, rooms } = context;
    const { open, admitted } = context.connections();
    sendJson(response, 200, {
      connections: open,
      connectionsAdmitted: admitted,
      rooms: rooms.registry.roomCount,
      messages: { in: stats.messagesIn, out: stats.messagesOut },
      bytes: { in: stats.bytesIn, out: stats.bytesOut },
      drops: stats.drops,
      rateLimited: stats.rateLimited,
      refusedConnections: stats.refusedConnections,
      refusedOrigins: stats.refusedOrigins,
      apiRateLimited: stats.apiRateLimited,
      errors: stats.errors,
      errorsBy: stats.errorsBy,
      memory: { rss: process.memoryUsage.rss(), heapUsed: process.memoryUsage().heapUsed },
      ...(context.backplane
        ? {
            backplane: {
              instanceId: context.backplane.instanceId,
              pid: process.pid,
              ...context.backplane.status,
            },
          }
        : {}),
      budgets: {
        historyBytes: rooms.registry.historyBytes,
        historyEvictions: rooms.registry.historyEvictions,
        missedBeforeWelcome: rooms.missedBeforeWelcome,
        echoPendingBytes: context.echoPending.used,
        apiBodyBytes: context.bodies.used,
        queuedBytes: context.queuedBytes(),
        echoOverflows: stats.echoOverflows,
      },
    });
    return true;
  }
  if (pathname === "/api/endpoints" && isRead(request)) {
    sendJson(
      response,
      200,
      context.endpoints.map(({ path, description, parameters, internal, schemas }) => ({
        path,
        description,
        parameters,
        ...(internal ? { internal } : {}),
        ...(schemas ? { schemas } : {}),
      })),
    );
    return true;
  }
  if (pathname === "/api/schemas" && isRead(request)) {
    sendJson(
      response,
      200,
      PLAYGROUND_SCHEMAS.map(({ name, messageType, endpoint, source }) => ({
        name,
        url: `/api/schemas/${name}`,
        messageType,
        endpoint,
        source,
      })),
    );
    return true;
  }
  const schema = PLAYGROUND_SCHEMAS.find(({ name }) => pathname === `/api/schemas/${name}`);
  if (schema && isRead(request)) {
    response.statusCode = 200;
    response.setHeader("Content-Type", "text/plain; charset=utf-8");
    response.end(request.method === "HEAD" ? undefined : schema.source);
    return true;
  }
  if (handleTapApi(request, response, pathname, context.taps, sendJson, context.guard)) return true;
  const room = /^\/api\/rooms\/([^/]+)$/.exec(pathname)?.[1];
  if (room !== undefined && request.method === "POST") {
    publishToRoom(request, response, context, safeDecode(room));
    return true;
  }
  sendJson(response, 404, {
    error: "not_found",
    message: `No API route ${request.method} ${pathname}`,
  });
  return true;
}

function publishToRoom(
  request: IncomingMessage,
  response: ServerResponse,
  context: ApiContext,
  room: string | undefined,
) {
  if (!isValidRoomName(room)) {
    sendJson(response, 404, {
      error: "bad_room",
      message: "Room names are 1–64 characters of A–Z a–z 0–9 _ . -",
    });
    request.resume();
    return;
  }
  const declared = Number(request.headers["content-length"] ?? 0);
  if (declared > context.maxPayload) {
    tooLarge(response, context.maxPayload);
    request.resume();
    return;
  }
  const chunks: Buffer[] = [];
  let received = 0;
  // Bodies being received draw on one budget, and each must arrive within a time limit: a
  // client that sends all but the last byte would otherwise hold its chunks for minutes.
  let held = 0;
  const release = () => {
    context.bodies.give(held);
    held = 0;
    clearTimeout(timer);
  };
  const refuse = (status: number, error: string, message: string) => {
    release();
    if (!response.headersSent) {
      response.setHeader("Connection", "close");
      sendJson(response, status, { error, message });
    }
    request.destroy();
  };
  const timer = setTimeout(
    () => refuse(408, "timeout", `The body did not arrive within ${BODY_TIMEOUT_MS / 1000} s`),
    BODY_TIMEOUT_MS,
  ).unref();
  request.on("close", release);
  request.on("data", (chunk: Buffer) => {
    received += chunk.length;
    if (received > context.maxPayload) {
      release();
      tooLarge(response, context.maxPayload);
      request.destroy();
      return;
    }
    if (!context.bodies.take(chunk.length))
      return refuse(503, "busy", "Too many request bodies are arriving at once: try again");
    held += chunk.length;
    chunks.push(chunk);
  });
  request.on(
    "end",
    context.guard(
      "POST /api/rooms/:room",
      () => {
        release();
        if (response.headersSent) return;
        const body = Buffer.concat(chunks).toString("utf8");
        let data: unknown = body;
        if (request.headers["content-type"]?.includes("json")) {
          const json = parseJson(body, { maxDepth: ROOM_JSON_MAX_DEPTH, maxLength: body.length });
          if (!json.ok)
            return sendJson(response, 400, { error: "bad_request", message: json.message });
          data = json.value;
        }
        const delivered = context.rooms.publish(room, data);
        sendJson(response, 202, { room, delivered });
      },
      () => {
        if (!response.headersSent)
          sendJson(response, 500, { error: "internal", message: "Internal Server Error" });
      },
    ),
  );
}

function tooLarge(response: ServerResponse, limit: number) {
  if (response.headersSent) return;
  response.setHeader("Connection", "close");
  sendJson(response, 413, {
    error: "too_large",
    message: `The body is over the ${limit}-byte payload limit`,
  });
}

function isRead(request: IncomingMessage) {
  return request.method === "GET" || request.method === "HEAD";
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** How long a request body may take to arrive. */
const BODY_TIMEOUT_MS = 10_000;

/** Sends a JSON response that no cache keeps. */
export function sendJson(response: ServerResponse, status: number, body: unknown) {
  response.statusCode = status;
  response.setHeader("Content-Type", "application/json; charset=utf-8");
  response.setHeader("Cache-Control", "no-store");
  response.end(JSON.stringify(body));
}
