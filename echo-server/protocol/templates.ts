/**
 * Message templates: `{{seq}}`, `{{uuid}}`… expanded when a message is sent. Shared by the
 * inspector's composer and ping loops and by scenarios, in the browser and in the headless CLI.
 */

/** What a template may draw on when it is expanded. */
export interface TemplateContext {
  /** The message's sequence number (1 for the first message of a run). */
  seq: number;
  /** Epoch milliseconds at send time. */
  now: number;
  random(): number;
  uuid(): string;
  /** `{{env.NAME}}`: an environment's variables (secrets included). */
  env?: Readonly<Record<string, string | undefined>>;
  /** `{{vars.name}}`: values a scenario captured; non-strings are written as JSON. */
  vars?: Readonly<Record<string, unknown>>;
}

/** A template that is ready to expand, or why it is not. */
export type CompiledTemplate =
  | {
      ok: true;
      hasPlaceholders: boolean;
      /** The `env.NAME` and `vars.name` it reads, so a caller can check they are set. */
      references: string[];
      expand(context: TemplateContext): string;
    }
  | { ok: false; error: string };

type Part = string | ((context: TemplateContext) => string);

const MAX_HEX_BYTES = 1024 * 1024;

/**
 * Compiles a message template. Placeholders: `{{seq}}`, `{{now}}` (epoch ms), `{{iso}}`,
 * `{{uuid}}`, `{{random:min:max}}` (an integer), `{{hex:n}}` (n random bytes as hex),
 * `{{env.NAME}}` and `{{vars.name}}` (empty when unset: check `references` first). A
 * backslash before `{{` writes the braces literally: `\{{seq}}` sends `{{seq}}`.
 */
export function compileTemplate(source: string): CompiledTemplate {
  const parts: Part[] = [];
  const references: string[] = [];
  let text = "";
  let index = 0;
  let hasPlaceholders = false;
  while (index < source.length) {
    if (source.startsWith("\\{{", index)) {
      text += "{{";
      index += 3;
      continue;
    }
    if (!source.startsWith("{{", index)) {
      text += source[index];
      index++;
      continue;
    }
    const close = source.indexOf("}}", index + 2);
    if (close < 0)
      return {
        ok: false,
        error: `Unclosed placeholder at character ${index + 1}: add }} or write \\{{`,
      };
    const body = source.slice(index + 2, close).trim();
    const placeholder = parsePlaceholder(body);
    if (typeof placeholder === "string") return { ok: false, error: placeholder };
    if (/^(env|vars)\./.test(body) && !references.includes(body)) references.push(body);
    if (text) parts.push(text);
    text = "";
    parts.push(placeholder);
    hasPlaceholders = true;
    index = close + 2;
  }
  if (text) parts.push(text);
  return {
    ok: true,
    hasPlaceholders,
    references,
    expand: (context) =>
      parts.map((part) => (typeof part === "string" ? part : part(context))).join(""),
  };
}

/** A placeholder's expander, or an error message. */
function parsePlaceholder(body: string): ((context: TemplateContext) => string) | string {
  const variable = /^(env|vars)\.([A-Za-z_][\w.-]*)$/.exec(body);
  if (variable) {
    const [, scope, key = ""] = variable;
    return scope === "env"
      ? (context) => own(context.env, key) ?? ""
      : (context) => {
          const value = own(context.vars, key);
          return value === undefined
            ? ""
            : typeof value === "string"
              ? value
              : JSON.stringify(value);
        };
  }
  if (/^(env|vars)\b/.test(body))
    return `{{${body}}}: write {{env.NAME}} or {{vars.name}} (letters, digits, _ . -)`;
  const [name, ...args] = body.split(":");
  switch (name) {
    case "seq":
      return (context) => String(context.seq);
    case "now":
      return (context) => String(Math.floor(context.now));
    case "iso":
      return (context) => new Date(context.now).toISOString();
    case "uuid":
      return (context) => context.uuid();
    case "random": {
      const [min, max] = args.map(Number);
      if (
        args.length !== 2 ||
        !Number.isInteger(min) ||
        !Number.isInteger(max) ||
        (min ?? 0) > (max ?? 0)
      ) {
        return `{{${body}}}: write {{random:min:max}} with whole numbers, min ≤ max`;
      }
      const low = min ?? 0;
      const span = (max ?? 0) - low + 1;
      return (context) => String(low + Math.floor(context.random() * span));
    }
    case "hex": {
      const n = Number(args[0]);
      if (args.length !== 1 || !Number.isInteger(n) || n < 1 || n > MAX_HEX_BYTES) {
        return `{{${body}}}: write {{hex:n}} with n from 1 to ${MAX_HEX_BYTES}`;
      }
      return (context) => {
        let hex = "";
        for (let i = 0; i < n; i++)
          hex += Math.floor(context.random() * 256)
            .toString(16)
            .padStart(2, "0");
        return hex;
      };
    }
    default:
      return `Unknown placeholder {{${body}}}: use seq, now, iso, uuid, random:min:max, hex:n, env.NAME or vars.name (\\{{ writes braces)`;
  }
}

/** The context of a real send: the clock and crypto randomness. */
export function liveContext(seq: number, now: number): TemplateContext {
  return { seq, now, random: Math.random, uuid: () => crypto.randomUUID() };
}

/** The `env.*` and `vars.*` a template reads that `context` does not set. */
export function missingReferences(
  references: readonly string[],
  context: TemplateContext,
): string[] {
  return references.filter((reference) => {
    const [scope, ...rest] = reference.split(".");
    const key = rest.join(".");
    return scope === "env"
      ? own(context.env, key) === undefined
      : own(context.vars, key) === undefined;
  });
}

/**
 * A variable's own value: `{{env.constructor}}` or `{{vars.__proto__}}` must not read what an
 * object inherits (the env of the CLI is a plain object).
 */
function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}
