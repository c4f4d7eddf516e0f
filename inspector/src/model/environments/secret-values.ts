/**
 * The values of secret variables, found wherever text leaves the inspector or shows on screen.
 * On screen a secret becomes a mask of fixed length (its length is not shown either); in share
 * links, exports and recorded scenarios it becomes the placeholder that stands for it,
 * `{{env.NAME}}`, so the reader knows what was there and a scenario still runs.
 */
import type { Environment } from "./environment.ts";

/** A secret variable's name and value. */
export interface SecretValue {
  name: string;
  value: string;
}

/** What a secret shows as on screen. */
export const SECRET_MASK = "••••••";

/**
 * The secret values of every environment (not only the active one: a frame sent with another
 * environment may still hold its secret). Empty values are left out; longest first, so a secret
 * that contains another is replaced whole.
 */
export function secretValues(environments: readonly Environment[]): SecretValue[] {
  const found = new Map<string, string>();
  for (const environment of environments)
    for (const variable of environment.variables)
      if (variable.secret && variable.value !== "" && !found.has(variable.value))
        found.set(variable.value, variable.name);
  return [...found]
    .map(([value, name]) => ({ name, value }))
    .sort((a, b) => b.value.length - a.value.length);
}

/** A piece of text: plain, or a secret's value. */
export type TextSegment = { text: string } | { secret: SecretValue };

/** Finds every secret in a text, in one pass. */
export interface SecretFinder {
  /** `text` with each secret replaced by `replace(secret)`, and the names found. */
  replace(
    text: string,
    replace: (secret: SecretValue) => string,
  ): { text: string; found: string[] };
  /** `text` cut at each secret, in order (empty pieces left out). */
  segments(text: string): TextSegment[];
  readonly empty: boolean;
}

/** A finder for `secrets` (as `secretValues` lists them). */
export function makeSecretFinder(secrets: readonly SecretValue[]): SecretFinder {
  const byValue = new Map(secrets.map((secret) => [secret.value, secret]));
  const ordered = [...byValue.values()].sort((a, b) => b.value.length - a.value.length);
  // One alternation, longest first: a single left-to-right pass, so a replacement is never
  // searched again (a secret "env" must not be found inside "{{env.TOKEN}}").
  const pattern =
    ordered.length === 0
      ? undefined
      : new RegExp(ordered.map((secret) => escapeRegExp(secret.value)).join("|"), "g");
  const segments = (text: string): TextSegment[] => {
    if (!pattern) return text === "" ? [] : [{ text }];
    const pieces: TextSegment[] = [];
    let from = 0;
    for (const match of text.matchAll(pattern)) {
      if (match.index > from) pieces.push({ text: text.slice(from, match.index) });
      pieces.push({ secret: byValue.get(match[0]) as SecretValue });
      from = match.index + match[0].length;
    }
    if (from < text.length) pieces.push({ text: text.slice(from) });
    return pieces;
  };
  return {
    empty: pattern === undefined,
    segments,
    replace(text, replace) {
      if (!pattern) return { text, found: [] };
      const found: string[] = [];
      let result = "";
      for (const piece of segments(text)) {
        if ("text" in piece) result += piece.text;
        else {
          if (!found.includes(piece.secret.name)) found.push(piece.secret.name);
          result += replace(piece.secret);
        }
      }
      return { text: result, found };
    },
  };
}

/** `text` as the screen shows it: each secret value masked. */
export function maskSecrets(text: string, finder: SecretFinder): string {
  return finder.replace(text, () => SECRET_MASK).text;
}

/** The placeholder that stands for a secret in what leaves the inspector. */
export const placeholderOf = (secret: SecretValue) => `{{env.${secret.name}}}`;

/** `text` with each secret value replaced by its `{{env.NAME}}`, and the names replaced. */
export function scrubSecrets(
  text: string,
  finder: SecretFinder,
): { text: string; found: string[] } {
  return finder.replace(text, placeholderOf);
}

/**
 * `bytes` with the UTF-8 of each secret value replaced by the UTF-8 of its placeholder, or
 * undefined when no secret is in them. Binary frames can carry a token too.
 */
export function scrubBytes(
  bytes: Uint8Array,
  secrets: readonly SecretValue[],
): { bytes: Uint8Array; found: string[] } | undefined {
  const encoder = new TextEncoder();
  const needles = secrets
    .map((secret) => ({
      secret,
      bytes: encoder.encode(secret.value),
      replacement: encoder.encode(placeholderOf(secret)),
    }))
    .filter((needle) => needle.bytes.length > 0 && needle.bytes.length <= bytes.length);
  // Most frames hold no secret: look for each first, and copy only when one is there.
  const holds = (needle: (typeof needles)[number]) => {
    const first = needle.bytes[0] as number;
    for (let at = bytes.indexOf(first); at >= 0; at = bytes.indexOf(first, at + 1))
      if (startsWithAt(bytes, needle.bytes, at)) return true;
    return false;
  };
  const present = needles.filter(holds);
  if (present.length === 0) return undefined;
  const out: number[] = [];
  const found: string[] = [];
  let index = 0;
  outer: while (index < bytes.length) {
    for (const needle of present) {
      if (startsWithAt(bytes, needle.bytes, index)) {
        for (const byte of needle.replacement) out.push(byte);
        if (!found.includes(needle.secret.name)) found.push(needle.secret.name);
        index += needle.bytes.length;
        continue outer;
      }
    }
    out.push(bytes[index] as number);
    index++;
  }
  return { bytes: Uint8Array.from(out), found };
}

function startsWithAt(haystack: Uint8Array, needle: Uint8Array, at: number): boolean {
  if (at + needle.length > haystack.length) return false;
  for (let i = 0; i < needle.length; i++) if (haystack[at + i] !== needle[i]) return false;
  return true;
}

/**
 * A JSON-like value with every string scrubbed (objects and arrays copied, other values as
 * they are). For connection events: URLs, header values, error messages, close reasons.
 */
export function scrubDeep<T>(value: T, finder: SecretFinder, found: string[]): T {
  if (finder.empty) return value;
  const walk = (item: unknown): unknown => {
    if (typeof item === "string") {
      const scrubbed = scrubSecrets(item, finder);
      for (const name of scrubbed.found) if (!found.includes(name)) found.push(name);
      return scrubbed.text;
    }
    if (Array.isArray(item)) return item.map(walk);
    if (item !== null && typeof item === "object" && !ArrayBuffer.isView(item)) {
      if (item instanceof ArrayBuffer) return item;
      const copy: Record<string, unknown> = {};
      for (const [key, entry] of Object.entries(item))
        Object.defineProperty(copy, key, {
          value: walk(entry),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      return copy;
    }
    return item;
  };
  return walk(value) as T;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
