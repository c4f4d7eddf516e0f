/**
 * Literal text as a template and back. Sends and matchers in a scenario are templates, so text
 * taken from a capture must have its `{{` escaped (`\{{`) or it would be read as a placeholder;
 * and a template without placeholders reads back as the literal text it stands for.
 */
import { compileTemplate } from "../compose/templates.ts";
import type { SecretFinder } from "../environments/secret-values.ts";

/** `text` as a template that expands to exactly `text`. */
export function escapeTemplate(text: string): string {
  return text.replaceAll("{{", "\\{{");
}

/**
 * `text` as a template, with each secret value of the environments replaced by its
 * `{{env.NAME}}` (so the template still expands to `text` with that environment in use).
 */
export function templateOf(
  text: string,
  secrets: SecretFinder,
): { template: string; found: string[] } {
  let template = "";
  const found: string[] = [];
  for (const piece of secrets.segments(text)) {
    if ("text" in piece) template += escapeTemplate(piece.text);
    else {
      template += `{{env.${piece.secret.name}}}`;
      if (!found.includes(piece.secret.name)) found.push(piece.secret.name);
    }
  }
  return { template, found };
}

/** The literal text a template stands for, or undefined when it has placeholders (or is bad). */
export function literalOf(template: string): string | undefined {
  const compiled = compileTemplate(template);
  if (!compiled.ok || compiled.hasPlaceholders) return undefined;
  return compiled.expand({ seq: 0, now: 0, random: () => 0, uuid: () => "" });
}

/** Every string of a JSON value through `map` (keys as they are); no prototype is touched. */
export function mapStrings(value: unknown, map: (text: string) => string | undefined): unknown {
  if (typeof value === "string") return map(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map));
  if (value !== null && typeof value === "object") {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value))
      Object.defineProperty(copy, key, {
        value: mapStrings(item, map),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    return copy;
  }
  return value;
}

/** A JSON value whose strings are templates, as the literal value; undefined if one has placeholders. */
export function literalJson(value: unknown): { value: unknown } | undefined {
  let literal = true;
  const result = mapStrings(value, (text) => {
    const plain = literalOf(text);
    if (plain === undefined) literal = false;
    return plain;
  });
  return literal ? { value: result } : undefined;
}
