import { validateHeaderName, validateHeaderValue } from "node:http";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { closeReason } from "../../../echo-server/protocol/close-codes.ts";
import { checkHeaderName, checkHeaderValue } from "../../../echo-server/protocol/headers.ts";
import {
  checkOrigin,
  parseRelayCommand,
  RelayLimits,
} from "../../../echo-server/protocol/relay-command.ts";

const connect = (fields: Record<string, unknown>) => ({
  type: "connect",
  url: "ws://127.0.0.1:9/",
  protocols: [],
  headers: [],
  ...fields,
});

describe("parseRelayCommand refuses, naming the field", () => {
  it.each([
    ["null", null, "command", "A relay command is a JSON object"],
    ["a list", [1], "command", "A relay command is a JSON object"],
    ["no type", {}, "type", "A relay command's type is connect, ping, close or auto-pong"],
    ["headers: 5", connect({ headers: 5 }), "headers", "Headers are a list of [name, value]"],
    [
      "a header that is not a pair",
      connect({ headers: [["X-A"]] }),
      "headers[0]",
      "A header is a [name, value] pair of text",
    ],
    [
      "a header value that is not text",
      connect({ headers: [["X-A", 1]] }),
      "headers[0]",
      "A header is a [name, value] pair of text",
    ],
    [
      "a smart quote in a header value",
      connect({
        headers: [
          ["X-Ok", "a"],
          ["X-Note", "it’s"],
        ],
      }),
      "headers[1][1]",
      'The value of X-Note has "’" (U+2019) at position 3: header values may hold only Latin-1 text',
    ],
    [
      "a euro sign in a header value",
      connect({ headers: [["X-Price", "5€"]] }),
      "headers[0][1]",
      'The value of X-Price has "€" (U+20AC) at position 2: header values may hold only Latin-1 text',
    ],
    [
      "a newline in a header value",
      connect({ headers: [["X-A", "a\r\nX-Injected: 1"]] }),
      "headers[0][1]",
      "The value of X-A has a control character (U+000D) at position 2: header values may hold only Latin-1 text",
    ],
    [
      "a reserved header",
      connect({ headers: [["Content-Length", "5"]] }),
      "headers[0][0]",
      "Content-Length is set by the handshake itself",
    ],
    [
      "a header given twice",
      connect({
        headers: [
          ["X-A", "1"],
          ["x-a", "2"],
        ],
      }),
      "headers[1][0]",
      "x-a is given twice: send it once",
    ],
    [
      "a header name with a space",
      connect({ headers: [["X A", "1"]] }),
      "headers[0][0]",
      '"X A" is not a valid header name: use letters, digits and ! # $ % & \' * + - . ^ _ ` | ~',
    ],
    [
      "too many headers",
      connect({ headers: Array.from({ length: 65 }, (_, i) => [`X-${i}`, ""]) }),
      "headers",
      "At most 64 custom headers",
    ],
    [
      "a URL with a fragment",
      connect({ url: "ws://127.0.0.1:9/#top" }),
      "url",
      "A WebSocket URL has no #fragment (RFC 6455 §3): remove it",
    ],
    [
      "an http URL",
      connect({ url: "http://127.0.0.1:9/" }),
      "url",
      "The relay dials ws: and wss: URLs only, not http:",
    ],
    ["a URL that is a number", connect({ url: 5 }), "url", "The target URL is missing"],
    ["a URL that is not one", connect({ url: "ws://" }), "url", "Not a valid URL: ws://"],
    [
      "a URL over the cap",
      connect({ url: `ws://h/${"a".repeat(2048)}` }),
      "url",
      "The target URL is longer than 2048 characters",
    ],
    [
      "duplicate subprotocols",
      connect({ protocols: ["chat", "chat"] }),
      "protocols",
      "The subprotocol chat is offered twice",
    ],
    [
      "a subprotocol with a comma",
      connect({ protocols: ["a,b"] }),
      "protocols",
      '"a,b" is not a valid subprotocol name: no spaces, commas or quotes',
    ],
    [
      "subprotocols that are not a list",
      connect({ protocols: "chat" }),
      "protocols",
      "Subprotocols are a list of names",
    ],
    [
      "a control character in the Origin",
      connect({ origin: "http://a.example\u0000" }),
      "origin",
      '"http://a.example\\u0000" is not an origin: an origin is scheme://host[:port], such as https://app.example',
    ],
    [
      "an Origin with a path",
      connect({ origin: "https://a.example/x" }),
      "origin",
      '"https://a.example/x" is not an origin: an origin is scheme://host[:port], such as https://app.example',
    ],
    [
      "a timeout that is text",
      connect({ handshakeTimeoutMs: "5" }),
      "handshakeTimeoutMs",
      "The handshake timeout is a number of milliseconds",
    ],
    [
      "followRedirects that is text",
      connect({ followRedirects: "yes" }),
      "followRedirects",
      "followRedirects is true or false",
    ],
    ["a ping that is not base64", { type: "ping", data: "%%%" }, "data", "A ping's data is base64"],
    [
      "a ping over 125 bytes",
      { type: "ping", data: Buffer.alloc(126).toString("base64") },
      "data",
      "A ping carries at most 125 bytes",
    ],
    [
      "close code 1005",
      { type: "close", code: 1005 },
      "code",
      "A close code is 1000, 1001–1003, 1007–1014 or 3000–4999",
    ],
    [
      "close code 5000",
      { type: "close", code: 5000 },
      "code",
      "A close code is 1000, 1001–1003, 1007–1014 or 3000–4999",
    ],
    [
      "a reason without a code",
      { type: "close", reason: "bye" },
      "reason",
      "A close reason needs a close code",
    ],
    [
      "auto-pong without a flag",
      { type: "auto-pong" },
      "enabled",
      "auto-pong takes enabled: true or false",
    ],
  ])("%s", (_name, command, field, message) => {
    expect(parseRelayCommand(command)).toEqual({ ok: false, field, message });
  });
});

