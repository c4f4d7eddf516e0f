/** A parsed JSON document; wrapped because `null` is valid JSON. */
export interface ParsedJson {
  value: unknown;
}

/** Parses JSON text; returns null for anything that is not JSON. Never throws. */
export function parseJson(text: string): ParsedJson | null {
  const first = text.trimStart()[0];
  // Cheap rejection of most non-JSON text before asking the parser.
  if (first === undefined || !/[[{"\-0-9tfn]/.test(first)) return null;
  try {
    return { value: JSON.parse(text) };
  } catch {
    return null;
  }
}

/** Whether a JSON value has children a tree can expand. */
export function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === "object" && value !== null;
}

/** Number of children of a container. */
export function childCount(value: Record<string, unknown> | unknown[]): number {
  return Array.isArray(value) ? value.length : Object.keys(value).length;
}

/** Children `[from, to)` of a container as `[key, value]`, so huge arrays open a page at a time. */
export function childrenOf(
  value: Record<string, unknown> | unknown[],
  from: number,
  to: number,
): [string, unknown][] {
  if (Array.isArray(value)) {
    const entries: [string, unknown][] = [];
    for (let i = from; i < Math.min(to, value.length); i++) entries.push([String(i), value[i]]);
    return entries;
  }
  return Object.keys(value)
    .slice(from, to)
    .map((key) => [key, value[key]]);
}

/** One-line text for a value: scalars as JSON, containers as a summary like `{…} 3 keys`. */
export function jsonSummary(value: unknown, maxChars = 200): string {
  if (Array.isArray(value)) return `[…] ${value.length} ${value.length === 1 ? "item" : "items"}`;
  if (isContainer(value)) {
    const n = Object.keys(value).length;
    return `{…} ${n} ${n === 1 ? "key" : "keys"}`;
  }
  const text = JSON.stringify(value) ?? String(value);
  return text.length > maxChars ? `${text.slice(0, maxChars)}…` : text;
}

/**
 * The start of `JSON.stringify(value)`, at least `maxChars + 1` characters of it when it is
 * longer, built without serializing the rest: a value nested 10,000 deep (JSON.parse accepts
 * it) makes JSON.stringify throw, and a 100 MB one would be serialized only to be cut.
 */
export function jsonPreview(value: unknown, maxChars: number): string {
  let out = "";
  const write = (text: string) => {
    out += text;
    return out.length <= maxChars;
  };
  // Each level writes a bracket before it goes deeper, so the recursion stops within maxChars levels.
  const walk = (item: unknown): boolean => {
    if (Array.isArray(item)) {
      if (!write("[")) return false;
      for (let i = 0; i < item.length; i++) {
        if (i > 0 && !write(",")) return false;
        if (!walk(isSkipped(item[i]) ? null : item[i])) return false;
      }
      return write("]");
    }
    if (typeof item === "object" && item !== null) {
      if (!write("{")) return false;
      let first = true;
      for (const [key, child] of Object.entries(item)) {
        if (isSkipped(child)) continue;
        if (!first && !write(",")) return false;
        first = false;
        if (!write(`${JSON.stringify(key.slice(0, maxChars + 1))}:`) || !walk(child)) return false;
      }
      return write("}");
    }
    if (typeof item === "string") return write(JSON.stringify(item.slice(0, maxChars + 1)));
    if (typeof item === "bigint") return write(String(item));
    return write(JSON.stringify(item) ?? "null");
  };
  walk(value);
  return out;
}

/** Values JSON leaves out of objects and writes as null in arrays. */
const isSkipped = (value: unknown) =>
  value === undefined || typeof value === "function" || typeof value === "symbol";
