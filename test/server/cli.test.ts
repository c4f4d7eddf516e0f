import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { createServer as createNetServer } from "node:net";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { openClient } from "./ws-client.ts";

const CLI = "dist/server/cli.js";
const children: ChildProcess[] = [];

beforeAll(() => {
  if (!existsSync(CLI))
    throw new Error(`${CLI} is missing: run \`npm run build\` before these tests`);
});
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

function run(args: string[]) {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const exited = once(child, "exit").then(([code]) => code as number | null);
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function waitFor(predicate: () => boolean, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("socketscope CLI", () => {
  it("prints a banner with the inspector URL and the endpoints, and closes peers with 1001 on SIGTERM", async () => {
    const port = await freePort();
    const cli = run(["--port", String(port)]);
    await waitFor(() => cli.stdout().includes("Press Ctrl+C"));
    expect(cli.stdout()).toContain(`Inspector  http://127.0.0.1:${port}/`);
    expect(cli.stdout()).toContain(`ws://127.0.0.1:${port}/echo`);

    const client = await openClient(`ws://127.0.0.1:${port}/echo`);
    cli.child.kill("SIGTERM");
    expect(await client.closed).toEqual({ code: 1001, reason: "Server shutting down" });
    expect(await cli.exited).toBe(0);
  });

  it("shuts down on SIGINT too", async () => {
    const port = await freePort();
    const cli = run(["--port", String(port)]);
    await waitFor(() => cli.stdout().includes("Press Ctrl+C"));
    cli.child.kill("SIGINT");
    expect(await cli.exited).toBe(0);
  });

  it("takes the port from PORT", async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [CLI], {
      env: { ...process.env, PORT: String(port) },
      stdio: ["ignore", "pipe", "ignore"],
    });
    children.push(child);
    let stdout = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    await waitFor(() => stdout.includes("Press Ctrl+C"));
    expect(stdout).toContain(`http://127.0.0.1:${port}/`);
  });

  it("gives a one-line error and exit code 1 when the port is in use", async () => {
    const blocker = createNetServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const cli = run(["--port", String(port)]);
      expect(await cli.exited).toBe(1);
      expect(cli.stderr()).toBe(
        `socketscope: port ${port} on 127.0.0.1 is already in use; stop the other server or pick another with --port\n`,
      );
    } finally {
      blocker.close();
    }
  });

  it("lists every flag with --help", async () => {
    const cli = run(["--help"]);
    expect(await cli.exited).toBe(0);
    for (const flag of ["--port", "--host", "--help"]) expect(cli.stdout()).toContain(flag);
  });

  it("rejects an unknown flag with exit code 2", async () => {
    const cli = run(["--nope"]);
    expect(await cli.exited).toBe(2);
    expect(cli.stderr()).toContain("Unknown option '--nope'");
  });
});
