import { bytesNode, keyText, numberNode, setEntry } from "../tree.ts";

/** Bounds of a value made into a tree. */
export const TREE_LIMITS = {
  maxDepth: 32,
  maxNodes: 50_000,
  maxString: 100_000,
  maxItems: 10_000,
  maxBytes: 64 * 1024,
};

/**
 * Whatever a custom decoder returned, as a tree the detail pane can show and the page can
 * receive: plain objects, lists, strings, finite numbers, booleans and null, with the tree's
 * conventions for the rest (`$bytes`, `$number`, `$date`…). Bounded in depth, size and length,
 * safe with cycles, getters that throw and keys like `__proto__`. Never throws.
 */
export function toTree(value: unknown, limits = TREE_LIMITS): unknown {
  let nodes = 0;
  const seen = new Set<object>();
  const convert = (item: unknown, depth: number): unknown => {
    if (++nodes > limits.maxNodes) return { $truncated: `more than ${limits.maxNodes} values` };
    if (item === null || item === undefined) return null;
    switch (typeof item) {
      case "string":
        return item.length > limits.maxString ? `${item.slice(0, limits.maxString)}…` : item;
      case "number":
      case "bigint":
        return numberNode(item);
      case "boolean":
        return item;
      case "symbol":
        return { $symbol: item.description ?? "" };
      case "function":
        return { $function: safeName(item) };
    }
    const object = item as object;
    if (seen.has(object)) return { $circular: true };
    if (depth >= limits.maxDepth) return { $truncated: `deeper than ${limits.maxDepth} levels` };
    try {
      if (object instanceof ArrayBuffer) return bytesOf(new Uint8Array(object), limits);
      if (ArrayBuffer.isView(object))
        return bytesOf(new Uint8Array(object.buffer, object.byteOffset, object.byteLength), limits);
      if (object instanceof Date)
        return Number.isNaN(object.getTime())
          ? { $date: "invalid" }
          : { $date: object.toISOString() };
      seen.add(object);
      if (Array.isArray(object) || object instanceof Set) {
        const items = Array.isArray(object) ? object : [...object];
        const out = items.slice(0, limits.maxItems).map((entry) => convert(entry, depth + 1));
        if (items.length > limits.maxItems)
          out.push({ $truncated: `${items.length - limits.maxItems} more` });
        return out;
      }
      const out: Record<string, unknown> = {};
      const entries: [unknown, unknown][] =
        object instanceof Map
          ? [...object.entries()]
          : Object.keys(object).map((key) => [key, read(object, key)]);
      for (const [key, entry] of entries.slice(0, limits.maxItems))
        setEntry(out, keyText(key), convert(entry, depth + 1));
      if (entries.length > limits.maxItems)
        setEntry(out, "$truncated", `${entries.length - limits.maxItems} more keys`);
      return out;
    } catch (error) {
      return { $error: describeError(error) };
    } finally {
      seen.delete(object);
    }
  };
  return convert(value, 0);
}

/** A property, or what reading it threw. */
function read(object: object, key: string): unknown {
  try {
    return (object as Record<string, unknown>)[key];
  } catch (error) {
    return { $error: describeError(error) };
  }
}

function bytesOf(bytes: Uint8Array, limits: typeof TREE_LIMITS) {
  if (bytes.length <= limits.maxBytes) return bytesNode(bytes);
  return {
    ...bytesNode(bytes.subarray(0, limits.maxBytes)),
    $truncated: `${bytes.length} bytes in all`,
  };
}

function safeName(fn: unknown): string {
  try {
    return String((fn as { name?: unknown }).name ?? "");
  } catch {
    return "";
  }
}

/** An error as one line: `TypeError: x is not a function`. Never throws. */
export function describeError(error: unknown): string {
  try {
    if (error instanceof Error) return `${error.name}: ${error.message}`;
    return `Threw ${typeof error === "string" ? JSON.stringify(error) : String(error)}`;
  } catch {
    return "Threw a value that cannot be shown";
  }
}
