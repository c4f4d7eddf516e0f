import { createHash, timingSafeEqual } from "node:crypto";
import { defineHooks } from "crossws";
import { type ParameterSpec, queryOf } from "../query.ts";
import { type Send, sendDirect } from "../send.ts";

/** The token `/auth` accepts unless the server is started with another. */
export const DEFAULT_AUTH_TOKEN = "letmein";

/** Query parameters of `/auth`. */
export const authParameters: ParameterSpec[] = [
  {
    name: "token",
    description: "the access token (or send an Authorization: Bearer header via the relay)",
    default: DEFAULT_AUTH_TOKEN,
  },
];

/**
 * `/auth`: the upgrade needs a token, from `?token=` or an `Authorization: Bearer` header. A
 * missing or wrong token gets 401 with the reason; a valid one opens an echo that greets first.
 */
export function createAuth(options: { token?: string; send?: Send } = {}) {
  const expected = digest(options.token ?? DEFAULT_AUTH_TOKEN);
  const send = options.send ?? sendDirect;
  return defineHooks({
    upgrade(request) {
      const header = request.headers.get("authorization") ?? "";
      const bearer = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
      const token = bearer ?? queryOf(request).get("token");
      if (!token)
        throw unauthorized("Missing token: pass ?token= or an Authorization: Bearer header");
      // Compare digests in constant time so the answer's timing says nothing about the token.
      if (!timingSafeEqual(digest(token), expected)) throw unauthorized("Invalid token");
      return { context: { via: bearer ? "bearer" : "query" } };
    },
    open(peer) {
      send(peer, JSON.stringify({ type: "welcome", authenticated: true, via: peer.context.via }));
    },
    message(peer, message) {
      send(peer, message.rawData as string | Uint8Array);
    },
  });
}

function digest(token: string): Buffer {
  return createHash("sha256").update(token).digest();
}

function unauthorized(reason: string): Response {
  return new Response(reason, {
    status: 401,
    statusText: "Unauthorized",
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "WWW-Authenticate": 'Bearer realm="socketscope"',
    },
  });
}

/** `/auth` hooks with the default token, ready to mount in any crossws adapter. */
export const auth = createAuth();