describe("parseRelayCommand accepts and normalizes", () => {
  it.each([
    [
      "a handshake timeout of -1 is clamped to 100 ms",
      connect({ handshakeTimeoutMs: -1 }),
      { handshakeTimeoutMs: 100 },
    ],
    [
      "a handshake timeout of 0 never means none",
      connect({ handshakeTimeoutMs: 0 }),
      { handshakeTimeoutMs: 100 },
    ],
    [
      "a long timeout is clamped to 30 s",
      connect({ handshakeTimeoutMs: 1e9 }),
      { handshakeTimeoutMs: 30_000 },
    ],
    ["no timeout gets 10 s", connect({}), { handshakeTimeoutMs: 10_000 }],
    [
      "a non-ASCII path is percent-encoded",
      connect({ url: "ws://127.0.0.1:9/caf\u00e9 x" }),
      { url: "ws://127.0.0.1:9/caf%C3%A9%20x" },
    ],
    [
      "an IDN host becomes punycode",
      connect({ url: "wss://bücher.example/" }),
      { url: "wss://xn--bcher-kva.example/" },
    ],
    [
      "Latin-1 header values pass",
      connect({ headers: [["X-Name", "Ren\u00e9e\tB"]] }),
      { headers: [["X-Name", "Ren\u00e9e\tB"]] },
    ],
    [
      "an origin passes",
      connect({ origin: "https://app.example:8443" }),
      { origin: "https://app.example:8443" },
    ],
  ])("%s", (_name, command, fields) => {
    const result = parseRelayCommand(command);
    expect(result).toMatchObject({ ok: true, command: fields });
  });

  it("keeps only the fields of the schema", () => {
    const result = parseRelayCommand({
      ...connect({}),
      extra: 1,
      ["__proto__"]: { polluted: true },
    });
    expect(result.ok && Object.keys(result.command).sort()).toEqual([
      "handshakeTimeoutMs",
      "headers",
      "protocols",
      "type",
      "url",
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("cuts a close reason to 123 UTF-8 bytes without splitting a character", () => {
    const result = parseRelayCommand({ type: "close", code: 4000, reason: "€".repeat(100) });
    expect(result).toEqual({
      ok: true,
      command: { type: "close", code: 4000, reason: "€".repeat(41) },
    });
  });
});

describe("closeReason", () => {
  it.each([
    ["short", "short"],
    ["a".repeat(200), "a".repeat(123)],
    ["😀".repeat(40), "😀".repeat(30)],
    ["a\uD800b", "a\uFFFDb"],
    [`${"a".repeat(122)}é`, "a".repeat(122)],
  ])("%#", (reason, cut) => {
    expect(closeReason(reason)).toBe(cut);
    expect(Buffer.byteLength(closeReason(reason))).toBeLessThanOrEqual(123);
  });
});

describe("the shared header rules agree with Node's", () => {
  it("a value passes checkHeaderValue exactly when validateHeaderValue accepts it", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 20 }), (value) => {
        let node = true;
        try {
          validateHeaderValue("x-test", value);
        } catch {
          node = false;
        }
        expect(checkHeaderValue("x-test", value) === undefined).toBe(node);
      }),
      { numRuns: 2000 },
    );
  });

  it("a name Node refuses never passes checkHeaderName", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 12 }), (name) => {
        if (checkHeaderName(name) !== undefined) return;
        expect(() => validateHeaderName(name)).not.toThrow();
      }),
      { numRuns: 2000 },
    );
  });
});

