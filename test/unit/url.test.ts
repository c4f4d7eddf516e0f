import { describe, expect, it } from "vitest";
import { checkWebSocketUrl, parseSubprotocols } from "../../inspector/src/model/connect/url.ts";

describe("checkWebSocketUrl", () => {
  it.each([
    ["ws://127.0.0.1:7777/echo", "ws://127.0.0.1:7777/echo"],
    ["  wss://example.com/socket?x=1  ", "wss://example.com/socket?x=1"],
    ["ws://localhost:3000/ws", "ws://localhost:3000/ws"],
    ["WS://EXAMPLE.com", "ws://example.com/"],
    ["ws://[::1]:9000/", "ws://[::1]:9000/"],
  ])("accepts %j", (input, url) => {
    expect(checkWebSocketUrl(input)).toEqual({ ok: true, url });
  });

  it.each([
    ["", "Enter a WebSocket URL"],
    ["   ", "Enter a WebSocket URL"],
    ["not a url", "The URL needs a scheme: try ws://not a url"],
    ["ws://not a url", 'Not a valid URL: "ws://not a url"'],
    ["127.0.0.1:7777/echo", "The URL needs a scheme: try ws://127.0.0.1:7777/echo"],
    [
      "http://localhost:7777/echo",
      "http:// is for web pages; WebSocket URLs start with ws://. Try ws://localhost:7777/echo",
    ],
    [
      "https://example.com/ws",
      "https:// is for web pages; WebSocket URLs start with wss://. Try wss://example.com/ws",
    ],
    ["ws//127.0.0.1:7777/echo", "The colon after ws is missing: try ws://127.0.0.1:7777/echo"],
    ["WSS//example.com/ws", "The colon after wss is missing: try wss://example.com/ws"],
    ["ftp://example.com", 'Unsupported scheme "ftp:"'],
    ["ws://example.com/#top", "cannot contain a #fragment"],
  ])("rejects %j", (input, message) => {
    const result = checkWebSocketUrl(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(message);
  });

  it.each<[string, "direct" | "relay", string | null]>([
    [`ws://h/${"a".repeat(3000)}`, "direct", null],
    [`ws://h/${"a".repeat(3000)}`, "relay", "The target URL is longer than 2048 characters"],
    [`ws://h/${"a".repeat(2000)}`, "relay", null],
  ])("applies the relay's target rules via the relay: %#", (input, via, error) => {
    const result = checkWebSocketUrl(input, via);
    expect(result.ok ? null : result.error).toBe(error);
  });

  it("rejects a host with a space whether or not the URL parser percent-encodes it", () => {
    // Node's URL parser throws here; Chromium's yields the host "exa%20mple".
    const result = checkWebSocketUrl("ws://exa mple/");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/^Not a valid (URL|host name)/);
  });
});

describe("parseSubprotocols", () => {
  it.each([
    ["", []],
    ["json", ["json"]],
    [" graphql-ws , json ", ["graphql-ws", "json"]],
    ["a,,b", ["a", "b"]],
    ["v1.stomp", ["v1.stomp"]],
  ])("parses %j", (input, protocols) => {
    expect(parseSubprotocols(input)).toEqual({ ok: true, protocols });
  });

  it.each([
    ["has space", '"has space" is not a valid subprotocol name'],
    ["a;b", '"a;b" is not a valid subprotocol name'],
    ["caf\u00e9", '"caf\u00e9" is not a valid subprotocol name'],
    ["json, json", "The subprotocol json is offered twice"],
    [Array.from({ length: 17 }, (_, i) => `p${i}`).join(","), "At most 16 subprotocols"],
  ])("rejects %j", (input, message) => {
    const result = parseSubprotocols(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(message);
  });
});
