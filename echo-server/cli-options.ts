import { parseArgs } from "node:util";

/** Parsed command line of `socketscope`. */
export type CliCommand =
  | { type: "serve"; port: number; host: string }
  | { type: "help" }
  | { type: "error"; message: string };

/** The flags, as `--help` lists them. */
export const HELP = `Usage: socketscope [options]

Serves the SocketScope inspector and the WebSocket playground endpoints.

Options:
  -p, --port <port>   TCP port to listen on (default: $PORT or 7777)
  -H, --host <host>   interface to bind (default: 127.0.0.1; use 0.0.0.0 for all)
  -h, --help          show this help and exit
`;

/** Reads the flags (and the PORT variable); never throws. */
export function parseCli(argv: string[], env: Record<string, string | undefined>): CliCommand {
  let values: { port?: string; host?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: "string", short: "p" },
        host: { type: "string", short: "H" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { type: "error", message: error instanceof Error ? error.message : String(error) };
  }
  if (values.help) return { type: "help" };

  const portText = values.port ?? env.PORT ?? "7777";
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) {
    return { type: "error", message: `--port must be a number from 0 to 65535, not "${portText}"` };
  }
  const host = values.host ?? "127.0.0.1";
  if (host.trim() === "") return { type: "error", message: "--host must not be empty" };
  return { type: "serve", port, host };
}
