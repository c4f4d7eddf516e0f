import { create, type Delta } from "jsondiffpatch";

/** One structural change between two JSON values. */
export interface JsonChange {
  /** Where, as a JSON path: `$.items[2].price`. */
  path: string;
  kind: "added" | "removed" | "changed" | "moved";
  left?: unknown;
  right?: unknown;
  /** For a move: the index in the right-hand array. */
  to?: number;
}

/** Keys that name an array item across versions, tried in order. */
const ID_KEYS = ["id", "_id", "key", "name", "uuid"];

const differ = create({
  // Items with an id are matched by it, so an insertion reads as one addition and a reorder as
  // moves, not as every later item changed.
  objectHash: (item) => {
    const record = item as Record<string, unknown>;
    for (const key of ID_KEYS) {
      const value = record[key];
      if (typeof value === "string" || typeof value === "number") return `${key}:${value}`;
    }
    return undefined;
  },
  arrays: { detectMove: true, includeValueOnMove: false },
});

/**
 * The changes from `left` to `right`, as jsondiffpatch finds them (arrays matched by item id
 * when items have one), flattened to one entry per changed path, in document order.
 */
export function diffJson(left: unknown, right: unknown): JsonChange[] {
  const delta = differ.diff(left, right);
  const changes: JsonChange[] = [];
  walk(delta, "$", left, changes);
  return changes;
}

/** A property name as a path step: `.name`, or `["odd name"]`. */
export function pathStep(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function walk(delta: Delta, path: string, left: unknown, out: JsonChange[]) {
  if (delta === undefined) return;
  if (Array.isArray(delta)) {
    if (delta.length === 1) out.push({ path, kind: "added", right: delta[0] });
    else if (delta.length === 2)
      out.push({ path, kind: "changed", left: delta[0], right: delta[1] });
    else if (delta[2] === 0) out.push({ path, kind: "removed", left: delta[0] });
    return;
  }
  if ((delta as { _t?: unknown })._t === "a") {
    const entries = Object.entries(delta).filter(([key]) => key !== "_t");
    const leftItems = Array.isArray(left) ? left : [];
    // Removals and moves are keyed by their index on the left, the rest by the right.
    for (const [key, item] of entries.filter(([key]) => key.startsWith("_"))) {
      const index = Number(key.slice(1));
      const change = item as unknown[];
      if (change[2] === 3)
        out.push({
          path: `${path}[${index}]`,
          kind: "moved",
          left: leftItems[index],
          to: change[1] as number,
        });
      else out.push({ path: `${path}[${index}]`, kind: "removed", left: change[0] });
    }
    for (const [key, item] of entries.filter(([key]) => !key.startsWith("_")))
      walk(item as Delta, `${path}[${key}]`, leftItems[Number(key)], out);
    return;
  }
  const record = typeof left === "object" && left !== null ? (left as Record<string, unknown>) : {};
  for (const [key, item] of Object.entries(delta))
    walk(
      item as Delta,
      `${path}${pathStep(key)}`,
      Object.hasOwn(record, key) ? record[key] : undefined,
      out,
    );
}
