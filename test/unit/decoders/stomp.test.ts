import { describe, expect, it } from "vitest";
import { stompDecoder } from "../../../inspector/src/model/decoders/stomp.ts";
import { hex, utf8 } from "./samples.ts";

describe("STOMP decoder", () => {
  it.each([
    [
      "a CONNECT",
      "CONNECT\naccept-version:1.2\nhost:example.com\nheart-beat:10000,10000\n\n\u0000",
      "STOMP CONNECT host=example.com",
      {
        command: "CONNECT",
        headers: { "accept-version": "1.2", host: "example.com", "heart-beat": "10000,10000" },
        body: "",
      },
    ],
    [
      "a CONNECTED",
      "CONNECTED\nversion:1.2\nheart-beat:0,0\n\n\u0000",
      "STOMP CONNECTED version=1.2",
      { command: "CONNECTED", headers: { version: "1.2", "heart-beat": "0,0" }, body: "" },
    ],
    [
      "a SEND",
      "SEND\ndestination:/queue/a\ncontent-type:text/plain\n\nhello queue a\u0000",
      "STOMP SEND destination=/queue/a",
      {
        command: "SEND",
        headers: { destination: "/queue/a", "content-type": "text/plain" },
        body: "hello queue a",
      },
    ],
    [
      "a MESSAGE followed by an EOL",
      "MESSAGE\nsubscription:0\nmessage-id:007\ndestination:/topic/a\n\nhi\u0000\n",
      "STOMP MESSAGE destination=/topic/a",
      {
        command: "MESSAGE",
        headers: { subscription: "0", "message-id": "007", destination: "/topic/a" },
        body: "hi",
      },
    ],
    [
      "escaped header names and values",
      "MESSAGE\ndestination:/a\nx\\cy:a\\nb\\\\c\\r\n\n\u0000",
      "STOMP MESSAGE destination=/a",
      { command: "MESSAGE", headers: { destination: "/a", "x:y": "a\nb\\c\r" }, body: "" },
    ],
    [
      "a CONNECT, whose headers are not unescaped",
      "CONNECT\nlogin:dom\\user\n\n\u0000",
      "STOMP CONNECT",
      { command: "CONNECT", headers: { login: "dom\\user" }, body: "" },
    ],
    [
      "a repeated header (the first counts)",
      "MESSAGE\ndestination:/a\ndestination:/b\n\n\u0000",
      "STOMP MESSAGE destination=/a",
      { command: "MESSAGE", headers: { destination: "/a" }, body: "" },
    ],
    [
      "CRLF line ends",
      "ERROR\r\nmessage:malformed frame\r\n\r\nbad\u0000",
      "STOMP ERROR message=malformed frame",
      { command: "ERROR", headers: { message: "malformed frame" }, body: "bad" },
    ],
    [
      "a content-length body holding NUL",
      utf8("SEND\ndestination:/a\ncontent-length:3\n\na\u0000b\u0000"),
      "STOMP SEND destination=/a",
      { command: "SEND", headers: { destination: "/a", "content-length": "3" }, body: "a\u0000b" },
    ],
    [
      "a binary body",
      hex("53454e440a636f6e74656e742d6c656e6774683a320a0afffe00"),
      "STOMP SEND",
      { command: "SEND", headers: { "content-length": "2" }, body: { $bytes: "fffe" } },
    ],
    ["a heart-beat", "\n", "STOMP heart-beat", { heartbeat: true }],
    ["a CRLF heart-beat", "\r\n", "STOMP heart-beat", { heartbeat: true }],
    [
      "two frames in one message",
      "RECEIPT\nreceipt-id:77\n\n\u0000\nMESSAGE\ndestination:/a\n\nx\u0000",
      "STOMP 2 frames: RECEIPT receipt-id=77, MESSAGE destination=/a",
      [
        { command: "RECEIPT", headers: { "receipt-id": "77" }, body: "" },
        { command: "MESSAGE", headers: { destination: "/a" }, body: "x" },
      ],
    ],
  ])("decodes %s", (_name, payload, summary, value) => {
    expect(stompDecoder.decode(payload)).toStrictEqual({ summary, value });
  });

  it.each([
    ["plain text", "hello"],
    ["JSON", "{}"],
    ["an empty frame", ""],
    ["a frame without NUL", "SEND\ndestination:/a\n\nno end"],
    ["an unknown command", "FOO\n\n\u0000"],
    ["a lower-case command", "send\n\n\u0000"],
    ["a header without a colon", "SEND\nbadheader\n\n\u0000"],
    ["an undefined escape", "SEND\nx:\\t\n\n\u0000"],
    ["a content-length past the NUL", "SEND\ncontent-length:5\n\nab\u0000"],
    ["headers without the blank line", "SEND\ndestination:/a\n"],
    ["a heart-beat followed by text", "\nhello"],
  ])("returns null for %s", (_name, payload) => {
    expect(stompDecoder.decode(payload)).toBeNull();
  });

  it.each([
    ["v12.stomp", true],
    ["v11.stomp", true],
    ["v10.stomp", true],
    ["stomp", true],
    ["v13.stomp", false],
    ["mqtt", false],
  ])("subprotocol %j matches: %s", (protocol, expected) => {
    expect(stompDecoder.matchesSubprotocol(protocol)).toBe(expected);
  });
});
