/**
 * HTTP header rules for the handshakes the relay makes: what a name and a value may hold, and
 * which headers the handshake sets itself. The relay and the inspector's relay form both check
 * with these, so a header the form accepts is one the relay sends.
 */

/** An RFC 9110 token: header names and WebSocket subprotocols. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Whether `text` is an RFC 9110 token (a header name, or a subprotocol per RFC 6455). */
export function isToken(text: string): boolean {
  return TOKEN.test(text);
}

/** Headers the handshake sets itself (RFC 6455 §4.1, plus framing); a client may not set them. */
export const RESERVED_HEADERS: readonly string[] = [
  "connection",
  "upgrade",
  "host",
  "sec-websocket-key",
  "sec-websocket-version",
  "sec-websocket-extensions",
  "sec-websocket-protocol",
  "content-length",
  "transfer-encoding",
];

/** Longest header value the relay sends, in characters. */
export const MAX_HEADER_VALUE_LENGTH = 8192;

/**
 * Characters a header value may not hold: what Node's `http.validateHeaderValue` refuses
 * (controls other than tab, and anything above U+00FF, such as a pasted `’` or `€`).
 */
const INVALID_VALUE_CHAR = /[^\t\u0020-\u007e\u0080-\u00ff]/;

/** Why `name` cannot be sent as a custom header, or undefined when it can. */
export function checkHeaderName(name: string): string | undefined {
  if (name === "") return "A header needs a name";
  if (!isToken(name))
    return `"${printable(name)}" is not a valid header name: use letters, digits and ! # $ % & ' * + - . ^ _ \` | ~`;
  if (RESERVED_HEADERS.includes(name.toLowerCase()))
    return `${name} is set by the handshake itself`;
  return undefined;
}

/** Why `value` cannot be sent as the value of header `name`, or undefined when it can. */
export function checkHeaderValue(name: string, value: string): string | undefined {
  if (value.length > MAX_HEADER_VALUE_LENGTH)
    return `The value of ${name} is longer than ${MAX_HEADER_VALUE_LENGTH} characters`;
  const bad = INVALID_VALUE_CHAR.exec(value);
  if (!bad) return undefined;
  const char = bad[0];
  const code = char.codePointAt(0) ?? 0;
  const shown = code < 0x20 || code === 0x7f ? "a control character" : `"${char}"`;
  return `The value of ${name} has ${shown} (U+${code.toString(16).toUpperCase().padStart(4, "0")}) at position ${bad.index + 1}: header values may hold only Latin-1 text`;
}

/** `text` with control characters shown as `\u…` escapes, for messages. */
export function printable(text: string): string {
  return text.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it escapes.
    /[\u0000-\u001f\u007f]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
