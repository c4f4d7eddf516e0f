import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineHooks } from "crossws";
import crossws from "crossws/adapters/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { requireBuild, runCli } from "./cli-process.ts";

/**
 * docs/scenarios.md's SolidStart section, end to end: its `src/ws.ts` hooks mounted at /ws on a
 * crossws adapter of their own (as vinxi mounts them), and its scenario run by the built
 * `socketscope run` with the workflow's environment and flags.
 */
const TOKEN = "ci-secret";
const hooks = defineHooks({
  upgrade(request) {
    if (request.headers.get("authorization") !== `Bearer ${TOKEN}`)
      throw new Response("Unauthorized", { status: 401 });
  },
  message(peer, message) {
    const text = message.text();
    if (text === '{"type":"hello"}') peer.send(JSON.stringify({ type: "welcome", id: peer.id }));
    else peer.send(text);
  },
});

const doc = readFileSync(new URL("../../docs/scenarios.md", import.meta.url), "utf8");
const scenario = [...doc.matchAll(/```json\n([\s\S]*?)```/g)]
  .map((match) => match[1] as string)
  .find((block) => block.includes('"name": "SolidStart /ws"'));
const dir = mkdtempSync(join(tmpdir(), "socketscope-solidstart-"));
const children: ChildProcess[] = [];
let http: Server;
let base = "";

beforeAll(async () => {
  requireBuild();
  const adapter = crossws({ hooks });
  http = createServer((_request, response) => response.end("app"));
  http.on("upgrade", (request, socket, head) => {
    if (request.url === "/ws") adapter.handleUpgrade(request, socket, head);
    else socket.destroy();
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  base = `ws://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(() => {
  http.closeAllConnections();
  http.close();
});
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

async function runDocScenario(token: string) {
  const path = join(dir, "ws.scenario.json");
  writeFileSync(path, scenario ?? "");
  const junit = join(dir, "ws-results.xml");
  const cli = runCli(["run", path, "--reporter", "junit", "--output", junit], children, {
    WS_URL: base,
    WS_TOKEN: token,
  });
  const code = await cli.exited;
  return { code, stdout: cli.stdout(), stderr: cli.stderr(), xml: readFileSync(junit, "utf8") };
}

describe("the SolidStart /ws example in docs/scenarios.md", () => {
  it("passes against its own hooks, with the workflow's flags", async () => {
    expect(scenario).toBeDefined();
    const result = await runDocScenario(TOKEN);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("PASS SolidStart /ws: 7 passed, 0 failed, 0 skipped");
    expect(result.xml).toContain('<testsuite name="SolidStart /ws" tests="7" failures="0"');
  });

  it("fails the job with the server's answer when the token is wrong", async () => {
    const result = await runDocScenario("wrong");
    expect(result.code).toBe(1);
    expect(result.xml).toContain('<failure message="The server answered 401: Unauthorized">');
  });
});
