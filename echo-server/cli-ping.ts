import { parseArgs } from "node:util";
import WebSocket from "ws";
import { describeRefusal, explainConnectError } from "./protocol/connect-errors.ts";
import type { PacerHost } from "./protocol/ping/pacer.ts";
import { compileMatcher, type MatcherSpec } from "./protocol/ping/ping-matcher.ts";
import { makePingRunner } from "./protocol/ping/ping-runner.ts";
import type { PingResult } from "./protocol/ping/ping-spec.ts";
import { explainUnmatched } from "./protocol/ping/unmatched-replies.ts";
import { rttStats } from "./protocol/rtt-stats.ts";
import { compileTemplate } from "./protocol/templates.ts";

/** `socketscope ping <url> …`. */
export interface PingCommand {
  type: "ping";
  url: string;
  intervalMs: number;
  count: number;
  timeoutMs: number;
  /** A message template; without it, WebSocket ping frames are sent (as websocat does). */
  payload?: string;
  matcher: MatcherSpec;
  headers: [string, string][];
  protocols: string[];
}

/** Help for `socketscope ping`. */
export const PING_HELP = `Usage: socketscope ping <ws-url> [options]

Measures round trips the way the inspector's ping loop does, and prints its table: sent,
received, lost, min, median, p95, p99, max and jitter. Without --payload it sends WebSocket
ping frames and times their pongs; with --payload it sends messages and times the replies.
Exits 0 when a reply came, 1 when every ping was lost, 2 when it could not run.

Options:
  -i, --interval <ms>          time between pings (default: 1000)
  -c, --count <n>              pings to send (default: 10)
      --timeout <ms>           a ping unanswered this long is lost (default: 2000)
      --payload <template>     send this message instead of ping frames ({{seq}} numbers them)
      --match <matcher>        how a reply is recognised (default: the next message):
                                 text        a reply equal to this text
                                 /regex/     a reply matching the regular expression
                                 $.field     a JSON reply whose field carries the ping's seq
      --header <Name: value>   a handshake header (repeatable)
      --protocol <name>        a subprotocol to offer (repeatable)
  -h, --help                   show this help and exit
`;

/** Reads `ping`'s arguments (after the word "ping"); never throws. */
export function parsePingCommand(
  argv: string[],
): PingCommand | { type: "help"; text: string } | { type: "error"; message: string } {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        interval: { type: "string", short: "i" },
        count: { type: "string", short: "c" },
        timeout: { type: "string" },
        payload: { type: "string" },
        match: { type: "string" },
        header: { type: "string", multiple: true },
        protocol: { type: "string", multiple: true },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    return { type: "error", message: (error as Error).message };
  }
  const { values, positionals } = parsed;
  if (values.help) return { type: "help", text: PING_HELP };
  const [url] = positionals;
  if (positionals.length !== 1 || !url || !/^wss?:\/\//i.test(url))
    return {
      type: "error",
      message: "ping takes one ws:// or wss:// URL: socketscope ping ws://127.0.0.1:7777/echo",
    };
  const number = (flag: string, raw: unknown, fallback: number, min: number, max: number) => {
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max)
      throw new Error(`--${flag} must be a whole number from ${min} to ${max}, not "${raw}"`);
    return value;
  };
  try {
    const payload = values.payload as string | undefined;
    if (payload !== undefined) {
      const template = compileTemplate(payload);
      if (!template.ok) throw new Error(`--payload: ${template.error}`);
    }
    const matcher = matcherOf(values.match as string | undefined);
    const compiled = compileMatcher(matcher);
    if (!compiled.ok) throw new Error(`--match: ${compiled.error}`);
    const headers = ((values.header as string[] | undefined) ?? []).map(
      (entry): [string, string] => {
        const colon = entry.indexOf(":");
        if (colon <= 0) throw new Error(`--header "${entry}" is not Name: value`);
        return [entry.slice(0, colon).trim(), entry.slice(colon + 1).trim()];
      },
    );
    return {
      type: "ping",
      url,
      intervalMs: number("interval", values.interval, 1000, 1, 3_600_000),
      count: number("count", values.count, 10, 1, 1_000_000),
      timeoutMs: number("timeout", values.timeout, 2000, 1, 600_000),
      ...(payload !== undefined ? { payload } : {}),
      matcher,
      headers,
      protocols: (values.protocol as string[] | undefined) ?? [],
    };
  } catch (error) {
    return { type: "error", message: (error as Error).message };
  }
}

