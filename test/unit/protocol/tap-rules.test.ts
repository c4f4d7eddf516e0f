import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  compileRules,
  expandAction,
  firstMatch,
  nextCandidate,
  parsePath,
  parseTapRules,
  type RuleFrame,
  templateReferences,
  valueAt,
} from "../../../echo-server/protocol/tap-rules.ts";
import {
  checkTapName,
  decodeMirroredFrames,
  encodeMirroredFrame,
  type TapRule,
} from "../../../echo-server/protocol/tap-wire.ts";
import { joinBytes, mirroredHeader } from "../tap/mirrored-frames.ts";

const rule = (
  id: string,
  match: TapRule["match"],
  action: TapRule["action"] = { type: "pass" },
) => ({
  id,
  match,
  action,
});
const frame = (
  text: string | undefined,
  direction: RuleFrame["direction"] = "c2s",
  clientId = 1,
) => ({
  text,
  direction,
  clientId,
});

describe("parseTapRules refuses, naming the field", () => {
  it.each([
    ["not a list", { id: "a" }, "rules", "Rules are a list"],
    [
      "a rule without an id",
      [{ match: {}, action: { type: "pass" } }],
      "rules[0].id",
      "A rule needs an id of 1–64 characters",
    ],
    [
      "two rules with one id",
      [rule("a", {}), rule("a", {})],
      "rules[1].id",
      "Two rules have the id a",
    ],
    [
      "a bad direction",
      [rule("a", { direction: "up" as never })],
      "rules[0].match.direction",
      "The direction is c2s (app to server) or s2c (server to app)",
    ],
    [
      "a bad regex",
      [rule("a", { regex: "(" })],
      "rules[0].match.regex",
      "Not a valid regular expression: /(/: Unterminated group",
    ],
    [
      "a bad JSON path",
      [rule("a", { jsonPath: "op" })],
      "rules[0].match.jsonPath",
      'A JSON path looks like $.op or $.items[0]["id"]',
    ],
    [
      "a delay too long",
      [rule("a", {}, { type: "delay", ms: 120_000 })],
      "rules[0].action.ms",
      "A delay is 0–60000 ms",
    ],
    [
      "a close code 1006",
      [rule("a", {}, { type: "close", code: 1006 })],
      "rules[0].action.code",
      "A close code is 1000, 1001–1003, 1007–1014 or 3000–4999",
    ],
    [
      "a replace without text",
      [{ id: "a", match: {}, action: { type: "replace" } }],
      "rules[0].action.with",
      "replace needs the text to send, at most 65536 characters",
    ],
    [
      "an unknown action",
      [{ id: "a", match: {}, action: { type: "explode" } }],
      "rules[0].action.type",
      "An action is pass, delay, drop, replace, respond, close or pause",
    ],
    [
      "a template that copies the match 17 times",
      [rule("a", {}, { type: "respond", with: "$&".repeat(17) })],
      "rules[0].action.with",
      "A template uses $&, $1… at most 16 times (each copies matched text into the frame)",
    ],
    [
      "65 rules",
      Array.from({ length: 65 }, (_, i) => rule(`r${i}`, {})),
      "rules",
      "At most 64 rules",
    ],
  ])("%s", (_name, value, field, message) => {
    expect(parseTapRules(value)).toEqual({ ok: false, field, message });
  });

  it("never throws on anything", () => {
    fc.assert(
      fc.property(fc.anything(), (value) => void parseTapRules(value)),
      { numRuns: 1000 },
    );
  });

  it("keeps only the schema's fields, no hit counts and no turned-off state", () => {
    expect(
      parseTapRules([
        { ...rule("a", { text: "x", extra: 1 } as never), hits: 99, disabled: "by hand" },
      ]),
    ).toEqual({
      ok: true,
      rules: [{ id: "a", match: { text: "x" }, action: { type: "pass" } }],
    });
  });
});

describe("firstMatch", () => {
  const rules = compileRules([
    rule("to-server", { direction: "c2s", text: "ping" }),
    rule("client-2", { client: 2 }),
    rule("regex", { regex: "order (\\d+)", ignoreCase: true }),
    rule("json-op", { jsonPath: "$.op", equals: "subscribe" }),
    rule("json-id", { jsonPath: '$.items[1]["id"]' }),
  ]);
  it.each<[string, RuleFrame, string | undefined]>([
    ["text in its direction", frame("ping 1"), "to-server"],
    ["text the other way", frame("ping 1", "s2c"), undefined],
    ["a client's frames, binary too", frame(undefined, "s2c", 2), "client-2"],
    ["a regex, ignoring case", frame("ORDER 42 placed", "s2c"), "regex"],
    ["a JSON field equal to a value", frame('{"op":"subscribe"}', "s2c"), "json-op"],
    ["a JSON field with another value", frame('{"op":"unsubscribe"}', "s2c"), undefined],
    ["a JSON path into a list", frame('{"items":[{},{"id":null}]}', "s2c"), "json-id"],
    ["not JSON", frame("{op", "s2c"), undefined],
    ["binary frames skip text conditions", frame(undefined, "c2s"), undefined],
  ])("%s", (_name, input, id) => {
    expect(firstMatch(rules, input)?.rule.id).toBe(id);
  });
});

