/**
 * Matching a received frame against a scenario's matcher, and capturing values from it. Pure:
 * the runner calls it in the capture worker and in the CLI alike.
 */
import { parseJson } from "../json-guard.ts";
import { parsePath, valueAt } from "../tap-rules.ts";
import type { WireSize } from "../wire-size.ts";
import type { ScenarioMatcher, WireExpectation } from "./types.ts";

/** A frame as a matcher sees it: text, or bytes, and what it took on the wire when measured. */
export interface ReceivedFrame {
  text?: string;
  bytes?: Uint8Array;
  wire?: WireSize;
}

/** Whether it matched, with what a capture may read; or why not, as the UI shows it. */
export type MatchOutcome =
  | { ok: true; groups: RegExpExecArray | undefined; json: { value: unknown } | undefined }
  | { ok: false; reason: string; expected: string; received: string };

/** Expands the templates in a matcher's strings (`{{vars.sid}}`). */
export type Expand = (template: string) => string;

/** Longest text shown for a frame in a failure. */
const SHOWN_CHARS = 2000;
/**
 * Longest pretty-printed JSON kept for a failure (the inspector's JSON diff declines beyond
 * this length anyway, and a 16 MB frame must not travel to the page and into the DOM).
 */
const SHOWN_JSON_CHARS = 64 * 1024;

/** Matches `frame` against `matcher`; never throws. */
export function matchFrame(
  matcher: ScenarioMatcher,
  frame: ReceivedFrame,
  expand: Expand,
): MatchOutcome {
  // What a failure shows is worked out only when a failure is shown: an expect that skips
  // frames passes over many that do not match, and needs none of it.
  const missWith = (reason: string, expected: string, show: () => string): MatchOutcome => ({
    ok: false,
    reason,
    expected,
    get received() {
      return show();
    },
  });
  const miss = (reason: string, expected: string) =>
    missWith(reason, expected, () => describeFrame(frame));
  const hit = (groups?: RegExpExecArray, json?: { value: unknown }): MatchOutcome => ({
    ok: true,
    groups,
    json,
  });

  if ("any" in matcher) return hit();
  if ("hex" in matcher) {
    const wanted = matcher.hex.replace(/\s+/g, "").toLowerCase();
    if (frame.bytes === undefined)
      return miss("A binary frame was expected; a text frame came", spacedHex(wanted));
    const got = toHex(frame.bytes);
    return got === wanted ? hit() : miss("The bytes differ", spacedHex(wanted));
  }
  const text = frame.text;
  if ("text" in matcher) {
    const wanted = expand(matcher.text);
    if (text === undefined) return miss("A text frame was expected; a binary frame came", wanted);
    return text === wanted ? hit() : miss("The text differs", wanted);
  }
  if ("contains" in matcher) {
    const wanted = expand(matcher.contains);
    if (text === undefined)
      return miss("A text frame was expected; a binary frame came", `…${wanted}…`);
    return text.includes(wanted)
      ? hit()
      : miss(`The text does not contain ${JSON.stringify(wanted)}`, `…${wanted}…`);
  }
  if ("regex" in matcher) {
    const expected = `/${matcher.regex}/${matcher.flags ?? ""}`;
    if (text === undefined) return miss("A text frame was expected; a binary frame came", expected);
    const groups = new RegExp(matcher.regex, matcher.flags ?? "").exec(text);
    return groups ? hit(groups) : miss(`The text does not match ${expected}`, expected);
  }
  // JSON matchers read the frame as JSON.
  const json =
    text === undefined
      ? undefined
      : parseJson(text, { maxDepth: 64, maxLength: Number.POSITIVE_INFINITY });
  if ("json" in matcher) {
    const wanted = expandIn(matcher.json, expand);
    const expected = pretty(wanted);
    if (json === undefined || !json.ok) return miss("A JSON text frame was expected", expected);
    const difference = firstDifference(wanted, json.value, "$");
    return difference === undefined
      ? hit(undefined, { value: json.value })
      : missWith(difference, expected, () => prettyShown(json.value));
  }
  const path = parsePath(matcher.path) ?? [];
  const expected =
    matcher.equals !== undefined
      ? `${matcher.path} = ${JSON.stringify(expandIn(matcher.equals, expand))}`
      : matcher.matches !== undefined
        ? `${matcher.path} matching /${matcher.matches}/`
        : `${matcher.path} present`;
  if (json === undefined || !json.ok) return miss("A JSON text frame was expected", expected);
  const found = valueAt(json.value, path);
  if (!found.exists)
    return missWith(`There is no ${matcher.path}`, expected, () => prettyShown(json.value));
  if (matcher.equals !== undefined) {
    const wanted = expandIn(matcher.equals, expand);
    if (!deepEqual(found.value, wanted))
      return missWith(`${matcher.path} is ${shortJson(found.value)}`, expected, () =>
        prettyShown(json.value),
      );
  }
  if (matcher.matches !== undefined) {
    const value = typeof found.value === "string" ? found.value : JSON.stringify(found.value);
    if (!new RegExp(matcher.matches).test(value))
      return missWith(`${matcher.path} is ${shortJson(found.value)}`, expected, () =>
        prettyShown(json.value),
      );
  }
  return hit(undefined, { value: json.value });
}

/**
 * The values a step captures from a match: `$.path` reads the frame's JSON, `$1`… a regex
 * group (`$0` the whole match). Returns the names it could not find.
 */
