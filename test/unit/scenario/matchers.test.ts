import { describe, expect, it } from "vitest";
import {
  captureValues,
  describeFrame,
  firstDifference,
  matchFrame,
} from "../../../echo-server/protocol/scenario/matchers.ts";
import type { ScenarioMatcher } from "../../../echo-server/protocol/scenario/types.ts";

const expand = (template: string) => template.replace("{{vars.sid}}", "s1");
const text = (value: string) => ({ text: value });
const bytes = (...values: number[]) => ({ bytes: new Uint8Array(values) });

describe("matchFrame", () => {
  it.each<[string, ScenarioMatcher, { text?: string; bytes?: Uint8Array }, string | true]>([
    ["text equal", { text: "hi" }, text("hi"), true],
    ["text with a template", { text: "sub {{vars.sid}}" }, text("sub s1"), true],
    ["text differs", { text: "hi" }, text("hello"), "The text differs"],
    [
      "text against binary",
      { text: "hi" },
      bytes(1),
      "A text frame was expected; a binary frame came",
    ],
    ["contains", { contains: "ell" }, text("hello"), true],
    ["contains misses", { contains: "x" }, text("hello"), 'The text does not contain "x"'],
    ["regex", { regex: "^h.l+o$" }, text("hello"), true],
    ["regex with flags", { regex: "^HELLO$", flags: "i" }, text("hello"), true],
    ["regex misses", { regex: "^x" }, text("hello"), "The text does not match /^x/"],
    [
      "a JSON subset",
      { json: { op: "ack", data: { ok: true } } },
      text('{"op":"ack","id":3,"data":{"ok":true,"n":1}}'),
      true,
    ],
    [
      "a JSON subset with a template",
      { json: { sid: "{{vars.sid}}" } },
      text('{"sid":"s1"}'),
      true,
    ],
    [
      "a JSON value differs",
      { json: { op: "ack" } },
      text('{"op":"nack"}'),
      '$.op is "nack", not "ack"',
    ],
    ["a JSON field is missing", { json: { op: "ack" } }, text("{}"), "$.op is missing"],
    [
      "JSON lists match item by item",
      { json: { list: [1, { a: 2 }] } },
      text('{"list":[1,{"a":2,"b":3}]}'),
      true,
    ],
    [
      "a JSON list of another length",
      { json: { list: [1] } },
      text('{"list":[1,2]}'),
      "$.list has 2 items, not 1",
    ],
    ["not JSON", { json: {} }, text("plain"), "A JSON text frame was expected"],
    ["a path equal", { path: "$.data.id", equals: 7 }, text('{"data":{"id":7}}'), true],
    ["a path present", { path: "$.items[1]" }, text('{"items":[0,null]}'), true],
    ["a path absent", { path: "$.items[2]" }, text('{"items":[0,null]}'), "There is no $.items[2]"],
    ["a path matching", { path: "$.id", matches: "^[a-f0-9]+$" }, text('{"id":"beef"}'), true],
    [
      "a path not matching",
      { path: "$.id", matches: "^[0-9]+$" },
      text('{"id":"beef"}'),
      '$.id is "beef"',
    ],
    ["hex", { hex: "00 01 ff" }, bytes(0, 1, 255), true],
    ["hex differs", { hex: "00" }, bytes(1), "The bytes differ"],
    [
      "hex against text",
      { hex: "00" },
      text("x"),
      "A binary frame was expected; a text frame came",
    ],
    ["any", { any: true }, bytes(), true],
  ])("%s", (_name, matcher, frame, outcome) => {
    const result = matchFrame(matcher, frame, expand);
    if (outcome === true) expect(result.ok).toBe(true);
    else expect(result).toMatchObject({ ok: false, reason: outcome });
  });

  it("shows expected and received, JSON pretty-printed", () => {
    expect(matchFrame({ json: { n: 3 } }, text('{"n":2}'), expand)).toEqual({
      ok: false,
      reason: "$.n is 2, not 3",
      expected: '{\n  "n": 3\n}',
      received: '{\n  "n": 2\n}',
    });
  });
});

describe("matchFrame on a huge frame", () => {
  const huge = JSON.stringify({ op: "ack", data: "x".repeat(1_000_000) });
  it.each<[string, ScenarioMatcher]>([
    ["a JSON subset", { json: { op: "nack" } }],
    ["a JSON value that differs", { json: { data: "y" } }],
    ["a path that differs", { path: "$.data", equals: "y" }],
    ["a path that is missing", { path: "$.nope" }],
  ])("%s keeps its reason and received text short", (_name, matcher) => {
    const outcome = matchFrame(matcher, text(huge), expand);
    if (outcome.ok) throw new Error("matched");
    expect(outcome.reason.length).toBeLessThan(300);
    expect(outcome.received.length).toBeLessThan(64 * 1024 + 40);
    expect(outcome.received).toMatch(/… \(\d+ more characters\)$/);
  });

  it("says how much it left out", () => {
    const outcome = matchFrame({ json: { data: "y" } }, text(huge), expand);
    expect(outcome.ok || outcome.reason).toBe(`$.data is "${"x".repeat(199)}…, not "y"`);
    const received = outcome.ok ? "" : outcome.received;
    expect(received.startsWith('{\n  "op": "ack",\n  "data": "xxx')).toBe(true);
    expect(received.endsWith("xxx… (934495 more characters)")).toBe(true);
  });
});

describe("captureValues", () => {
  it("reads JSON paths and regex groups, and names what it could not find", () => {
    const frame = text('{"sid":"abc","n":[1,2]}');
    const outcome = matchFrame({ regex: '"sid":"(\\w+)"' }, frame, expand);
    if (!outcome.ok) throw new Error("no match");
    expect(
      captureValues(
        { sid: "$.sid", second: "$.n[1]", group: "$1", whole: "$0", none: "$.x" },
        outcome,
        frame,
      ),
    ).toEqual({
      values: { sid: "abc", second: 2, group: "abc", whole: '"sid":"abc"' },
      missing: ["none"],
    });
  });

  it("keeps a capture named __proto__ as a value, not as a prototype", () => {
    const frame = text('{"sid":{"polluted":true}}');
    const outcome = matchFrame({ any: true }, frame, expand);
    if (!outcome.ok) throw new Error("no match");
    const { values } = captureValues(
      { __proto__: "$.sid" } as Record<string, string>,
      outcome,
      frame,
    );
    expect(Object.keys(values)).toEqual([]);
    const named = captureValues(JSON.parse('{"__proto__":"$.sid"}'), outcome, frame).values;
    expect(Object.hasOwn(named, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(named)).toBe(null);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("describeFrame and firstDifference", () => {
  it.each([
    [text("plain"), "plain"],
    [text('{"a":1}'), '{\n  "a": 1\n}'],
    [bytes(0, 1, 171), "00 01 ab (binary)"],
  ])("%j", (frame, shown) => {
    expect(describeFrame(frame)).toBe(shown);
  });

  it.each([
    [{ a: 1 }, { a: 1, b: 2 }, undefined],
    [{ a: { b: [true] } }, { a: { b: [false] } }, "$.a.b[0] is false, not true"],
    [{ a: 1 }, [1], "$ is a list, not an object"],
    [[1], { 0: 1 }, "$ is an object, not a list"],
    [null, 0, "$ is 0, not null"],
  ])("%j within %j", (expected, actual, difference) => {
    expect(firstDifference(expected, actual, "$")).toBe(difference);
  });
});
