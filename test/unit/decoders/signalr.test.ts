import { describe, expect, it } from "vitest";
import { signalRDecoder } from "../../../inspector/src/model/decoders/signalr.ts";
import { utf8 } from "./samples.ts";

const RS = "\u001e";

describe("SignalR JSON decoder", () => {
  it.each([
    [
      "a handshake request",
      `{"protocol":"json","version":1}${RS}`,
      "SignalR handshake json v1",
      { kind: "HandshakeRequest", protocol: "json", version: 1 },
    ],
    [
      "a handshake response",
      `{}${RS}`,
      "SignalR handshake response",
      { kind: "HandshakeResponse" },
    ],
    [
      "a failed handshake",
      `{"error":"Requested protocol 'xml' is not available."}${RS}`,
      "SignalR handshake error: Requested protocol 'xml' is not available.",
      { kind: "HandshakeResponse", error: "Requested protocol 'xml' is not available." },
    ],
    [
      "an Invocation",
      `{"type":1,"target":"ReceiveMessage","arguments":["ann","hi"]}${RS}`,
      "SignalR Invocation ReceiveMessage",
      { kind: "Invocation", type: 1, target: "ReceiveMessage", arguments: ["ann", "hi"] },
    ],
    [
      "an Invocation expecting a result",
      `{"type":1,"invocationId":"0","target":"Send","arguments":[]}${RS}`,
      "SignalR Invocation Send id=0",
      { kind: "Invocation", type: 1, invocationId: "0", target: "Send", arguments: [] },
    ],
    [
      "a StreamItem",
      `{"type":2,"invocationId":"1","item":5}${RS}`,
      "SignalR StreamItem id=1",
      { kind: "StreamItem", type: 2, invocationId: "1", item: 5 },
    ],
    [
      "a Completion with a result",
      `{"type":3,"invocationId":"1","result":42}${RS}`,
      "SignalR Completion id=1",
      { kind: "Completion", type: 3, invocationId: "1", result: 42 },
    ],
    [
      "a Completion with an error",
      `{"type":3,"invocationId":"2","error":"boom"}${RS}`,
      "SignalR Completion id=2 error: boom",
      { kind: "Completion", type: 3, invocationId: "2", error: "boom" },
    ],
    [
      "a StreamInvocation",
      `{"type":4,"invocationId":"3","target":"Counter","arguments":[10]}${RS}`,
      "SignalR StreamInvocation Counter id=3",
      { kind: "StreamInvocation", type: 4, invocationId: "3", target: "Counter", arguments: [10] },
    ],
    [
      "a CancelInvocation",
      `{"type":5,"invocationId":"3"}${RS}`,
      "SignalR CancelInvocation id=3",
      { kind: "CancelInvocation", type: 5, invocationId: "3" },
    ],
    ["a Ping", `{"type":6}${RS}`, "SignalR Ping", { kind: "Ping", type: 6 }],
    [
      "a Close",
      `{"type":7,"error":"Server shutting down","allowReconnect":true}${RS}`,
      "SignalR Close error: Server shutting down",
      { kind: "Close", type: 7, error: "Server shutting down", allowReconnect: true },
    ],
    [
      "an Ack",
      `{"type":8,"sequenceId":4}${RS}`,
      "SignalR Ack sequenceId=4",
      { kind: "Ack", type: 8, sequenceId: 4 },
    ],
    [
      "records in a binary frame",
      utf8(`{}${RS}{"type":6}${RS}`),
      "SignalR 2 messages: handshake response, Ping",
      [{ kind: "HandshakeResponse" }, { kind: "Ping", type: 6 }],
    ],
  ])("decodes %s", (_name, payload, summary, value) => {
    expect(signalRDecoder.decode(payload)).toStrictEqual({ summary, value });
  });

  it.each([
    ["plain text", "hello"],
    ["JSON without the separator", '{"type":6}'],
    ["plain JSON", "{}"],
    ["a lone separator", RS],
    ["an empty record", `{"type":6}${RS}${RS}`],
    ["an unknown type", `{"type":10}${RS}`],
    ["an Invocation without a target", `{"type":1,"arguments":[]}${RS}`],
    ["a StreamItem without an invocation id", `{"type":2,"item":1}${RS}`],
    ["a numeric invocation id", `{"type":5,"invocationId":3}${RS}`],
    ["an array record", `[1]${RS}`],
    ["an unrelated object", `{"foo":1}${RS}`],
    ["text after the last separator", `{"type":6}${RS}{"type":6}`],
  ])("returns null for %s", (_name, payload) => {
    expect(signalRDecoder.decode(payload)).toBeNull();
  });

  it("is never named by a subprotocol", () => {
    expect(signalRDecoder.matchesSubprotocol("json")).toBe(false);
  });
});
