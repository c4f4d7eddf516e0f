import { compileRegex } from "../regex.ts";
import { regexRisk } from "../regex-risk.ts";

/** How a ping loop recognises the reply to a ping. */
export type MatcherSpec =
  | { kind: "exact"; text: string }
  | { kind: "regex"; pattern: string }
  | { kind: "json-field"; path: string }
  | { kind: "next" };

/** A matcher ready to use: which outstanding ping (by seq) a message answers, if any. */
export type CompiledMatcher =
  | {
      ok: true;
      match(message: string | ArrayBuffer, outstanding: readonly number[]): number | undefined;
    }
  | { ok: false; error: string };

/**
 * Compiles a reply matcher. `exact` and `regex` match text and answer the oldest outstanding
 * ping; `json-field` reads a field (dotted path, e.g. `seq` or `data.id`) of a JSON reply and
 * answers the ping with that seq, so late replies never pair with the wrong ping; `next` takes
 * any next message as the reply to the oldest ping.
 */
export function compileMatcher(spec: MatcherSpec): CompiledMatcher {
  const oldest = (outstanding: readonly number[]) => outstanding[0];
  switch (spec.kind) {
    case "exact":
      return {
        ok: true,
        match: (message, outstanding) => (message === spec.text ? oldest(outstanding) : undefined),
      };
    case "regex": {
      // Every reply runs through it in the capture worker: a backtracking pattern would freeze it.
      const risk = regexRisk(spec.pattern);
      if (risk) return { ok: false, error: risk };
      const compiled = compileRegex(spec.pattern);
      if (!compiled.ok) return compiled;
      const pattern = compiled.regex;
      return {
        ok: true,
        match: (message, outstanding) =>
          typeof message === "string" && pattern.test(message) ? oldest(outstanding) : undefined,
      };
    }
    case "json-field": {
      const path = spec.path.split(".").filter(Boolean);
      if (path.length === 0)
        return {
          ok: false,
          error: "Name the JSON field that carries the seq, e.g. seq or data.id",
        };
      return {
        ok: true,
        match(message, outstanding) {
          if (typeof message !== "string" || !message.trimStart().startsWith("{")) return undefined;
          let value: unknown;
          try {
            value = JSON.parse(message);
          } catch {
            return undefined;
          }
          for (const key of path) value = (value as Record<string, unknown> | null)?.[key];
          const seq = typeof value === "string" ? Number(value) : value;
          return typeof seq === "number" && outstanding.includes(seq) ? seq : undefined;
        },
      };
    }
    case "next":
      return { ok: true, match: (_message, outstanding) => oldest(outstanding) };
  }
}
