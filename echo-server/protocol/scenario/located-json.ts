/**
 * JSON parsing that can say where a value starts, so a problem in a scenario can name its line
 * and column ("line 4, column 12: steps[1].expect.within must be a number"). A plain
 * recursive-descent parser whose recursion is bounded: the nesting is checked first.
 *
 * Positions are found on demand, by a second pass that follows only the paths asked for: noting
 * the path of every value as it goes made a 0.8 MB document of 100,000 small objects take
 * seconds (a path string built and hashed per value), and the editor checks on every keystroke.
 */
import { nestingDepth } from "../json-guard.ts";

/** A line and column, both counted from 1. */
export interface Position {
  line: number;
  column: number;
}

/** A parsed document and where its values are, by path (`steps[1].expect`). */
export type LocatedJson =
  | {
      ok: true;
      value: unknown;
      /** Where each of `paths` (`steps[1].expect`) starts, for those that exist. */
      positionsOf(paths: readonly string[]): Map<string, Position>;
      /** Where `path` starts, if it exists. */
      positionOf(path: string): Position | undefined;
    }
  | { ok: false; message: string; position: Position };

/** Deepest nesting a scenario may have. */
const MAX_DEPTH = 64;

/** A JSON number, read where `lastIndex` points. */
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Parses `text`; never throws. */
export function parseLocatedJson(text: string): LocatedJson {
  if (nestingDepth(text) > MAX_DEPTH)
    return {
      ok: false,
      message: `The document nests deeper than ${MAX_DEPTH} levels`,
      position: { line: 1, column: 1 },
    };
  let value: unknown;
  try {
    value = parse(text, undefined, undefined);
  } catch (error) {
    if (error instanceof ParseError)
      return {
        ok: false,
        message: error.message,
        position: positionAt(lineStartsOf(text), error.offset),
      };
    throw error;
  }
  const positionsOf = (paths: readonly string[]) => {
    const wanted = new Set<string>();
    for (const path of paths) for (const prefix of prefixes(path)) wanted.add(prefix);
    const starts = new Map<string, number>();
    parse(text, wanted, starts);
    const lineStarts = lineStartsOf(text);
    const found = new Map<string, Position>();
    for (const path of paths) {
      const offset = starts.get(path);
      if (offset !== undefined) found.set(path, positionAt(lineStarts, offset));
    }
    return found;
  };
  return { ok: true, value, positionsOf, positionOf: (path) => positionsOf([path]).get(path) };
}

/** `steps[1].expect.text`, `steps[1].expect`, `steps[1]`, `steps` and `""`. */
export function prefixes(path: string): string[] {
  const all = [path];
  let current = path;
  while (current !== "") {
    // Drop the last step: `.key`, `[n]`, or a top-level `key`.
    current = current.replace(/(?:^|\.)[^.[\]]+$|\[\d+\]$/, "");
    all.push(current);
  }
  return all;
}

/** Where each line of `text` starts. */
function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

/** The line and column of `offset`, given where each line starts. */
function positionAt(lineStarts: readonly number[], offset: number): Position {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((lineStarts[middle] ?? 0) <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low + 1, column: offset - (lineStarts[low] ?? 0) + 1 };
}

class ParseError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/**
 * Parses `text` or throws a ParseError. With `wanted`, notes in `starts` where the values at
 * those paths begin; paths are built only below the values that lead to one.
 */
function parse(
  text: string,
  wanted: Set<string> | undefined,
  starts: Map<string, number> | undefined,
): unknown {
  let at = 0;
  const fail = (message: string): never => {
    throw new ParseError(message, at);
  };
  const skipSpace = () => {
    for (;;) {
      const code = text.charCodeAt(at);
      // JSON's whitespace: space, tab, line feed, carriage return.
      if (code !== 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) return;
      at++;
    }
  };
  const expectChar = (char: string) => {
    if (text[at] !== char) fail(`Expected ${JSON.stringify(char)} but found ${describeAt()}`);
    at++;
  };
  const describeAt = () => (at >= text.length ? "the end of the text" : JSON.stringify(text[at]));
  /** The path of a child, when it is one of the wanted paths or leads to one. */
  const child = (path: string | undefined, step: () => string): string | undefined => {
    if (path === undefined || wanted === undefined) return undefined;
    const childPath = step();
    return wanted.has(childPath) ? childPath : undefined;
  };

  function value(path: string | undefined): unknown {
    skipSpace();
    if (path !== undefined) starts?.set(path, at);
    const char = text[at];
    if (char === "{") return object(path);
    if (char === "[") return array(path);
    if (char === '"') return string();
    if (char === "-" || (char !== undefined && char >= "0" && char <= "9")) return number();
    if (text.startsWith("true", at)) {
      at += 4;
      return true;
    }
    if (text.startsWith("false", at)) {
      at += 5;
      return false;
    }
    if (text.startsWith("null", at)) {
      at += 4;
      return null;
    }
    return fail(`Expected a value but found ${describeAt()}`);
  }

  function object(path: string | undefined): Record<string, unknown> {
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
      const item = value(child(path, () => (path === "" ? key : `${path}.${key}`)));
      // Own data property, whatever the key: assigning `__proto__` would set the prototype.
      if (key === "__proto__")
        Object.defineProperty(result, key, {
          value: item,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      else result[key] = item;
      skipSpace();
      if (text[at] === ",") {
        at++;
        continue;
      }
      expectChar("}");
      return result;
    }
  }

  function array(path: string | undefined): unknown[] {
    const result: unknown[] = [];
    at++;
    skipSpace();
    if (text[at] === "]") {
      at++;
      return result;
    }
    for (;;) {
      result.push(value(child(path, () => `${path}[${result.length}]`)));
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
    NUMBER.lastIndex = at;
    const found = NUMBER.exec(text);
    if (!found) return fail(`Expected a number but found ${describeAt()}`);
    at += found[0].length;
    return Number(found[0]);
  }

  const result = value(wanted?.has("") ? "" : undefined);
  skipSpace();
  if (at < text.length) fail(`Unexpected ${describeAt()} after the document`);
  return result;
}
