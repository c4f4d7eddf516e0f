import { describe, expect, it } from "vitest";
import type { HandshakeReport } from "../../echo-server/protocol/relay-wire.ts";
import type { Capture } from "../../inspector/src/model/formats/capture-file.ts";
import { exportHar } from "../../inspector/src/model/formats/har-writer.ts";
import { exportNdjson } from "../../inspector/src/model/formats/ndjson.ts";
import {
  redactCapture,
  redactEvent,
  redactHandshake,
} from "../../inspector/src/model/formats/redact-capture.ts";

const TOKEN_URL = "wss://api.example/ws?room=1&access_token=abc";

const HANDSHAKE: HandshakeReport = {
  request: {
    method: "GET",
    url: TOKEN_URL,
    headers: [
      ["Host", "api.example"],
      ["Authorization", "Bearer abc"],
      ["Cookie", "s=1"],
      ["X-Api-Key", "k"],
      ["Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="],
      ["User-Agent", "probe/1"],
    ],
  },
  response: {
    status: 101,
    statusText: "Switching Protocols",
    headers: [
      ["Upgrade", "websocket"],
      ["Set-Cookie", "s=2; HttpOnly"],
      ["Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="],
    ],
  },
  redirects: [
    {
      request: {
        method: "GET",
        url: "wss://old.example/ws?token=abc",
        headers: [["Authorization", "Bearer abc"]],
      },
      response: {
        status: 301,
        statusText: "Moved Permanently",
        headers: [["Location", TOKEN_URL]],
      },
    },
  ],
  startedAt: 1000,
  durationMs: 12.5,
};

const CAPTURE: Capture = {
  url: "wss://ada:pw@api.example/ws?room=1&access_token=abc",
  protocols: ["chat"],
  startedAt: 1000,
  handshake: HANDSHAKE,
  frames: [
    {
      time: 1012.5,
      direction: "event",
      kind: "open",
      event: {
        type: "open",
        url: TOKEN_URL,
        protocol: "chat",
        extensions: "",
        handshake: HANDSHAKE,
      },
    },
    {
      time: 1013,
      direction: "received",
      kind: "text",
      payload: "access_token=abc stays: payloads are data",
    },
  ],
};

const REDACTED_HANDSHAKE =
  '{"request":{"method":"GET","url":"wss://api.example/ws?room=1&access_token=redacted","headers":[["Host","api.example"],["Authorization","(redacted)"],["Cookie","(redacted)"],["X-Api-Key","(redacted)"],["Sec-WebSocket-Key","dGhlIHNhbXBsZSBub25jZQ=="],["User-Agent","probe/1"]]},' +
  '"response":{"status":101,"statusText":"Switching Protocols","headers":[["Upgrade","websocket"],["Set-Cookie","(redacted)"],["Sec-WebSocket-Accept","s3pPLMBiTxaQ9kYGzzhZRbK+xOo="]]},' +
  '"redirects":[{"request":{"method":"GET","url":"wss://old.example/ws?token=redacted","headers":[["Authorization","(redacted)"]]},' +
  '"response":{"status":301,"statusText":"Moved Permanently","headers":[["Location","wss://api.example/ws?room=1&access_token=redacted"]]}}],' +
  '"startedAt":1000,"durationMs":12.5}';

/** The pinned NDJSON of the capture, redacted. */
const GOLDEN_NDJSON = [
  `{"type":"session","version":1,"url":"wss://api.example/ws?room=1&access_token=redacted","protocols":["chat"],"startedAt":1000,"handshake":${REDACTED_HANDSHAKE}}`,
  `{"type":"frame","time":1012.5,"direction":"event","kind":"open","event":{"type":"open","url":"wss://api.example/ws?room=1&access_token=redacted","protocol":"chat","extensions":"","handshake":${REDACTED_HANDSHAKE}}}`,
  '{"type":"frame","time":1013,"direction":"received","kind":"text","text":"access_token=abc stays: payloads are data"}',
  "",
].join("\n");

describe("redactCapture", () => {
  it("names what it took out, once each, in the order met", () => {
    expect(redactCapture(CAPTURE).removed).toEqual([
      "access_token",
      "userinfo",
      "Authorization",
      "Cookie",
      "X-Api-Key",
      "Set-Cookie",
      "token",
    ]);
  });

  it("writes the pinned NDJSON: headers (redacted), query values redacted, userinfo gone", () => {
    expect(exportNdjson(redactCapture(CAPTURE).value)).toBe(GOLDEN_NDJSON);
  });

  it("writes a HAR whose request, query string and response carry no credential", () => {
    const har = exportHar(redactCapture(CAPTURE).value);
    // The payload keeps its text: only the metadata is redacted.
    expect(har.replace("access_token=abc stays", "")).not.toMatch(/abc|Bearer|s=1|s=2|ada|pw@/);
    const entry = JSON.parse(har).log.entries[0];
    expect(entry.request.url).toBe("wss://api.example/ws?room=1&access_token=redacted");
    expect(entry.request.headers).toEqual([
      { name: "Host", value: "api.example" },
      { name: "Authorization", value: "(redacted)" },
      { name: "Cookie", value: "(redacted)" },
      { name: "X-Api-Key", value: "(redacted)" },
      { name: "Sec-WebSocket-Key", value: "dGhlIHNhbXBsZSBub25jZQ==" },
      { name: "User-Agent", value: "probe/1" },
    ]);
    expect(entry.request.queryString).toEqual([
      { name: "room", value: "1" },
      { name: "access_token", value: "redacted" },
    ]);
    expect(entry.response.headers).toEqual([
      { name: "Upgrade", value: "websocket" },
      { name: "Set-Cookie", value: "(redacted)" },
      { name: "Sec-WebSocket-Accept", value: "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=" },
    ]);
    expect(JSON.stringify(entry._socketscope.handshake)).toBe(REDACTED_HANDSHAKE);
  });

  it("keeps everything when nothing is secret, and shares frames without events", () => {
    const plain: Capture = { ...CAPTURE, url: "ws://h/echo", handshake: undefined, frames: [] };
    delete plain.handshake;
    plain.frames = [CAPTURE.frames[1] as Capture["frames"][number]];
    const redacted = redactCapture(plain);
    expect(redacted).toEqual({ value: plain, removed: [] });
    expect(redacted.value.frames[0]).toBe(plain.frames[0]);
  });

  it("leaves the capture it was given alone", () => {
    const before = JSON.stringify(CAPTURE);
    redactCapture(CAPTURE);
    expect(JSON.stringify(CAPTURE)).toBe(before);
  });
});

describe("redactEvent and redactHandshake", () => {
  it.each([
    [{ type: "close", code: 1000, reason: "token=abc", wasClean: true } as const, []],
    [{ type: "info", message: "Authorization: Bearer abc" } as const, []],
    [{ type: "error", message: "refused" } as const, []],
  ])("leaves %j as it is (messages and reasons are text, not fields)", (event, removed) => {
    expect(redactEvent(event)).toEqual({ value: event, removed });
  });

  it("blanks header values only when URLs are kept (the workspace's choice)", () => {
    const { value, removed } = redactHandshake(HANDSHAKE, { urls: false });
    expect(value.request.url).toBe(TOKEN_URL);
    expect(value.redirects?.[0]?.response.headers).toEqual([["Location", TOKEN_URL]]);
    expect(value.request.headers[1]).toEqual(["Authorization", "(redacted)"]);
    expect(removed).toEqual(["Authorization", "Cookie", "X-Api-Key", "Set-Cookie"]);
  });
});
