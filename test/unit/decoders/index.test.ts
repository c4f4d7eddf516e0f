import { encode as encodeMsgpack } from "@msgpack/msgpack";
import { encode as encodeCbor } from "cborg";
import { describe, expect, it } from "vitest";
import {
  autoDecode,
  chooseDecoder,
  DECODERS,
  decoderById,
  decoderForSubprotocol,
  decodersFor,
  isEngineIoUrl,
} from "../../../inspector/src/model/decoders/index.ts";
import type { Payload } from "../../../inspector/src/model/frames/frame.ts";
import { binary, FOREIGN_SAMPLES, FORMAT_SAMPLES, hex, PNG, randomBytes, utf8 } from "./samples.ts";

const SOCKET_IO_URL = "wss://chat.example/socket.io/?EIO=4&transport=websocket";
const RS = "\u001e";

describe("decoder list", () => {
  it("has one decoder per format, each with a unique id", () => {
    expect(DECODERS.map((d) => d.id)).toEqual([
      "json",
      "msgpack",
      "cbor",
      "socketio",
      "stomp",
      "signalr",
      "mqtt",
      "protobuf-raw",
    ]);
    expect(decoderById("stomp")?.name).toBe("STOMP");
    expect(decoderById("nope")).toBeUndefined();
  });

  it.each(Object.entries(FORMAT_SAMPLES))(
    "decodes the %s sample with its own decoder",
    (id, payload) => {
      expect(decoderById(id)?.decode(payload)).not.toBeNull();
    },
  );

  const foreignPairs = DECODERS.flatMap((decoder) =>
    Object.entries(FORMAT_SAMPLES)
      .filter(([id]) => id !== decoder.id)
      .map(([id, payload]) => [decoder.id, id, payload] as const),
  );
  it.each(foreignPairs)("%s returns null for the %s sample", (decoderId, _sample, payload) => {
    expect(decoderById(decoderId)?.decode(payload)).toBeNull();
  });

  const foreignInputs = DECODERS.flatMap((decoder) =>
    FOREIGN_SAMPLES.map(([name, payload]) => [decoder.id, name, payload] as const),
  );
  it.each(foreignInputs)("%s returns null for %s", (decoderId, _name, payload) => {
    expect(decoderById(decoderId)?.decode(payload)).toBeNull();
  });

  it("never throws, and returns null or a summary with a JSON-like value, on random input", () => {
    for (let seed = 1; seed <= 400; seed++) {
      const bytes = randomBytes(seed, seed % 48);
      const text = String.fromCharCode(...bytes.map((b) => (b % 96) + 32));
      for (const payload of [binary(bytes), text]) {
        for (const decoder of DECODERS) {
          const decoded = decoder.decode(payload);
          if (decoded === null) continue;
          expect(typeof decoded.summary).toBe("string");
          expect(decoded.summary).not.toContain("\n");
          // A JSON round trip keeps a JSON-like tree unchanged.
          expect(JSON.parse(JSON.stringify(decoded.value))).toStrictEqual(decoded.value);
        }
      }
    }
  });
});

