/**
 * JSON parsing that remembers where each value starts, so a problem in a scenario can name its
 * line and column ("line 4, column 12: steps[1].expect.within must be a number"). A plain
 * recursive-descent parser: scenarios are small, and the nesting is checked first, so its
 * recursion is bounded.
 */
import { nestingDepth } from "../json-guard.ts";

/** A line and column, both counted from 1. */
export interface Position {
  line: number;
  column: number;
}

/** A parsed document and where its values are, by path (`steps[1].expect`). */
export type LocatedJson =
  | { ok: true; value: unknown; positionOf(path: string): Position | undefined }
  | { ok: false; message: string; position: Position };

/** Deepest nesting a scenario may have. */
const MAX_DEPTH = 64;

/** Parses `text`; never throws. */
export function parseLocatedJson(text: string): LocatedJson {
  const starts = new Map<string, number>();
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const positionAt = (offset: number): Position => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((lineStarts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (lineStarts[low] ?? 0) + 1 };
  };
  if (nestingDepth(text) > MAX_DEPTH)
    return {
      ok: false,
      message: `The document nests deeper than ${MAX_DEPTH} levels`,
      position: { line: 1, column: 1 },
    };

  let at = 0;
  class ParseError extends Error {
    constructor(
      message: string,
      readonly offset: number,
    ) {
      super(message);
    }
  }
  const fail = (message: string): never => {
    throw new ParseError(message, at);
  };
  const skipSpace = () => {
    while (at < text.length && /\s/.test(text[at] as string)) at++;
  };
  const expectChar = (char: string) => {
    if (text[at] !== char) fail(`Expected ${JSON.stringify(char)} but found ${describeAt()}`);
    at++;
  };
  const describeAt = () => (at >= text.length ? "the end of the text" : JSON.stringify(text[at]));

  function value(path: string): unknown {
    skipSpace();
    starts.set(path, at);
    const char = text[at];
    if (char === "{") return object(path);
    if (char === "[") return array(path);
    if (char === '"') return string();
    if (char === "-" || (char !== undefined && char >= "0" && char <= "9")) return number();
    for (const [word, result] of [
      ["true", true],
      ["false", false],
      ["null", null],
    ] as const) {
      if (text.startsWith(word, at)) {
        at += word.length;
        return result;
      }
    }
    return fail(`Expected a value but found ${describeAt()}`);
  }

  function object(path: string): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    at++;
    skipSpace();
    if (text[at] === "}") {
      at++;
      return result;
    }
    for (;;) {
      skipSpace();
      if (text[at] !== '"')
        fail(`Expected a property name in double quotes but found ${describeAt()}`);
      const key = string();
      skipSpace();
      expectChar(":");
      // Own data property, whatever the key (`__proto__` included).
      Object.defineProperty(result, key, {
        value: value(path === "" ? key : `${path}.${key}`),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      skipSpace();
      if (text[at] === ",") {
        at++;
        continue;
      }
      expectChar("}");
      return result;
    }
  }

  function array(path: string): unknown[] {
    const result: unknown[] = [];
    at++;
    skipSpace();
    if (text[at] === "]") {
      at++;
      return result;
    }
    for (;;) {
      result.push(value(`${path}[${result.length}]`));
      skipSpace();
      if (text[at] === ",") {
        at++;
        continue;
      }
      expectChar("]");
      return result;
    }
  }

  function string(): string {
    const start = at;
    at++;
    while (at < text.length && text[at] !== '"') at += text[at] === "\\" ? 2 : 1;
    if (at >= text.length) {
      at = start;
      fail("A string is not closed");
    }
    at++;
    try {
      return JSON.parse(text.slice(start, at)) as string;
    } catch {
      at = start;
      return fail("A string has an invalid escape or a control character");
    }
  }

  function number(): number {
    const match = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    match.lastIndex = at;
    const found = match.exec(text);
    if (!found) return fail(`Expected a number but found ${describeAt()}`);
    at += found[0].length;
    return Number(found[0]);
  }

  try {
    const result = value("");
    skipSpace();
    if (at < text.length) fail(`Unexpected ${describeAt()} after the document`);
    return {
      ok: true,
      value: result,
      positionOf: (path) => {
        const offset = starts.get(path);
        return offset === undefined ? undefined : positionAt(offset);
      },
    };
  } catch (error) {
    if (error instanceof ParseError)
      return { ok: false, message: error.message, position: positionAt(error.offset) };
    throw error;
  }
}
