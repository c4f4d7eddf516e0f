import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createServer, type RunningServer } from "../../echo-server/server.ts";
import { requireBuild, runCli } from "./cli-process.ts";

const children: ChildProcess[] = [];
let server: RunningServer;
let ws = "";
const dir = mkdtempSync(join(tmpdir(), "socketscope-run-"));

beforeAll(async () => {
  requireBuild();
  server = await createServer({ port: 0 });
  ws = server.url.replace(/^http/, "ws");
});
afterAll(() => server.close());
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

function file(name: string, content: unknown) {
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  return path;
}

async function run(args: string[]) {
  const cli = runCli(["run", ...args], children);
  const code = await cli.exited;
  return { code, stdout: cli.stdout(), stderr: cli.stderr() };
}

describe("socketscope run", () => {
  it("exits 0 when every step passes, and prints each step", async () => {
    const path = file("echo.json", {
      name: "echo",
      url: `${ws}/echo`,
      headers: [["X-Key", "{{env.KEY}}"]],
      steps: [{ send: "hi {{env.KEY}}" }, { expect: { text: "hi k1" } }, { close: 1000 }],
    });
    const env = file("env.json", { KEY: "k1" });
    const result = await run([path, "--env", env]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^✓ main: connect to .*\n✓ main #1: send hi \{\{env\.KEY\}\} .*\n✓ main #2: expect hi k1 .*\n✓ main #3: close 1000 .*\n\nPASS echo: 4 passed, 0 failed, 0 skipped in /,
    );
  });

  it("exits 1 when a step fails, and writes JUnit XML for CI", async () => {
    const path = file("drop.json", {
      name: "dropped echo",
      url: `${ws}/echo?drop=1`,
      steps: [{ send: "hi" }, { expect: { text: "hi" }, within: 200 }],
    });
    const junit = join(dir, "results.xml");
    const result = await run([path, "--reporter", "junit", "--output", junit]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("FAIL dropped echo: 2 passed, 1 failed, 0 skipped");
    const xml = readFileSync(junit, "utf8");
    expect(xml).toContain('<testsuite name="dropped echo" tests="3" failures="1" skipped="0"');
    expect(xml).toContain('<failure message="Nothing came within 200 ms">');
  });

  it("exits 2 for a scenario that is not valid, naming the line and column", async () => {
    const path = file(
      "bad.json",
      `{\n  "url": "${ws}/echo",\n  "steps": [\n    {"expect": {"text": "x"}, "within": -5}\n  ]\n}`,
    );
    const result = await run([path]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`${path}:4:41: steps[0].within: A duration is 0–600000 ms\n`);
  });

  it.each([
    [
      ["--reporter", "xml", "x.json"],
      '--reporter must be one of pretty, tap, junit, json, not "xml"',
    ],
    [[], "run takes one scenario file: socketscope run scenario.json"],
    [["/nonexistent/scenario.json"], "cannot read /nonexistent/scenario.json"],
  ])("exits 2 for %j", async (args, message) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it("a passing run's JUnit XML has one testcase per step and no failures", async () => {
    const path = file("junit-pass.json", {
      name: "echo",
      url: `${ws}/echo`,
      steps: [{ send: "a" }, { expect: { text: "a" } }, { close: 1000 }],
    });
    const junit = join(dir, "pass.xml");
    const result = await run([path, "--reporter", "junit", "--output", junit]);
    expect(result.code).toBe(0);
    const xml = readFileSync(junit, "utf8");
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="socketscope" tests="4" failures="0" skipped="0" time="[\d.]+">\n/,
    );
    expect(xml.match(/<testcase /g)).toHaveLength(4);
    expect(xml).not.toContain("<failure");
    expect(xml.endsWith("</testsuites>\n")).toBe(true);
  });

  it.each([
    [
      "a scenario nested 10,000 deep",
      () => file("deep.json", "[".repeat(10_000)),
      (path: string) => `${path}:1:1: The document nests deeper than 64 levels\n`,
    ],
    [
      "a file over 8 MB",
      () =>
        file(
          "huge.json",
          `{"url": "ws://h/", "steps": [{"send": "${"x".repeat(9 * 1024 * 1024)}"}]}`,
        ),
      (path: string) => `${path}: The scenario is 9.0 MB; a scenario is at most 8.0 MB\n`,
    ],
    [
      "a regex that can backtrack exponentially",
      () =>
        file(
          "redos.json",
          '{"url": "ws://h/",\n "steps": [{"expect": {"path": "$.a", "matches": "(x*)*y"}}]}',
        ),
      (path: string) =>
        `${path}:2:50: steps[0].expect.matches: A repeated group that repeats inside ((x*)*) can take exponential time: rewrite it without the nesting\n`,
    ],
    [
      "an env file that is not an object of strings",
      () =>
        `${file("ok.json", { url: "ws://h/", steps: [] })}\0${file("env-bad.json", { KEY: 1 })}`,
      (paths: string) =>
        `socketscope: ${paths.split("\0")[1]}: the value of KEY must be a string\n`,
    ],
    [
      "an env file over 1 MB",
      () =>
        `${file("ok3.json", { url: "ws://h/", steps: [] })}\0${file("env-huge.json", `{"A": "${"x".repeat(2 * 1024 * 1024)}"}`)}`,
      (paths: string) =>
        `socketscope: ${paths.split("\0")[1]} is over 1 MB; an env file is a JSON object of names and values\n`,
    ],
    [
      "an env file nested too deep",
      () =>
        `${file("ok2.json", { url: "ws://h/", steps: [] })}\0${file("env-deep.json", "[".repeat(10_000))}`,
      (paths: string) => `socketscope: ${paths.split("\0")[1]}: `,
    ],
  ])("exits 2 for %s, saying what and where", async (_name, make, message) => {
    const made = make();
    const [scenario, env] = made.split("\0") as [string, string | undefined];
    const result = await run(env === undefined ? [scenario] : [scenario, "--env", env]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    if (env === undefined || message(made).endsWith("\n"))
      expect(result.stderr).toBe(message(made));
    else expect(result.stderr.startsWith(message(made))).toBe(true);
  });

  it("exits 2 when it cannot write --output, and prints the report instead", async () => {
    const path = file("unwritable.json", {
      name: "echo",
      url: `${ws}/echo`,
      steps: [{ send: "a" }, { expect: { text: "a" } }],
    });
    const output = join(dir, "no-such-dir", "results.xml");
    const result = await run([path, "--reporter", "junit", "--output", output]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      new RegExp(`^socketscope: cannot write ${output}: ENOENT: no such file or directory`),
    );
    expect(result.stdout).toMatch(/^<\?xml version="1.0"/);
    expect(result.stdout).toContain('failures="0"');
  });

  it("tap and json reporters go to stdout", async () => {
    const path = file("tap.json", {
      url: `${ws}/echo`,
      steps: [{ send: "a" }, { expect: { text: "a" } }],
    });
    const tap = await run([path, "--reporter", "tap"]);
    expect(tap.stdout).toMatch(/^TAP version 13\n1\.\.3\nok 1 - main: connect to/);
    const json = await run([path, "--reporter", "json"]);
    expect(JSON.parse(json.stdout)).toMatchObject({ passed: true, steps: [{}, {}, {}] });
  });

  it("speaks Socket.IO, GraphQL and JSON-RPC: acks, next messages and results, exit 0", async () => {
    const path = file("protocols.json", {
      name: "protocols",
      clients: [
        {
          name: "io",
          url: `${ws}/socket.io/`,
          protocol: { name: "socketio", namespace: "/secure", auth: { token: "{{env.TOKEN}}" } },
          steps: [
            { expect: { json: ["welcome", { namespace: "/secure" }] } },
            {
              emit: { event: "echo", namespace: "/secure", args: ["hi"] },
              expectAck: { json: ["hi"] },
            },
          ],
        },
        {
          name: "gql",
          url: `${ws}/graphql`,
          protocol: "graphql-ws",
          steps: [
            {
              subscribe: { query: "subscription { tick(count: 3, interval: 50) { seq } }" },
              expectNext: 2,
              match: { path: "$.data.tick.seq" },
            },
          ],
        },
        {
          name: "rpc",
          url: `${ws}/jsonrpc`,
          protocol: "jsonrpc",
          steps: [{ call: { method: "add", params: [2, 3] }, expectResult: { json: 5 } }],
        },
      ],
    });
    const env = file("protocols-env.json", { TOKEN: "letmein" });
    const result = await run([path, "--env", env]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const ms = "[\\d.]+ (?:ms|s)";
    for (const line of [
      `✓ io #1: expect \\[ "welcome", \\{ "namespace": "/secure" \\} \\] \\(${ms}\\)`,
      `✓ io #2: emit echo with ack \\(${ms}\\) — Ack 0 in ${ms}`,
      `✓ gql #1: subscribe subscription \\{ tick\\(count: 3, interval: 50\\) \\{ seq …, expect 2 next \\(${ms}\\) — 2 next messages in ${ms}`,
      `✓ rpc #1: call add \\(${ms}\\) — Result in ${ms}`,
    ])
      expect(result.stdout).toMatch(new RegExp(`^${line}$`, "m"));
    expect(result.stdout).toContain("PASS protocols: 7 passed, 0 failed, 0 skipped");
  });

  it("exits 1 when an ack never comes, saying which and how long it waited", async () => {
    const path = file("no-ack.json", {
      url: `${ws}/socket.io/`,
      protocol: "socketio",
      steps: [{ emit: { event: "no such event" }, expectAck: true, within: 200 }],
    });
    const result = await run([path]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("No ack 0 within 200 ms");
  });

  it("exits 2 for a protocol step on a client that speaks no protocol, naming where", async () => {
    const path = file(
      "no-protocol.json",
      `{\n  "url": "${ws}/jsonrpc",\n  "steps": [\n    {"call": {"method": "add"}}\n  ]\n}`,
    );
    const result = await run([path]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `${path}:4:14: steps[0].call: A call step needs "protocol": "jsonrpc" on its client or the scenario\n`,
    );
  });
});
