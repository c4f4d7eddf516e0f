/**
 * Environments: named sets of variables that templates read as `{{env.NAME}}` (the composer,
 * schedules, ping loops, relay header values and scenarios). A variable may be secret: its value
 * is masked on screen and never leaves the inspector in a share link or an export.
 */
import { isSecretName } from "../../../../echo-server/protocol/secret-names.ts";

/** One variable of an environment. */
export interface EnvironmentVariable {
  name: string;
  value: string;
  /** Masked on screen, left out of share links and exports. @default isSecretName(name) */
  secret: boolean;
}

/** A named set of variables. */
export interface Environment {
  id: string;
  name: string;
  variables: EnvironmentVariable[];
}

/** Bounds of what the inspector keeps (an imported file is held to them too). */
export const EnvironmentLimits = {
  maxEnvironments: 100,
  maxVariables: 500,
  maxNameLength: 200,
  maxValueLength: 64 * 1024,
} as const;

/** The variable names a template can reach: `{{env.NAME}}`. */
const VARIABLE_NAME = /^[A-Za-z_][\w.-]*$/;

/** Why `name` cannot be a variable name, or undefined when it can. */
export function checkVariableName(name: string): string | undefined {
  if (name === "") return "A variable needs a name";
  if (name.length > EnvironmentLimits.maxNameLength)
    return `A variable name is at most ${EnvironmentLimits.maxNameLength} characters`;
  if (!VARIABLE_NAME.test(name))
    return "A variable name starts with a letter or _ and has letters, digits, _ . - (as in {{env.NAME}})";
  return undefined;
}

/** A field of an environment that a problem is about: `name`, `variables.2.name`… */
export interface EnvironmentProblem {
  field: string;
  message: string;
}

/** The field of variable row `index`'s name or value. */
export const variableField = (index: number, part: "name" | "value"): string =>
  `variables.${index}.${part}`;

/**
 * Everything wrong with an environment: its name (given, not too long, not another
 * environment's), and each variable's name (valid, not twice) and value (not too long). Rows
 * with neither name nor value are blank and skipped.
 */
export function checkEnvironment(
  environment: Environment,
  others: readonly Environment[] = [],
): EnvironmentProblem[] {
  const problems: EnvironmentProblem[] = [];
  const name = environment.name.trim();
  if (name === "") problems.push({ field: "name", message: "An environment needs a name" });
  else if (name.length > EnvironmentLimits.maxNameLength)
    problems.push({
      field: "name",
      message: `An environment name is at most ${EnvironmentLimits.maxNameLength} characters`,
    });
  else if (others.some((other) => other.id !== environment.id && other.name.trim() === name))
    problems.push({ field: "name", message: `Another environment is named ${name}` });
  if (environment.variables.length > EnvironmentLimits.maxVariables)
    problems.push({
      field: "variables",
      message: `At most ${EnvironmentLimits.maxVariables} variables`,
    });
  const seen = new Set<string>();
  environment.variables.forEach((variable, index) => {
    if (isBlank(variable)) return;
    const problem = checkVariableName(variable.name);
    if (problem) problems.push({ field: variableField(index, "name"), message: problem });
    else if (seen.has(variable.name))
      problems.push({
        field: variableField(index, "name"),
        message: `${variable.name} is given twice: each name once`,
      });
    seen.add(variable.name);
    if (variable.value.length > EnvironmentLimits.maxValueLength)
      problems.push({
        field: variableField(index, "value"),
        message: `A value is at most ${EnvironmentLimits.maxValueLength} characters`,
      });
  });
  return problems;
}

const isBlank = (variable: EnvironmentVariable) => variable.name === "" && variable.value === "";

/**
 * The values `{{env.NAME}}` reads from an environment (none when there is none): valid names
 * only, the first of a name given twice. The record has no prototype, so `{{env.constructor}}`
 * is simply unset.
 */
export function environmentValues(
  environment: Environment | undefined,
): Readonly<Record<string, string>> {
  const values: Record<string, string> = Object.create(null);
  for (const variable of environment?.variables ?? []) {
    if (checkVariableName(variable.name) !== undefined || Object.hasOwn(values, variable.name))
      continue;
    values[variable.name] = variable.value;
  }
  return values;
}

/** Whether a new variable of this name starts as secret: the names share links leave out. */
export function isSecretByDefault(name: string): boolean {
  return isSecretName(name);
}

/** A new, empty variable row. */
export function blankVariable(): EnvironmentVariable {
  return { name: "", value: "", secret: false };
}

/** A name for a new environment that no other has: "New environment", "New environment 2"… */
export function freshEnvironmentName(existing: readonly Environment[]): string {
  const names = new Set(existing.map((environment) => environment.name.trim()));
  if (!names.has("New environment")) return "New environment";
  for (let n = 2; ; n++) if (!names.has(`New environment ${n}`)) return `New environment ${n}`;
}
