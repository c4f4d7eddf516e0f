/**
 * What counts as a secret when a setup leaves the inspector (share links, exports) or is saved
 * (the workspace): credential headers, names that look like they hold a credential, and the
 * userinfo of a URL. One list, used everywhere, so the places cannot drift apart.
 */

/** Headers whose values are credentials whatever else is true (RFC 9110 §11, RFC 6265). */
export const CREDENTIAL_HEADERS: readonly string[] = [
  "authorization",
  "proxy-authorization",
  "cookie",
  "set-cookie",
];

/**
 * Words of a name that mark it as a credential: a query parameter or header name is secret when
 * one of its words (split at punctuation and camelCase) is in `exact`, or contains one of `parts`.
 * Short words (`key`, `sig`, `code`, `pwd`) must be whole words, or `monkey`, `design` and
 * `barcode` would match; the long ones may sit inside a word (`apikey`, `xauthtoken`, `phpsessid`,
 * `sessionid`). `code` is OAuth's authorization code; `sid` and `csrf` are session handles.
 * A false positive costs one redacted value, a false negative a leaked credential.
 */
export const SECRET_NAME_WORDS = {
  exact: [
    "auth",
    "authn",
    "authz",
    "key",
    "sig",
    "code",
    "pwd",
    "pass",
    "jwt",
    "sid",
    "otp",
    "csrf",
    "xsrf",
  ],
  parts: [
    "token",
    "secret",
    "session",
    "sessid",
    "passw",
    "passphrase",
    "passcode",
    "signature",
    "credential",
    "apikey",
    "accesskey",
    "privatekey",
    "cookie",
    "authoriz",
    "authentic",
    "oauth",
  ],
} as const;

/**
 * Headers that match a secret word but carry none: handshake nonces and authentication
 * challenges. Their values stay in exports, where a reader needs them.
 */
const PUBLIC_HEADERS: readonly string[] = [
  "sec-websocket-key",
  "sec-websocket-accept",
  "www-authenticate",
  "proxy-authenticate",
  "access-control-allow-credentials",
];

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

/** The words of a name: `X-Api-Key` → x, api, key; `accessToken` → access, token. */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Whether a query parameter or header name looks like it holds a credential. */
export function isSecretName(name: string): boolean {
  const exact: readonly string[] = SECRET_NAME_WORDS.exact;
  return nameWords(name).some(
    (word) => exact.includes(word) || SECRET_NAME_WORDS.parts.some((part) => word.includes(part)),
  );
}

/** Whether a header's value is a credential: a credential header or a secret-looking name. */
export function isSecretHeader(name: string): boolean {
  const lower = name.trim().toLowerCase();
  if (CREDENTIAL_HEADERS.includes(lower)) return true;
  return !PUBLIC_HEADERS.includes(lower) && isSecretName(lower);
}

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
