import { describe, expect, it } from "vitest";
import type { Capture } from "../../inspector/src/model/formats/capture-file.ts";
import { exportHar } from "../../inspector/src/model/formats/har-writer.ts";
import {
  detectFormat,
  exportNdjson,
  importNdjson,
} from "../../inspector/src/model/formats/ndjson.ts";
import { comparable, randomCapture, seededRandom } from "../fixtures/har/random-capture.ts";

const T = 1773480413589;

const CAPTURE: Capture = {
  url: "wss://echo.example.com/socket",
  protocols: ["chat"],
  startedAt: T + 0.25,
  frames: [
    {
      time: T + 12.75,
      direction: "event",
      kind: "open",
      event: {
        type: "open",
        url: "wss://echo.example.com/socket",
        protocol: "chat",
        extensions: "",
      },
    },
    { time: T + 20.123456789, direction: "sent", kind: "text", payload: 'héllo "x"\n' },
    {
      time: T + 31.5,
      direction: "received",
      kind: "binary",
      payload: new Uint8Array([0, 1, 254, 255]).buffer,
    },
    { time: T + 40, direction: "received", kind: "pong", payload: new ArrayBuffer(0) },
    {
      time: T + 1000,
      direction: "event",
      kind: "close",
      event: { type: "close", code: 1006, reason: "", wasClean: false },
    },
  ],
};

const GOLDEN = [
  '{"type":"session","version":1,"url":"wss://echo.example.com/socket","protocols":["chat"],"startedAt":1773480413589.25}',
  '{"type":"frame","time":1773480413601.75,"direction":"event","kind":"open","event":{"type":"open","url":"wss://echo.example.com/socket","protocol":"chat","extensions":""}}',
  '{"type":"frame","time":1773480413609.1235,"direction":"sent","kind":"text","text":"héllo \\"x\\"\\n"}',
  '{"type":"frame","time":1773480413620.5,"direction":"received","kind":"binary","base64":"AAH+/w=="}',
  '{"type":"frame","time":1773480413629,"direction":"received","kind":"pong","base64":""}',
  '{"type":"frame","time":1773480414589,"direction":"event","kind":"close","event":{"type":"close","code":1006,"reason":"","wasClean":false}}',
  "",
].join("\n");

const SESSION = '{"type":"session","url":"ws://h/","protocols":[],"startedAt":1}';
const FRAME = '{"type":"frame","time":2,"direction":"sent","kind":"text","text":"a"}';

describe("exportNdjson", () => {
  it("writes a session line, then one line per frame with the full double as time", () => {
    expect(exportNdjson(CAPTURE)).toBe(GOLDEN);
  });

  it("writes the handshake into the session line", () => {
    const handshake = {
      request: { method: "GET", url: "ws://h/", headers: [["A", "b"]] as [string, string][] },
      startedAt: 1,
      durationMs: 0.5,
    };
    const [first] = exportNdjson({ ...CAPTURE, handshake, frames: [] }).split("\n");
    expect(JSON.parse(first as string).handshake).toEqual(handshake);
  });
});

