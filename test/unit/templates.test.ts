import { describe, expect, it } from "vitest";
import {
  compileTemplate,
  missingReferences,
  type TemplateContext,
} from "../../echo-server/protocol/templates.ts";

const context: TemplateContext = {
  seq: 7,
  now: Date.UTC(2026, 10, 22, 12, 0, 0, 123) + 0.456,
  random: () => 0.5,
  uuid: () => "00000000-0000-4000-8000-000000000000",
  env: { KEY: "k-123" },
  vars: { sid: "s9", n: 3, obj: { a: [1] } },
};

describe("templates", () => {
  it.each([
    ["plain text", "hello", "hello"],
    ["seq", "ping {{seq}}", "ping 7"],
    ["now in epoch ms", "{{now}}", String(Date.UTC(2026, 10, 22, 12, 0, 0, 123))],
    ["iso", "{{iso}}", "2026-11-22T12:00:00.123Z"],
    ["uuid", "{{uuid}}", "00000000-0000-4000-8000-000000000000"],
    ["random in range", "{{random:1:10}}", "6"],
    ["random of one value", "{{random:5:5}}", "5"],
    ["hex bytes", "{{hex:3}}", "808080"],
    ["spaces inside braces", "{{ seq }}", "7"],
    [
      "JSON with placeholders",
      '{"seq":{{seq}},"at":"{{iso}}"}',
      '{"seq":7,"at":"2026-11-22T12:00:00.123Z"}',
    ],
    ["escaped braces stay literal", "\\{{seq}} is {{seq}}", "{{seq}} is 7"],
    ["an environment variable", "key={{env.KEY}}", "key=k-123"],
    ["a captured string", "{{vars.sid}}", "s9"],
    ["a captured number or object, as JSON", "{{vars.n}} {{vars.obj}}", '3 {"a":[1]}'],
    ["an unset variable is empty", "[{{env.NOPE}}{{vars.nope}}]", "[]"],
    ["lone braces are text", "{ } }} {", "{ } }} {"],
  ])("%s", (_name, source, expected) => {
    const template = compileTemplate(source);
    expect(template.ok).toBe(true);
    if (template.ok) expect(template.expand(context)).toBe(expected);
  });

  it("knows whether it has placeholders", () => {
    expect(compileTemplate("plain")).toMatchObject({ ok: true, hasPlaceholders: false });
    expect(compileTemplate("{{seq}}")).toMatchObject({ ok: true, hasPlaceholders: true });
  });

  it.each([
    ["{{seq", "Unclosed placeholder at character 1"],
    ["{{nope}}", "Unknown placeholder {{nope}}"],
    ["{{random:9:1}}", "{{random:9:1}}: write {{random:min:max}}"],
    ["{{random:a:b}}", "write {{random:min:max}} with whole numbers"],
    ["{{hex:0}}", "{{hex:0}}: write {{hex:n}}"],
  ])("rejects %s", (source, message) => {
    const template = compileTemplate(source);
    expect(template.ok).toBe(false);
    if (!template.ok) expect(template.error).toContain(message);
  });

  it("draws random values across the whole range", () => {
    const template = compileTemplate("{{random:1:3}}");
    if (!template.ok) throw new Error(template.error);
    const seen = new Set(
      [0, 0.34, 0.99].map((r) => template.expand({ ...context, random: () => r })),
    );
    expect([...seen].sort()).toEqual(["1", "2", "3"]);
  });
});

describe("template references", () => {
  it("lists the env and vars a template reads, once each, and which the context lacks", () => {
    const template = compileTemplate("{{env.KEY}} {{vars.sid}} {{env.KEY}} {{env.OTHER}} {{seq}}");
    expect(template.ok && template.references).toEqual(["env.KEY", "vars.sid", "env.OTHER"]);
    expect(missingReferences(["env.KEY", "vars.sid", "env.OTHER"], context)).toEqual(["env.OTHER"]);
  });

  it.each([
    ["{{env}}", "{{env}}: write {{env.NAME}} or {{vars.name}} (letters, digits, _ . -)"],
    ["{{vars.a b}}", "{{vars.a b}}: write {{env.NAME}} or {{vars.name}} (letters, digits, _ . -)"],
  ])("refuses %s", (source, error) => {
    expect(compileTemplate(source)).toEqual({ ok: false, error });
  });
});

describe("template variables read only their own values", () => {
  it.each(["constructor", "__proto__", "toString", "hasOwnProperty"])(
    "{{env.%s}} on a plain object is unset, not something it inherits",
    (name) => {
      const template = compileTemplate(`[{{env.${name}}}][{{vars.${name}}}]`);
      if (!template.ok) throw new Error(template.error);
      const plain = { ...context, env: {}, vars: {} };
      expect(template.expand(plain)).toBe("[][]");
      expect(missingReferences(template.references, plain)).toEqual([
        `env.${name}`,
        `vars.${name}`,
      ]);
    },
  );

  it("reads an own __proto__ entry like any other", () => {
    const template = compileTemplate("{{env.__proto__}}");
    if (!template.ok) throw new Error(template.error);
    const env = JSON.parse('{"__proto__": "own value"}') as Record<string, string>;
    expect(template.expand({ ...context, env })).toBe("own value");
  });
});
