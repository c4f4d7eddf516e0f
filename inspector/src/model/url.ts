/** Outcome of checking user input that should name a WebSocket endpoint. */
export type UrlCheck = { ok: true; url: string } | { ok: false; error: string };

/**
 * Checks what the user typed into "WebSocket URL". Accepts only `ws:` and `wss:` URLs and says
 * plainly what is wrong otherwise, so `new WebSocket()` is never handed something it throws on.
 */
export function checkWebSocketUrl(input: string): UrlCheck {
  const text = input.trim();
  if (text === "")
    return { ok: false, error: "Enter a WebSocket URL, e.g. ws://127.0.0.1:7777/echo" };
  if (!/^[a-z][a-z0-9+.-]*:/i.test(text)) {
    return { ok: false, error: `The URL needs a scheme: try ws://${text}` };
  }
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return {
      ok: false,
      error: `Not a valid URL: "${text}". It should look like ws://host:port/path`,
    };
  }
  if (parsed.protocol === "http:" || parsed.protocol === "https:") {
    const suggestion = `${parsed.protocol === "https:" ? "wss:" : "ws:"}${text.slice(parsed.protocol.length)}`;
    return {
      ok: false,
      error: `Use a WebSocket scheme, not ${parsed.protocol}: try ${suggestion}`,
    };
  }
  if (parsed.protocol !== "ws:" && parsed.protocol !== "wss:") {
    return { ok: false, error: `Unsupported scheme "${parsed.protocol}": use ws:// or wss://` };
  }
  if (parsed.hostname === "") return { ok: false, error: "The URL has no host" };
  // Some URL parsers (Chromium's among them) percent-encode spaces in a host instead of failing.
  if (/[%\s]/.test(parsed.hostname)) {
    return { ok: false, error: `Not a valid host name: "${decodeURIComponent(parsed.hostname)}"` };
  }
  if (parsed.hash !== "") return { ok: false, error: "WebSocket URLs cannot contain a #fragment" };
  return { ok: true, url: parsed.href };
}

/** Outcome of parsing the comma-separated "Subprotocols" field. */
export type SubprotocolsCheck = { ok: true; protocols: string[] } | { ok: false; error: string };

// RFC 6455 §4.1: each subprotocol is an HTTP token (RFC 7230 tchar).
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Splits "a, b" into `["a", "b"]`, rejecting names that are not HTTP tokens and duplicates. */
export function parseSubprotocols(input: string): SubprotocolsCheck {
  const protocols = input
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");
  for (const protocol of protocols) {
    if (!TOKEN.test(protocol)) {
      return {
        ok: false,
        error: `"${protocol}" is not a valid subprotocol name (no spaces or separators)`,
      };
    }
  }
  const duplicate = protocols.find((protocol, index) => protocols.indexOf(protocol) !== index);
  if (duplicate !== undefined)
    return { ok: false, error: `Subprotocol "${duplicate}" is listed twice` };
  return { ok: true, protocols };
}