describe("parseRelayCommand on anything", () => {
  it("never throws, and whatever it accepts is a command the ws client can take", () => {
    const header = fc.tuple(
      fc.string({ maxLength: 10 }),
      fc.string({ unit: "binary", maxLength: 10 }),
    );
    const candidate = fc.oneof(
      fc.anything(),
      fc.record(
        {
          type: fc.constantFrom("connect", "ping", "close", "auto-pong", "x"),
          url: fc.oneof(fc.webUrl(), fc.constant("ws://127.0.0.1:9/"), fc.string()),
          protocols: fc.oneof(
            fc.array(fc.string({ maxLength: 6 }), { maxLength: 4 }),
            fc.anything(),
          ),
          headers: fc.oneof(fc.array(header, { maxLength: 4 }), fc.anything()),
          origin: fc.oneof(fc.webUrl(), fc.string()),
          handshakeTimeoutMs: fc.oneof(fc.integer(), fc.double()),
          code: fc.integer({ min: 0, max: 6000 }),
          reason: fc.string({ unit: "binary" }),
          data: fc.base64String(),
          enabled: fc.anything(),
        },
        { requiredKeys: ["type"] },
      ),
    );
    fc.assert(
      fc.property(candidate, (value) => {
        const result = parseRelayCommand(value);
        if (!result.ok || result.command.type !== "connect") return;
        const { url, protocols, headers, origin, handshakeTimeoutMs } = result.command;
        expect(new URL(url).hash).toBe("");
        expect(new Set(protocols).size).toBe(protocols.length);
        for (const [name, headerValue] of headers) {
          expect(() => validateHeaderName(name)).not.toThrow();
          expect(() => validateHeaderValue(name, headerValue)).not.toThrow();
        }
        if (origin !== undefined) expect(checkOrigin(origin)).toBeUndefined();
        expect(handshakeTimeoutMs).toBeGreaterThanOrEqual(RelayLimits.minHandshakeTimeoutMs);
        expect(handshakeTimeoutMs).toBeLessThanOrEqual(RelayLimits.maxHandshakeTimeoutMs);
      }),
      { numRuns: 3000 },
    );
  });
});
