import { oneLine } from "../one-line.ts";
import type { MatcherSpec } from "./ping-matcher.ts";

/**
 * Messages that arrived while a ping loop's pings were waiting but matched none of them: how
 * many, and the first distinct ones (already shortened by `replyExample`).
 */
export interface UnmatchedReplies {
  count: number;
  examples: string[];
}

/** Distinct examples kept per run. */
export const MAX_UNMATCHED_EXAMPLES = 2;

/** Characters of a text reply kept as an example. */
const EXAMPLE_CHARS = 40;

/** A message as an example, short and quoted: `'pong'`, or `12 bytes of binary`. */
export function replyExample(message: string | ArrayBuffer): string {
  if (typeof message !== "string") return `${message.byteLength} bytes of binary`;
  return quote(message);
}

/**
 * Why a ping loop's pings went unanswered, in a sentence: "5 replies did not match 'PONG'
 * (they read 'pong')". Empty when every message matched.
 */
export function explainUnmatched(matcher: MatcherSpec, unmatched: UnmatchedReplies): string {
  const { count, examples } = unmatched;
  if (count === 0) return "";
  const replies = count === 1 ? "1 reply" : `${count} replies`;
  const [first, second] = examples;
  const read =
    first === undefined
      ? ""
      : second !== undefined
        ? ` (such as ${first} and ${second})`
        : ` (${count === 1 ? "it" : "they"} read ${first})`;
  return `${replies} ${failedTo(matcher)}${read}`;
}

/** What an unmatched reply failed to do, by matcher. */
function failedTo(matcher: MatcherSpec): string {
  switch (matcher.kind) {
    case "exact":
      return `did not match ${quote(matcher.text)}`;
    case "regex":
      return `did not match /${shorten(matcher.pattern)}/`;
    case "json-field":
      return `did not carry a waiting ping's seq in the JSON field ${shorten(matcher.path)}`;
    case "next":
      return "arrived with no ping waiting";
  }
}

function quote(text: string): string {
  return `'${shorten(text)}'`;
}

/** One line, at most EXAMPLE_CHARS characters, control characters made visible. */
function shorten(text: string): string {
  return oneLine(text, EXAMPLE_CHARS);
}
