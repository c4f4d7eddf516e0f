import { describe, expect, it } from "vitest";
import {
  describeMissing,
  expandEnvReferences,
} from "../../../inspector/src/model/environments/env-references.ts";
import type { Environment } from "../../../inspector/src/model/environments/environment.ts";
import {
  environmentsFile,
  readEnvironmentsFile,
} from "../../../inspector/src/model/environments/environment-file.ts";

const dev: Environment = {
  id: "a",
  name: "dev",
  variables: [
    { name: "HOST", value: "localhost", secret: false },
    { name: "TOKEN", value: "tok-123", secret: true },
  ],
};

describe("environmentsFile", () => {
  it("writes every variable, with secret values left empty", () => {
    const text = environmentsFile([dev]);
    expect(text).not.toContain("tok-123");
    expect(text).toBe(`{
  "socketscope": "environments",
  "version": 1,
  "environments": [
    {
      "name": "dev",
      "variables": [
        {
          "name": "HOST",
          "value": "localhost",
          "secret": false
        },
        {
          "name": "TOKEN",
          "value": "",
          "secret": true
        }
      ]
    }
  ]
}
`);
  });

  it("reads back what it wrote", () => {
    expect(readEnvironmentsFile(environmentsFile([dev]))).toEqual({
      ok: true,
      environments: [
        {
          name: "dev",
          variables: [
            { name: "HOST", value: "localhost", secret: false },
            { name: "TOKEN", value: "", secret: true },
          ],
        },
      ],
    });
  });
});

describe("readEnvironmentsFile", () => {
  it("reads a Postman environment: secret type, disabled values left out", () => {
    const postman = JSON.stringify({
      name: "Staging",
      values: [
        { key: "baseUrl", value: "wss://staging", type: "default", enabled: true },
        { key: "secretish", value: "s", type: "secret", enabled: true },
        { key: "apiKey", value: "k", enabled: true },
        { key: "old", value: "o", enabled: false },
      ],
    });
    expect(readEnvironmentsFile(postman)).toEqual({
      ok: true,
      environments: [
        {
          name: "Staging",
          variables: [
            { name: "baseUrl", value: "wss://staging", secret: false },
            { name: "secretish", value: "s", secret: true },
            { name: "apiKey", value: "k", secret: true },
          ],
        },
      ],
    });
  });

  const deep = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
  it.each<[string, string, string]>([
    ["not JSON", "{", "Invalid JSON"],
    ["10,000 levels deep", deep(10_000), "JSON nests deeper than 8 levels"],
    [
      "10,000 levels deep inside a value",
      `{"socketscope":"environments","environments":${deep(10_000)}}`,
      "JSON nests deeper than 8 levels",
    ],
    ["a list", "[]", "An environments file is a JSON object"],
    ["something else", '{"hello":1}', "Not an environments file"],
    [
      "a variable whose name cannot be a placeholder",
      '{"socketscope":"environments","version":1,"environments":[{"name":"x","variables":[{"name":"a b","value":""}]}]}',
      "environments[0].variables[0].name: A variable name starts with a letter",
    ],
    [
      "a value that is not text",
      '{"name":"x","values":[{"key":"A","value":{"nested":true}}]}',
      "values[0].value: a value is text",
    ],
    [
      "a huge value",
      `{"name":"x","values":[{"key":"A","value":"${"x".repeat(70_000)}"}]}`,
      "values[0].value: at most 65536 characters",
    ],
    [
      "too many variables",
      `{"name":"x","values":[${Array.from({ length: 501 }, (_, i) => `{"key":"K${i}","value":""}`).join(",")}]}`,
      "values: at most 500 variables",
    ],
    ["a file over 8 MiB", `"${"x".repeat(8 * 1024 * 1024)}"`, "JSON text is longer than"],
  ])("refuses %s, saying what and where", (_name, text, error) => {
    const read = readEnvironmentsFile(text);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.error).toContain(error);
  });

  it("takes __proto__ and constructor as plain names and pollutes nothing", () => {
    const read = readEnvironmentsFile(
      '{"__proto__":{"polluted":1},"name":"x","values":[{"key":"__proto__","value":"p"},{"key":"constructor","value":"c"}]}',
    );
    expect(read).toEqual({
      ok: true,
      environments: [
        {
          name: "x",
          variables: [
            { name: "__proto__", value: "p", secret: false },
            { name: "constructor", value: "c", secret: false },
          ],
        },
      ],
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("expandEnvReferences", () => {
  const env = Object.assign(Object.create(null), { TOKEN: "t{{env.X}}", HOST: "h" });
  it.each<[string, string, ReturnType<typeof expandEnvReferences>]>([
    ["plain text", "abc {{ not a ref }}", { ok: true, text: "abc {{ not a ref }}" }],
    ["a reference", "Bearer {{env.TOKEN}}", { ok: true, text: "Bearer t{{env.X}}" }],
    ["spaces inside", "{{ env.HOST }}:1", { ok: true, text: "h:1" }],
    ["missing ones, once each", "{{env.A}}{{env.B}}{{env.A}}", { ok: false, missing: ["A", "B"] }],
    [
      "an inherited name is not set",
      "{{env.constructor}}",
      { ok: false, missing: ["constructor"] },
    ],
  ])("%s", (_name, text, expected) => {
    expect(expandEnvReferences(text, env)).toEqual(expected);
  });

  it("describes what is missing", () => {
    expect(describeMissing(["env.TOKEN"])).toBe(
      "{{env.TOKEN}} is not set: choose an environment that has it, or add it to the one in use",
    );
    expect(describeMissing(["env.A", "env.B", "vars.sid"])).toBe(
      "{{env.A}}, {{env.B}} are not set: choose an environment that has them, or add them to the one in use. {{vars.sid}} only has a value in a scenario, once a step captures it",
    );
  });
});
