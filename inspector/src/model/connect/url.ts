import { checkProtocols, checkTargetUrl } from "../../../../echo-server/protocol/relay-command.ts";

/** Outcome of checking user input that should name a WebSocket endpoint. */
export type UrlCheck = { ok: true; url: string } | { ok: false; error: string };

/**
 * Checks what the user typed into "WebSocket URL". Accepts only `ws:` and `wss:` URLs and says
 * plainly what is wrong otherwise, so `new WebSocket()` is never handed something it throws on.
 * Via the relay, the relay's own target rules (`checkTargetUrl`: length) apply as well.
 */
export function checkWebSocketUrl(input: string, via: "direct" | "relay" = "direct"): UrlCheck {
  const text = input.trim();
  if (text === "")
    return { ok: false, error: "Enter a WebSocket URL, e.g. ws://127.0.0.1:7777/echo" };
  // `ws//host` and `wss//host` are a scheme that lost its colon, not a host called "ws".
  const colonless = /^(wss?)\/\/+(.*)$/i.exec(text);
  if (colonless) {
    const scheme = colonless[1]?.toLowerCase();
    return {
      ok: false,
      error: `The colon after ${scheme} is missing: try ${scheme}://${colonless[2]}`,
    };
  }
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
    const secure = parsed.protocol === "https:";
    const suggestion = `${secure ? "wss:" : "ws:"}${text.slice(parsed.protocol.length)}`;
    const scheme = parsed.protocol.slice(0, -1);
    return {
      ok: false,
      error: `${scheme}:// is for web pages; WebSocket URLs start with ${secure ? "wss" : "ws"}://. Try ${suggestion}`,
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
  if (via === "relay") {
    // What the relay dials, it checks again: the same rules here keep a refusal off the wire.
    const target = checkTargetUrl(parsed.href);
    if (typeof target !== "string") return { ok: false, error: target.error };
  }
  return { ok: true, url: parsed.href };
}

/** Outcome of parsing the comma-separated "Subprotocols" field. */
export type SubprotocolsCheck = { ok: true; protocols: string[] } | { ok: false; error: string };

/**
 * Splits "a, b" into `["a", "b"]` and checks the list by the rules the relay uses
 * (`checkProtocols`): each name an HTTP token (RFC 6455 §4.1), none twice, at most 16.
 */
export function parseSubprotocols(input: string): SubprotocolsCheck {
  const protocols = input
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");
  const problem = checkProtocols(protocols);
  return problem === undefined ? { ok: true, protocols } : { ok: false, error: problem };
}
