import type { IncomingMessage, ServerResponse } from "node:http";
import { isLoopback } from "../access-policy.ts";
import type { Guard } from "../failure-boundary.ts";
import { parseJson } from "../protocol/json-guard.ts";
import type { TapInfo } from "../protocol/tap-wire.ts";
import { isTapRefusal, type TapRegistry } from "./registry.ts";

/** A tap's create request is a name and a URL. */
const MAX_BODY_BYTES = 4096;

type Send = (response: ServerResponse, status: number, body: unknown) => void;

/** A tap as the API lists it. */
function describe(tap: { info: TapInfo; clientCount: number }) {
  return { ...tap.info, clients: tap.clientCount };
}

/**
 * `GET /api/taps`, `POST /api/taps` (`{name, target}`; an empty target makes a mock) and
 * `DELETE /api/taps/:name`. Returns false when the path is not one of them. The caller has
 * checked the Origin and the rate limit already.
 */
export function handleTapApi(
  request: IncomingMessage,
  response: ServerResponse,
  pathname: string,
  registry: TapRegistry,
  sendJson: Send,
  guard: Guard,
): boolean {
  if (pathname !== "/api/taps" && !pathname.startsWith("/api/taps/")) return false;
  // Like the watch socket: with --host 0.0.0.0, machines on the network may use a tap (with its
  // token) but never list, make or remove one.
  if (!isLoopback(request.socket.remoteAddress)) {
    sendJson(response, 403, {
      error: "forbidden",
      message: "Taps are listed, made and removed from this machine only",
    });
    return true;
  }
  if (pathname === "/api/taps" && request.method === "GET") {
    sendJson(response, 200, registry.list().map(describe));
    return true;
  }
  if (pathname === "/api/taps" && request.method === "POST") {
    readBody(
      request,
      guard("POST /api/taps", (body: string | undefined) => {
        if (body === undefined)
          return sendJson(response, 413, {
            error: "too_large",
            message: "A tap's settings are at most 4 KiB",
          });
        const json = parseJson(body, { maxDepth: 4, maxLength: MAX_BODY_BYTES });
        const fields =
          json.ok && typeof json.value === "object" && json.value !== null
            ? (json.value as Record<string, unknown>)
            : undefined;
        if (!fields)
          return sendJson(response, 400, {
            error: "bad_request",
            field: "body",
            message: 'Send {"name": …, "target": …} as JSON',
          });
        const scheme = (request.socket as { encrypted?: boolean }).encrypted ? "wss" : "ws";
        const tap = registry.create(
          fields.name,
          fields.target ?? "",
          `${scheme}://${request.headers.host}`,
        );
        if (isTapRefusal(tap))
          return sendJson(response, tap.status, {
            error: "bad_request",
            field: tap.field,
            message: tap.message,
          });
        sendJson(response, 201, describe(tap));
      }),
    );
    return true;
  }
  const name = /^\/api\/taps\/([^/]+)$/.exec(pathname)?.[1];
  if (name !== undefined && request.method === "DELETE") {
    let decoded = "";
    try {
      decoded = decodeURIComponent(name);
    } catch {}
    if (registry.remove(decoded)) {
      response.statusCode = 204;
      response.end();
    } else sendJson(response, 404, { error: "not_found", message: `No tap named ${decoded}` });
    return true;
  }
  return false;
}

/** The body as text, or undefined when it is over 4 KiB (the rest is not read). */
function readBody(request: IncomingMessage, done: (body: string | undefined) => void) {
  const chunks: Buffer[] = [];
  let size = 0;
  let over = false;
  request.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      if (!over) done(undefined);
      over = true;
      request.destroy();
      return;
    }
    chunks.push(chunk);
  });
  request.on("end", () => {
    if (!over) done(Buffer.concat(chunks).toString("utf8"));
  });
}
