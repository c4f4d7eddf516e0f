import { describe, expect, it } from "vitest";
import {
  checkEnvironment,
  checkVariableName,
  type Environment,
  environmentValues,
  freshEnvironmentName,
  isSecretByDefault,
} from "../../../inspector/src/model/environments/environment.ts";

const env = (variables: Environment["variables"], name = "dev", id = "a"): Environment => ({
  id,
  name,
  variables,
});
const v = (name: string, value = "x", secret = false) => ({ name, value, secret });

describe("checkVariableName", () => {
  it.each<[string, string | undefined]>([
    ["TOKEN", undefined],
    ["_private", undefined],
    ["api.key-2", undefined],
    ["", "A variable needs a name"],
    [
      "2FA",
      "A variable name starts with a letter or _ and has letters, digits, _ . - (as in {{env.NAME}})",
    ],
    [
      "has space",
      "A variable name starts with a letter or _ and has letters, digits, _ . - (as in {{env.NAME}})",
    ],
    [
      "a}}b",
      "A variable name starts with a letter or _ and has letters, digits, _ . - (as in {{env.NAME}})",
    ],
    ["x".repeat(201), "A variable name is at most 200 characters"],
  ])("%j", (name, problem) => {
    expect(checkVariableName(name)).toBe(problem);
  });
});

describe("checkEnvironment", () => {
  it.each<[string, Environment, Environment[], { field: string; message: string }[]]>([
    ["a good one", env([v("A"), v("B")]), [], []],
    ["blank rows are skipped", env([v("", ""), v("A")]), [], []],
    ["no name", env([], "  "), [], [{ field: "name", message: "An environment needs a name" }]],
    [
      "another's name",
      env([], "prod"),
      [env([], "prod", "b")],
      [{ field: "name", message: "Another environment is named prod" }],
    ],
    ["its own name is fine", env([], "prod"), [env([], "prod")], []],
    [
      "a name twice, and a bad one",
      env([v("A"), v("bad name"), v("A")]),
      [],
      [
        {
          field: "variables.1.name",
          message:
            "A variable name starts with a letter or _ and has letters, digits, _ . - (as in {{env.NAME}})",
        },
        { field: "variables.2.name", message: "A is given twice: each name once" },
      ],
    ],
    [
      "a value too long",
      env([v("A", "x".repeat(64 * 1024 + 1))]),
      [],
      [{ field: "variables.0.value", message: "A value is at most 65536 characters" }],
    ],
  ])("%s", (_name, environment, others, problems) => {
    expect(checkEnvironment(environment, others)).toEqual(problems);
  });
});

describe("environmentValues", () => {
  it("takes valid names, the first of a name twice, and has no prototype", () => {
    const values = environmentValues(
      env([v("A", "1"), v("bad name", "2"), v("A", "3"), v("B", "")]),
    );
    expect({ ...values }).toEqual({ A: "1", B: "" });
    expect(Object.getPrototypeOf(values)).toBe(null);
    expect(values.constructor).toBeUndefined();
  });

  it("keeps a variable named __proto__ as a variable", () => {
    const values = environmentValues(env([v("__proto__", "p")]));
    expect(Object.hasOwn(values, "__proto__")).toBe(true);
    expect(Object.getOwnPropertyDescriptor(values, "__proto__")?.value).toBe("p");
    expect(({} as Record<string, unknown>).p).toBeUndefined();
  });

  it("is empty without an environment", () => {
    expect({ ...environmentValues(undefined) }).toEqual({});
  });
});

describe("defaults", () => {
  it.each([
    ["TOKEN", true],
    ["API_KEY", true],
    ["password", true],
    ["HOST", false],
    ["monkey", false],
  ])("%s is secret by default: %s", (name, secret) => {
    expect(isSecretByDefault(name)).toBe(secret);
  });

  it("names a new environment after the ones there are", () => {
    expect(freshEnvironmentName([])).toBe("New environment");
    expect(
      freshEnvironmentName([env([], "New environment"), env([], "New environment 2", "b")]),
    ).toBe("New environment 3");
  });
});
