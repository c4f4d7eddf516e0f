import { describe, expect, it } from "vitest";
import type { MatcherSpec } from "../../echo-server/protocol/ping/ping-matcher.ts";
import {
  explainUnmatched,
  replyExample,
} from "../../echo-server/protocol/ping/unmatched-replies.ts";

describe("replyExample", () => {
  it.each<[string, string | ArrayBuffer, string]>([
    ["text, quoted", "pong", "'pong'"],
    ["empty text", "", "''"],
    ["long text, shortened", "x".repeat(50), `'${"x".repeat(40)}…'`],
    ["line breaks made visible", "a\nb", "'a↵b'"],
    ["binary, by size", new Uint8Array(12).buffer, "12 bytes of binary"],
  ])("%s", (_name, message, expected) => {
    expect(replyExample(message)).toBe(expected);
  });
});

describe("explainUnmatched", () => {
  const exact: MatcherSpec = { kind: "exact", text: "PONG" };
  it.each<[string, MatcherSpec, number, string[], string]>([
    ["nothing unmatched", exact, 0, [], ""],
    ["one reply", exact, 1, ["'pong'"], "1 reply did not match 'PONG' (it read 'pong')"],
    ["several alike", exact, 5, ["'pong'"], "5 replies did not match 'PONG' (they read 'pong')"],
    [
      "two kinds",
      exact,
      7,
      ["'pong'", '\'{"type":"tick"}\''],
      "7 replies did not match 'PONG' (such as 'pong' and '{\"type\":\"tick\"}')",
    ],
    ["no example kept", exact, 2, [], "2 replies did not match 'PONG'"],
    [
      "a pattern",
      { kind: "regex", pattern: "^PONG$" },
      3,
      ["12 bytes of binary"],
      "3 replies did not match /^PONG$/ (they read 12 bytes of binary)",
    ],
    [
      "a JSON field",
      { kind: "json-field", path: "data.id" },
      2,
      ["'pong'"],
      "2 replies did not carry a waiting ping's seq in the JSON field data.id (they read 'pong')",
    ],
    [
      "a long matcher text is shortened",
      { kind: "exact", text: "P".repeat(45) },
      1,
      ["'pong'"],
      `1 reply did not match '${"P".repeat(40)}…' (it read 'pong')`,
    ],
  ])("%s", (_name, matcher, count, examples, expected) => {
    expect(explainUnmatched(matcher, { count, examples })).toBe(expected);
  });
});
