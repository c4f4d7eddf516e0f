import { parsePath, valueAt } from "../../../../../echo-server/protocol/tap-rules.ts";

/** Longest text a column cell keeps. */
const MAX_CELL = 200;

/**
 * Why `path` cannot fill a column, or undefined when it can. A path is a property name
 * (`type`), a JSON path (`$.header.kind`, `$.items[0]`), or `$` for the whole result.
 */
export function checkColumnPath(path: string): string | undefined {
  if (path.trim() === "") return undefined;
  return parsePath(normalize(path)) === null
    ? `"${path}" is not a path: use a name (type) or a JSON path ($.header.kind)`
    : undefined;
}

function normalize(path: string): string {
  const trimmed = path.trim();
  return trimmed.startsWith("$") ? trimmed : `$.${trimmed}`;
}

/** The text a decoded tree puts in the column at `path`, or "" when it has nothing there. */
export function columnText(tree: unknown, path: string): string {
  if (path.trim() === "") return "";
  const steps = parsePath(normalize(path));
  if (steps === null) return "";
  const found = valueAt(tree, steps);
  if (!found.exists) return "";
  const value = found.value;
  const text =
    typeof value === "string" ? value : value === null ? "null" : (JSON.stringify(value) ?? "");
  return text.length > MAX_CELL ? `${text.slice(0, MAX_CELL)}…` : text;
}
