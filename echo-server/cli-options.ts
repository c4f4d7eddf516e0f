import { parseArgs } from "node:util";
import { type PingCommand, parsePingCommand } from "./cli-ping.ts";
import { parseRunCommand, type RunCommand } from "./cli-run-options.ts";
import { DEFAULT_AUTH_TOKEN } from "./endpoints/auth.ts";
import { defaultSocketIoPing, type SocketIoPing } from "./endpoints/socketio.ts";
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
  allowedHosts: string[];
  allowOrigins: string[];
  /** `--tap name=url` (repeatable; `name=` makes a mock). */
  taps: { name: string; target: string }[];
  tapListen: boolean;
  tapToken?: string;
  /** `--redis URL`: rooms across processes. */
  redis?: string;
  /** `--presence-ttl ms`: how soon a crashed process's members leave. */
  presenceTtlMs: number;
  /** `--cluster N`: N processes on one port (needs `redis`); 1 runs in this process. */
  cluster: number;
  /** `--socket-io-ping interval,timeout`: the playground Socket.IO server's heartbeat, in ms. */
  socketIoPing: SocketIoPing;
}

/** Parsed command line of `socketscope`. */
export type CliCommand =
  | ServeCommand
  | RunCommand
  | PingCommand
  | { type: "help"; text?: string }
  | { type: "error"; message: string };

const MiB = 1024 * 1024;

/** A numeric limit of the policy, its flag, and the values the flag takes. */
interface LimitFlag {
  flag: string;
  key: Exclude<keyof Policy, "deflate" | "rateBurst">;
  min: number;
  max: number;
  /** What it does, for --help (the default is added). */
  help: string;
}

/** Every numeric limit, in the order --help lists them. */
const LIMIT_FLAGS: LimitFlag[] = [
  {
    flag: "max-payload",
    key: "maxPayload",
    min: 125,
    max: 256 * MiB,
    help: "largest message; bigger ones close with 1009",
  },
  {
    flag: "rate-limit",
    key: "rateLimit",
    min: 0,
    max: 10_000_000,
    help: "messages per second per peer, bursts of twice that; 0 = off",
  },
  {
    flag: "max-connections",
    key: "maxConnections",
    min: 1,
    max: 1_000_000,
    help: "connections (open or upgrading) before upgrades get 503",
  },
  {
    flag: "max-connections-per-ip",
    key: "maxConnectionsPerIp",
    min: 1,
    max: 1_000_000,
    help: "connections from one address before its upgrades get 503",
  },
  {
    flag: "max-buffered",
    key: "maxBufferedBytes",
    min: 1024,
    max: 1024 * MiB,
    help: "bytes queued per peer before messages to it are dropped",
  },
  {
    flag: "max-buffered-total",
    key: "maxBufferedTotalBytes",
    min: 1024,
    max: 16384 * MiB,
    help: "bytes queued for all peers together; past it, peers with a backlog get no more",
  },
  {
    flag: "slow-close",
    key: "slowConsumerGraceMs",
    min: 0,
    max: 3_600_000,
    help: "close a peer that stays over --max-buffered this long (ms) with 1013",
  },
  {
    flag: "max-rooms",
    key: "maxRooms",
    min: 1,
    max: 1_000_000,
    help: "rooms held at once, empty rooms with history included",
  },
  {
    flag: "history-bytes",
    key: "maxHistoryBytes",
    min: 0,
    max: 4096 * MiB,
    help: "room history kept over all rooms; least recently used rooms lose theirs first",
  },
  {
    flag: "api-rate-limit",
    key: "apiRateLimit",
    min: 1,
    max: 1_000_000,
    help: "HTTP API requests per second per address, bursts of twice that; then 429",
  },
  {
    flag: "api-body-total",
    key: "apiBodyBytes",
    min: 1024,
    max: 4096 * MiB,
    help: "bytes of HTTP API request bodies being received at once; then 503",
  },
  {
    flag: "echo-pending-bytes",
    key: "echoPendingBytesPerPeer",
    min: 1024,
    max: 4096 * MiB,
    help: "bytes one /echo?delay peer may have waiting; over it, 1013",
  },
  {
    flag: "echo-pending-total",
    key: "echoPendingBytes",
    min: 1024,
    max: 4096 * MiB,
    help: "bytes all /echo?delay peers may have waiting together",
  },
];

