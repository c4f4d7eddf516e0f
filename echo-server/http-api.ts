import type { IncomingMessage, ServerResponse } from "node:http";
import type { Endpoint } from "./endpoints/index.ts";
import type { RoomsEndpoint } from "./endpoints/rooms.ts";
import { isValidRoomName } from "./rooms/names.ts";
import type { Stats } from "./stats.ts";

/** What the HTTP API reads. */
export interface ApiContext {
  endpoints: Endpoint[];
  rooms: RoomsEndpoint;
  stats: Stats;
  connections(): number;
  maxPayload: number;
}

/**
 * The playground's HTTP routes: `/healthz`, `GET /api/stats`, `GET /api/endpoints`,
 * `POST /api/rooms/:room`. Returns false when the path is not one of them.
 */
export function handleApi(
  request: IncomingMessage,
  response: ServerResponse,
  context: ApiContext,
): boolean {
  const pathname = new URL(request.url ?? "/", "http://localhost").pathname;
  if (pathname === "/healthz") {
    sendJson(response, 200, { status: "ok", connections: context.connections() });
    return true;
  }
  if (!pathname.startsWith("/api/")) return false;

  if (pathname === "/api/stats" && isRead(request)) {
    const { stats } = context;
    sendJson(response, 200, {
      connections: context.connections(),
      rooms: context.rooms.registry.roomCount,
      messages: { in: stats.messagesIn, out: stats.messagesOut },
      bytes: { in: stats.bytesIn, out: stats.bytesOut },
      drops: stats.drops,
      rateLimited: stats.rateLimited,
      refusedConnections: stats.refusedConnections,
    });
    return true;
  }
  if (pathname === "/api/endpoints" && isRead(request)) {
    sendJson(
      response,
      200,
      context.endpoints.map(({ path, description, parameters, internal }) => ({
        path,
        description,
        parameters,
        ...(internal ? { internal } : {}),
      })),
    );
    return true;
  }
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
  if (isCrossOrigin(request)) {
    sendJson(response, 403, {
      error: "forbidden",
      message: "Cross-origin requests may not publish",
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
  request.on("data", (chunk: Buffer) => {
    received += chunk.length;
    if (received > context.maxPayload) {
      tooLarge(response, context.maxPayload);
      request.destroy();
      return;
    }
    chunks.push(chunk);
  });
  request.on("end", () => {
    if (response.headersSent) return;
    const body = Buffer.concat(chunks).toString("utf8");
    const data = request.headers["content-type"]?.includes("json") ? parseJsonOr(body) : body;
    const delivered = context.rooms.publish(room, data);
    sendJson(response, 202, { room, delivered });
  });
}

function tooLarge(response: ServerResponse, limit: number) {
  if (response.headersSent) return;
  response.setHeader("Connection", "close");
  sendJson(response, 413, {
    error: "too_large",
    message: `The body is over the ${limit}-byte payload limit`,
  });
}

/** A browser request from a page of another origin (curl and same-origin pages pass). */
function isCrossOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  if (!origin) return false;
  try {
    return new URL(origin).host !== request.headers.host;
  } catch {
    return true;
  }
}

function isRead(request: IncomingMessage) {
  return request.method === "GET" || request.method === "HEAD";
}

function parseJsonOr(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** Sends a JSON response that no cache keeps. */
export function sendJson(response: ServerResponse, status: number, body: unknown) {
  response.statusCode = status;
  response.setHeader("Content-Type", "application/json; charset=utf-8");
  response.setHeader("Cache-Control", "no-store");
  response.end(JSON.stringify(body));
}
