/** A compiled regular expression, or why the pattern is not one. */
export type CompiledRegex = { ok: true; regex: RegExp } | { ok: false; error: string };

/**
 * Compiles `pattern` with `flags`. The engine's message starts with "Invalid regular
 * expression: " and then names the pattern and the fault; the error keeps the second part
 * once, as in "Not a valid regular expression: /(/: Unterminated group".
 */
export function compileRegex(pattern: string, flags = ""): CompiledRegex {
  try {
    return { ok: true, regex: new RegExp(pattern, flags) };
  } catch (error) {
    const reason = (error as Error).message.replace(/^Invalid regular expression: /, "");
    return { ok: false, error: `Not a valid regular expression: ${reason}` };
  }
}

/** Why `pattern` with `flags` is not a usable regular expression, or undefined. */
export function regexProblem(pattern: string, flags = ""): string | undefined {
  const compiled = compileRegex(pattern, flags);
  return compiled.ok ? undefined : compiled.error;
}