const helpLine = (flag: string, text: string) => `      ${flag.padEnd(30)} ${text}`;

/** The flags, as `--help` lists them. */
export const HELP = `Usage: socketscope [options]
       socketscope run <scenario.json> [--env file.json] [--reporter pretty|tap|junit|json]
       socketscope ping <ws-url> [--interval ms] [--count n] [--payload text] [--match …]

Serves the SocketScope inspector and the WebSocket playground endpoints; or runs a scenario
headless (socketscope run --help); or measures round trips (socketscope ping --help).

Options:
  -p, --port <port>                  TCP port to listen on (default: $PORT or 7777)
  -H, --host <host>                  interface to bind (default: 127.0.0.1; 0.0.0.0 for all)
${helpLine("--deflate", "turn permessage-deflate on, with bounded windows (default: off)")}
${LIMIT_FLAGS.map(({ flag, key, help }) => helpLine(`--${flag} <n>`, `${help} (default: ${defaultPolicy[key]})`)).join("\n")}
${helpLine("--idle-timeout <s>", "close peers that answer no ping for this long; 0 = never (default: 60)")}
${helpLine("--auth-token <token>", `the token /auth accepts (default: ${DEFAULT_AUTH_TOKEN})`)}
${helpLine("--socket-io-ping <ms,ms>", `/socket.io/ pings every first ms, drops a client silent for the second (default: ${defaultSocketIoPing.intervalMs},${defaultSocketIoPing.timeoutMs})`)}
${helpLine("--tls-cert <file>", "PEM certificate: serve https:// and wss:// (needs --tls-key)")}
${helpLine("--tls-key <file>", "PEM private key for --tls-cert")}
${helpLine("--allowed-hosts <list>", "Host names to accept besides loopback and the bound host: name,")}
${helpLine("", "name:port, .domain for its subdomains, * for any (defeats DNS-rebinding checks)")}
${helpLine("--allow-origin <list>", "page origins the playground endpoints accept besides loopback; * for any")}
${helpLine("--tap <name=url>", "a named tap: apps connect to /tap/<name>, the server dials url; name= for a mock")}
${helpLine("", "(repeatable; taps can also be made in the inspector)")}
${helpLine("--tap-listen", "let apps on other machines connect through taps, with a token (default: this machine)")}
${helpLine("--tap-token <token>", "the token those apps send as ?tap_token= (default: a random one, printed)")}
${helpLine("--redis <url>", "rooms, presence, history and /broadcast across every process on this Redis")}
${helpLine("--cluster <n>", "run n processes on one port (needs --redis); the banner lists them")}
${helpLine("--presence-ttl <ms>", "with --redis: a crashed process's members leave within this (default: 15000)")}
${helpLine("--relay-allow <list>", "host[:port],... the relay may dial; needed for the relay when --host")}
${helpLine("", "is not loopback (default: any target while bound to loopback)")}
  -h, --help                         show this help and exit
`;

type Flags = Partial<Record<string, string | boolean | string[]>>;

