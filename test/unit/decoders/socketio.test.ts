import { describe, expect, it } from "vitest";
import { socketIoDecoder } from "../../../inspector/src/model/decoders/socketio.ts";
import { utf8 } from "./samples.ts";

const OPEN =
  '0{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":[],"pingInterval":25000,"pingTimeout":20000}';

describe("Socket.IO / Engine.IO decoder (socket.io-parser and engine.io-parser)", () => {
  it.each([
    [
      "an Engine.IO OPEN",
      OPEN,
      "Engine.IO OPEN sid=lv_VI97HAXpY6yYWAAAC",
      {
        engineIO: "OPEN",
        data: {
          sid: "lv_VI97HAXpY6yYWAAAC",
          upgrades: [],
          pingInterval: 25000,
          pingTimeout: 20000,
        },
      },
    ],
    ["a ping", "2", "Engine.IO PING", { engineIO: "PING" }],
    ["a pong", "3", "Engine.IO PONG", { engineIO: "PONG" }],
    ["an upgrade probe", "2probe", "Engine.IO PING probe", { engineIO: "PING", data: "probe" }],
    [
      "an upgrade probe answer",
      "3probe",
      "Engine.IO PONG probe",
      { engineIO: "PONG", data: "probe" },
    ],
    ["a close", "1", "Engine.IO CLOSE", { engineIO: "CLOSE" }],
    ["an upgrade", "5", "Engine.IO UPGRADE", { engineIO: "UPGRADE" }],
    ["a noop", "6", "Engine.IO NOOP", { engineIO: "NOOP" }],
    [
      "a CONNECT to the main namespace",
      "40",
      "Socket.IO CONNECT (namespace /)",
      { engineIO: "MESSAGE", socketIO: "CONNECT", namespace: "/" },
    ],
    [
      "a CONNECT with auth data",
      '40/admin,{"token":"t"}',
      "Socket.IO CONNECT (namespace /admin)",
      { engineIO: "MESSAGE", socketIO: "CONNECT", namespace: "/admin", data: { token: "t" } },
    ],
    [
      "a DISCONNECT from a namespace",
      "41/admin,",
      "Socket.IO DISCONNECT (namespace /admin)",
      { engineIO: "MESSAGE", socketIO: "DISCONNECT", namespace: "/admin" },
    ],
    [
      "an EVENT",
      '42["chat","hi"]',
      'Socket.IO EVENT "chat" (namespace /)',
      { engineIO: "MESSAGE", socketIO: "EVENT", namespace: "/", event: "chat", args: ["hi"] },
    ],
    [
      "an EVENT with a namespace and an ack id",
      '42/chat,17["message",{"text":"hi"}]',
      'Socket.IO EVENT "message" (namespace /chat, ack 17)',
      {
        engineIO: "MESSAGE",
        socketIO: "EVENT",
        namespace: "/chat",
        ackId: 17,
        event: "message",
        args: [{ text: "hi" }],
      },
    ],
    [
      "an ACK",
      '43/chat,17["ok",2]',
      "Socket.IO ACK (namespace /chat, ack 17)",
      { engineIO: "MESSAGE", socketIO: "ACK", namespace: "/chat", ackId: 17, args: ["ok", 2] },
    ],
    [
      "a CONNECT_ERROR (v5)",
      '44{"message":"Not authorized","data":{"code":401}}',
      'Socket.IO CONNECT_ERROR "Not authorized" (namespace /)',
      {
        engineIO: "MESSAGE",
        socketIO: "CONNECT_ERROR",
        namespace: "/",
        data: { message: "Not authorized", data: { code: 401 } },
      },
    ],
    [
      "a CONNECT_ERROR (v4)",
      '44/admin,"Invalid namespace"',
      'Socket.IO CONNECT_ERROR "Invalid namespace" (namespace /admin)',
      {
        engineIO: "MESSAGE",
        socketIO: "CONNECT_ERROR",
        namespace: "/admin",
        data: "Invalid namespace",
      },
    ],
    [
      "a BINARY_EVENT",
      '451-["upload",{"_placeholder":true,"num":0}]',
      'Socket.IO BINARY_EVENT "upload" (namespace /, 1 attachment)',
      {
        engineIO: "MESSAGE",
        socketIO: "BINARY_EVENT",
        namespace: "/",
        attachments: 1,
        event: "upload",
        args: [{ _placeholder: true, num: 0 }],
      },
    ],
    [
      "a BINARY_ACK",
      '462-/admin,5[{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]',
      "Socket.IO BINARY_ACK (namespace /admin, ack 5, 2 attachments)",
      {
        engineIO: "MESSAGE",
        socketIO: "BINARY_ACK",
        namespace: "/admin",
        ackId: 5,
        attachments: 2,
        args: [
          { _placeholder: true, num: 0 },
          { _placeholder: true, num: 1 },
        ],
      },
    ],
  ])("decodes %s", (_name, payload, summary, value) => {
    expect(socketIoDecoder.decode(payload)).toStrictEqual({ summary, value });
  });

  it.each([
    ["plain text", "hello"],
    ["JSON", "{}"],
    ["an empty frame", ""],
    ["an unknown Engine.IO type", "7"],
    ["a MESSAGE without a Socket.IO packet", "4"],
    ["an unknown Socket.IO type", "47"],
    ["an EVENT without data", "42"],
    ["an EVENT whose data is not an array", '42{"a":1}'],
    ["an EVENT named like a reserved event", '42["connect"]'],
    ["an EVENT with broken JSON", '42["chat"'],
    ["an ACK without an ack id", "43[]"],
    ["a BINARY_EVENT without an attachment count", '45["upload"]'],
    ["a DISCONNECT with data", '41{"a":1}'],
    ["a PING with other data", "2ping"],
    ["a CLOSE with data", "1x"],
    ["an OPEN without a sid", '0{"upgrades":[]}'],
    ["a number that is not a packet", "2024"],
    ["a binary frame", utf8('42["chat","hi"]')],
    ["an EVENT nested 10,000 deep", `42["deep",${"[".repeat(10_000)}${"]".repeat(10_000)}]`],
    ["a BINARY_EVENT announcing 99 attachments", '4599-["upload"]'],
    ["a BINARY_EVENT with no attachment count", '45-["upload"]'],
  ])("returns null for %s", (_name, payload) => {
    expect(socketIoDecoder.decode(payload)).toBeNull();
  });

  it("is never named by a subprotocol", () => {
    expect(socketIoDecoder.matchesSubprotocol("socket.io")).toBe(false);
  });
});
