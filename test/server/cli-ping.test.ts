import type { ChildProcess } from "node:child_process";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createServer, type RunningServer } from "../../echo-server/server.ts";
import { freePort, requireBuild, runCli } from "./cli-process.ts";

const children: ChildProcess[] = [];
let server: RunningServer;
let ws = "";

beforeAll(async () => {
  requireBuild();
  server = await createServer({ port: 0 });
  ws = server.url.replace(/^http/, "ws");
});
afterAll(() => server.close());
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

async function ping(args: string[]) {
  const cli = runCli(["ping", ...args], children);
  const code = await cli.exited;
  return { code, stdout: cli.stdout(), stderr: cli.stderr() };
}

describe("socketscope ping", () => {
  it("times ping frames against /echo and prints the table", async () => {
    const result = await ping([`${ws}/echo`, "--count", "5", "--interval", "20"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(
        [
          `^PING ${ws}/echo \\(ping frames, every 20 ms\\)`,
          ...[1, 2, 3, 4, 5].map((seq) => `seq=${seq} rtt=\\d+\\.\\d{3} ms`),
          `--- ${ws}/echo ---`,
          "  Sent      5",
          "  Received  5",
          "  Lost      0 \\(0%\\)",
          ...["Min", "Median", "p95", "p99", "Max", "Jitter"].map(
            (name) => `  ${name.padEnd(9)} \\d+\\.\\d{3} ms`,
          ),
          "$",
        ].join("\n"),
      ),
    );
  });

  it("times messages with a payload template and a JSON matcher", async () => {
    const result = await ping([
      `${ws}/echo`,
      "-c",
      "3",
      "-i",
      "20",
      "--payload",
      '{"seq":{{seq}}}',
      "--match",
      "$.seq",
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("  Received  3");
  });

  it("times messages matched by a regular expression", async () => {
    const result = await ping([
      `${ws}/echo`,
      "-c",
      "3",
      "-i",
      "20",
      "--payload",
      "n {{seq}}",
      "--match",
      "/^n \\d+$/",
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("  Received  3");
    expect(result.stdout).toContain("  Lost      0");
  });

  it("exits 1 when every ping is lost, and says why the replies did not match", async () => {
    const result = await ping([
      `${ws}/echo`,
      "-c",
      "2",
      "-i",
      "20",
      "--timeout",
      "200",
      "--payload",
      "pong",
      "--match",
      "PONG",
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("  Lost      2 (100%)");
    expect(result.stdout).toContain("2 replies did not match 'PONG' (they read 'pong')");
  });

  it("exits 2 when it cannot connect, in plain words", async () => {
    const port = await freePort();
    const result = await ping([`ws://127.0.0.1:${port}/`, "-c", "1"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `socketscope: Nothing is listening on 127.0.0.1:${port}: the connection was refused\n`,
    );
    const refused = await ping([`${ws}/auth?token=wrong`, "-c", "1"]);
    expect(refused.stderr).toBe(
      "socketscope: The server answered 401 Unauthorized: Invalid token\n",
    );
  });

  it.each([
    [["http://x/"], "ping takes one ws:// or wss:// URL"],
    [["ws://h/", "--count", "0"], '--count must be a whole number from 1 to 1000000, not "0"'],
    [
      ["ws://h/", "--match", "/(/"],
      "--match: Not a valid regular expression: /(/: Unterminated group",
    ],
    [["ws://h/", "--payload", "{{nope}}"], "--payload: Unknown placeholder {{nope}}"],
    [
      ["ws://h/", "--match", "/(x*)*y/"],
      "--match: A repeated group that repeats inside ((x*)*) can take exponential time",
    ],
    [["ws://h/", "--header", "nocolon"], '--header "nocolon" is not Name: value'],
  ])("refuses %j", async (args, message) => {
    const result = await ping(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