describe("importNdjson", () => {
  it("reads the golden export back exactly", () => {
    const result = importNdjson(GOLDEN);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(comparable(result.capture)).toEqual(comparable(CAPTURE));
    expect(result.capture.frames.map((f) => f.time)).toEqual(CAPTURE.frames.map((f) => f.time));
  });

  it("accepts CRLF line endings, blank lines, a missing final newline and a byte-order mark", () => {
    const result = importNdjson(`\uFEFF${SESSION}\r\n\r\n${FRAME}\r\n\n${FRAME}`);
    expect(result.ok && result.capture.frames.length).toBe(2);
  });

  it.each([
    [
      "an empty file",
      "",
      "This file is empty: a SocketScope NDJSON export starts with a session line.",
    ],
    [
      "only blank lines",
      "\n \n",
      "This file is empty: a SocketScope NDJSON export starts with a session line.",
    ],
    ["a bad JSON line", `${SESSION}\n${FRAME}\n{"type":`, /^Line 3 is not valid JSON \(.+\)\.$/],
    [
      "no session line",
      FRAME,
      'Line 1 is not a session line ({"type":"session", ...}), so this is not a SocketScope NDJSON export.',
    ],
    [
      "a newer version",
      '{"type":"session","version":2}',
      "Line 1: this export is version 2; this SocketScope reads version 1. Update SocketScope to open it.",
    ],
    [
      "a session without protocols",
      '{"type":"session","url":"ws://h/","startedAt":1}',
      "Line 1: protocols is missing; expected a list of strings.",
    ],
    [
      "a bad handshake",
      '{"type":"session","url":"ws://h/","protocols":[],"startedAt":1,"handshake":{"startedAt":1,"durationMs":1,"request":{"method":"GET","url":"x","headers":[["a"]]}}}',
      "Line 1: handshake.request.headers[0] is not a [name, value] pair of strings.",
    ],
    [
      "redirects that are not a list",
      '{"type":"session","url":"ws://h/","protocols":[],"startedAt":1,"handshake":{"startedAt":1,"durationMs":1,"request":{"method":"GET","url":"x","headers":[]},"redirects":"x"}}',
      'Line 1: handshake.redirects is "x"; expected a list.',
    ],
    [
      "a redirect hop without a response",
      '{"type":"session","url":"ws://h/","protocols":[],"startedAt":1,"handshake":{"startedAt":1,"durationMs":1,"request":{"method":"GET","url":"x","headers":[]},"redirects":[{"request":{"method":"GET","url":"y","headers":[]}}]}}',
      "Line 1: handshake.redirects[0].response is missing; expected an object.",
    ],
    [
      "a redirect hop with bad headers",
      '{"type":"session","url":"ws://h/","protocols":[],"startedAt":1,"handshake":{"startedAt":1,"durationMs":1,"request":{"method":"GET","url":"x","headers":[]},"redirects":[{"request":{"method":"GET","url":"y","headers":[]},"response":{"status":302,"statusText":"Found","headers":[["Location"]]}}]}}',
      "Line 1: handshake.redirects[0].response.headers[0] is not a [name, value] pair of strings.",
    ],
    [
      "a second session",
      `${SESSION}\n\n${SESSION}`,
      "Line 3 is a second session line; an NDJSON export holds one capture.",
    ],
    [
      "an unknown line type",
      `${SESSION}\n{"type":"note"}`,
      'Line 2: type is "note"; expected "frame".',
    ],
    [
      "a bad kind",
      `${SESSION}\n${FRAME.replace('"text","text"', '"shout","text"')}`,
      'Line 2: kind is "shout"; expected one of text, binary, open, close, error, info, ping, pong.',
    ],
    [
      "a bad direction",
      `${SESSION}\n${FRAME.replace('"sent"', '"up"')}`,
      'Line 2: direction is "up"; expected "sent", "received" or "event".',
    ],
    [
      "a time that is not a number",
      `${SESSION}\n${FRAME.replace('"time":2', '"time":"2"')}`,
      'Line 2: time is "2"; expected a number (epoch ms).',
    ],
    [
      "bad base64",
      `${SESSION}\n{"type":"frame","time":2,"direction":"sent","kind":"binary","base64":"@@"}`,
      "Line 2: base64 is not valid base64.",
    ],
    [
      "two payloads",
      `${SESSION}\n{"type":"frame","time":2,"direction":"sent","kind":"text","text":"a","base64":""}`,
      "Line 2: it has both text and base64; a frame has one payload.",
    ],
    [
      "a close event without a code",
      `${SESSION}\n{"type":"frame","time":2,"direction":"event","kind":"close","event":{"type":"close","reason":"","wasClean":true}}`,
      "Line 2: event.code is missing; expected a number.",
    ],
    [
      "an unknown event",
      `${SESSION}\n{"type":"frame","time":2,"direction":"event","kind":"info","event":{"type":"party"}}`,
      'Line 2: event.type is "party"; expected open, close, error, reconnect or info.',
    ],
  ])("fails clearly on %s", (_name, text, error) => {
    const result = importNdjson(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(error);
  });

  it("reports progress up to 1, rising", () => {
    const fractions: number[] = [];
    const text = [SESSION, ...Array.from({ length: 500 }, () => FRAME)].join("\n");
    expect(importNdjson(text, (f) => fractions.push(f)).ok).toBe(true);
    expect(fractions.at(-1)).toBe(1);
    expect(fractions.length).toBeLessThanOrEqual(101);
    expect(fractions.every((f, i) => i === 0 || f > (fractions[i - 1] as number))).toBe(true);
  });
});

describe("NDJSON round trip", () => {
  it.each(Array.from({ length: 200 }, (_, seed) => seed))(
    "keeps random capture #%i without loss, times exact",
    (seed) => {
      const capture = randomCapture(seededRandom(seed));
      const result = importNdjson(exportNdjson(capture));
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(comparable(result.capture)).toEqual(comparable(capture));
      expect(result.capture.startedAt).toBe(capture.startedAt);
      expect(result.capture.frames.map((f) => f.time)).toEqual(capture.frames.map((f) => f.time));
    },
  );
});

describe("detectFormat", () => {
  it.each([
    ["our HAR export", exportHar(CAPTURE), "har"],
    ["a minified HAR", '{"log":{"version":"1.2","entries":[]}}', "har"],
    ["a HAR with a byte-order mark", '\uFEFF{ "log" : {}}', "har"],
    ["our NDJSON export", exportNdjson(CAPTURE), "ndjson"],
    ["an NDJSON header alone", '\uFEFF{"url":"ws://h/","type":"session"}', "ndjson"],
    ["other JSON", '{"entries":[]}', null],
    ["plain text", "hello\nworld", null],
    ["an empty file", "", null],
  ])("%s → %s", (_name, text, format) => {
    expect(detectFormat(text)).toBe(format);
  });
});