export function captureValues(
  capture: Record<string, string>,
  outcome: Extract<MatchOutcome, { ok: true }>,
  frame: ReceivedFrame,
): { values: Record<string, unknown>; missing: string[] } {
  // No prototype: a capture named `__proto__` is a variable like any other.
  const values: Record<string, unknown> = Object.create(null);
  const missing: string[] = [];
  let json = outcome.json;
  for (const [name, source] of Object.entries(capture)) {
    const group = /^\$(\d)$/.exec(source);
    if (group) {
      const value = outcome.groups?.[Number(group[1])];
      if (value === undefined) missing.push(name);
      else values[name] = value;
      continue;
    }
    if (json === undefined && frame.text !== undefined) {
      const parsed = parseJson(frame.text, { maxDepth: 64, maxLength: Number.POSITIVE_INFINITY });
      json = parsed.ok ? { value: parsed.value } : undefined;
    }
    const found =
      json === undefined ? { exists: false } : valueAt(json.value, parsePath(source) ?? []);
    if (!found.exists) missing.push(name);
    else values[name] = found.value;
  }
  return { values, missing };
}

/** A frame as a failure shows it: its text, or its bytes as hex. */
export function describeFrame(frame: ReceivedFrame): string {
  if (frame.text !== undefined) {
    const parsed = parseJson(frame.text, { maxDepth: 64, maxLength: 64 * 1024 });
    const shown =
      parsed.ok && typeof parsed.value === "object" && parsed.value !== null
        ? pretty(parsed.value)
        : frame.text;
    return shown.length > SHOWN_CHARS ? `${shown.slice(0, SHOWN_CHARS)}…` : shown;
  }
  const bytes = frame.bytes ?? new Uint8Array();
  const hex = spacedHex(toHex(bytes.subarray(0, 256)));
  return bytes.byteLength > 256 ? `${hex} … (${bytes.byteLength} bytes)` : `${hex} (binary)`;
}

/** Where `actual` first fails to contain `expected` (a JSON subset), or undefined. */
export function firstDifference(
  expected: unknown,
  actual: unknown,
  at: string,
): string | undefined {
  if (expected === null || typeof expected !== "object") {
    return deepEqual(expected, actual)
      ? undefined
      : `${at} is ${actual === undefined ? "missing" : shortJson(actual)}, not ${shortJson(expected)}`;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${at} is ${describeType(actual)}, not a list`;
    if (actual.length !== expected.length)
      return `${at} has ${actual.length} items, not ${expected.length}`;
    for (let i = 0; i < expected.length; i++) {
      const difference = firstDifference(expected[i], actual[i], `${at}[${i}]`);
      if (difference) return difference;
    }
    return undefined;
  }
  if (actual === null || typeof actual !== "object" || Array.isArray(actual))
    return `${at} is ${describeType(actual)}, not an object`;
  for (const [key, value] of Object.entries(expected)) {
    if (!Object.hasOwn(actual, key)) return `${at}.${key} is missing`;
    const difference = firstDifference(
      value,
      (actual as Record<string, unknown>)[key],
      `${at}.${key}`,
    );
    if (difference) return difference;
  }
  return undefined;
}

function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "an object" : JSON.stringify(value);
}

/** Expands templates in every string of a JSON value. */
export function expandIn(value: unknown, expand: Expand): unknown {
  if (typeof value === "string") return expand(value);
  if (Array.isArray(value)) return value.map((item) => expandIn(item, expand));
  if (value !== null && typeof value === "object") {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) result[key] = expandIn(item, expand);
    return result;
  }
  return value;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return (
    keysA.length === keysB.length &&
    keysA.every(
      (key) =>
        Object.hasOwn(b, key) &&
        deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
    )
  );
}

function pretty(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? String(value);
}

/** `pretty`, cut to SHOWN_JSON_CHARS with the count of what was left out. */
function prettyShown(value: unknown): string {
  const text = pretty(value);
  return text.length > SHOWN_JSON_CHARS
    ? `${text.slice(0, SHOWN_JSON_CHARS)}… (${text.length - SHOWN_JSON_CHARS} more characters)`
    : text;
}

/** A value in a one-line reason, cut to 200 characters. */
function shortJson(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function toHex(bytes: Uint8Array): string {
  let hex = "";
  for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

function spacedHex(hex: string): string {
  return hex.replace(/(..)(?=.)/g, "$1 ");
}

/**
 * Why `frame`'s wire size does not meet `expected`, or undefined when it does. A frame whose
 * wire size was not measured meets nothing: the message says where it can be.
 */
export function wireProblem(expected: WireExpectation, frame: ReceivedFrame): string | undefined {
  const { wire } = frame;
  if (!wire)
    return "Its size on the wire is not known: a browser's socket cannot see it (run the scenario with socketscope run, or through the relay)";
  const size = frame.bytes?.byteLength ?? new TextEncoder().encode(frame.text ?? "").byteLength;
  const what = `${wire.payload} bytes on the wire for ${size}${wire.compressed ? ", compressed" : ", not compressed"}`;
  if (expected.compressed !== undefined && wire.compressed !== expected.compressed)
    return `It was ${expected.compressed ? "not " : ""}compressed (${what})`;
  if (expected.bytesAtMost !== undefined && wire.payload > expected.bytesAtMost)
    return `It took more than ${expected.bytesAtMost} bytes (${what})`;
  if (expected.ratioAtMost !== undefined && size > 0 && wire.payload / size > expected.ratioAtMost)
    return `It took ${formatRatio(wire.payload / size)} of its size, more than ${formatRatio(expected.ratioAtMost)} (${what})`;
  return undefined;
}

/** A ratio as a percentage with at most one decimal: 0.25 is "25%". */
function formatRatio(ratio: number): string {
  return `${Math.round(ratio * 1000) / 10}%`;
}
