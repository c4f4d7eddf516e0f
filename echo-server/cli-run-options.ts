import { parseArgs } from "node:util";
import { REPORTERS, type ReporterName } from "./protocol/scenario/reporters.ts";

/** `socketscope run scenario.json [--env file.json] [--reporter …] [--output file]`. */
export interface RunCommand {
  type: "run";
  file: string;
  envFile?: string;
  reporter: ReporterName;
  /** Where the report goes; stdout when absent (then it is the only output). */
  output?: string;
}

/** Help for `socketscope run`. */
export const RUN_HELP = `Usage: socketscope run <scenario.json> [options]

Runs a scenario headless, with the ws client (so headers go on the wire), and exits 0 when
every step passes, 1 when one fails, 2 when the scenario or a flag is not valid.

Options:
      --env <file.json>        variables for {{env.NAME}}: a JSON object of strings
                               (the process environment is read too; the file wins)
      --reporter <name>        pretty, tap, junit or json (default: pretty)
      --output <file>          write the report there (a pretty summary still goes to stdout)
  -h, --help                   show this help and exit
`;

/** Reads `run`'s arguments (after the word "run"); never throws. */
export function parseRunCommand(
  argv: string[],
): RunCommand | { type: "help"; text: string } | { type: "error"; message: string } {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        env: { type: "string" },
        reporter: { type: "string" },
        output: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    return { type: "error", message: (error as Error).message };
  }
  const { values, positionals } = parsed;
  if (values.help) return { type: "help", text: RUN_HELP };
  if (positionals.length !== 1)
    return { type: "error", message: "run takes one scenario file: socketscope run scenario.json" };
  const reporter = (values.reporter as string | undefined) ?? "pretty";
  if (!(REPORTERS as readonly string[]).includes(reporter))
    return {
      type: "error",
      message: `--reporter must be one of ${REPORTERS.join(", ")}, not "${reporter}"`,
    };
  return {
    type: "run",
    file: positionals[0] as string,
    reporter: reporter as ReporterName,
    ...(values.env !== undefined ? { envFile: values.env as string } : {}),
    ...(values.output !== undefined ? { output: values.output as string } : {}),
  };
}
