import { parseJson } from "../../../../echo-server/protocol/json-guard.ts";
import { formatDuration } from "../log/time.ts";

/** A form field's value, or what is wrong with it in words. */
export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

/** Deepest JSON a composer sends: the servers on the other end guard their depth too. */
const MAX_DEPTH = 32;

type Shape = "array" | "object" | "array or object" | "any";

/**
 * Optional JSON in a form field: empty is `undefined`; otherwise it must parse, nest at most 32
 * deep, and have the shape asked for. `what` names the field in the message.
 */
export function checkJsonField(
  text: string,
  what: string,
  shape: Shape = "any",
): Checked<unknown | undefined> {
  if (text.trim() === "") return { ok: true, value: undefined };
  const parsed = parseJson(text, { maxDepth: MAX_DEPTH, maxLength: Number.POSITIVE_INFINITY });
  if (!parsed.ok)
    return {
      ok: false,
      error: `${what}: ${parsed.code === "too_deep" ? `JSON nests deeper than ${MAX_DEPTH} levels` : parsed.message}`,
    };
  const { value } = parsed;
  const isArray = Array.isArray(value);
  const isObject = typeof value === "object" && value !== null && !isArray;
  const fits =
    shape === "any" ||
    (shape === "array" && isArray) ||
    (shape === "object" && isObject) ||
    (shape === "array or object" && (isArray || isObject));
  if (!fits)
    return {
      ok: false,
      error: `${what} must be a JSON ${shape === "array or object" ? "array or object" : shape}`,
    };
  return { ok: true, value };
}

/** Socket.IO arguments: a JSON array of them (empty for none). */
export function checkArguments(text: string): Checked<unknown[]> {
  const checked = checkJsonField(text, "Arguments", "array");
  if (!checked.ok) return checked;
  return { ok: true, value: (checked.value as unknown[] | undefined) ?? [] };
}

/** "None pending" or "3 pending, the oldest for 2.500 s". */
export function describePending(pending: number, oldestTime: number, now: number): string {
  if (pending === 0) return "None pending";
  const age = Number.isNaN(oldestTime)
    ? ""
    : `, the oldest for ${formatDuration(Math.max(0, now - oldestTime))}`;
  return `${pending} pending${age}`;
}

/** A latency for a table cell: `–` before there is one. */
export function formatLatency(ms: number): string {
  return Number.isNaN(ms) ? "–" : formatDuration(ms);
}
