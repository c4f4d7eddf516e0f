import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  isSandboxWorkerFile,
  sandboxWorkerPolicy,
  securityHeaders,
} from "../../echo-server/security-headers.ts";
import { createServer, type RunningServer } from "../../echo-server/server.ts";

describe("isSandboxWorkerFile", () => {
  it.each([
    ["decoder-sandbox.worker-LIrlbVom.js", true],
    ["decoder-sandbox.worker.js", true],
    ["decoder-sandbox.worker-a_b-c.js", true],
    ["capture.worker-CWcLLCCw.js", false],
    ["decoder-sandbox.worker-x.js.map", false],
    ["xdecoder-sandbox.worker-x.js", false],
    ["index-C9-3EVyN.js", false],
  ])("%s: %s", (name, expected) => {
    expect(isSandboxWorkerFile(name)).toBe(expected);
  });
});

describe("the sandbox worker's CSP, from the bundled server", () => {
  let root: string;
  let server: RunningServer;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "socketscope-static-"));
    await mkdir(join(root, "assets"));
    await writeFile(join(root, "index.html"), "<!doctype html>");
    await writeFile(join(root, "assets", "decoder-sandbox.worker-abc123.js"), "self;");
    await writeFile(join(root, "assets", "capture.worker-abc123.js"), "self;");
    server = await createServer({ port: 0, staticDir: root });
  });
  afterAll(async () => {
    await server.close();
    await rm(root, { recursive: true, force: true });
  });

  it.each([
    ["/assets/decoder-sandbox.worker-abc123.js", sandboxWorkerPolicy],
    ["/assets/capture.worker-abc123.js", securityHeaders["Content-Security-Policy"]],
    ["/", securityHeaders["Content-Security-Policy"]],
  ])("GET %s has the CSP %j", async (path, policy) => {
    const response = await fetch(new URL(path, server.url));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toBe(policy);
    // The worker stays cross-origin isolated like the page that starts it.
    expect(response.headers.get("cross-origin-embedder-policy")).toBe("require-corp");
  });

  it("allows eval and no connection in the worker, and never eval on the page", () => {
    expect(sandboxWorkerPolicy).toContain("'unsafe-eval'");
    expect(sandboxWorkerPolicy).toContain("default-src 'none'");
    expect(sandboxWorkerPolicy).not.toMatch(/connect-src/);
    expect(securityHeaders["Content-Security-Policy"]).not.toContain("unsafe-eval");
  });
});
