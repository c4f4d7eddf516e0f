/**
 * What leaves the inspector (share links, exports) without its secrets: which headers a link may
 * carry, and URLs with userinfo and secret-looking query parameters taken out. Which names are
 * secret is decided once, in the shared `secret-names.ts`.
 */
import { isSecretName } from "../../../../echo-server/protocol/secret-names.ts";

/**
 * Headers a share link may carry: an allow-list, because a header outside it may hold a
 * credential under a name nobody could guess (`X-Tenant`, `X-Upstream`…). Each of these says how
 * a client asks or identifies its software, never who the user is: content negotiation
 * (`Accept`, `Accept-Language`, `Content-Type`), caching (`Cache-Control`, `Pragma`), the client
 * (`User-Agent`, `Origin`, `DNT`) and request tracing ids (`X-Request-Id`, `X-Correlation-Id`,
 * `traceparent`). Anything else is left out of the link, and the user is told which.
 */
export const SHAREABLE_HEADERS: readonly string[] = [
  "accept",
  "accept-language",
  "cache-control",
  "content-type",
  "dnt",
  "origin",
  "pragma",
  "traceparent",
  "user-agent",
  "x-correlation-id",
  "x-request-id",
];

/** What replaces a secret header's value in an export. */
export const REDACTED_HEADER_VALUE = "(redacted)";
/** What replaces a secret query parameter's value in an export. */
export const REDACTED_QUERY_VALUE = "redacted";
/** How a URL's `user:password@` is named in the list of what was left out. */
export const USERINFO = "userinfo";

/** Whether a share link may carry this header (see SHAREABLE_HEADERS). */
export function isShareableHeader(name: string): boolean {
  return SHAREABLE_HEADERS.includes(name.trim().toLowerCase());
}

/** A URL without its secrets, and the names of what was taken out (`userinfo`, parameter names). */
export interface RedactedUrl {
  url: string;
  removed: string[];
}

/**
 * `url` with its userinfo dropped and each secret-looking query parameter either removed
 * (`"remove"`, for links) or given the value `redacted` (`"mask"`, for exports). The rest of the
 * text is kept byte for byte, so other parameters keep their encoding; a URL that does not parse
 * is redacted all the same.
 */
export function redactUrl(url: string, how: "remove" | "mask"): RedactedUrl {
  const removed: string[] = [];
  const authority = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*@)?/i.exec(url);
  let rest = url;
  let head = "";
  if (authority) {
    head = authority[1] ?? "";
    rest = url.slice(authority[0].length);
    if (authority[2] !== undefined) removed.push(USERINFO);
  }
  const hashAt = rest.indexOf("#");
  const fragment = hashAt === -1 ? "" : rest.slice(hashAt);
  const beforeHash = hashAt === -1 ? rest : rest.slice(0, hashAt);
  const queryAt = beforeHash.indexOf("?");
  if (queryAt === -1) return { url: head + rest, removed };
  const path = beforeHash.slice(0, queryAt);
  const kept: string[] = [];
  const params: string[] = [];
  for (const part of beforeHash.slice(queryAt + 1).split("&")) {
    const equals = part.indexOf("=");
    const rawName = equals === -1 ? part : part.slice(0, equals);
    const name = decodeQueryName(rawName);
    if (part === "" || !isSecretName(name)) {
      kept.push(part);
      continue;
    }
    if (!params.includes(name)) params.push(name);
    if (how === "mask") kept.push(`${rawName}=${REDACTED_QUERY_VALUE}`);
  }
  const query = kept.join("&");
  const emptied = params.length > 0 && kept.every((part) => part === "");
  const search = how === "remove" && emptied ? "" : `?${query}`;
  // Parameters first, then userinfo: the order a reader scans a message in ("token, userinfo").
  return { url: head + path + search + fragment, removed: [...params, ...removed] };
}

/** A query parameter's name as a form decoder reads it; as written when it is not valid. */
function decodeQueryName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, " "));
  } catch {
    return raw;
  }
}
