import { describe, expect, it } from "vitest";
import { compileRegex, regexProblem } from "../../../echo-server/protocol/regex.ts";

describe("regexProblem", () => {
  it.each([
    ["^a(b|c)$", "", undefined],
    ["(", "", "Not a valid regular expression: /(/: Unterminated group"],
    ["(", "i", "Not a valid regular expression: /(/i: Unterminated group"],
    ["[z-a]", "", "Not a valid regular expression: /[z-a]/: Range out of order in character class"],
    ["a", "q", "Not a valid regular expression: Invalid flags supplied to RegExp constructor 'q'"],
  ])("%j with flags %j", (pattern, flags, expected) => {
    expect(regexProblem(pattern, flags)).toBe(expected);
  });

  it("hands back the compiled expression", () => {
    const compiled = compileRegex("^pong$", "i");
    expect(compiled.ok && compiled.regex.test("PONG")).toBe(true);
  });
});
