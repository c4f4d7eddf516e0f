import type { MatcherSpec } from "../../../../echo-server/protocol/ping/ping-matcher.ts";

/** The "Ping loop" form as typed: numbers stay text until checked. */
export interface PingForm {
  /** Payload template; `{{seq}}` numbers the pings. */
  payload: string;
  /** Milliseconds between pings (not used in closed-loop mode). */
  interval: string;
  /** Send the next ping when the previous one is answered or lost, not on a timer. */
  closedLoop: boolean;
  /** Pings to send; 0 sends until stopped. */
  count: string;
  /** Milliseconds before an unanswered ping counts as lost. */
  timeout: string;
  matcher: MatcherSpec["kind"];
  /** The reply text, pattern or JSON field the matcher uses (ignored by "next"). */
  matchValue: string;
}

/** A ping loop as the capture worker runs it (without the id the state gives it). */
export interface PingSettings {
  template: string;
  mode: { kind: "interval"; intervalMs: number } | { kind: "closed-loop" };
  count: number;
  timeoutMs: number;
  matcher: MatcherSpec;
}

/** The fields of the form a problem can point at. */
export type PingFormField = "interval" | "count" | "timeout";

/** One problem with the form, under the field it names. */
export interface PingFormProblem {
  field: PingFormField;
  message: string;
}

/** The settings to start, or every problem with the form, in field order. */
export type PingFormCheck =
  | { ok: true; value: PingSettings }
  | { ok: false; errors: PingFormProblem[] };

/** The reply matcher of a kind, with the value typed for it. */
export function matcherSpec(kind: MatcherSpec["kind"], value: string): MatcherSpec {
  switch (kind) {
    case "exact":
      return { kind, text: value };
    case "regex":
      return { kind, pattern: value };
    case "json-field":
      return { kind, path: value };
    case "next":
      return { kind };
  }
}

/**
 * Checks the ping loop form: the interval (unless closed-loop) and the timeout are at least
 * 1 ms, and the count is a whole number (0 runs until stopped). Numbers are read as `Number()`
 * reads them, so an empty count is 0.
 */
export function checkPingForm(form: PingForm): PingFormCheck {
  const errors: PingFormProblem[] = [];
  const intervalMs = Number(form.interval);
  const count = Number(form.count);
  const timeoutMs = Number(form.timeout);
  if (!form.closedLoop && !(Number.isFinite(intervalMs) && intervalMs >= 1))
    errors.push({ field: "interval", message: "Interval must be at least 1 ms" });
  if (!(Number.isInteger(count) && count >= 0))
    errors.push({ field: "count", message: "Count must be a whole number (0 = until stopped)" });
  if (!(Number.isFinite(timeoutMs) && timeoutMs >= 1))
    errors.push({ field: "timeout", message: "Timeout must be at least 1 ms" });
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      template: form.payload,
      mode: form.closedLoop ? { kind: "closed-loop" } : { kind: "interval", intervalMs },
      count,
      timeoutMs,
      matcher: matcherSpec(form.matcher, form.matchValue),
    },
  };
}
