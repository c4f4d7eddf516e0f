import { parseJson } from "../detail/json.ts";
import type { Payload } from "../frames/frame.ts";

/** JSON fields that name a message's type, tried in order. */
const TYPE_FIELDS = ["type", "op", "event", "action", "method", "t", "kind"];

/**
 * What "the same type" means for a frame, as a key: its direction and kind, plus its message
 * type when one is known: `label` (a custom decoder's column, a protobuf type) when given, else
 * the first of a JSON object's `type`, `op`, `event`, `action`, `method`, `t`, `kind` that is a
 * string or a number.
 */
export function sameTypeKey(
  direction: string,
  kind: string,
  payload: Payload | null,
  label?: string,
): string {
  const base = `${direction}/${kind}`;
  if (label) return `${base}/${label}`;
  if (typeof payload !== "string" || payload.length > 1024 * 1024) return base;
  const json = parseJson(payload);
  const value = json?.value;
  if (typeof value !== "object" || value === null || Array.isArray(value)) return base;
  const record = value as Record<string, unknown>;
  for (const field of TYPE_FIELDS) {
    const type = record[field];
    if (typeof type === "string" || typeof type === "number") return `${base}/${field}=${type}`;
  }
  return base;
}
