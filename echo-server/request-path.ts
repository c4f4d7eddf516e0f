import type { IncomingMessage } from "node:http";

/**
 * The path of a request's target, or "" when the target is not in origin form (`/path?query`).
 * Node passes the request line's target through as sent. `new URL` throws on some targets
 * (`http://[/x`), which in an `upgrade` listener would end the process, and crossws builds its
 * own URL by appending the target to the Host, so an absolute (`http://h/echo`) or
 * scheme-relative (`//junk/echo`) target would be routed here as one path and seen by crossws
 * as another. Only origin form is served; anything else finds no route.
 */
export function pathnameOf(request: IncomingMessage): string {
  const target = request.url ?? "";
  if (!target.startsWith("/") || target.startsWith("//")) return "";
  try {
    return new URL(target, "http://localhost").pathname;
  } catch {
    return "";
  }
}