describe("automatic choice", () => {
  const msgpackMap = binary(encodeMsgpack({ op: "sub", ch: "ticker" }));
  const cborMap = binary(encodeCbor({ op: "sub", ch: "ticker" }));
  const pingreq = hex("c000");

  it.each<[string, Payload, string, string, string | undefined]>([
    // The subprotocol names the format.
    ["MQTT PINGREQ (also a CBOR tag)", pingreq, "mqtt", "", "mqtt"],
    ["a STOMP heart-beat", "\n", "v12.stomp", "", "stomp"],
    ["a STOMP frame", FORMAT_SAMPLES.stomp, "v11.stomp", "", "stomp"],
    ["a lone MessagePack integer", hex("01"), "msgpack", "", "msgpack"],
    ["a MessagePack map", msgpackMap, "wamp.2.msgpack", "", "msgpack"],
    ["a CBOR tag", pingreq, "cbor", "", "cbor"],
    ["a JSON number", "2", "json", "", "json"],
    ["a GraphQL message", '{"type":"ping"}', "graphql-transport-ws", "", "json"],
    ["one of several offered subprotocols", pingreq, "chat, mqtt", "", "mqtt"],
    // A named format that does not fit is not replaced by a binary guess…
    ["MessagePack under a JSON subprotocol", msgpackMap, "json", "", undefined],
    ["a PINGREQ under a STOMP subprotocol", pingreq, "v12.stomp", "", undefined],
    // …but the unmistakable text formats are still recognised.
    ["SignalR under an unrelated JSON subprotocol", `{"type":6}${RS}`, "json", "", "signalr"],
    // No subprotocol: the content decides.
    ["a SignalR handshake", `{"protocol":"json","version":1}${RS}`, "", "", "signalr"],
    ["a SignalR handshake response", `{}${RS}`, "", "", "signalr"],
    ["a STOMP frame", FORMAT_SAMPLES.stomp, "", "", "stomp"],
    ["a STOMP frame in a binary message", utf8("SEND\ndestination:/a\n\nx\u0000"), "", "", "stomp"],
    ["a bare newline (not sure to be a heart-beat)", "\n", "", "", undefined],
    ["a Socket.IO event", '42["chat","hi"]', "", "", "socketio"],
    ["an Engine.IO probe", "3probe", "", "", "socketio"],
    ["an Engine.IO open", '0{"sid":"abc"}', "", "", "socketio"],
    ["a digit, which is JSON", "2", "", "", "json"],
    ["a digit on a Socket.IO URL", "2", "", SOCKET_IO_URL, "socketio"],
    ["a Socket.IO CONNECT on a Socket.IO URL", "40", "", SOCKET_IO_URL, "socketio"],
    ["JSON on a Socket.IO URL", '{"a":1}', "", SOCKET_IO_URL, "json"],
    ["a JSON object", '{"a":1}', "", "", "json"],
    ["JSON in a binary frame", utf8('{"a":1}'), "", "", "json"],
    ["plain text", "hello", "", "", undefined],
    ["an MQTT PUBLISH", FORMAT_SAMPLES.mqtt, "", "", "mqtt"],
    ["an MQTT PINGREQ", pingreq, "", "", "mqtt"],
    ["a MessagePack map", msgpackMap, "", "", "msgpack"],
    ["a MessagePack map under an unknown subprotocol", msgpackMap, "chat", "", "msgpack"],
    ["a CBOR map", cborMap, "", "", "cbor"],
    ["a lone MessagePack/CBOR integer", hex("01"), "", "", undefined],
    ["a CBOR byte string", hex("4401020304"), "", "", undefined],
    ["MessagePack bytes in a text frame", "\u0081\u00a1a\u0001", "", "", undefined],
    ["a PNG image", PNG, "", "", undefined],
  ])("%s (subprotocol %j, url %j) → %s", (_name, payload, subprotocol, url, expected) => {
    expect(chooseDecoder(payload, subprotocol, url)?.id).toBe(expected);
  });

  it("returns the decoded payload with the decoder", () => {
    expect(autoDecode('42["chat","hi"]')).toStrictEqual({
      decoder: decoderById("socketio"),
      decoded: {
        summary: 'Socket.IO EVENT "chat" (namespace /)',
        value: {
          engineIO: "MESSAGE",
          socketIO: "EVENT",
          namespace: "/",
          event: "chat",
          args: ["hi"],
        },
      },
    });
    expect(autoDecode("hello")).toBeNull();
  });

  it.each([
    ["mqtt", "mqtt"],
    ["v12.stomp", "stomp"],
    ["messagepack", "msgpack"],
    ["wamp.2.cbor", "cbor"],
    ["wamp.2.json", "json"],
    [" chat , v10.stomp", "stomp"],
    ["chat", undefined],
    ["", undefined],
  ])("subprotocol %j names %s", (subprotocol, expected) => {
    expect(decoderForSubprotocol(subprotocol)?.id).toBe(expected);
  });

  it.each([
    [SOCKET_IO_URL, true],
    ["ws://localhost:3000/?EIO=3&transport=websocket", true],
    ["wss://example.com/ws", false],
  ])("%s is an Engine.IO URL: %s", (url, expected) => {
    expect(isEngineIoUrl(url)).toBe(expected);
  });
});

describe("decoders for the manual switch", () => {
  it.each<[string, Payload, string[]]>([
    ["a PINGREQ", hex("c000"), ["cbor", "mqtt"]],
    ["a digit", "2", ["json", "socketio"]],
    ["a SignalR ping", `{"type":6}${RS}`, ["signalr"]],
    ["a newline", "\n", ["stomp"]],
    ["a lone byte", hex("01"), ["msgpack", "cbor"]],
    ["plain text", "hello", []],
  ])("%s", (_name, payload, expected) => {
    expect(decodersFor(payload).map((d) => d.id)).toEqual(expected);
  });
});
