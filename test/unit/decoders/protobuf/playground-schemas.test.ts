import { describe, expect, it } from "vitest";
import {
  messageTypeForUrl,
  type PlaygroundSchema,
  readPlaygroundSchemas,
} from "../../../../inspector/src/model/decoders/protobuf/playground-schemas.ts";

const FIREHOSE: PlaygroundSchema = {
  name: "firehose.proto",
  source: 'syntax = "proto3";',
  messageType: "socketscope.firehose.Tick",
  endpoint: "/firehose?format=protobuf",
};

describe("readPlaygroundSchemas", () => {
  it("reads the server's answer", () => {
    expect(readPlaygroundSchemas([{ ...FIREHOSE, url: "/api/schemas/firehose.proto" }])).toEqual({
      ok: true,
      schemas: [FIREHOSE],
    });
  });
  it.each([
    ["not a list", { a: 1 }, '/api/schemas answered {"a":1}; expected a list'],
    ["an entry that is not an object", [7], "/api/schemas[0] is 7"],
    [
      "a source that is not text",
      [{ ...FIREHOSE, source: null }],
      "/api/schemas[0].source is null; expected a string",
    ],
  ])("refuses %s", (_name, value, error) => {
    expect(readPlaygroundSchemas(value)).toEqual({ ok: false, error });
  });
});

describe("messageTypeForUrl", () => {
  it.each([
    ["ws://127.0.0.1:7777/firehose?format=protobuf", "socketscope.firehose.Tick"],
    ["ws://127.0.0.1:7777/firehose?rate=5&format=protobuf", "socketscope.firehose.Tick"],
    ["ws://127.0.0.1:7777/firehose", undefined],
    ["ws://127.0.0.1:7777/firehose?format=text", undefined],
    ["ws://127.0.0.1:7777/echo?format=protobuf", undefined],
    ["not a url", undefined],
  ])("%s → %s", (url, expected) => {
    expect(messageTypeForUrl([FIREHOSE], url)).toBe(expected);
  });
});
