import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { createServer as createNetServer } from "node:net";

/** The built `socketscope` command (`npm test` builds it first); SOCKETSCOPE_CLI runs another build. */
export const CLI = process.env.SOCKETSCOPE_CLI ?? "dist/server/cli.js";

/** A `socketscope` process started by a test. */
export interface CliProcess {
  child: ChildProcess;
  /** Resolves with the exit code when the process ends. */
  exited: Promise<number | null>;
  stdout(): string;
  stderr(): string;
}

/** Fails clearly when the build is missing. */
export function requireBuild(): void {
  if (!existsSync(CLI))
    throw new Error(`${CLI} is missing: run \`npm run build\` before these tests`);
}

/** Runs the built command with `args` (and `env` on top of this process's); `children` collects it for cleanup. */
export function runCli(
  args: string[],
  children: ChildProcess[],
  env: Record<string, string> = {},
): CliProcess {
  const child = spawn(process.execPath, [CLI, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk) => (stdout += chunk));
  child.stderr?.on("data", (chunk) => (stderr += chunk));
  const exited = once(child, "exit").then(([code]) => code as number | null);
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Polls `predicate` every 20 ms until it holds; fails after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Starts the command on a free port and waits for its banner (`--cluster` forks several
 * processes, so give it longer); returns its base URLs.
 */
export async function startCli(args: string[], children: ChildProcess[], timeoutMs = 5000) {
  const port = await freePort();
  const cli = runCli(["--port", String(port), ...args], children);
  await waitFor(
    () => cli.stdout().includes("Press Ctrl+C") || cli.child.exitCode !== null,
    timeoutMs,
  );
  if (cli.child.exitCode !== null) throw new Error(`socketscope exited: ${cli.stderr()}`);
  return { ...cli, port, http: `http://127.0.0.1:${port}`, ws: `ws://127.0.0.1:${port}` };
}
