import { readFile, stat, writeFile } from "node:fs/promises";
import type { RunCommand } from "./cli-run-options.ts";
import { parseJson } from "./protocol/json-guard.ts";
import { formatResult } from "./protocol/scenario/reporters.ts";
import { runScenario } from "./protocol/scenario/runner.ts";
import { parseScenario, ScenarioLimits, tooBig } from "./protocol/scenario/schema.ts";
import { wsConnector } from "./scenario-node.ts";

/** Where `socketscope run` writes, and what it reads from outside. */
export interface RunIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
}

/** Largest --env file read. */
const MAX_ENV_FILE_BYTES = 1024 * 1024;

/** Runs a scenario file as `socketscope run` does; resolves with the exit code. */
export async function runScenarioFile(command: RunCommand, io: RunIo): Promise<number> {
  let text: string;
  try {
    // Sized before it is read: a huge file is refused, not loaded.
    const { size } = await stat(command.file);
    if (size > ScenarioLimits.maxChars) {
      io.stderr(`${command.file}: ${tooBig(size)}\n`);
      return 2;
    }
    text = await readFile(command.file, "utf8");
  } catch (error) {
    io.stderr(`socketscope: cannot read ${command.file}: ${(error as Error).message}\n`);
    return 2;
  }
  const checked = parseScenario(text);
  if (!checked.ok) {
    for (const problem of checked.problems) {
      const where =
        problem.line !== undefined
          ? `${command.file}:${problem.line}:${problem.column}`
          : command.file;
      io.stderr(`${where}: ${problem.path ? `${problem.path}: ` : ""}${problem.message}\n`);
    }
    return 2;
  }
  const env = { ...io.env };
  if (command.envFile !== undefined) {
    const fromFile = await readEnvFile(command.envFile);
    if (typeof fromFile === "string") {
      io.stderr(`socketscope: ${fromFile}\n`);
      return 2;
    }
    Object.assign(env, fromFile);
  }
  const result = await runScenario(checked.scenario, { connector: wsConnector(), env });
  const report = formatResult(result, command.reporter);
  if (command.output === undefined) io.stdout(report);
  else {
    try {
      await writeFile(command.output, report);
    } catch (error) {
      // The run happened: its report goes to stdout rather than nowhere, and the exit code
      // says the command was not done as asked.
      io.stderr(`socketscope: cannot write ${command.output}: ${(error as Error).message}\n`);
      io.stdout(report);
      return 2;
    }
    if (command.reporter !== "pretty") io.stdout(formatResult(result, "pretty"));
  }
  return result.passed ? 0 : 1;
}

/** An env file: a JSON object of strings; or why it is not one. */
async function readEnvFile(path: string): Promise<Record<string, string> | string> {
  let text: string;
  try {
    if ((await stat(path)).size > MAX_ENV_FILE_BYTES)
      return `${path} is over ${MAX_ENV_FILE_BYTES / (1024 * 1024)} MB; an env file is a JSON object of names and values`;
    text = await readFile(path, "utf8");
  } catch (error) {
    return `cannot read ${path}: ${(error as Error).message}`;
  }
  const json = parseJson(text, { maxDepth: 2, maxLength: MAX_ENV_FILE_BYTES });
  if (!json.ok) return `${path}: ${json.message}`;
  const value = json.value;
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return `${path} must be a JSON object of names and string values`;
  const env: Record<string, string> = {};
  for (const [name, item] of Object.entries(value)) {
    if (typeof item !== "string") return `${path}: the value of ${name} must be a string`;
    env[name] = item;
  }
  return env;
}
