import { checkDraft, type MessageDraft } from "./message-draft.ts";
import type { TemplateContext } from "./templates.ts";

/** The "Scheduled send" form as typed: numbers stay text until checked. */
export interface ScheduleForm {
  /** Milliseconds between sends. */
  every: string;
  /** Sends; 0 sends until stopped. */
  times: string;
}

/** The fields of the form a problem can point at. */
export type ScheduleFormField = keyof ScheduleForm;

/** One problem with the form, under the field it names. */
export interface ScheduleFormProblem {
  field: ScheduleFormField;
  message: string;
}

/** The pacing to start, or every problem with the form, in field order. */
export type ScheduleFormCheck =
  | { ok: true; value: { intervalMs: number; count: number } }
  | { ok: false; errors: ScheduleFormProblem[] };

/** What a schedule sends: a template the worker expands at each send, or fixed bytes. */
export type ScheduledPayload = { template: string } | { bytes: ArrayBuffer };

/**
 * Checks the schedule's pacing: "Every" is at least 1 ms and "Times" is a whole number
 * (0 runs until stopped). Numbers are read as `Number()` reads them, so an empty Times is 0.
 */
export function checkScheduleForm(form: ScheduleForm): ScheduleFormCheck {
  const errors: ScheduleFormProblem[] = [];
  const intervalMs = Number(form.every);
  const count = Number(form.times);
  if (!(Number.isFinite(intervalMs) && intervalMs >= 1))
    errors.push({ field: "every", message: "Every must be at least 1 ms" });
  if (!(Number.isInteger(count) && count >= 0))
    errors.push({ field: "times", message: "Times must be a whole number (0 = until stopped)" });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { intervalMs, count } };
}

/**
 * Checks the composer's draft as a schedule would send it. Text and JSON go as the template
 * itself, so `{{seq}}` and `{{now}}` expand at each send in the worker; `context` only proves
 * that the template expands (and, for JSON, parses). Binary goes as its bytes.
 */
export function checkScheduledMessage(
  draft: MessageDraft,
  context: TemplateContext,
): { ok: true; value: ScheduledPayload } | { ok: false; error: string } {
  const check = checkDraft(draft, context);
  if (!check.ok) return check;
  return {
    ok: true,
    value:
      draft.type === "binary" && check.payload instanceof ArrayBuffer
        ? { bytes: check.payload }
        : // The environment as it is now: the schedule keeps the values it started with.
          { template: draft.body, ...(context.env ? { env: { ...context.env } } : {}) },
  };
}
