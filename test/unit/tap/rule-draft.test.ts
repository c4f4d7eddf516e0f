import { describe, expect, it } from "vitest";
import type { TapRule } from "../../../echo-server/protocol/tap-wire.ts";
import {
  describeRule,
  draftFieldOf,
  draftFromRule,
  emptyRuleDraft,
  nextRuleId,
  type RuleDraft,
  ruleFromDraft,
  ruleIndexOf,
} from "../../../inspector/src/model/tap/rule-draft.ts";

const draft = (patch: Partial<RuleDraft>): RuleDraft => ({ ...emptyRuleDraft, ...patch });

describe("ruleFromDraft builds the rule the tap takes", () => {
  it.each<[string, Partial<RuleDraft>, Omit<TapRule, "id">]>([
    [
      "a breakpoint on text to the server",
      { direction: "c2s", pattern: "order" },
      { match: { direction: "c2s", text: "order" }, action: { type: "pause" } },
    ],
    [
      "a regex, any case, replaced with its group",
      {
        matchKind: "regex",
        pattern: "price (\\d+)",
        ignoreCase: true,
        action: "replace",
        template: "price $1.00",
      },
      {
        match: { regex: "price (\\d+)", ignoreCase: true },
        action: { type: "replace", with: "price $1.00" },
      },
    ],
    [
      "a JSON field equal to a value, answered",
      {
        direction: "c2s",
        matchKind: "json",
        pattern: " $.op ",
        equals: '"hello"',
        action: "respond",
        template: '{"op":"welcome"}',
      },
      {
        match: { direction: "c2s", jsonPath: "$.op", equals: "hello" },
        action: { type: "respond", with: '{"op":"welcome"}' },
      },
    ],
    [
      "every frame of one client, delayed",
      { matchKind: "any", client: " 2 ", action: "delay", delayMs: "150" },
      { match: { client: 2 }, action: { type: "delay", ms: 150 } },
    ],
    [
      "a close with a code and reason",
      { pattern: "kick", action: "close", closeCode: "4401", closeReason: "kicked" },
      { match: { text: "kick" }, action: { type: "close", code: 4401, reason: "kicked" } },
    ],
    [
      "a drop, with any characters in the text",
      { pattern: "💥 \u0000 ’", action: "drop" },
      { match: { text: "💥 \u0000 ’" }, action: { type: "drop" } },
    ],
  ])("%s", (_name, patch, rule) => {
    expect(ruleFromDraft(draft(patch), "r1")).toEqual({ ok: true, rule: { id: "r1", ...rule } });
  });

  it.each<[string, Partial<RuleDraft>, string, string]>([
    ["no text", { pattern: "" }, "pattern", "Type the text the frame must contain"],
    ["no JSON path", { matchKind: "json" }, "pattern", "Type the JSON path, such as $.type"],
    [
      "a bad regex",
      { matchKind: "regex", pattern: "(" },
      "pattern",
      "Not a valid regular expression: /(/: Unterminated group",
    ],
    [
      "a bad JSON path",
      { matchKind: "json", pattern: "op" },
      "pattern",
      'A JSON path looks like $.op or $.items[0]["id"]',
    ],
    [
      "equals that is not JSON",
      { matchKind: "json", pattern: "$.op", equals: "hello" },
      "equals",
      'Equals is a JSON value, such as "subscribe", 42, true or {"id": 1}',
    ],
    ["client 0", { client: "0" }, "client", "A client is its number: 1, 2, 3…"],
    [
      "a delay in words",
      { action: "delay", delayMs: "soon", pattern: "x" },
      "delayMs",
      "A delay is 0–60000 ms",
    ],
    [
      "close 1006",
      { action: "close", closeCode: "1006", pattern: "x" },
      "closeCode",
      "A close code is 1000, 1001–1003, 1007–1014 or 3000–4999",
    ],
    [
      "a template that copies too much",
      { action: "respond", template: "$&".repeat(17), pattern: "x" },
      "template",
      "A template uses $&, $1… at most 16 times (each copies matched text into the frame)",
    ],
  ])("refuses %s, naming the field", (_name, patch, field, message) => {
    expect(ruleFromDraft(draft(patch), "r1")).toEqual({ ok: false, field, message });
  });
});

describe("the tap's refusals point at the form", () => {
  it.each([
    ["rules[3].match.regex", "pattern", 3],
    ["rules[0].action.with", "template", 0],
    ["rules[12].action.code", "closeCode", 12],
    ["rules", undefined, undefined],
    ["holdId", undefined, undefined],
  ])("%s", (path, field, index) => {
    expect(draftFieldOf(path)).toBe(field);
    expect(ruleIndexOf(path)).toBe(index);
  });
});

describe("describeRule", () => {
  it.each<[Omit<TapRule, "id">, { match: string; action: string }]>([
    [
      { match: {}, action: { type: "pass" } },
      { match: "every frame", action: "pass" },
    ],
    [
      { match: { direction: "c2s", text: "order", ignoreCase: true }, action: { type: "pause" } },
      { match: "client → server, text contains “order” (any case)", action: "pause (breakpoint)" },
    ],
    [
      {
        match: { direction: "s2c", regex: "price (\\d+)", ignoreCase: true },
        action: { type: "replace", with: "$1.00" },
      },
      { match: "server → client, regex /price (\\d+)/i", action: "replace with “$1.00”" },
    ],
    [
      {
        match: { client: 3, jsonPath: "$.op", equals: { a: 1 } },
        action: { type: "close", code: 4000, reason: "bye" },
      },
      { match: 'client #3, JSON $.op = {"a":1}', action: "close 4000 bye" },
    ],
    [
      { match: { jsonPath: "$.id" }, action: { type: "respond", with: "x".repeat(70) } },
      { match: "JSON $.id exists", action: `respond “${"x".repeat(59)}…”` },
    ],
    [
      { match: { text: "a" }, action: { type: "delay", ms: 250 } },
      { match: "text contains “a”", action: "delay 250 ms" },
    ],
  ])("%#", (rule, words) => {
    expect(describeRule({ id: "r", ...rule })).toEqual(words);
  });
});

describe("drafts and ids", () => {
  it("edits a rule through a draft and gets the same rule back", () => {
    const rules: TapRule[] = [
      {
        id: "a",
        match: { direction: "s2c", jsonPath: "$.op", equals: [1, "x"] },
        action: { type: "respond", with: "ok" },
      },
      {
        id: "b",
        match: { client: 4, regex: "x+", ignoreCase: true },
        action: { type: "close", code: 4000 },
      },
      { id: "c", match: {}, action: { type: "delay", ms: 0 } },
    ];
    for (const rule of rules)
      expect(ruleFromDraft(draftFromRule(rule), rule.id)).toEqual({ ok: true, rule });
  });

  it("numbers new rules past the ones taken", () => {
    expect(nextRuleId([])).toBe("rule-1");
    expect(nextRuleId([{ id: "rule-2", match: {}, action: { type: "pass" } }])).toBe("rule-3");
    expect(
      nextRuleId([
        { id: "x", match: {}, action: { type: "pass" } },
        { id: "rule-3", match: {}, action: { type: "pass" } },
      ]),
    ).toBe("rule-4");
  });
});
