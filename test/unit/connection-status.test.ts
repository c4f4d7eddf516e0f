import { describe, expect, it } from "vitest";
import {
  type ConnectionStatus,
  describeStatus,
  statusAfter,
} from "../../inspector/src/model/connect/connection-status.ts";
import type { FrameEvent } from "../../inspector/src/model/frames/frame.ts";

const connecting: ConnectionStatus = { state: "connecting", url: "ws://h/" };

describe("connection status", () => {
  it.each<[string, FrameEvent[], string]>([
    ["idle", [], "Connecting…"],
    ["open", [{ type: "open", url: "ws://h/", protocol: "", extensions: "" }], "Open"],
    [
      "open with a subprotocol",
      [{ type: "open", url: "ws://h/", protocol: "json", extensions: "" }],
      "Open (json)",
    ],
    [
      "closed normally",
      [
        { type: "open", url: "ws://h/", protocol: "", extensions: "" },
        { type: "close", code: 1000, reason: "", wasClean: true },
      ],
      "Closed (1000 Normal Closure)",
    ],
    [
      "closed with a reason",
      [{ type: "close", code: 4000, reason: "kicked", wasClean: true }],
      "Closed (4000 Application-defined: kicked)",
    ],
    [
      "a connection that dropped after it opened keeps the error's words",
      [
        { type: "open", url: "ws://h/", protocol: "", extensions: "" },
        { type: "error", message: "The connection failed" },
        { type: "close", code: 1006, reason: "", wasClean: false },
      ],
      "Closed (1006 Abnormal Closure): The connection failed",
    ],
    [
      "an attempt that never opened says it could not connect, not 1006",
      [
        { type: "error", message: "The server answered 401 Unauthorized", attemptStart: 5 },
        { type: "close", code: 1006, reason: "", wasClean: false, attemptStart: 5 },
      ],
      "Could not connect: The server answered 401 Unauthorized",
    ],
    [
      "an error that already says it could not connect is not repeated",
      [
        { type: "error", message: "Could not connect to ws://h/", attemptStart: 5 },
        { type: "close", code: 1006, reason: "", wasClean: false, attemptStart: 5 },
      ],
      "Could not connect to ws://h/",
    ],
    [
      "an attempt that never opened, with only the close's reason",
      [
        {
          type: "close",
          code: 1006,
          reason: "The relay connection ended",
          wasClean: false,
          attemptStart: 5,
        },
      ],
      "Could not connect: The relay connection ended",
    ],
    [
      "an attempt that never opened, with no words at all",
      [{ type: "close", code: 1006, reason: "", wasClean: false, attemptStart: 5 }],
      "Could not connect",
    ],
    ["error", [{ type: "error", message: "boom" }], "Error: boom"],
    [
      "waiting to reconnect after a close",
      [
        { type: "close", code: 1006, reason: "", wasClean: false },
        { type: "reconnect", attempt: 2, delayMs: 1250 },
      ],
      "Reconnecting in 1.3 s (attempt 2) after 1006 Abnormal Closure",
    ],
    [
      "waiting to reconnect after an attempt that never opened",
      [
        { type: "error", message: "Nothing is listening on h:80", attemptStart: 1 },
        { type: "close", code: 1006, reason: "", wasClean: false, attemptStart: 1 },
        { type: "reconnect", attempt: 2, delayMs: 1250 },
      ],
      "Reconnecting in 1.3 s (attempt 2) after an attempt that never opened",
    ],
    [
      "a cancelled reconnect",
      [
        { type: "reconnect", attempt: 1, delayMs: 400 },
        { type: "info", message: "Reconnect cancelled" },
      ],
      "Not connected",
    ],
  ])("%s", (_name, events, expected) => {
    const status = events.reduce(statusAfter, connecting);
    expect(describeStatus(status)).toBe(expected);
  });

  it("describes an idle connection", () => {
    expect(describeStatus({ state: "idle" })).toBe("Not connected");
  });
});
