import { describe, expect, it } from "vitest";
import {
  checkDraft,
  closeError,
  formatJson,
  jsonError,
  lineColumn,
  type MessageDraft,
  parseHex,
} from "../../inspector/src/model/compose/message-draft.ts";
import type { TemplateContext } from "../../inspector/src/model/compose/templates.ts";

const context: TemplateContext = { seq: 1, now: 0, random: () => 0, uuid: () => "u" };
const draft = (patch: Partial<MessageDraft>): MessageDraft => ({
  type: "text",
  body: "",
  encoding: "hex",
  ...patch,
});

describe("checkDraft", () => {
  it("sends text with templates expanded", () => {
    expect(checkDraft(draft({ body: "n={{seq}}" }), context)).toEqual({
      ok: true,
      payload: "n=1",
      preview: "n=1",
    });
  });

  it("fills in {{env.NAME}} from the environment, and refuses one it does not set", () => {
    const env = { ...context, env: { TOKEN: "t-1" } };
    expect(checkDraft(draft({ body: "auth {{env.TOKEN}}" }), env)).toMatchObject({
      ok: true,
      payload: "auth t-1",
    });
    expect(checkDraft(draft({ body: "auth {{env.OTHER}}" }), env)).toEqual({
      ok: false,
      error:
        "{{env.OTHER}} is not set: choose an environment that has it, or add it to the one in use",
    });
    expect(checkDraft(draft({ body: "{{vars.sid}}" }), context)).toEqual({
      ok: false,
      error: "{{vars.sid}} only has a value in a scenario, once a step captures it",
    });
  });

  it("checks JSON after expanding templates", () => {
    expect(checkDraft(draft({ type: "json", body: '{"seq":{{seq}}}' }), context)).toMatchObject({
      ok: true,
      payload: '{"seq":1}',
    });
  });

  it("names the line and column of a JSON error", () => {
    const result = checkDraft(draft({ type: "json", body: '{\n  "a": 1\n  "b": 2\n}' }), context);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/^Invalid JSON at line 3:3: /);
  });

  it("sends hex and base64 as bytes", () => {
    const hex = checkDraft(draft({ type: "binary", body: "de ad BE EF" }), context);
    expect(hex.ok && new Uint8Array(hex.payload as ArrayBuffer)).toEqual(
      new Uint8Array([0xde, 0xad, 0xbe, 0xef]),
    );
    const base64 = checkDraft(
      draft({ type: "binary", encoding: "base64", body: "3q2+7w==" }),
      context,
    );
    expect(base64.ok && new Uint8Array(base64.payload as ArrayBuffer)).toEqual(
      new Uint8Array([0xde, 0xad, 0xbe, 0xef]),
    );
  });

  it.each([
    [draft({ type: "binary", body: "zz" }), 'Not a hex digit: "z"'],
    [draft({ type: "binary", body: "abc" }), "Odd number of hex digits"],
    [draft({ type: "binary", encoding: "base64", body: "!!" }), "Not valid base64"],
    [draft({ body: "{{bogus}}" }), "Unknown placeholder"],
  ])("rejects %j", (input, message) => {
    const result = checkDraft(input, context);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(message);
  });
});

describe("parseHex", () => {
  it.each([
    ["", []],
    ["00ff", [0, 255]],
    ["0x01 0x02", [1, 2]],
    ["01:02,03", [1, 2, 3]],
    ["AbCd", [0xab, 0xcd]],
  ])("%j", (text, bytes) => {
    expect(parseHex(text)).toEqual(new Uint8Array(bytes));
  });
});

describe("JSON helpers", () => {
  it.each([
    ['{"a":1}', undefined],
    ["[1,2", /^Invalid JSON at line 1:5: /],
    ["", /^Invalid JSON at line 1:1: Unexpected end/],
    ['{"a":1,}', /^Invalid JSON at line 1:8: /],
  ])("jsonError(%j)", (text, expected) => {
    const error = jsonError(text);
    if (expected === undefined) expect(error).toBeUndefined();
    else expect(error).toMatch(expected);
  });

  it.each([
    ["abc", 0, { line: 1, column: 1 }],
    ["a\nbc", 3, { line: 2, column: 2 }],
    ["a\n\nb", 3, { line: 3, column: 1 }],
  ])("lineColumn(%j, %d)", (text, offset, expected) => {
    expect(lineColumn(text, offset)).toEqual(expected);
  });

  it("formats JSON, or says it cannot", () => {
    expect(formatJson('{"a":[1]}')).toBe('{\n  "a": [\n    1\n  ]\n}');
    expect(formatJson("{bad")).toBeUndefined();
  });
});

describe("closeError", () => {
  it.each([
    [1000, "", undefined],
    [3000, "bye", undefined],
    [4999, "x".repeat(123), undefined],
    [1001, "", "A browser may close with 1000 or a code from 3000 to 4999"],
    [2999, "", "A browser may close with 1000"],
    [5000, "", "A browser may close with 1000"],
    [4000, "é".repeat(62), "The reason must be at most 123 bytes of UTF-8"],
  ])("%d %j", (code, reason, expected) => {
    const error = closeError(code, reason);
    if (expected === undefined) expect(error).toBeUndefined();
    else expect(error).toContain(expected);
  });

  it.each([
    [1001, undefined],
    [1011, undefined],
    [1006, "1004–1006 and 1015 are reserved"],
    [2000, "A close frame may carry"],
  ])("through the relay, %d", (code, expected) => {
    const error = closeError(code, "", "relay");
    if (expected === undefined) expect(error).toBeUndefined();
    else expect(error).toContain(expected);
  });
});

describe("checkDraft: protobuf", () => {
  const encoder = (json: unknown) =>
    typeof json === "object" && json !== null && "id" in json && typeof json.id === "number"
      ? { ok: true as const, bytes: new Uint8Array([8, json.id]) }
      : { ok: false as const, error: "id: is uint32: expected an integer, got missing" };

  it.each([
    ["without a schema", '{"id": 1}', undefined, "Protobuf needs a schema: load a .proto file"],
    [
      "JSON that does not parse, before encoding",
      '{"id": }',
      encoder,
      /^Invalid JSON at line 1:9: /,
    ],
    [
      "an encoder error, naming the field",
      "{}",
      encoder,
      "id: is uint32: expected an integer, got missing",
    ],
  ])("refuses %s", (_name, body, protobuf, error) => {
    const result = checkDraft(draft({ type: "protobuf", body }), context, protobuf);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(error);
  });

  it("expands templates, then sends the encoded bytes", () => {
    const result = checkDraft(
      draft({ type: "protobuf", body: '{"id": {{seq}}}' }),
      context,
      encoder,
    );
    expect(result.ok && result.preview).toBe("2 bytes");
    expect(result.ok && Array.from(new Uint8Array(result.payload as ArrayBuffer))).toEqual([8, 1]);
  });

  it("sends exactly the encoded bytes when they are a view into a larger buffer", () => {
    const backing = new Uint8Array([0xff, 8, 3, 0xff]);
    const result = checkDraft(draft({ type: "protobuf", body: "{}" }), context, () => ({
      ok: true,
      bytes: backing.subarray(1, 3),
    }));
    expect(result.ok && Array.from(new Uint8Array(result.payload as ArrayBuffer))).toEqual([8, 3]);
  });
});
