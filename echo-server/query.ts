/** A parameter of an endpoint, as `GET /api/endpoints` and the docs describe it. */
export interface ParameterSpec {
  name: string;
  description: string;
  default?: string;
}

/** An upgrade refused with 400 and a message that names the bad parameter. */
export function badRequest(message: string): Response {
  return new Response(message, {
    status: 400,
    statusText: "Bad Request",
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

/** The query string of an upgrade request. */
export function queryOf(request: Request): URLSearchParams {
  return new URL(request.url).searchParams;
}

/**
 * Reads a numeric query parameter within `[min, max]`, or its default when absent.
 * Throws a 400 `Response` (which crossws sends as the upgrade's answer) when it is out of range.
 */
export function numberParam(
  query: URLSearchParams,
  name: string,
  range: { min: number; max: number; fallback: number; integer?: boolean },
): number {
  const text = query.get(name);
  if (text === null || text === "") return range.fallback;
  const value = Number(text);
  const integer = range.integer ?? true;
  if (
    !Number.isFinite(value) ||
    (integer && !Number.isInteger(value)) ||
    value < range.min ||
    value > range.max
  ) {
    const kind = integer ? "an integer" : "a number";
    throw badRequest(`?${name} must be ${kind} from ${range.min} to ${range.max}, not "${text}"`);
  }
  return value;
}

/** Reads a 0/1 (or true/false) flag. */
export function flagParam(query: URLSearchParams, name: string): boolean {
  const text = query.get(name);
  if (text === null || text === "" || text === "0" || text === "false") return false;
  if (text === "1" || text === "true") return true;
  throw badRequest(`?${name} must be 1 or 0, not "${text}"`);
}
