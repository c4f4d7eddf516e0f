import { describe, expect, it } from "vitest";
import { compileTemplate } from "../../../inspector/src/model/compose/templates.ts";
import { makeSecretFinder } from "../../../inspector/src/model/environments/secret-values.ts";
import {
  escapeTemplate,
  literalJson,
  literalOf,
  templateOf,
} from "../../../inspector/src/model/scenarios/template-text.ts";

const context = { seq: 1, now: 0, random: () => 0, uuid: () => "u", env: { T: "tok" } };

describe("literal text as a template", () => {
  it.each(["plain", "{{seq}}", "{{{", "\\{{x}}", "a\\", "{{ env.T }} and }}"])(
    "%j expands back to itself once escaped",
    (text) => {
      const template = compileTemplate(escapeTemplate(text));
      expect(template.ok && template.expand(context)).toBe(text);
      expect(literalOf(escapeTemplate(text))).toBe(text);
    },
  );

  it("puts {{env.NAME}} where a secret was, and the template expands to the text again", () => {
    const finder = makeSecretFinder([{ name: "T", value: "tok" }]);
    const { template, found } = templateOf("{{a}} tok", finder);
    expect(template).toBe("\\{{a}} {{env.T}}");
    expect(found).toEqual(["T"]);
    const compiled = compileTemplate(template);
    expect(compiled.ok && compiled.expand(context)).toBe("{{a}} tok");
  });

  it("has no literal for a template with placeholders", () => {
    expect(literalOf("hi {{seq}}")).toBeUndefined();
    expect(literalOf("{{bad")).toBeUndefined();
    expect(literalJson({ a: ["x", "\\{{y}}"] })).toEqual({ value: { a: ["x", "{{y}}"] } });
    expect(literalJson({ a: "{{uuid}}" })).toBeUndefined();
  });
});
