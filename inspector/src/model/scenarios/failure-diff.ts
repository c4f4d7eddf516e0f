/**
 * What a failed expect expected against what it received, as differences a person can read and
 * a screen reader can walk: for JSON, one row per path (jsondiffpatch's delta, walked); for
 * text, the words taken out and put in. Fields the frame has and the matcher does not ask for
 * are not differences (a JSON matcher is a subset). Anything too big to compare says so.
 */
import { diffWordsWithSpace } from "diff";
import { create, type Delta } from "jsondiffpatch";
import { parseJson } from "../../../../echo-server/protocol/json-guard.ts";
import {
  CONNECTION_CLOSED,
  NOTHING_RECEIVED,
} from "../../../../echo-server/protocol/scenario/runner.ts";

/** One difference at a JSON path. */
export interface DiffRow {
  /** `$.items[2].id` */
  path: string;
  /** Missing from the frame; a different value; in the frame where a list did not have it. */
  change: "missing" | "changed" | "unexpected";
  expected?: string;
  received?: string;
}

/** A piece of a text diff. */
export interface TextPart {
  text: string;
  change: "same" | "expected" | "received";
}

/** How to show a failure's expected and received side by side. */
export type FailureDiff =
  | { kind: "json"; rows: DiffRow[] }
  | { kind: "text"; parts: TextPart[] }
  | { kind: "none"; reason: string };

/** How the failed step matched. */
export type DiffMode = "json" | "text" | "other";

/** Longest side compared. */
const MAX_CHARS = 64 * 1024;
/** Longest list compared item by item (the list diff is quadratic). */
const MAX_LIST = 2000;
/** Longest value shown in a row. */
const SHOWN_CHARS = 200;

const patcher = create({ arrays: { detectMove: false } });

/** The differences between a failed step's `expected` and `received`. Never throws. */
export function failureDiff(expected: string, received: string, mode: DiffMode): FailureDiff {
  const nothing = received === NOTHING_RECEIVED || received === CONNECTION_CLOSED;
  if (mode === "other") return { kind: "none", reason: "Compare the two above" };
  if (expected.length > MAX_CHARS || received.length > MAX_CHARS)
    return { kind: "none", reason: "Too long to compare here: compare the two above" };
  if (mode === "json") {
    const want = parseJson(expected, { maxDepth: 64, maxLength: MAX_CHARS });
    if (!want.ok) return { kind: "none", reason: "The expected value is not JSON" };
    if (nothing) return { kind: "json", rows: [row("$", "missing", want.value, undefined)] };
    const got = parseJson(received, { maxDepth: 64, maxLength: MAX_CHARS });
    if (!got.ok) return { kind: "none", reason: "The frame is not JSON" };
    if (longestList(want.value) > MAX_LIST || longestList(got.value) > MAX_LIST)
      return { kind: "none", reason: "A list is too long to compare here: compare the two above" };
    const rows: DiffRow[] = [];
    const delta = patcher.diff(want.value, got.value);
    if (delta !== undefined) walk(delta, "$", rows, false);
    return { kind: "json", rows };
  }
  if (nothing) return { kind: "text", parts: [{ text: expected, change: "expected" }] };
  return {
    kind: "text",
    parts: diffWordsWithSpace(expected, received).map((part) => ({
      text: part.value,
      change: part.added ? "received" : part.removed ? "expected" : "same",
    })),
  };
}

/** Rows of a jsondiffpatch delta. In an object, keys only in the frame are not differences. */
function walk(delta: Delta, path: string, rows: DiffRow[], inList: boolean) {
  if (Array.isArray(delta)) {
    if (delta.length === 1) {
      if (inList || path === "$") rows.push(row(path, "unexpected", undefined, delta[0]));
    } else if (delta.length === 2) rows.push(row(path, "changed", delta[0], delta[1]));
    else if (delta[2] === 0) rows.push(row(path, "missing", delta[0], undefined));
    return;
  }
  if (typeof delta !== "object" || delta === null) return;
  const entries = Object.entries(delta as Record<string, Delta>);
  if ((delta as { _t?: unknown })._t === "a") {
    // `_n`: the item at n of the expected list; `n`: at n of the received one.
    const items = entries
      .filter(([key]) => key !== "_t")
      .map(([key, value]) => ({
        at: Number(key.replace(/^_/, "")),
        expected: key[0] === "_",
        value,
      }))
      // By position; at one position, what was expected before what came instead.
      .sort((a, b) => a.at - b.at || Number(b.expected) - Number(a.expected));
    for (const { at, value } of items) walk(value, `${path}[${at}]`, rows, true);
    return;
  }
  for (const [key, value] of entries) walk(value, `${path}${pathKey(key)}`, rows, false);
}

function row(
  path: string,
  change: DiffRow["change"],
  expected: unknown,
  received: unknown,
): DiffRow {
  return {
    path,
    change,
    ...(change !== "unexpected" ? { expected: shown(expected) } : {}),
    ...(change !== "missing" ? { received: shown(received) } : {}),
  };
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}…` : text;
}

/** `.key`, or `["key"]` for a key that is not a plain name. */
function pathKey(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function longestList(value: unknown): number {
  let longest = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (Array.isArray(item)) {
      longest = Math.max(longest, item.length);
      stack.push(...item);
    } else if (item !== null && typeof item === "object") stack.push(...Object.values(item));
  }
  return longest;
}
