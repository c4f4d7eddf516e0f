import { describe, expect, it } from "vitest";
import { decodeJson } from "../../inspector/src/model/decoders/json.ts";
import {
  defaultTab,
  jsonView,
  MAX_TREE_DEPTH,
  tooDeepNote,
} from "../../inspector/src/model/detail/detail.ts";
import { jsonPreview } from "../../inspector/src/model/detail/json.ts";
import {
  importSizeProblem,
  MAX_CAPTURE_DEPTH,
  MAX_IMPORT_BYTES,
} from "../../inspector/src/model/formats/capture-file.ts";
import { importHar } from "../../inspector/src/model/formats/har-reader.ts";
import { describe as describeValue } from "../../inspector/src/model/formats/json-reading.ts";
import { importNdjson } from "../../inspector/src/model/formats/ndjson.ts";

/** JSON text of arrays nested `depth` deep: `[[[]]]` for 3. */
const deepText = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
/** The value of deepText, built without recursion. */
const deepValue = (depth: number) => JSON.parse(deepText(depth)) as unknown;

const SESSION = '{"type":"session","version":1,"url":"ws://h/","protocols":[],"startedAt":1}';
const frameLine = (fields: string) =>
  `{"type":"frame","time":2,"direction":"received","kind":"text"${fields}}`;

/** A HAR with one WebSocket entry whose one message is `message`. */
const harWith = (message: string, extra = "") =>
  `{"log":{"version":"1.2","entries":[{"startedDateTime":"2026-01-01T00:00:00.000Z","time":0,` +
  `"request":{"method":"GET","url":"ws://h/","headers":[]},"response":{"status":101,"statusText":"","headers":[]},` +
  `"_resourceType":"websocket","_webSocketMessages":[${message}]${extra}}]}}`;

describe("jsonPreview and describe: deep and long values are quoted safely", () => {
  it.each<[string, unknown, string]>([
    ["a number", 5, "5"],
    ["a string", 'a"b', '"a\\"b"'],
    ["null", null, "null"],
    ["a small object", { a: [1, true, null], b: "x" }, '{"a":[1,true,null],"b":"x"}'],
    ["an empty list", [], "[]"],
    ["a list nested 10,000 deep", deepValue(10_000), `${"[".repeat(37)}...`],
    ["a long string", "x".repeat(1_000_000), `"${"x".repeat(36)}...`],
    [
      "a long list",
      Array.from({ length: 100_000 }, (_, i) => i),
      "[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,1...",
    ],
  ])("describe(%s)", (_, value, quoted) => {
    expect(describeValue(value)).toBe(quoted);
  });

  it.each<[unknown, number]>([
    [{ a: 1 }, 100],
    [[1, "two", { three: [3] }], 100],
    [{ 'k"ey': [null, false, -0, 1.5] }, 100],
  ])("is JSON.stringify when it fits: %j", (value, max) => {
    expect(jsonPreview(value, max)).toBe(JSON.stringify(value));
  });

  it("stops just past the limit", () => {
    expect(jsonPreview(deepValue(10_000), 40)).toBe("[".repeat(41));
  });

  it("says missing for undefined", () => {
    expect(describeValue(undefined)).toBe("missing");
  });
});

describe("the JSON tab's view of deep text", () => {
  it.each<[string, string, ReturnType<typeof jsonView>["kind"], string]>([
    ["a shallow document", '{"a":[1,{"b":2}]}', "tree", "json"],
    ["exactly the tree's limit", deepText(MAX_TREE_DEPTH), "tree", "json"],
    ["one level past it", deepText(MAX_TREE_DEPTH + 1), "too-deep", "text"],
    ["a list nested 10,000 deep", deepText(10_000), "too-deep", "text"],
    ["brackets in strings do not count", `["${"[".repeat(10_000)}"]`, "tree", "json"],
    ["deep but not JSON", `${deepText(10_000)}x`, "not-json", "text"],
    ["plain text", "hello", "not-json", "text"],
  ])("%s", (_, text, kind, tab) => {
    expect(jsonView(text).kind).toBe(kind);
    expect(defaultTab(text)).toBe(tab);
  });

  it("gives the depth, and a note for it", () => {
    expect(jsonView(deepText(10_000))).toEqual({ kind: "too-deep", depth: 10_000 });
    expect(tooDeepNote(10_000)).toBe(
      "This JSON nests 10,000 levels deep, deeper than the 512 levels the tree shows, so here it is as text.",
    );
  });

  it("leaves deep JSON out of the JSON decoder, as CBOR's does", () => {
    expect(decodeJson(deepText(10_000))).toBeNull();
    expect(decodeJson("[[1]]")?.summary).toBe("JSON […] 1 item");
  });
});

