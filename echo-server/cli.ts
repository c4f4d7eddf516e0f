#!/usr/bin/env node
import cluster from "node:cluster";
import { readFileSync } from "node:fs";
import pkg from "../package.json" with { type: "json" };
import { type CliCommand, HELP, parseCli, type ServeCommand } from "./cli-options.ts";
import { runPing } from "./cli-ping.ts";
import { runScenarioFile } from "./cli-run.ts";
import { runClusterPrimary, type WorkerReport } from "./cluster.ts";
import { createServer, type RunningServer } from "./server.ts";

/** Entry point of the `socketscope` command. */
async function main(command: CliCommand): Promise<void> {
  if (command.type === "help") {
    process.stdout.write(command.text ?? HELP);
    return;
  }
  if (command.type === "ping") {
    process.exitCode = await runPing(command, {
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
    });
    return;
  }
  if (command.type === "run") {
    process.exitCode = await runScenarioFile(command, {
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
      env: process.env,
    });
    return;
  }
  if (command.type === "error") {
    process.stderr.write(
      `socketscope: ${command.message}\nRun socketscope --help for the flags.\n`,
    );
    process.exitCode = 2;
    return;
  }

  if (command.cluster > 1 && cluster.isPrimary) {
    process.exitCode = await runClusterPrimary(command, {
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
    });
    return;
  }
  await serve(command);
}

/** Runs the server in this process (a cluster worker reports to its primary instead of printing). */
async function serve(command: ServeCommand): Promise<void> {
  let server: RunningServer;
  try {
    server = await createServer({
      port: command.port,
      host: command.host,
      policy: command.policy,
      authToken: command.authToken,
      idleTimeoutSeconds: command.idleTimeoutSeconds,
      socketIoPing: command.socketIoPing,
      relayAllow: command.relayAllow,
      allowedHosts: command.allowedHosts,
      allowOrigins: command.allowOrigins,
      taps: command.taps,
      tapListen: command.tapListen,
      ...(command.tapToken ? { tapToken: command.tapToken } : {}),
      ...(command.redis
        ? {
            redis: command.redis,
            backplane: {
              presenceTtlMs: command.presenceTtlMs,
              heartbeatMs: command.presenceTtlMs / 3,
            },
          }
        : {}),
      ...(command.tls ? { tls: readTls(command.tls) } : {}),
    });
  } catch (error) {
    const message = describeListenError(error, command.host, command.port);
    if (cluster.isWorker) process.send?.({ type: "failed", message } satisfies WorkerReport);
    process.stderr.write(`socketscope: ${message}\n`);
    process.exitCode = 1;
    return;
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      process.stderr.write(`socketscope: ${signal} again, exiting now\n`);
      process.exit(1);
    }
    stopping = true;
    if (!cluster.isWorker)
      process.stdout.write(`\n${signal}: closing connections (1001) and shutting down…\n`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`socketscope: shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  // A closed stdout (a pipe whose reader went away) must not turn a clean shutdown into a crash.
  process.stdout.on("error", () => {});
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  // Only now: whoever waits for the banner may stop the server the moment it appears.
  if (cluster.isWorker)
    process.send?.({
      type: "ready",
      pid: process.pid,
      ...(server.backplane ? { instanceId: server.backplane.instanceId } : {}),
      // The primary lists every process (pid and id) in the banner.
      banner: banner(server, command.redis, false),
    } satisfies WorkerReport);
  else process.stdout.write(banner(server, command.redis));
}

function readTls(files: { certFile: string; keyFile: string }) {
  return { cert: readFileSync(files.certFile), key: readFileSync(files.keyFile) };
}

/** A Redis URL without its password, for the banner. */
function redacted(url: string): string {
  return url.replace(/\/\/[^@/]*@/, "//");
}

/** The banner; `own` adds this process's id to the Redis line (a cluster lists every process). */
function banner(server: RunningServer, redis?: string, own = true): string {
  const scheme = server.url.startsWith("https:") ? "https" : "http";
  const browsable =
    server.host === "0.0.0.0" || server.host === "::"
      ? `${scheme}://localhost:${server.port}`
      : server.url;
  const wsBase = browsable.replace(/^http/, "ws");
  // Taps are listed on their own, by name.
  const endpoints = server.endpoints.filter((endpoint) => !endpoint.path.startsWith("/tap"));
  const width = Math.max(...endpoints.map((endpoint) => endpoint.path.length));
  const lines = [
    `SocketScope ${pkg.version}`,
    `  Inspector  ${browsable}/`,
    "  Endpoints",
    ...endpoints.map(
      (endpoint) => `    ${wsBase}${endpoint.path.padEnd(width)}  ${endpoint.description}`,
    ),
    ...(server.taps.length > 0
      ? [
          "  Taps",
          ...server.taps.map(
            (tap) => `    ${tap.url}  → ${tap.target || "(mock: answers from its rules)"}`,
          ),
        ]
      : []),
    ...(server.tapToken
      ? [`  Tap token  ${server.tapToken} (apps on the network add ?tap_token=${server.tapToken})`]
      : []),
    ...(server.backplane && redis
      ? [
          `  Redis      ${redacted(redis)}: rooms across every process on it${own ? `; this one is ${server.backplane.instanceId}` : ""}${server.backplane.connected ? "" : " (not answering: serving its own members, retrying)"}`,
        ]
      : []),
    `  API        ${browsable}/api/stats  ${browsable}/api/endpoints`,
    `  Health     ${browsable}/healthz`,
  ];
  if (server.host !== "127.0.0.1" && server.host !== "localhost" && server.host !== "::1") {
    lines.push(`  Warning: listening on ${server.host}, reachable from other machines.`);
  }
  lines.push("Press Ctrl+C to stop.", "");
  return lines.join("\n");
}

function describeListenError(error: unknown, host: string, port: number): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "EADDRINUSE") {
    return `port ${port} on ${host} is already in use; stop the other server or pick another with --port`;
  }
  if (code === "EACCES") return `no permission to listen on ${host}:${port}; try a port above 1023`;
  if (code === "ENOENT") return `cannot read the TLS files: ${(error as Error).message}`;
  if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND") {
    return `cannot bind ${host}: no such address on this machine`;
  }
  return `cannot listen on ${host}:${port}: ${error instanceof Error ? error.message : String(error)}`;
}

await main(parseCli(process.argv.slice(2), process.env));
