/**
 * Which header and query parameter names hold credentials. The inspector leaves them out of
 * share links, exports and the saved workspace; the relay drops them when a redirect leaves the
 * origin. One list, shared, so the places cannot drift apart.
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