describe("imports with deep values", () => {
  const tooDeep = (where: string, depth = "10,001") =>
    `${where} nests arrays and objects ${depth} levels deep; a capture file nests at most ${MAX_CAPTURE_DEPTH}, so this one is malformed.`;

  it.each<[string, string, string]>([
    [
      "NDJSON: a deep list as a frame's time",
      [SESSION, frameLine(`,"time":${deepText(10_000)}`)].join("\n"),
      tooDeep("Line 2"),
    ],
    [
      "NDJSON: a deep list inside an event (its frame and event count too)",
      [
        SESSION,
        frameLine(`,"event":{"type":"info","message":"x","extra":${deepText(10_000)}}`),
      ].join("\n"),
      tooDeep("Line 2", "10,002"),
    ],
    [
      "NDJSON: a deep session line",
      `${SESSION.slice(0, -1)},"x":${deepText(10_000)}}`,
      tooDeep("Line 1"),
    ],
  ])("refuses %s, naming the line", (_, text, error) => {
    expect(importNdjson(text)).toEqual({ ok: false, error });
  });

  it.each<[string, string, string]>([
    ["HAR: a deep list as a message", harWith(deepText(10_000)), "10,005"],
    [
      "HAR: a deep list in an unknown field",
      harWith('{"type":"send","data":"x"}', `,"_x":${deepText(10_000)}`),
      "10,004",
    ],
  ])("refuses %s", (_, text, depth) => {
    expect(importHar(text)).toEqual({ ok: false, error: tooDeep("This HAR file", depth) });
  });

  it("accepts nesting up to the limit", () => {
    const nested = `${"[".repeat(MAX_CAPTURE_DEPTH - 4)}1${"]".repeat(MAX_CAPTURE_DEPTH - 4)}`;
    const result = importHar(harWith('{"type":"send","data":"x"}', `,"_x":${nested}`));
    expect(result.ok).toBe(true);
  });

  it("reads a text frame whose payload is JSON nested 10,000 deep, as text", () => {
    const payload = deepText(10_000);
    const ndjson = importNdjson(
      [SESSION, frameLine(`,"text":${JSON.stringify(payload)}`)].join("\n"),
    );
    expect(ndjson.ok && ndjson.capture.frames[0]?.payload).toBe(payload);
    const har = importHar(
      harWith(`{"type":"receive","opcode":1,"data":${JSON.stringify(payload)}}`),
    );
    expect(har.ok && har.captures[0]?.capture.frames[1]?.payload).toBe(payload);
    expect(defaultTab(payload)).toBe("text");
  });

  it("quotes a long bad value briefly in its message", () => {
    const text = [SESSION, frameLine(`,"direction":${JSON.stringify("x".repeat(100_000))}`)].join(
      "\n",
    );
    expect(importNdjson(text)).toEqual({
      ok: false,
      error: `Line 2: direction is "${"x".repeat(36)}...; expected "sent", "received" or "event".`,
    });
  });
});

describe("import size cap", () => {
  it.each<[number, string | undefined]>([
    [0, undefined],
    [MAX_IMPORT_BYTES, undefined],
    [
      MAX_IMPORT_BYTES + 1,
      "big.har is 512.0 MiB (536,870,913 bytes); SocketScope imports files up to 512.0 MiB. Export a shorter capture, or split the file.",
    ],
    [
      600 * 1024 * 1024,
      "big.har is 600.0 MiB (629,145,600 bytes); SocketScope imports files up to 512.0 MiB. Export a shorter capture, or split the file.",
    ],
  ])("%i bytes", (size, problem) => {
    expect(importSizeProblem("big.har", size)).toBe(problem);
  });
});
