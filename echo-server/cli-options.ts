import { parseArgs } from "node:util";
import { DEFAULT_AUTH_TOKEN } from "./endpoints/auth.ts";
import { defaultPolicy, type Policy } from "./policy.ts";

/** What `socketscope` was asked to serve. */
export interface ServeCommand {
  type: "serve";
  port: number;
  host: string;
  policy: Policy;
  authToken: string;
  idleTimeoutSeconds: number;
  tls?: { certFile: string; keyFile: string };
  relayAllow: string[];
}

/** Parsed command line of `socketscope`. */
export type CliCommand = ServeCommand | { type: "help" } | { type: "error"; message: string };

const MiB = 1024 * 1024;

/** The flags, as `--help` lists them. */
export const HELP = `Usage: socketscope [options]

Serves the SocketScope inspector and the WebSocket playground endpoints.

Options:
  -p, --port <port>            TCP port to listen on (default: $PORT or 7777)
  -H, --host <host>            interface to bind (default: 127.0.0.1; 0.0.0.0 for all)
      --max-payload <bytes>    largest message; bigger ones close with 1009 (default: ${defaultPolicy.maxPayload})
      --deflate                turn permessage-deflate on, with bounded windows (default: off)
      --rate-limit <msg/s>     messages per second per peer, bursts of twice that; 0 = off (default: ${defaultPolicy.rateLimit})
      --max-connections <n>    open connections before upgrades get 503 (default: ${defaultPolicy.maxConnections})
      --max-buffered <bytes>   bytes queued per peer before messages to it are dropped (default: ${defaultPolicy.maxBufferedBytes})
      --slow-close <ms>        close a peer that stays over --max-buffered this long with 1013 (default: ${defaultPolicy.slowConsumerGraceMs})
      --idle-timeout <s>       close peers that answer no ping for this long; 0 = never (default: 60)
      --auth-token <token>     the token /auth accepts (default: ${DEFAULT_AUTH_TOKEN})
      --tls-cert <file>        PEM certificate: serve https:// and wss:// (needs --tls-key)
      --tls-key <file>         PEM private key for --tls-cert
      --relay-allow <list>     host[:port],... the relay may dial; needed for the relay when --host
                               is not loopback (default: any target while bound to loopback)
  -h, --help                   show this help and exit
`;

type Flags = Partial<Record<string, string | boolean>>;

/** Reads the flags (and the PORT variable); never throws. */
export function parseCli(argv: string[], env: Record<string, string | undefined>): CliCommand {
  let values: Flags;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: "string", short: "p" },
        host: { type: "string", short: "H" },
        "max-payload": { type: "string" },
        deflate: { type: "boolean" },
        "rate-limit": { type: "string" },
        "max-connections": { type: "string" },
        "max-buffered": { type: "string" },
        "slow-close": { type: "string" },
        "idle-timeout": { type: "string" },
        "auth-token": { type: "string" },
        "tls-cert": { type: "string" },
        "tls-key": { type: "string" },
        "relay-allow": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { type: "error", message: error instanceof Error ? error.message : String(error) };
  }
  if (values.help) return { type: "help" };

  try {
    const port = integer("--port", (values.port as string | undefined) ?? env.PORT, 7777, 0, 65535);
    const host = (values.host as string | undefined) ?? "127.0.0.1";
    if (host.trim() === "") throw new Error("--host must not be empty");
    const rateLimit = integer(
      "--rate-limit",
      values["rate-limit"],
      defaultPolicy.rateLimit,
      0,
      10_000_000,
    );
    const policy: Policy = {
      maxPayload: integer(
        "--max-payload",
        values["max-payload"],
        defaultPolicy.maxPayload,
        125,
        256 * MiB,
      ),
      deflate: values.deflate === true,
      rateLimit,
      rateBurst: rateLimit * 2,
      maxConnections: integer(
        "--max-connections",
        values["max-connections"],
        defaultPolicy.maxConnections,
        1,
        1_000_000,
      ),
      maxBufferedBytes: integer(
        "--max-buffered",
        values["max-buffered"],
        defaultPolicy.maxBufferedBytes,
        1024,
        1024 * MiB,
      ),
      slowConsumerGraceMs: integer(
        "--slow-close",
        values["slow-close"],
        defaultPolicy.slowConsumerGraceMs,
        0,
        3_600_000,
      ),
    };
    const certFile = values["tls-cert"] as string | undefined;
    const keyFile = values["tls-key"] as string | undefined;
    if ((certFile === undefined) !== (keyFile === undefined)) {
      throw new Error("--tls-cert and --tls-key go together");
    }
    const authToken = (values["auth-token"] as string | undefined) ?? DEFAULT_AUTH_TOKEN;
    if (authToken === "") throw new Error("--auth-token must not be empty");
    const relayAllow = ((values["relay-allow"] as string | undefined) ?? "")
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean);
    for (const entry of relayAllow) {
      if (!/^[A-Za-z0-9.\-[\]:]+$/.test(entry))
        throw new Error(`--relay-allow: "${entry}" is not host or host:port`);
    }
    return {
      type: "serve",
      relayAllow,
      port,
      host,
      policy,
      authToken,
      idleTimeoutSeconds: integer("--idle-timeout", values["idle-timeout"], 60, 0, 86_400),
      ...(certFile && keyFile ? { tls: { certFile, keyFile } } : {}),
    };
  } catch (error) {
    return { type: "error", message: (error as Error).message };
  }
}

function integer(flag: string, raw: unknown, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const text = String(raw);
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new Error(`${flag} must be a number from ${min} to ${max}, not "${text}"`);
  }
  return value;
}
