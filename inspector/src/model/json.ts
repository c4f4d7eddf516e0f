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
