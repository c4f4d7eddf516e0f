import type { IncomingMessage } from "node:http";

/**
 * The path of a request's target, or "" when the target cannot be read. Node passes the
 * request line's target through as sent, and `new URL` throws on some of them (an absolute
 * form such as `http://a b/`), which in an `upgrade` listener would end the process.
 */
export function pathnameOf(request: IncomingMessage): string {
  try {
    return new URL(request.url ?? "/", "http://localhost").pathname;
  } catch {
    return "";
  }
}
