import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Capture, CapturedFrame } from "../../inspector/src/model/formats/capture-file.ts";
import { type HarCapture, importHar } from "../../inspector/src/model/formats/har-reader.ts";
import { exportHar } from "../../inspector/src/model/formats/har-writer.ts";
import {
  comparable,
  comparableFrame,
  randomCapture,
  seededRandom,
} from "../fixtures/har/random-capture.ts";

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/har/${name}`, import.meta.url), "utf8");

/** Imports a fixture and expects it to succeed. */
function importFixture(name: string): HarCapture[] {
  const result = importHar(fixture(name));
  if (!result.ok) throw new Error(result.error);
  return result.captures;
}

/** The only capture of a fixture. */
function onlyCapture(name: string): HarCapture {
  const captures = importFixture(name);
  expect(captures).toHaveLength(1);
  return captures[0] as HarCapture;
}

/** The code of the last close event, if any. */
function lastCloseCode(frames: CapturedFrame[]): number | undefined {
  const event = frames.findLast((frame) => frame.event?.type === "close")?.event;
  return event?.type === "close" ? event.code : undefined;
}

/** Frames as [direction, kind, time, payload] rows: text as is, bytes as a list. */
function rows(frames: CapturedFrame[]) {
  return frames.map((frame) => {
    const { payload } = comparableFrame(frame);
    const shown =
      payload === undefined ? undefined : "text" in payload ? payload.text : payload.bytes;
    return [frame.direction, frame.kind, frame.time, shown];
  });
}

// 2026-03-14T09:26:53.589Z, the startedDateTime of the WebSocket entries in the fixtures.
const START = 1773480413589;

// A small capture whose export is pinned in test/fixtures/har/socketscope-export.har.
const GOLDEN: Capture = {
  url: "wss://echo.example.com/socket?room=1",
  protocols: ["chat"],
  startedAt: START + 0.25,
  handshake: {
    request: {
      method: "GET",
      url: "wss://echo.example.com/socket?room=1",
      headers: [["Sec-WebSocket-Protocol", "chat"]],
    },
    response: {
      status: 101,
      statusText: "Switching Protocols",
      headers: [
        ["Upgrade", "websocket"],
        ["Sec-WebSocket-Protocol", "chat"],
      ],
    },
    startedAt: START,
    durationMs: 12.5,
  },
  frames: [
    {
      time: START + 12.75,
      direction: "event",
      kind: "open",
      event: {
        type: "open",
        url: "wss://echo.example.com/socket?room=1",
        protocol: "chat",
        extensions: "",
      },
    },
    { time: START + 20.123, direction: "sent", kind: "text", payload: "héllo" },
    {
      time: START + 31.5,
      direction: "received",
      kind: "binary",
      payload: new Uint8Array([0, 1, 254, 255]).buffer,
    },
    {
      time: START + 40.001,
      direction: "received",
      kind: "ping",
      payload: new Uint8Array([42]).buffer,
    },
    {
      time: START + 1000,
      direction: "event",
      kind: "close",
      event: { type: "close", code: 4001, reason: "bye", wasClean: true, side: "server" },
    },
  ],
};

describe("exportHar", () => {
  it("writes the pinned HAR for a small capture", () => {
    expect(exportHar(GOLDEN, { name: "SocketScope", version: "0.1.0" })).toBe(
      fixture("socketscope-export.har"),
    );
  });

  it("reads its golden file back without loss", () => {
    const [imported] = importFixture("socketscope-export.har");
    expect(imported?.timesMissing).toBe(false);
    expect(imported?.label).toBe("wss://echo.example.com/socket?room=1 (2 messages)");
    expect(comparable(imported?.capture as Capture)).toEqual(comparable(GOLDEN));
  });

  it.each([
    ["opened, no handshake", [GOLDEN.frames[0] as CapturedFrame], 101, "Switching Protocols"],
    ["never opened, no handshake", [], 0, ""],
  ])("answers %s with status %d", (_name, frames, status, statusText) => {
    const har = JSON.parse(exportHar({ url: "ws://h/", protocols: [], startedAt: START, frames }));
    const entry = har.log.entries[0];
    expect(entry.response).toMatchObject({ status, statusText, headers: [] });
    expect(entry.request).toMatchObject({ method: "GET", url: "ws://h/", headers: [] });
    expect(entry.time).toBe(0);
    expect(entry.startedDateTime).toBe("2026-03-14T09:26:53.589Z");
  });

  it("writes a rejected handshake's body as the response content", () => {
    const capture: Capture = {
      ...GOLDEN,
      handshake: {
        ...(GOLDEN.handshake as NonNullable<Capture["handshake"]>),
        response: {
          status: 401,
          statusText: "Unauthorized",
          headers: [["Content-Type", "text/plain"]],
          body: "no tökén",
        },
      },
      frames: [],
    };
    const entry = JSON.parse(exportHar(capture)).log.entries[0];
    expect(entry.response.content).toEqual({ size: 10, mimeType: "text/plain", text: "no tökén" });
    expect(entry.response.status).toBe(401);
    expect(entry._webSocketClose).toBeUndefined();
  });
});

describe("importHar: dialects", () => {
  it("reads Chrome: epoch-second times, base64 binary, the handshake, other requests skipped", () => {
    const { capture, label, timesMissing } = onlyCapture("chrome.har");
    expect(label).toBe("wss://chat.example.com/socket?room=lobby (4 messages)");
    expect(timesMissing).toBe(false);
    expect(capture.url).toBe("wss://chat.example.com/socket?room=lobby");
    expect(capture.protocols).toEqual(["chat.v2", "chat.v1"]);
    expect(capture.startedAt).toBe(START);
    expect(capture.handshake?.response?.status).toBe(101);
    expect(capture.handshake?.request.headers[1]).toEqual(["Connection", "Upgrade"]);
    expect(capture.handshake?.durationMs).toBe(41.873);
    expect(capture.frames[0]?.event).toEqual({
      type: "open",
      url: "wss://chat.example.com/socket?room=lobby",
      protocol: "chat.v2",
      extensions: "permessage-deflate; client_max_window_bits=15",
    });
    expect(rows(capture.frames.slice(1))).toEqual([
      ["sent", "text", 1773480413633.012, '{"op":"hello","user":"ada"}'],
      ["received", "text", 1773480413667.845, '{"op":"welcome","users":3}'],
      ["received", "binary", 1773480413700.1, [0, 1, 2, 255]],
      ["sent", "text", 1773480415089, "héllo 👋"],
    ]);
  });

  it("reads Playwright: epoch-millisecond times, told apart by magnitude", () => {
    const { capture, timesMissing } = onlyCapture("playwright.har");
    expect(timesMissing).toBe(false);
    expect(capture.url).toBe("ws://localhost:8080/ticker");
    expect(capture.protocols).toEqual([]);
    expect(rows(capture.frames)).toEqual([
      ["event", "open", START, undefined],
      ["sent", "text", 1773480413604.25, "subscribe:BTC"],
      ["received", "binary", 1773480413650.125, [0xde, 0xad, 0xbe, 0xef, 0]],
      ["received", "text", 1773480413700.5, ""],
    ]);
  });

  it("reads HTTP Toolkit: _webSocketClose becomes a close event", () => {
    const { capture, label } = onlyCapture("http-toolkit.har");
    expect(label).toBe("wss://echo.example.net/socket (3 messages)");
    expect(capture.protocols).toEqual(["echo"]);
    expect(rows(capture.frames)).toEqual([
      ["event", "open", START, undefined],
      ["sent", "text", 1773480413600, "ping me"],
      ["received", "text", 1773480413601.234, "ping me"],
      ["received", "binary", 1773480414250, []],
      ["event", "close", 1773480416000.001, undefined],
    ]);
    expect(capture.frames.at(-1)?.event).toEqual({
      type: "close",
      code: 1001,
      reason: "Server restarting",
      wasClean: true,
    });
  });

  it("reads messages without opcode as text and without time as 1 ms apart, flagged", () => {
    const { capture, timesMissing } = onlyCapture("missing-opcode-time.har");
    expect(timesMissing).toBe(true);
    expect(rows(capture.frames)).toEqual([
      ["event", "open", START, undefined],
      ["sent", "text", START + 1, "subscribe"],
      // Valid base64, yet kept as the text it is: without an opcode nothing says it is binary.
      ["received", "text", START + 2, "aGVsbG8="],
      ["received", "text", START + 3, '{"n":1}'],
    ]);
  });

  it("returns every WebSocket entry of a file, labelled for a picker", () => {
    const captures = importFixture("multiple-sockets.har");
    expect(captures.map((c) => [c.label, c.capture.frames.length])).toEqual([
      ["wss://app.example.com/live (2 messages)", 3],
      ["wss://app.example.com/notifications (1 message)", 2],
      ["wss://offline.example.com/socket (0 messages)", 0],
    ]);
    // Status 0 is Chrome's "no answer": no response in the handshake, no open event.
    expect(captures[2]?.capture.handshake?.response).toBeUndefined();
  });

  it("says so when a HAR holds no WebSocket", () => {
    expect(importHar(fixture("no-websocket.har"))).toEqual({
      ok: false,
      error:
        "This HAR file holds 2 requests but no WebSocket connection. In the browser's Network panel, " +
        "make sure the WebSocket request is listed (not filtered out) before exporting.",
    });
  });
});

/** A HAR text with these entries. */
function har(entries: unknown[]): string {
  return JSON.stringify({ log: { version: "1.2", creator: { name: "t", version: "1" }, entries } });
}

/** A WebSocket entry with these messages and extra fields. */
function wsEntry(messages: unknown, extra: Record<string, unknown> = {}) {
  return {
    startedDateTime: "2026-03-14T09:26:53.589Z",
    time: 3,
    request: { method: "GET", url: "wss://h/s", headers: [] },
    response: { status: 101, statusText: "Switching Protocols", headers: [] },
    _resourceType: "websocket",
    _webSocketMessages: messages,
    ...extra,
  };
}

const OK_MESSAGE = { type: "send", time: 1773480414, opcode: 1, data: "a" };

describe("importHar: other cases", () => {
  it("anchors a monotonic clock (small times, in seconds) at the entry's start", () => {
    const text = har([
      wsEntry([
        { type: "send", time: 88012.5, opcode: 1, data: "a" },
        { type: "receive", time: 88013.25, opcode: 1, data: "b" },
      ]),
    ]);
    const result = importHar(text);
    expect(result.ok && result.captures[0]?.capture.frames.map((f) => f.time)).toEqual([
      START,
      START,
      START + 750,
    ]);
  });

  it("reads an upgrade recorded under its https: address as a wss: socket", () => {
    const text = har([{ ...wsEntry([OK_MESSAGE]), request: { url: "https://h/s", headers: [] } }]);
    const result = importHar(text);
    expect(result.ok && result.captures[0]?.capture.url).toBe("wss://h/s");
    expect(result.ok && result.captures[0]?.capture.handshake?.request.url).toBe("https://h/s");
  });

  it("reads ping and pong opcodes as control frames", () => {
    const text = har([
      wsEntry([
        { type: "receive", time: 1773480414, opcode: 9, data: "AQI=" },
        { type: "send", time: 1773480414.5, opcode: 10, data: "AQI=" },
      ]),
    ]);
    const result = importHar(text);
    expect(result.ok && rows(result.captures[0]?.capture.frames.slice(1) ?? [])).toEqual([
      ["received", "ping", 1773480414000, [1, 2]],
      ["sent", "pong", 1773480414500, [1, 2]],
    ]);
  });

  it("accepts a byte-order mark", () => {
    expect(importHar(`\uFEFF${har([wsEntry([OK_MESSAGE])])}`).ok).toBe(true);
  });

  it.each([
    ["not JSON", "hello", /^This file is not valid JSON \(.+\), so it is not a HAR file\.$/],
    ["a JSON list", "[]", "This JSON file is not a HAR file: it has no log.entries list."],
    ["no entries", '{"log":{}}', "This JSON file is not a HAR file: it has no log.entries list."],
    [
      "a bad type",
      har([wsEntry([OK_MESSAGE, { ...OK_MESSAGE, type: "sent" }])]),
      'log.entries[0]._webSocketMessages[1]: type is "sent"; expected "send" or "receive".',
    ],
    [
      "binary data that is not base64",
      har([{}, wsEntry([{ ...OK_MESSAGE, opcode: 2, data: "not base64!" }])]),
      "log.entries[1]._webSocketMessages[0]: data is not valid base64, which opcode 2 (binary) needs.",
    ],
    [
      "an unknown opcode",
      har([wsEntry([{ ...OK_MESSAGE, opcode: 8 }])]),
      "log.entries[0]._webSocketMessages[0]: opcode is 8; SocketScope reads 1 (text), 2 (binary), 9 (ping) and 10 (pong).",
    ],
    [
      "a time that is not a number",
      har([wsEntry([{ ...OK_MESSAGE, time: "soon" }])]),
      'log.entries[0]._webSocketMessages[0]: time is "soon"; expected a number (epoch seconds).',
    ],
    [
      "no data",
      har([wsEntry([{ type: "send", time: 1 }])]),
      "log.entries[0]._webSocketMessages[0]: data is missing; expected a string.",
    ],
    [
      "a message that is not an object",
      har([wsEntry([7])]),
      "log.entries[0]._webSocketMessages[0] is 7; expected a message object.",
    ],
    [
      "messages that are not a list",
      har([wsEntry({ length: 1 })]),
      'log.entries[0]._webSocketMessages is {"length":1}; expected a list.',
    ],
    [
      "no request URL",
      har([{ ...wsEntry([]), request: {} }]),
      "log.entries[0].request.url is missing, so this WebSocket entry has no address.",
    ],
  ])("fails clearly on %s", (_name, text, error) => {
    const result = importHar(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(error);
  });

  it("names the bad frame of our own extension", () => {
    const exported = JSON.parse(exportHar(GOLDEN));
    exported.log.entries[0]._socketscope.frames[1].kind = "shout";
    const result = importHar(JSON.stringify(exported));
    expect(result).toEqual({
      ok: false,
      error:
        'log.entries[0]._socketscope.frames[1]: kind is "shout"; expected one of text, binary, open, close, error, info, ping, pong.',
    });
  });

  it("falls back to the standard fields when another tool changed the messages", () => {
    const exported = JSON.parse(exportHar(GOLDEN));
    exported.log.entries[0]._webSocketMessages.pop();
    const result = importHar(JSON.stringify(exported));
    // The count no longer fits the extension's indexes, so the ping (extension only) is gone.
    expect(result.ok && result.captures[0]?.capture.frames.map((f) => f.kind)).toEqual([
      "open",
      "text",
      "close",
    ]);
  });

  it("reports progress up to 1, rising, at most once per percent", () => {
    const messages = Array.from({ length: 1000 }, (_, i) => ({
      ...OK_MESSAGE,
      time: 1773480414 + i,
    }));
    const fractions: number[] = [];
    expect(
      importHar(har([wsEntry(messages), wsEntry(messages)]), (f) => fractions.push(f)).ok,
    ).toBe(true);
    expect(fractions.at(-1)).toBe(1);
    expect(fractions.length).toBeLessThanOrEqual(101);
    expect(fractions.length).toBeGreaterThan(50);
    expect(fractions.every((f, i) => i === 0 || f > (fractions[i - 1] as number))).toBe(true);
  });
});

describe("HAR round trip", () => {
  const cases = Array.from({ length: 200 }, (_, seed) => seed);

  it.each(cases)("keeps random capture #%i without loss", (seed) => {
    const capture = randomCapture(seededRandom(seed));
    const result = importHar(exportHar(capture));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.captures).toHaveLength(1);
    expect(result.captures[0]?.timesMissing).toBe(false);
    expect(comparable(result.captures[0]?.capture as Capture)).toEqual(comparable(capture));
  });

  it.each(cases)(
    "keeps random capture #%i's messages and close code through the standard fields",
    (seed) => {
      const capture = randomCapture(seededRandom(seed));
      const exported = JSON.parse(exportHar(capture));
      delete exported.log.entries[0]._socketscope;
      const result = importHar(JSON.stringify(exported));
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      const imported = result.captures[0]?.capture as Capture;
      const isMessage = (frame: CapturedFrame) =>
        frame.direction !== "event" &&
        ((frame.kind === "text" && typeof frame.payload === "string") ||
          (frame.kind === "binary" && frame.payload instanceof ArrayBuffer));
      expect(imported.frames.filter(isMessage).map(comparableFrame)).toEqual(
        capture.frames.filter(isMessage).map(comparableFrame),
      );
      expect(lastCloseCode(imported.frames)).toBe(lastCloseCode(capture.frames));
    },
  );
});
