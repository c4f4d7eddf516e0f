import { type ChildProcess, spawn } from "node:child_process";
import { freePort } from "./cli-process.ts";

/** A real `redis-server` (Debian's package) on a free port, for backplane tests. */
export interface TestRedis {
  url: string;
  port: number;
  /** Stops it (an outage); `start` brings it back on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Freezes it (SIGSTOP): connections stay open and nothing answers, as from a hung host. */
  freeze(): void;
  /** Lets it run again (SIGCONT). */
  thaw(): void;
}

/** Starts redis-server with no persistence; the tests stop it in afterAll. */
export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    const process_ = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    child = process_;
    await new Promise<void>((resolve, reject) => {
      let output = "";
      const timer = setTimeout(
        () => reject(new Error(`redis-server did not start:\n${output}`)),
        10_000,
      );
      process_.stdout?.on("data", (chunk) => {
        output += chunk;
        if (output.includes("Ready to accept connections")) {
          clearTimeout(timer);
          resolve();
        }
      });
      process_.on("error", (error) => {
        clearTimeout(timer);
        reject(
          new Error(`redis-server could not run (apt-get install redis-server): ${error.message}`),
        );
      });
    });
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    freeze: () => void child?.kill("SIGSTOP"),
    thaw: () => void child?.kill("SIGCONT"),
    stop: () =>
      new Promise<void>((resolve) => {
        if (!child || child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGKILL");
      }),
  };
}
