import { type ChildProcess, spawn } from "node:child_process";
import { createServer as createNetServer } from "node:net";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { CLI, freePort, requireBuild, runCli, waitFor } from "./cli-process.ts";
import { openClient } from "./ws-client.ts";

const children: ChildProcess[] = [];

beforeAll(requireBuild);
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

const run = (args: string[]) => runCli(args, children);

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
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk));
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
