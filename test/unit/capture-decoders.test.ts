import { describe, expect, it } from "vitest";
import {
  type DecoderSettingsValue,
  emptyDecoderSettings,
  hasDecoderSettings,
  readDecoderSettings,
} from "../../inspector/src/model/decoders/decoder-settings.ts";
import type { Capture } from "../../inspector/src/model/formats/capture-file.ts";
import { importHar } from "../../inspector/src/model/formats/har-reader.ts";
import { exportHar } from "../../inspector/src/model/formats/har-writer.ts";
import { exportNdjson, importNdjson } from "../../inspector/src/model/formats/ndjson.ts";

const DECODERS: DecoderSettingsValue = {
  protoFiles: [
    { name: "common.proto", source: 'syntax = "proto3"; package common; message Meta {}' },
    {
      name: "market.proto",
      source: 'syntax = "proto3"; import "common.proto"; message Trade { common.Meta meta = 1; }',
    },
  ],
  receivedType: "Trade",
  sentType: "",
  custom: { source: "(p) => p.length", enabled: true, column: "$", timeLimitMs: 300 },
};

const CAPTURE: Capture = {
  url: "ws://127.0.0.1/echo",
  protocols: [],
  startedAt: 1_773_480_413_589,
  decoders: DECODERS,
  frames: [
    {
      time: 1_773_480_413_600,
      direction: "received",
      kind: "binary",
      payload: new Uint8Array([10, 0]).buffer,
    },
  ],
};

describe("schemas and the custom decoder travel with a capture", () => {
  it("NDJSON keeps them on the session line, and reads them back", () => {
    const text = exportNdjson(CAPTURE);
    expect(JSON.parse(text.split("\n")[0] ?? "").decoders).toEqual(DECODERS);
    const read = importNdjson(text);
    expect(read.ok && read.capture.decoders).toEqual(DECODERS);
  });

  it("HAR keeps them in the _socketscope extension, and reads them back", () => {
    const read = importHar(exportHar(CAPTURE));
    expect(read.ok && read.captures[0]?.capture.decoders).toEqual(DECODERS);
  });

  it("a capture without them has none", () => {
    const { decoders: _, ...bare } = CAPTURE;
    const read = importNdjson(exportNdjson(bare));
    expect(read.ok && "decoders" in read.capture).toBe(false);
  });

  it.each([
    [
      "a file that is not a string",
      { protoFiles: [{ name: "a.proto", source: 5 }] },
      "line 1: decoders.protoFiles[0].source is 5; expected a string.",
    ],
    [
      "a time limit out of range",
      { custom: { timeLimitMs: 1e9 } },
      "line 1: decoders.custom.timeLimitMs is 1000000000; expected a number of ms from 20 to 10000.",
    ],
    ["not an object", "x", 'line 1: decoders is "x"; expected an object.'],
  ])("NDJSON with %s is refused, naming the field", (_name, decoders, error) => {
    const line = JSON.stringify({
      type: "session",
      version: 1,
      url: "ws://x/",
      protocols: [],
      startedAt: 1,
      decoders,
    });
    const read = importNdjson(`${line}\n`);
    expect(read.ok ? "" : read.error).toContain(error.replace(/^line 1: /, ""));
  });

  it("HAR with a bad decoders field names its path", () => {
    const har = JSON.parse(exportHar(CAPTURE));
    har.log.entries[0]._socketscope.decoders.receivedType = 7;
    const read = importHar(JSON.stringify(har));
    expect(read.ok ? "" : read.error).toContain("._socketscope.decoders.receivedType is 7");
  });
});

describe("readDecoderSettings", () => {
  it("fills what older records leave out", () => {
    expect(readDecoderSettings({}, "d")).toEqual({ ok: true, value: emptyDecoderSettings });
  });
  it.each([
    [
      "too many files",
      { protoFiles: Array.from({ length: 65 }, () => ({ name: "a", source: "" })) },
      "d.protoFiles is",
    ],
    ["a huge source", { custom: { source: "x".repeat(256 * 1024 + 1) } }, "d.custom.source is"],
    [
      "enabled not a boolean",
      { custom: { enabled: "yes" } },
      'd.custom.enabled is "yes"; expected true or false',
    ],
    ["a list for files' entry", { protoFiles: [[]] }, "d.protoFiles[0] is"],
  ])("refuses %s", (_name, value, error) => {
    const read = readDecoderSettings(value, "d");
    expect(read.ok ? "" : read.error).toContain(error);
  });
  it("says whether settings hold anything", () => {
    expect(hasDecoderSettings(emptyDecoderSettings)).toBe(false);
    expect(hasDecoderSettings(DECODERS)).toBe(true);
  });
});
