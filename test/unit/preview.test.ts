import { describe, expect, it } from "vitest";
import { closeCodeMeaning, describeClose } from "../../echo-server/protocol/close-codes.ts";
import { previewEvent, previewPayload } from "../../inspector/src/model/log/preview.ts";

describe("previewPayload", () => {
  it.each([
    ["plain text", "hello", "hello"],
    ["line breaks and tabs are made visible", "a\nb\tc\r\n", "a↵b⇥c␍↵"],
    ["other control characters become control pictures", "\u0000\u001b\u007f", "␀␛␡"],
    ["markup stays text", "<img src=x onerror=alert(1)>", "<img src=x onerror=alert(1)>"],
  ])("%s", (_name, text, expected) => {
    expect(previewPayload(text)).toBe(expected);
  });

  it("truncates long text with an ellipsis", () => {
    expect(previewPayload("x".repeat(300), 10)).toBe(`${"x".repeat(10)}…`);
  });

  it("shows binary as hex bytes, never as decoded text", () => {
    expect(previewPayload(new TextEncoder().encode("hi").buffer)).toBe("Binary: 68 69");
    expect(previewPayload(new ArrayBuffer(0))).toBe("Binary: ");
    const long = new Uint8Array(30).fill(255).buffer;
    expect(previewPayload(long)).toBe(`Binary: ${Array(24).fill("ff").join(" ")} …`);
  });
});

describe("previewEvent", () => {
  it.each([
    [
      { type: "open", url: "ws://h/echo", protocol: "", extensions: "" },
      "Connected to ws://h/echo",
    ],
    [
      { type: "open", url: "ws://h/", protocol: "json", extensions: "permessage-deflate" },
      "Connected to ws://h/ (subprotocol json, extensions permessage-deflate)",
    ],
    [{ type: "close", code: 1000, reason: "", wasClean: true }, "Closed: 1000 Normal Closure"],
    [
      { type: "close", code: 1006, reason: "", wasClean: false },
      "Closed: 1006 Abnormal Closure (not clean). Likely causes: a proxy or load-balancer idle timeout, a server crash or restart, a network drop, or a message over the server's size limit",
    ],
    [
      { type: "close", code: 1006, reason: "", wasClean: false, attemptStart: 1 },
      "Never opened: the WebSocket handshake did not complete",
    ],
    [
      {
        type: "close",
        code: 1006,
        reason: "The relay connection ended",
        wasClean: false,
        attemptStart: 1,
      },
      "Never opened: The relay connection ended",
    ],
    [
      { type: "close", code: 1011, reason: "", wasClean: false, side: "server" },
      "Closed by the server: 1011 Internal Error (not clean)",
    ],
    [
      { type: "close", code: 4001, reason: "bye", wasClean: true },
      "Closed: 4001 Application-defined: bye",
    ],
    [
      { type: "error", message: "Could not connect to ws://x/" },
      "Error: Could not connect to ws://x/",
    ],
  ] as const)("%j", (event, expected) => {
    expect(previewEvent(event)).toBe(expected);
  });
});

describe("close codes", () => {
  it.each([
    [1000, "Normal Closure"],
    [1001, "Going Away"],
    [1006, "Abnormal Closure"],
    [1009, "Message Too Big"],
    [1013, "Try Again Later"],
    [3000, "Registered (library/framework)"],
    [4999, "Application-defined"],
    [2000, "Unknown"],
  ])("%d means %s", (code, meaning) => {
    expect(closeCodeMeaning(code)).toBe(meaning);
  });

  it("adds the reason when there is one", () => {
    expect(describeClose(1000, "")).toBe("1000 Normal Closure");
    expect(describeClose(1001, "Server shutting down")).toBe(
      "1001 Going Away: Server shutting down",
    );
  });
});
