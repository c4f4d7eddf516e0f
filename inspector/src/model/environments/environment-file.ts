/**
 * Environments as a file, to keep or to hand to a colleague: secret values are never written
 * (the variable stays, marked secret, with an empty value to fill in). Reading takes SocketScope's
 * own files and Postman's environment exports, and holds any file to the inspector's bounds: a
 * hostile file gets a message that says what and where, never a crash or a polluted object.
 */
import { parseJson } from "../../../../echo-server/protocol/json-guard.ts";
import {
  checkVariableName,
  type Environment,
  EnvironmentLimits,
  type EnvironmentVariable,
  isSecretByDefault,
} from "./environment.ts";

/** What `environmentsFile` writes. */
export interface EnvironmentsFile {
  socketscope: "environments";
  version: 1;
  environments: { name: string; variables: EnvironmentVariable[] }[];
}

/** Longest file read, in characters. */
const MAX_FILE_CHARS = 8 * 1024 * 1024;

/** The environments as a file's text; secret values left empty. */
export function environmentsFile(environments: readonly Environment[]): string {
  const file: EnvironmentsFile = {
    socketscope: "environments",
    version: 1,
    environments: environments.map((environment) => ({
      name: environment.name,
      variables: environment.variables.map((variable) => ({
        name: variable.name,
        value: variable.secret ? "" : variable.value,
        secret: variable.secret,
      })),
    })),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** Environments read from a file (without ids), or what is wrong with it. */
export type EnvironmentsRead =
  | { ok: true; environments: Omit<Environment, "id">[] }
  | { ok: false; error: string };

/**
 * Reads a file of environments: SocketScope's (`{"socketscope": "environments", …}`), or a
 * Postman environment (`{"name", "values": [{"key", "value", "type", "enabled"}]}`). Never throws.
 */
export function readEnvironmentsFile(text: string): EnvironmentsRead {
  const json = parseJson(text, { maxDepth: 8, maxLength: MAX_FILE_CHARS });
  if (!json.ok) return { ok: false, error: json.message };
  const value = json.value;
  if (!isRecord(value)) return { ok: false, error: "An environments file is a JSON object" };
  if (value.socketscope === "environments") {
    if (!Array.isArray(value.environments))
      return { ok: false, error: "environments: a list of environments is expected" };
    if (value.environments.length > EnvironmentLimits.maxEnvironments)
      return { ok: false, error: `environments: at most ${EnvironmentLimits.maxEnvironments}` };
    const environments: Omit<Environment, "id">[] = [];
    for (const [index, entry] of value.environments.entries()) {
      const read = readEnvironment(entry, `environments[${index}]`, "variables", {
        name: "name",
        value: "value",
      });
      if (typeof read === "string") return { ok: false, error: read };
      environments.push(read);
    }
    return { ok: true, environments };
  }
  if (Array.isArray(value.values)) {
    const read = readEnvironment(value, "", "values", { name: "key", value: "value" });
    return typeof read === "string"
      ? { ok: false, error: read }
      : { ok: true, environments: [read] };
  }
  return {
    ok: false,
    error:
      'Not an environments file: expected SocketScope\'s {"socketscope": "environments"} or a Postman environment {"name", "values"}',
  };
}

/** One environment, or what is wrong with it (the message names where). */
function readEnvironment(
  entry: unknown,
  at: string,
  listKey: "variables" | "values",
  keys: { name: "name" | "key"; value: "value" },
): Omit<Environment, "id"> | string {
  const where = (path: string) => (at === "" ? path : `${at}.${path}`);
  if (!isRecord(entry)) return `${at || "The file"}: an environment is an object`;
  const name = entry.name;
  if (typeof name !== "string" || name.trim() === "")
    return `${where("name")}: an environment needs a name`;
  if (name.length > EnvironmentLimits.maxNameLength)
    return `${where("name")}: at most ${EnvironmentLimits.maxNameLength} characters`;
  const list = entry[listKey];
  if (!Array.isArray(list)) return `${where(listKey)}: a list of variables is expected`;
  if (list.length > EnvironmentLimits.maxVariables)
    return `${where(listKey)}: at most ${EnvironmentLimits.maxVariables} variables`;
  const variables: EnvironmentVariable[] = [];
  for (const [index, item] of list.entries()) {
    const path = where(`${listKey}[${index}]`);
    if (!isRecord(item)) return `${path}: a variable is an object`;
    // Postman marks a variable it does not use as enabled: false; it is left out, as there.
    if (item.enabled === false) continue;
    const variableName = item[keys.name];
    const variableValue = item[keys.value] ?? "";
    if (typeof variableName !== "string") return `${path}.${keys.name}: a name is text`;
    const problem = checkVariableName(variableName);
    if (problem) return `${path}.${keys.name}: ${problem}`;
    if (typeof variableValue !== "string") return `${path}.${keys.value}: a value is text`;
    if (variableValue.length > EnvironmentLimits.maxValueLength)
      return `${path}.${keys.value}: at most ${EnvironmentLimits.maxValueLength} characters`;
    const secret =
      typeof item.secret === "boolean"
        ? item.secret
        : item.type === "secret" || isSecretByDefault(variableName);
    variables.push({ name: variableName, value: variableValue, secret });
  }
  return { name: name.trim(), variables };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
