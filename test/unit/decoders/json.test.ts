import { describe, expect, it } from "vitest";
import { jsonDecoder } from "../../../inspector/src/model/decoders/json.ts";
import { hex, utf8 } from "./samples.ts";

describe("JSON decoder", () => {
  it.each([
    ["an object", '{"a":1,"b":[true,null]}', "JSON {…} 2 keys", { a: 1, b: [true, null] }],
    ["an array", "[1,2]", "JSON […] 2 items", [1, 2]],
    ["a string", '"text"', 'JSON "text"', "text"],
    ["a number", "42", "JSON 42", 42],
    ["null", "null", "JSON null", null],
    ["UTF-8 JSON in a binary frame", utf8('{"x":"é"}'), "JSON {…} 1 key", { x: "é" }],
  ])("decodes %s", (_name, payload, summary, value) => {
    expect(jsonDecoder.decode(payload)).toStrictEqual({ summary, value });
  });

  it.each([
    ["plain text", "hello"],
    ["an empty frame", ""],
    ["a cut-off object", '{"a":'],
    ["a SignalR record", "{}\u001e"],
    ["invalid UTF-8", hex("7b22ff227d")],
  ])("returns null for %s", (_name, payload) => {
    expect(jsonDecoder.decode(payload)).toBeNull();
  });

  it.each([
    ["json", true],
    ["JSON", true],
    ["wamp.2.json", true],
    ["graphql-transport-ws", true],
    ["graphql-ws", true],
    ["vnd.example+json", true],
    ["jsonrpc", false],
    ["mqtt", false],
    ["", false],
  ])("subprotocol %j matches: %s", (protocol, expected) => {
    expect(jsonDecoder.matchesSubprotocol(protocol)).toBe(expected);
  });
});
