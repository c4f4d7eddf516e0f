import { decodeMessage } from "./decode-message.ts";
import type { ProtoSchema } from "./schema.ts";

/** How well a payload fits one message type. */
export interface TypeFit {
  type: string;
  /** Decoded with no unknown field and no problem. */
  clean: boolean;
  /** Fields the type declares, as read (nested ones included). */
  known: number;
  unknown: number;
  problems: number;
  /** Share of the type's own fields that the payload sets (0–1). */
  coverage: number;
  /** Why the payload cannot be this type at all (a cut-off length…), if it cannot. */
  error?: string;
}

/**
 * Tries every message type of the schema on `bytes` and ranks them by how cleanly each decodes:
 * those that decode at all first; then with no problem and no unknown field; then fewer
 * problems, fewer unknown fields, more known fields, and a larger share of the type's own fields
 * set (so `{id}` ranks `Ping {id}` above `Order {id, price, qty}`); then by name.
 */
export function rankTypes(schema: ProtoSchema, bytes: Uint8Array): TypeFit[] {
  const fits: TypeFit[] = [];
  for (const name of schema.types) {
    const type = schema.type(name);
    if (!type) continue;
    const decoded = decodeMessage(type, bytes);
    if (!decoded.ok) {
      fits.push({
        type: name,
        clean: false,
        known: 0,
        unknown: 0,
        problems: 0,
        coverage: 0,
        error: decoded.error,
      });
      continue;
    }
    const { known, unknown, problems } = decoded.stats;
    const declared = type.fieldsArray.length;
    const set = Object.keys(decoded.value).filter((key) => key !== "$unknown").length;
    fits.push({
      type: name,
      clean: unknown === 0 && problems.length === 0,
      known,
      unknown,
      problems: problems.length,
      coverage: declared === 0 ? (bytes.length === 0 ? 1 : 0) : set / declared,
    });
  }
  return fits.sort(compareFits);
}

function compareFits(a: TypeFit, b: TypeFit): number {
  return (
    Number(a.error !== undefined) - Number(b.error !== undefined) ||
    Number(b.clean) - Number(a.clean) ||
    a.problems - b.problems ||
    a.unknown - b.unknown ||
    b.known - a.known ||
    b.coverage - a.coverage ||
    a.type.localeCompare(b.type)
  );
}

/** One line on a fit, for the Detect list: `clean: 4 fields`, `2 unknown fields, 1 problem`. */
export function describeFit(fit: TypeFit): string {
  if (fit.error !== undefined) return `does not decode: ${fit.error}`;
  const fields = `${fit.known} ${fit.known === 1 ? "field" : "fields"}`;
  if (fit.clean) return `clean: ${fields}`;
  const parts = [fields];
  if (fit.unknown > 0) parts.push(`${fit.unknown} unknown`);
  if (fit.problems > 0)
    parts.push(`${fit.problems} ${fit.problems === 1 ? "problem" : "problems"}`);
  return parts.join(", ");
}