/** `--match`: `/regex/`, `$.field` (a JSON field carrying the seq), or exact text; none: the next message. */
export function matcherOf(match: string | undefined): MatcherSpec {
  if (match === undefined) return { kind: "next" };
  const regex = /^\/(.*)\/$/.exec(match);
  if (regex) return { kind: "regex", pattern: regex[1] ?? "" };
  if (match.startsWith("$.")) return { kind: "json-field", path: match.slice(2) };
  return { kind: "exact", text: match };
}

/** Where `socketscope ping` writes. */
export interface PingIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

const now = () => performance.timeOrigin + performance.now();
const host: PacerHost = {
  now,
  setTimer: (callback, ms) => setTimeout(callback, ms),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Runs `socketscope ping`; resolves with the exit code. */
export function runPing(command: PingCommand, io: PingIo): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(command.url, command.protocols, {
      headers: Object.fromEntries(command.headers),
      handshakeTimeout: 10_000,
    });
    const results: PingResult[] = [];
    let failure: string | undefined;
    const runner = makePingRunner(
      {
        loopId: 1,
        template: command.payload ?? "{{seq}}",
        mode: { kind: "interval", intervalMs: command.intervalMs },
        count: command.count,
        timeoutMs: command.timeoutMs,
        matcher: command.matcher,
      },
      {
        host,
        send(text) {
          if (ws.readyState !== WebSocket.OPEN) return undefined;
          if (command.payload === undefined) ws.ping(Buffer.from(text));
          else ws.send(text);
          return now();
        },
        onState(state) {
          if (state.state === "running") return;
          for (const result of runner.takeResults()) report(result);
          finish();
        },
      },
    );
    const report = (result: PingResult) => {
      results.push(result);
      io.stdout(
        Number.isNaN(result.rtt)
          ? `seq=${result.seq} lost\n`
          : `seq=${result.seq} rtt=${result.rtt.toFixed(3)} ms\n`,
      );
    };
    const reply = (message: string | ArrayBuffer) => {
      const rtt = runner.onMessage(message, now());
      if (rtt === undefined) runner.onUnmatched(message);
      for (const result of runner.takeResults()) report(result);
    };
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      if (ws.readyState <= WebSocket.OPEN) ws.close(1000);
      if (failure !== undefined && results.length === 0) {
        io.stderr(`socketscope: ${failure}\n`);
        return resolve(2);
      }
      io.stdout(pingTable(command.url, results));
      const unmatched = explainUnmatched(command.matcher, runner.unmatched);
      if (unmatched) io.stdout(`${unmatched}\n`);
      resolve(results.some((result) => !Number.isNaN(result.rtt)) ? 0 : 1);
    };

    ws.on("open", () => {
      io.stdout(
        `PING ${command.url} (${command.payload === undefined ? "ping frames" : "messages"}, every ${command.intervalMs} ms)\n`,
      );
      runner.start();
    });
    ws.on("pong", (data: Buffer) => reply(data.toString()));
    ws.on("message", (data: Buffer, isBinary: boolean) => {
      if (command.payload === undefined) return;
      reply(
        isBinary
          ? (data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer)
          : data.toString(),
      );
    });
    ws.on("unexpected-response", (_request, response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk.toString("utf8").slice(0, 4096)));
      response.on("end", () => {
        failure = describeRefusal(response.statusCode ?? 0, response.statusMessage ?? "", body);
        ws.terminate();
      });
    });
    ws.on("error", (error: NodeJS.ErrnoException) => {
      failure ??= explainConnectError(error, command.url);
    });
    ws.on("close", (code, reason) => {
      if (!runner.finished) {
        failure ??= `the connection closed (${code}${reason.length ? ` ${reason.toString()}` : ""})`;
        runner.stop("The connection closed");
      }
      finish();
    });
  });
}

/** The ping loop's table, as the inspector shows it. */
export function pingTable(url: string, results: PingResult[]): string {
  const stats = rttStats(results.map((result) => result.rtt).filter((rtt) => !Number.isNaN(rtt)));
  const lost = results.length - stats.count;
  const ms = (value: number) => (stats.count === 0 ? "–" : `${value.toFixed(3)} ms`);
  const rows: [string, string][] = [
    ["Sent", String(results.length)],
    ["Received", String(stats.count)],
    [
      "Lost",
      `${lost} (${results.length === 0 ? 0 : Math.round((lost / results.length) * 1000) / 10}%)`,
    ],
    ["Min", ms(stats.min)],
    ["Median", ms(stats.median)],
    ["p95", ms(stats.p95)],
    ["p99", ms(stats.p99)],
    ["Max", ms(stats.max)],
    ["Jitter", ms(stats.jitter)],
  ];
  return `--- ${url} ---\n${rows.map(([name, value]) => `  ${name.padEnd(9)} ${value}`).join("\n")}\n`;
}