describe("nextCandidate", () => {
  it("leaves the regex to the caller and skips rules the tap turned off", () => {
    const rules = compileRules([
      { ...rule("off", { text: "a" }), disabled: "Turned off" },
      rule("regex", { regex: "^z" }),
      rule("text", { text: "a" }),
    ]);
    const probe = { frame: frame("abc") };
    expect(nextCandidate(rules, probe, 0)).toBe(1);
    expect(nextCandidate(rules, probe, 2)).toBe(2);
    expect(nextCandidate(rules, probe, 3)).toBe(-1);
    expect(firstMatch(rules, frame("abc"))?.rule.id).toBe("text");
  });

  it("parses a frame's JSON once for every rule that looks at it", () => {
    const rules = compileRules([
      rule("a", { jsonPath: "$.x", equals: 2 }),
      rule("b", { jsonPath: "$.y" }),
    ]);
    const probe: Parameters<typeof nextCandidate>[1] = { frame: frame('{"x":1,"y":0}') };
    expect(nextCandidate(rules, probe, 0)).toBe(1);
    expect(probe.json).toEqual({ value: { x: 1, y: 0 } });
  });
});

describe("templateReferences", () => {
  it.each([
    ["plain text", 0],
    ["$&", 1],
    ["$1 and $12 and $<name>", 3],
    ["$$ is a dollar, $` and $' are not", 2],
    ["$x $ $", 0],
  ])("%j", (template, count) => {
    expect(templateReferences(template)).toBe(count);
  });
});

describe("expandAction", () => {
  it.each([
    [rule("r", { regex: "price (\\d+)" }), "price 10 now", "price $1.00", "price 10.00 now"],
    [rule("r", { regex: "secret" }), "a secret b", "[$&]", "a [secret] b"],
    [rule("r", { text: "hi" }), "hi there", "echo: $&", "echo: hi there"],
    [rule("r", {}), "x", "costs $$5", "costs $5"],
  ])("%#", (input, text, template, expected) => {
    const [compiled] = compileRules([input]);
    const hit = firstMatch([compiled as never], frame(text));
    expect(hit).toBeDefined();
    expect(expandAction(template, text, hit?.regex)).toBe(expected);
  });
});

describe("JSON paths", () => {
  it.each([
    ["$", []],
    ["$.a.b", ["a", "b"]],
    ["$.items[0]", ["items", 0]],
    ['$["a b"][2].c', ["a b", 2, "c"]],
    ["a", null],
    ["$.", null],
    ["$[x]", null],
  ])("%s", (path, steps) => {
    expect(parsePath(path)).toEqual(steps);
  });

  it("does not read inherited properties", () => {
    expect(valueAt({}, ["constructor"])).toEqual({ exists: false });
    expect(valueAt({ a: [1] }, ["a", "length"])).toEqual({ exists: false });
  });
});

describe("checkTapName", () => {
  it.each([
    ["chat", undefined],
    ["my-app.v2", undefined],
    ["", "A tap needs a name"],
    [
      "-x",
      "A tap name is 1–48 characters of letters, digits, _ . - (starting with a letter or digit)",
    ],
    [
      "a/b",
      "A tap name is 1–48 characters of letters, digits, _ . - (starting with a letter or digit)",
    ],
    [
      "x".repeat(49),
      "A tap name is 1–48 characters of letters, digits, _ . - (starting with a letter or digit)",
    ],
  ])("%j", (name, problem) => {
    expect(checkTapName(name)).toBe(problem);
  });
});

describe("mirrored frames on the watch socket", () => {
  const base = mirroredHeader();
  const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
  const join = joinBytes;

  it("encodes the header exactly", () => {
    expect(hex(encodeMirroredFrame({ ...base, payload: new TextEncoder().encode("hi") }))).toBe(
      "01 00 07000000 00b48756febc7842 02000000 6869".replaceAll(" ", ""),
    );
    expect(
      hex(
        encodeMirroredFrame({
          ...base,
          binary: true,
          direction: "s2c",
          injected: true,
          changed: true,
          dropped: true,
          clientId: 1,
          payload: new Uint8Array([255]),
        }),
      ),
    ).toBe("02 0f 01000000 00b48756febc7842 01000000 ff".replaceAll(" ", ""));
  });

  it("reads several frames of one message, in order", () => {
    const first = encodeMirroredFrame({ ...base, payload: new TextEncoder().encode("one") });
    const second = encodeMirroredFrame({
      ...base,
      direction: "s2c",
      binary: true,
      payload: new Uint8Array([0, 1]),
    });
    const empty = encodeMirroredFrame({ ...base, payload: new Uint8Array() });
    const frames = decodeMirroredFrames(join(first, second, empty));
    expect(frames?.map((f) => [f.direction, f.binary, f.clientId, f.time, hex(f.payload)])).toEqual(
      [
        ["c2s", false, 7, base.time, "6f6e65"],
        ["s2c", true, 7, base.time, "0001"],
        ["c2s", false, 7, base.time, ""],
      ],
    );
  });

  it.each([
    ["an empty message", new ArrayBuffer(0)],
    ["a header cut short", new ArrayBuffer(17)],
    [
      "a length past the end",
      encodeMirroredFrame({ ...base, payload: new Uint8Array(4) }).buffer.slice(0, 21),
    ],
  ])("refuses %s", (_name, buffer) => {
    expect(decodeMirroredFrames(buffer as ArrayBuffer)).toBeNull();
  });
});