/** Reads the flags (and the PORT variable); never throws. */
export function parseCli(argv: string[], env: Record<string, string | undefined>): CliCommand {
  if (argv[0] === "run") return parseRunCommand(argv.slice(1));
  if (argv[0] === "ping") return parsePingCommand(argv.slice(1));
  let values: Flags;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: "string", short: "p" },
        host: { type: "string", short: "H" },
        deflate: { type: "boolean" },
        ...Object.fromEntries(LIMIT_FLAGS.map(({ flag }) => [flag, { type: "string" as const }])),
        "idle-timeout": { type: "string" },
        "auth-token": { type: "string" },
        "socket-io-ping": { type: "string" },
        "tls-cert": { type: "string" },
        "tls-key": { type: "string" },
        "relay-allow": { type: "string", multiple: true },
        "allowed-hosts": { type: "string", multiple: true },
        "allow-origin": { type: "string", multiple: true },
        tap: { type: "string", multiple: true },
        redis: { type: "string" },
        "presence-ttl": { type: "string" },
        cluster: { type: "string" },
        "tap-listen": { type: "boolean" },
        "tap-token": { type: "string" },
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
    const policy: Policy = { ...defaultPolicy, deflate: values.deflate === true };
    for (const { flag, key, min, max } of LIMIT_FLAGS)
      policy[key] = integer(`--${flag}`, values[flag], defaultPolicy[key], min, max);
    policy.rateBurst = policy.rateLimit * 2;
    const certFile = values["tls-cert"] as string | undefined;
    const keyFile = values["tls-key"] as string | undefined;
    if ((certFile === undefined) !== (keyFile === undefined)) {
      throw new Error("--tls-cert and --tls-key go together");
    }
    const authToken = (values["auth-token"] as string | undefined) ?? DEFAULT_AUTH_TOKEN;
    if (authToken === "") throw new Error("--auth-token must not be empty");
    const relayAllow = list(values["relay-allow"]);
    for (const entry of relayAllow) {
      if (!/^[A-Za-z0-9.\-[\]:]+$/.test(entry))
        throw new Error(`--relay-allow: "${entry}" is not host or host:port`);
    }
    const allowedHosts = list(values["allowed-hosts"]);
    for (const entry of allowedHosts) {
      if (entry !== "*" && !/^\.?[A-Za-z0-9.\-[\]:]+$/.test(entry))
        throw new Error(`--allowed-hosts: "${entry}" is not a host name, host:port or .domain`);
    }
    const allowOrigins = list(values["allow-origin"]);
    for (const entry of allowOrigins) {
      if (entry !== "*" && !isOrigin(entry))
        throw new Error(`--allow-origin: "${entry}" is not an origin such as https://app.example`);
    }
    const taps = ((values.tap as string[] | undefined) ?? []).map((entry) => {
      const equals = entry.indexOf("=");
      if (equals <= 0) throw new Error(`--tap: "${entry}" is not name=url (or name= for a mock)`);
      return { name: entry.slice(0, equals), target: entry.slice(equals + 1) };
    });
    const tapToken = values["tap-token"] as string | undefined;
    if (tapToken !== undefined && !/^[A-Za-z0-9_-]{16,128}$/.test(tapToken))
      throw new Error("--tap-token must be 16–128 characters of A–Z a–z 0–9 _ -");
    const redis = values.redis as string | undefined;
    if (redis !== undefined && !/^rediss?:\/\/\S+$/.test(redis))
      throw new Error(`--redis must be a redis:// or rediss:// URL, not "${redis}"`);
    const clusterSize = integer("--cluster", values.cluster, 1, 1, 64);
    if (clusterSize > 1 && redis === undefined)
      throw new Error(
        "--cluster needs --redis: the processes share rooms, presence and history through Redis",
      );
    return {
      type: "serve",
      ...(redis !== undefined ? { redis } : {}),
      cluster: clusterSize,
      presenceTtlMs: integer("--presence-ttl", values["presence-ttl"], 15_000, 1000, 3_600_000),
      taps,
      tapListen: values["tap-listen"] === true,
      ...(tapToken ? { tapToken } : {}),
      relayAllow,
      allowedHosts,
      allowOrigins,
      port,
      host,
      policy,
      authToken,
      idleTimeoutSeconds: integer("--idle-timeout", values["idle-timeout"], 60, 0, 86_400),
      socketIoPing: socketIoPing(values["socket-io-ping"]),
      ...(certFile && keyFile ? { tls: { certFile, keyFile } } : {}),
    };
  } catch (error) {
    return { type: "error", message: (error as Error).message };
  }
}

/** `--socket-io-ping 25000,20000`: the interval and timeout of Socket.IO's heartbeat, in ms. */
function socketIoPing(raw: unknown): SocketIoPing {
  if (raw === undefined) return defaultSocketIoPing;
  const [interval = "", timeout, extra] = String(raw).split(",");
  if (timeout === undefined || extra !== undefined)
    throw new Error(
      `--socket-io-ping is interval,timeout in ms, such as 25000,20000, not "${raw}"`,
    );
  return {
    intervalMs: integer("--socket-io-ping interval", interval.trim(), 0, 100, 3_600_000),
    timeoutMs: integer("--socket-io-ping timeout", timeout.trim(), 0, 100, 3_600_000),
  };
}

/** A repeatable flag of comma-separated entries, as one list. */
function list(raw: unknown): string[] {
  const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [String(raw)];
  return values
    .flatMap((value) => String(value).split(","))
    .map((entry) => entry.trim())
    .filter(Boolean);
}

function isOrigin(text: string): boolean {
  try {
    const origin = new URL(text).origin;
    return origin !== "null" && origin === text.replace(/\/$/, "");
  } catch {
    return false;
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
