/**
 * `{{env.NAME}}` in text that is not a message template: relay header values, the bearer token
 * and the Basic credentials. Only that placeholder is read there; every other character,
 * braces included, is sent as typed.
 */

/** `{{env.NAME}}`, with the spaces a template allows inside the braces. */
const ENV_REFERENCE = /\{\{\s*env\.([A-Za-z_][\w.-]*)\s*\}\}/g;

/** Text with its environment references filled in, or the names it reads that are not set. */
export type ExpandedReferences = { ok: true; text: string } | { ok: false; missing: string[] };

/** Fills in the `{{env.NAME}}` of `text` from `env`, in one pass (a value is never re-read). */
export function expandEnvReferences(
  text: string,
  env: Readonly<Record<string, string>>,
): ExpandedReferences {
  const missing: string[] = [];
  const expanded = text.replace(ENV_REFERENCE, (whole, name: string) => {
    if (Object.hasOwn(env, name)) return env[name] as string;
    if (!missing.includes(name)) missing.push(name);
    return whole;
  });
  return missing.length > 0 ? { ok: false, missing } : { ok: true, text: expanded };
}

/**
 * What to say when references (`env.TOKEN`, `vars.sid`) are not set: "{{env.TOKEN}} is not set:
 * choose an environment that has it, or add it to the one in use".
 */
export function describeMissing(references: readonly string[]): string {
  const env = references.filter((reference) => reference.startsWith("env."));
  const vars = references.filter((reference) => !reference.startsWith("env."));
  const list = (names: string[]) => names.map((name) => `{{${name}}}`).join(", ");
  const sentences: string[] = [];
  if (env.length > 0) {
    const one = env.length === 1;
    sentences.push(
      `${list(env)} ${one ? "is" : "are"} not set: choose an environment that has ${one ? "it" : "them"}, or add ${one ? "it" : "them"} to the one in use`,
    );
  }
  if (vars.length > 0)
    sentences.push(
      `${list(vars)} only ${vars.length === 1 ? "has a value" : "have values"} in a scenario, once a step captures ${vars.length === 1 ? "it" : "them"}`,
    );
  return sentences.join(". ");
}
