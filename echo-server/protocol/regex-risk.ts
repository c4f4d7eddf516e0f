/**
 * Regular expressions from a scenario or a ping loop's reply matcher run in the capture worker
 * and the CLI, against frames from any server. A pattern whose repeated group repeats inside,
 * such as `(a+)+` or `(\w*)*$`, can take exponential time on a frame that almost matches, and
 * JavaScript cannot interrupt it: the worker (every tab's capture) would freeze. Such patterns
 * are refused when the scenario or the ping spec is checked. The test is the classic "star height" one (as safe-regex does): it catches nested
 * quantifiers, not every slow pattern, and errs on the side of refusing.
 */

/** Longest pattern a scenario or a ping matcher may hold. */
export const MAX_PATTERN_LENGTH = 2000;

/** Why `pattern` is refused, or undefined when it may run. */
export function regexRisk(pattern: string): string | undefined {
  if (pattern.length > MAX_PATTERN_LENGTH)
    return `A pattern is at most ${MAX_PATTERN_LENGTH} characters`;
  // A pattern that does not compile is refused for that, by the scenario's own check.
  try {
    new RegExp(pattern, "u");
  } catch {
    try {
      new RegExp(pattern);
    } catch {
      return undefined;
    }
  }
  // One entry per open group: whether something inside it repeats.
  const groups: boolean[] = [false];
  const markRepeat = () => {
    groups[groups.length - 1] = true;
  };
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === "\\") {
      i++;
      continue;
    }
    if (char === "[") {
      i = endOfClass(pattern, i);
      continue;
    }
    if (char === "(") {
      groups.push(false);
      // `(?:`, `(?=`, `(?<name>`: the `?` is group syntax, not a quantifier.
      if (pattern[i + 1] === "?") i++;
      continue;
    }
    if (char === ")") {
      const repeatsInside = groups.length > 1 ? (groups.pop() as boolean) : false;
      const after = repeatAt(pattern, i + 1);
      if (repeatsInside && after)
        return `A repeated group that repeats inside (${pattern.slice(0, i + 1 + after).slice(-40)}) can take exponential time: rewrite it without the nesting`;
      if (repeatsInside || after) markRepeat();
      continue;
    }
    if (repeatAt(pattern, i)) markRepeat();
  }
  return undefined;
}

/** The length of an unbounded quantifier at `at` (`*`, `+`, `{n,}`, `{n,m}` with m > 1), or 0. */
function repeatAt(pattern: string, at: number): number {
  const char = pattern[at];
  if (char === "*" || char === "+") return 1;
  if (char !== "{") return 0;
  const bounds = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(at));
  if (!bounds) return 0;
  const max =
    bounds[2] === undefined ? Number(bounds[1]) : bounds[3] === "" ? Infinity : Number(bounds[3]);
  return max > 1 ? bounds[0].length : 0;
}

/** The index of the `]` that closes the class opened at `at`. */
function endOfClass(pattern: string, at: number): number {
  let i = at + 1;
  if (pattern[i] === "^") i++;
  if (pattern[i] === "]") i++;
  while (i < pattern.length && pattern[i] !== "]") i += pattern[i] === "\\" ? 2 : 1;
  return i;
}
