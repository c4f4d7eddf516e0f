import { describe, expect, it } from "vitest";
import { readEvent } from "../../echo-server/rooms/redis-backplane.ts";

const message = (room: string, data: unknown = "hi") =>
  JSON.stringify({ type: "message", room, from: "p-u1", name: "ada", data, ts: 1 });

describe("readEvent: what another process (or anyone on Redis) may send", () => {
  it.each([
    ["a room message", { kind: "message", room: "r", text: message("r") }, "message"],
    [
      "a message for another room than its frame",
      { kind: "message", room: "r", text: message("s") },
      undefined,
    ],
    [
      "a message whose text is not a room frame",
      { kind: "message", room: "r", text: "<b>hi</b>" },
      undefined,
    ],
    [
      "a message with a bad room name",
      { kind: "message", room: "a b", text: message("a b") },
      undefined,
    ],
    [
      "a message nested past 40 levels",
      {
        kind: "message",
        room: "r",
        text: message("r", JSON.parse(`${"[".repeat(50)}${"]".repeat(50)}`)),
      },
      undefined,
    ],
    ["binary", { kind: "binary", room: "r", base64: "AQID" }, "binary"],
    ["binary with padding", { kind: "binary", room: "r", base64: "AQ==" }, "binary"],
    ["binary that is not base64", { kind: "binary", room: "r", base64: "<script>" }, undefined],
    ["binary as a number", { kind: "binary", room: "r", base64: 7 }, undefined],
    ["a dm", { kind: "dm", to: "p-u1", text: JSON.stringify({ type: "dm", data: 1 }) }, "dm"],
    ["a dm whose text is a message", { kind: "dm", to: "p-u1", text: message("r") }, undefined],
    ["a broadcast", { kind: "broadcast", from: "p", text: "hi" }, "broadcast"],
    ["a broadcast with a numeric body", { kind: "broadcast", from: "p", base64: 7 }, undefined],
    ["an unknown kind", { kind: "shutdown" }, undefined],
  ])("%s", (_label, fields, kind) => {
    expect(readEvent(JSON.stringify({ ...fields, origin: "other" }), "me")?.kind).toBe(kind);
  });

  it.each([
    [
      "its own event",
      JSON.stringify({ kind: "message", room: "r", text: message("r"), origin: "me" }),
    ],
    ["not JSON", "not json"],
    ["JSON nested 10,000 deep", `${"[".repeat(10_000)}${"]".repeat(10_000)}`],
    ["null", "null"],
    ["an array", "[]"],
    [
      "over 4 MiB",
      JSON.stringify({ kind: "broadcast", from: "p", text: "x".repeat(4 * 1024 * 1024) }),
    ],
  ])("drops %s", (_label, text) => {
    expect(readEvent(text, "me")).toBeUndefined();
  });
});
