import { describe, expect, it } from "vitest";
import type { MessageDraft } from "../../inspector/src/model/compose/message-draft.ts";
import {
  checkScheduledMessage,
  checkScheduleForm,
  type ScheduleForm,
} from "../../inspector/src/model/compose/schedule-form.ts";
import type { TemplateContext } from "../../inspector/src/model/compose/templates.ts";

const EVERY = { field: "every", message: "Every must be at least 1 ms" };
const TIMES = { field: "times", message: "Times must be a whole number (0 = until stopped)" };

describe("checkScheduleForm", () => {
  it.each<[string, ScheduleForm, object[]]>([
    ["every 0 ms", { every: "0", times: "10" }, [EVERY]],
    ["an empty Every", { every: "", times: "10" }, [EVERY]],
    ["an Every that is not a number", { every: "soon", times: "10" }, [EVERY]],
    ["negative times", { every: "1000", times: "-2" }, [TIMES]],
    ["fractional times", { every: "1000", times: "1.5" }, [TIMES]],
    ["both at once", { every: "-1", times: "x" }, [EVERY, TIMES]],
  ])("rejects %s, naming the field", (_, input, errors) => {
    expect(checkScheduleForm(input)).toEqual({ ok: false, errors });
  });

  it.each<[ScheduleForm, { intervalMs: number; count: number }]>([
    [
      { every: "1000", times: "10" },
      { intervalMs: 1000, count: 10 },
    ],
    [
      { every: "1", times: "0" },
      { intervalMs: 1, count: 0 },
    ],
    [
      { every: "2.5", times: "" },
      { intervalMs: 2.5, count: 0 },
    ],
  ])("accepts %j", (input, value) => {
    expect(checkScheduleForm(input)).toEqual({ ok: true, value });
  });
});

describe("checkScheduledMessage", () => {
  const context: TemplateContext = { seq: 1, now: 0, random: () => 0, uuid: () => "u" };
  const draft = (patch: Partial<MessageDraft>): MessageDraft => ({
    type: "text",
    body: "",
    encoding: "hex",
    ...patch,
  });

  it("sends text and JSON as the template, so the worker expands it at each send", () => {
    expect(checkScheduledMessage(draft({ body: "n={{seq}}" }), context)).toEqual({
      ok: true,
      value: { template: "n={{seq}}" },
    });
    expect(checkScheduledMessage(draft({ type: "json", body: '{"n":{{seq}}}' }), context)).toEqual({
      ok: true,
      value: { template: '{"n":{{seq}}}' },
    });
  });

  it("sends binary as its bytes", () => {
    const result = checkScheduledMessage(draft({ type: "binary", body: "de ad" }), context);
    expect(result.ok && "bytes" in result.value && new Uint8Array(result.value.bytes)).toEqual(
      new Uint8Array([0xde, 0xad]),
    );
  });

  it.each([
    [draft({ type: "json", body: "{" }), /^Invalid JSON at line 1:2: /],
    [draft({ type: "binary", body: "abc" }), /^Odd number of hex digits/],
    [draft({ body: "{{bogus}}" }), /Unknown placeholder/],
  ])("rejects %j with the composer's message", (input, message) => {
    const result = checkScheduledMessage(input, context);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });
});
