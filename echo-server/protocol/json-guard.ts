/**
 * JSON parsing with a depth and a size limit, for everything the server reads from a peer or a
 * request. `JSON.parse` happily builds a value nested 10,000 deep, but `JSON.stringify` of that
 * value throws `RangeError` at about 5,000 levels, and any code that walks it recursively can do
 * the same. Refusing the text before it is parsed keeps such values out entirely.
 */

/** Bounds of a guarded parse. */
export interface JsonLimits {
  /** Deepest nesting of arrays and objects. @default 64 */
  maxDepth: number;
  /** Longest text, in UTF-16 code units. @default 1 MiB */
  maxLength: number;
}

export const defaultJsonLimits: JsonLimits = { maxDepth: 64, maxLength: 1024 * 1024 };

/** A guarded parse: the value, or why it was refused (`bad_json` or `too_deep`/`too_large`). */
export type JsonResult =
  | { ok: true; value: unknown }
  | { ok: false; code: "bad_json" | "too_deep" | "too_large"; message: string };

/** Parses `text` as JSON within `limits`; never throws. */
export function parseJson(text: string, limits: Partial<JsonLimits> = {}): JsonResult {
  const { maxDepth, maxLength } = { ...defaultJsonLimits, ...limits };
  if (text.length > maxLength)
    return {
      ok: false,
      code: "too_large",
      message: `JSON text is longer than ${maxLength} characters`,
    };
  if (nestingDepth(text) > maxDepth)
    return {
      ok: false,
      code: "too_deep",
      message: `JSON nests deeper than ${maxDepth} levels`,
    };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, code: "bad_json", message: `Invalid JSON: ${(error as Error).message}` };
  }
}

/**
 * The deepest bracket nesting in `text`, skipping strings. It reads the text once, without
 * recursion, and does not check the syntax: `JSON.parse` does that afterwards.
 */
export function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c /* \ */) i++;
      else if (code === 0x22 /* " */) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x5b /* [ */ || code === 0x7b /* { */) {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (code === 0x5d /* ] */ || code === 0x7d /* } */) depth--;
  }
  return deepest;
}
